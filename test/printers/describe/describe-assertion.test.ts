import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../../src/api/time.js';
import { describeContains, describeObject, normaliseDescribeText } from '../../../src/printers/describe/index.js';
import { evaluateAssertion } from '../../../src/scenario/assertions/index.js';
import { loadScenarioText } from '../../../src/scenario/loader.js';
import type { Assertion } from '../../../generated/scenario.js';
import type { KubeObject } from '../../../src/store/types.js';
import { fakeStore } from '../../scenario/fake-store.js';

const T = toTimestamp;
const MIN = 60_000;

const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default', uid: 'cm1', creationTimestamp: T(0) }, data: { mode: 'prod' } };
const event = (name: string, involved: Record<string, unknown>, extra: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default', uid: name, creationTimestamp: T(0) },
  involvedObject: involved,
  type: 'Normal',
  count: 1,
  firstTimestamp: T(0),
  lastTimestamp: T(0),
  eventTime: null,
  ...extra,
});

describe('contains: substring match after per-line blank normalisation', () => {
  it('normalises runs of spaces and tabs inside a line to one space and trims each line', () => {
    expect(normaliseDescribeText('Name:         web\n  Type \t Status  \n\n')).toBe('Name: web\nType Status');
  });

  it('a wanted text matches whatever the column padding; several texts must all be there', () => {
    const out = 'Name:                     web\nSession Affinity:         None\nConditions:\n  Type           Status  Reason\n  Available      True    MinimumReplicasAvailable\n';
    expect(describeContains(out, ['Name: web', 'Session Affinity:\tNone'])).toEqual([]);
    expect(describeContains(out, ['Available True'])).toEqual([]);
    expect(describeContains(out, ['Conditions:\n  Type  Status  Reason\n  Available  True'])).toEqual([]);
    expect(describeContains(out, ['Name: web', 'Name: api'])).toEqual(['Name: api']);
    // Consecutive lines only: a line in between breaks a multi-line text.
    expect(describeContains(out, ['Name: web\nConditions:'])).toEqual(['Name: web\nConditions:']);
  });
});

describe('describe assertion', () => {
  const store = fakeStore([
    cm,
    event('app.1', { kind: 'ConfigMap', namespace: 'default', name: 'app', uid: 'cm1' }, { reason: 'Synced', message: 'synced', source: { component: 'syncer' }, count: 3, lastTimestamp: T(4 * MIN) }),
    event('app.2', { kind: 'ConfigMap', namespace: 'default', name: 'app', uid: 'other' }, { reason: 'Old', message: 'a deleted namesake', source: { component: 'syncer' } }),
  ]);
  const ctx = { store, now: 5 * MIN };
  const check = (a: Assertion) => evaluateAssertion(a, ctx);

  it('passes when every text is in kubectl describe; events of the object (by uid) with the "(x3 over 5m)" age', () => {
    expect(describeObject(store, 'cm', 'default', 'app', 5 * MIN).text).toContain(
      'Events:\n  Type    Reason  Age               From    Message\n  ----    ------  ----              ----    -------\n  Normal  Synced  60s (x3 over 5m)  syncer  synced\n',
    );
    expect(check({ describe: 'cm/app', contains: ['mode:\n----\nprod', 'Synced 60s (x3 over 5m) syncer synced'] })).toEqual({ ok: true, message: 'kubectl describe configmap app: contains 2 expected texts' });
  });

  it('fails naming the missing text, with the whole output in the diff', () => {
    const r = check({ describe: 'configmap/app', contains: 'mode:\n----\ndev' });
    expect(r.ok).toBe(false);
    expect(r.message).toBe('kubectl describe configmap app: output lacks "mode:\\n----\\ndev"');
    expect(r.diff).toContain('missing (compared with blank runs as one space):\n  mode:\n  ----\n  dev\nactual:\n  Name:         app\n');
  });

  it('fails with kubectl\'s error for an object that does not exist (namespace from the assertion)', () => {
    expect(check({ describe: 'cm/app', namespace: 'kube-system', contains: 'x' })).toEqual({
      ok: false,
      message: 'kubectl describe configmap app -n kube-system: Error from server (NotFound): configmaps "app" not found',
    });
  });
});

describe('node events: the node controller\'s (by uid) then the kubelet\'s (uid = node name), oldest first', () => {
  it('merges both queries', () => {
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a', uid: 'n-uid', creationTimestamp: T(0) },
      spec: {},
      status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' }, allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, nodeInfo: {} },
    };
    const store = fakeStore([
      node,
      event('node-a.1', { kind: 'Node', name: 'node-a', uid: 'n-uid' }, { reason: 'RegisteredNode', message: 'Node node-a event: Registered Node node-a in Controller', source: { component: 'node-controller' }, lastTimestamp: T(MIN), firstTimestamp: T(MIN) }),
      event('node-a.2', { kind: 'Node', name: 'node-a', uid: 'node-a' }, { reason: 'Starting', message: 'Starting kubelet.', source: { component: 'kubelet', host: 'node-a' } }),
      event('node-a.3', { kind: 'Node', name: 'node-a', uid: 'node-a' }, { type: 'Warning', reason: 'Rebooted', message: 'Node node-a has been rebooted', source: { component: 'kubelet', host: 'node-a' }, firstTimestamp: T(2 * MIN), lastTimestamp: T(2 * MIN) }),
    ]);
    const text = describeObject(store, 'node', undefined, 'node-a', 3 * MIN).text;
    expect(text.slice(text.indexOf('Events:'))).toBe(
      [
        'Events:',
        '  Type     Reason          Age   From             Message',
        '  ----     ------          ----  ----             -------',
        '  Normal   Starting        3m    kubelet          Starting kubelet.',
        '  Normal   RegisteredNode  2m    node-controller  Node node-a event: Registered Node node-a in Controller',
        '  Warning  Rebooted        60s   kubelet          Node node-a has been rebooted',
        '',
      ].join('\n'),
    );
    expect(text).toContain('Lease:              Failed to get lease: leases.coordination.k8s.io "node-a" not found\n');
  });
});

describe('loading scenarios with describe', () => {
  const HEAD = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: t\nspec:\n  steps:\n';
  const codes = (text: string) => loadScenarioText(HEAD + text, 'sc.yaml').diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`);
  it('describe + contains is supported (a string or a list)', () => {
    expect(codes('    - expect: [{describe: deploy/web, contains: "Replicas: 3 desired"}]\n')).toEqual([]);
    expect(codes('    - expect: [{describe: svc/web, namespace: prod, contains: [a, b]}]\n')).toEqual([]);
  });
  it('describe needs contains, and contains goes with describe only', () => {
    expect(codes('    - expect: [{describe: deploy/web}]\n')).toEqual(['INVALID_ASSERTION@7:16']);
    expect(codes('    - expect: [{object: deploy/web, contains: x}]\n')).toEqual(['INVALID_ASSERTION@7:37']);
  });
});
