import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { memoryIo } from '../../src/cli/cli-io.js';
import { parseArgs } from '../../src/cli/parse-args.js';

const SCENARIO = `apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: cm}
spec:
  steps:
    - apply:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, namespace: kube-system}
        data: {k: v}
    - wait: 1m
`;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kscenario-describe-'));
  writeFileSync(join(tmp, 'cm.yaml'), SCENARIO);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(argv: string[]) {
  const io = memoryIo({ cwd: tmp, isTTY: false, env: {} });
  const code = runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('kscenario run FILE --at D --describe KIND/NAME', () => {
  it('prints kubectl describe at that virtual time', () => {
    expect(cli(['run', '--at', '2m', '--describe', 'cm/a', '-n', 'kube-system', 'cm.yaml'])).toEqual({
      code: 0,
      out: 'Name:         a\nNamespace:    kube-system\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nk:\n----\nv\n\n\nBinaryData\n====\n\nEvents:  <none>\n',
      err: '',
    });
  });

  it('a missing object is kubectl\'s NotFound on stderr, exit 1; an unknown kind exit 2', () => {
    expect(cli(['run', '--at', '2m', '--describe', 'cm/a', 'cm.yaml'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): configmaps "a" not found\n' });
    expect(cli(['run', '--at', '2m', '--describe', 'frob/a', 'cm.yaml'])).toEqual({ code: 2, out: '', err: 'error: the server doesn\'t have a resource type "frob"\n' });
    expect(cli(['run', '--at', '2m', '--describe', 'cm', 'cm.yaml']).err).toBe('kscenario: --describe cm: use KIND/NAME (deploy/web, pod/web-0, node/node-a)\n');
  });

  it('goes with --at, not with --get; -n is accepted with it', () => {
    expect(parseArgs(['run', '--at', '1m', '--describe', 'deploy/web', '-n', 'prod', 'a.yaml'])).toMatchObject({ at: '1m', describe: 'deploy/web', namespace: 'prod' });
    expect(cli(['run', '--describe', 'cm/a', 'cm.yaml']).err).toBe('kscenario: option "--describe" goes with --at: --at DURATION --describe KIND/NAME\nTry "kscenario run --help".\n');
    expect(cli(['run', '--at', '1m', '--get', 'cm', '--describe', 'cm/a', 'cm.yaml']).err).toBe('kscenario: options "--get" and "--describe" do not go together\nTry "kscenario run --help".\n');
  });
});
