import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';

/** recordObject hashes `kind/ns/name` part by part when the trace is only hashed: same digest as record(). */
describe('Engine.recordObject', () => {
  const lines: Array<[string, string, string, string, string]> = [
    ['kube-apiserver', 'create', 'Pod', 'default', 'web-1'],
    ['kubelet/node-a', 'status', 'Pod', 'kube-system', 'coredns-7db6d8ff4d-x2x9q'],
    ['scenario', 'create', 'Node', '', 'node-a'],
    ['node-controller', 'create', 'Event', 'default', 'node-a.17c6e82fbd6a0000'],
  ];

  function digest(opts: { keepTrace: boolean; hashTrace: boolean }, viaParts: boolean): { digest: string; kept: string[] } {
    const e = new Engine({ seed: 1, ...opts });
    e.at(1500, 'scenario', 'step', 'x', () => {
      for (const [c, a, kind, ns, name] of lines) {
        if (viaParts) e.recordObject(c, a, kind, ns, name);
        else e.record(c, a, ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`);
      }
    });
    e.run();
    return { digest: e.traceDigest(), kept: e.traceEntries().map((t) => t.object) };
  }

  it('gives the digest of the joined object text, hashed only or kept', () => {
    const reference = digest({ keepTrace: true, hashTrace: true }, false);
    expect(digest({ keepTrace: false, hashTrace: true }, true).digest).toBe(reference.digest);
    const kept = digest({ keepTrace: true, hashTrace: true }, true);
    expect(kept.digest).toBe(reference.digest);
    expect(kept.kept).toEqual(['x', 'Pod/default/web-1', 'Pod/kube-system/coredns-7db6d8ff4d-x2x9q', 'Node/node-a', 'Event/default/node-a.17c6e82fbd6a0000']);
    expect(digest({ keepTrace: false, hashTrace: false }, true).digest).toBe(digest({ keepTrace: false, hashTrace: false }, false).digest);
  });
});
