import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/cluster/cluster.js';
import { DisruptionController, goLabelSelectorString } from '../../src/controllers/disruption.js';
import { evictPod } from '../../src/store/eviction.js';
import { ApiError, type KubeObject } from '../../src/store/types.js';

const S = 1000;
const ts = (ms: number) => new Date(Date.UTC(2024, 3, 17) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Only the disruption controller: pods, workloads and PDBs are written by the test. */
function harness() {
  const cluster = new Cluster({ nodes: [], components: () => [new DisruptionController()] });
  cluster.start();
  const store = cluster.store;
  const create = (o: KubeObject) => store.create(o, { actor: 'test' });
  const run = (ms = cluster.engine.now) => cluster.engine.run({ until: ms });
  const pdb = (name = 'web') => store.get('PodDisruptionBudget', 'default', name)!;
  const events = (name: string, reason?: string) =>
    store
      .list('Event')
      .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason))
      .map((e) => ({ type: e.type, reason: e.reason, message: e.message, source: e.source.component }));
  const workload = (kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet', name: string, replicas: number, owner?: KubeObject): KubeObject =>
    create({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name, labels: { app: 'web' }, ...(owner ? { ownerReferences: [ownerRef(owner)] } : {}) },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        ...(kind === 'StatefulSet' ? { serviceName: name } : {}),
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
  const pod = (name: string, opts: { owner?: KubeObject; ready?: boolean; labels?: Record<string, string> } = {}): KubeObject => {
    const p = create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: opts.labels ?? { app: 'web' }, ...(opts.owner ? { ownerReferences: [ownerRef(opts.owner)] } : {}) },
      // Bound (no kubelet runs here), so deletions stay graceful.
      spec: { nodeName: 'node-a', containers: [{ name: 'web', image: 'nginx' }] },
    });
    const ready = opts.ready ?? true;
    return store.updateStatus({ ...p, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } }, { actor: 'test' });
  };
  const budget = (spec: Record<string, unknown>, name = 'web') =>
    create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
  return { cluster, store, create, run, pdb, events, workload, pod, budget };
}

function ownerRef(o: KubeObject) {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name!, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** The numbers of a PDB status. */
function numbers(p: KubeObject) {
  const s = p.status;
  return { expectedPods: s.expectedPods, desiredHealthy: s.desiredHealthy, currentHealthy: s.currentHealthy, disruptionsAllowed: s.disruptionsAllowed };
}

describe('disruption controller: PDB status (pkg/controller/disruption/disruption.go)', () => {
  it('minAvailable as an int: expectedPods is the number of selected pods, the condition is SufficientPods', () => {
    const k = harness();
    for (const n of ['a', 'b', 'c']) k.pod(n);
    k.budget({ minAvailable: 2 });
    k.run();
    expect(k.pdb().status).toEqual({
      observedGeneration: 1,
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: ts(0), reason: 'SufficientPods', message: '' }],
    });
  });

  it('an unready pod does not count; allowed 0 flips the condition to InsufficientPods at that instant', () => {
    const k = harness();
    for (const n of ['a', 'b', 'c']) k.pod(n);
    k.budget({ minAvailable: 2 });
    k.run(10 * S);
    const p = k.store.get('Pod', 'default', 'b')!;
    k.store.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } }, { actor: 'test' });
    k.run();
    expect(numbers(k.pdb())).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(k.pdb().status.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: ts(10 * S), reason: 'InsufficientPods', message: '' }]);
  });

  it('percentages scale against the controllers (Deployment via its ReplicaSet) and round up: minAvailable 50% of 3 is 2, maxUnavailable 25% of 3 is 1', () => {
    const k = harness();
    const d = k.workload('Deployment', 'web', 3);
    const rs = k.workload('ReplicaSet', 'web-abc', 3, d);
    for (const n of ['a', 'b', 'c']) k.pod(n, { owner: rs });
    k.budget({ minAvailable: '50%' }, 'min');
    k.budget({ maxUnavailable: '25%' }, 'max');
    k.run();
    expect(numbers(k.pdb('min'))).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(numbers(k.pdb('max'))).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
  });

  it('maxUnavailable 34% and minAvailable 34% of a 10-replica ReplicaSet: both ceil(3.4) = 4', () => {
    const k = harness();
    const rs = k.workload('ReplicaSet', 'web', 10);
    for (let i = 0; i < 10; i++) k.pod(`p${i}`, { owner: rs });
    k.budget({ maxUnavailable: '34%' }, 'max');
    k.budget({ minAvailable: '34%' }, 'min');
    k.run();
    expect(numbers(k.pdb('max'))).toEqual({ expectedPods: 10, desiredHealthy: 6, currentHealthy: 10, disruptionsAllowed: 4 });
    expect(numbers(k.pdb('min'))).toEqual({ expectedPods: 10, desiredHealthy: 4, currentHealthy: 10, disruptionsAllowed: 6 });
  });

  it('expectedPods comes from spec.replicas, not from the pods: a StatefulSet of 5 with 3 pods and maxUnavailable 1 allows nothing', () => {
    const k = harness();
    const ss = k.workload('StatefulSet', 'db', 5);
    for (const n of ['db-0', 'db-1', 'db-2']) k.pod(n, { owner: ss });
    k.budget({ maxUnavailable: 1 });
    k.run();
    expect(numbers(k.pdb())).toEqual({ expectedPods: 5, desiredHealthy: 4, currentHealthy: 3, disruptionsAllowed: 0 });
  });

  it('a Deployment scale-up shows only once a pod changes (the controller watches pods and PDBs only)', () => {
    const k = harness();
    const d = k.workload('Deployment', 'web', 3);
    const rs = k.workload('ReplicaSet', 'web-abc', 3, d);
    for (const n of ['a', 'b', 'c']) k.pod(n, { owner: rs });
    k.budget({ maxUnavailable: 1 });
    k.run(S);
    k.store.patch('Deployment', 'default', 'web', { spec: { replicas: 4 } }, 'merge', { actor: 'test' });
    k.run(2 * S);
    expect(numbers(k.pdb())).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    k.pod('d', { owner: rs, ready: false });
    k.run(3 * S);
    expect(numbers(k.pdb())).toEqual({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
  });

  it('no matching pods: a NoPods event, zero everywhere', () => {
    const k = harness();
    k.budget({ minAvailable: 1 });
    k.run();
    expect(numbers(k.pdb())).toEqual({ expectedPods: 0, desiredHealthy: 1, currentHealthy: 0, disruptionsAllowed: 0 });
    expect(k.events('web')).toEqual([{ type: 'Normal', reason: 'NoPods', message: 'No matching pods found', source: 'controllermanager' }]);
  });

  it('a percentage over unmanaged pods warns UnmanagedPods with the Go-printed selector', () => {
    const k = harness();
    const rs = k.workload('ReplicaSet', 'web', 2);
    k.pod('a', { owner: rs });
    k.pod('b', { owner: rs });
    k.pod('bare');
    k.budget({ minAvailable: '50%' });
    k.run();
    expect(numbers(k.pdb())).toEqual({ expectedPods: 2, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 });
    expect(k.events('web', 'UnmanagedPods')).toEqual([
      {
        type: 'Warning',
        reason: 'UnmanagedPods',
        message:
          'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        source: 'controllermanager',
      },
    ]);
  });

  it('a pod whose controller is gone: CalculateExpectedPodCountFailed, then failSafe (0 allowed, SyncFailed)', () => {
    const k = harness();
    k.pod('orphan', { owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'gone', uid: 'u-gone' } } });
    k.budget({ maxUnavailable: 1 });
    k.run(S);
    expect(k.events('web', 'CalculateExpectedPodCountFailed')[0]!.message).toBe('Failed to calculate the number of expected pods: found no controllers for pod "orphan"');
    // failSafe keeps the rest of the status: the zero counters PrepareForCreate left.
    expect(k.pdb().status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [{ type: 'DisruptionAllowed', status: 'False', lastTransitionTime: ts(0), reason: 'SyncFailed', message: 'found no controllers for pod "orphan"' }],
    });
  });

  it('a pod two PDBs select gets a MultiplePodDisruptionBudgets warning', () => {
    const k = harness();
    k.budget({ minAvailable: 1 }, 'one');
    k.budget({ minAvailable: 1 }, 'two');
    k.pod('a');
    k.run();
    expect(k.events('a', 'MultiplePodDisruptionBudgets')[0]!.message).toBe('Pod "default"/"a" matches multiple PodDisruptionBudgets.  Chose "one" arbitrarily.');
  });

  it('a DisruptionTarget condition not followed by a deletion is reset to False after 2m (stalePodDisruptionTimeout); a deleting pod is left alone', () => {
    const k = harness();
    const withTarget = (name: string) => {
      const p = k.pod(name);
      return k.store.updateStatus(
        { ...p, status: { ...p.status, conditions: [...p.status.conditions, { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ts(0), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' }] } },
        { actor: 'test' },
      );
    };
    withTarget('stuck');
    withTarget('going');
    k.store.delete('Pod', 'default', 'going', { actor: 'test' });
    k.run(120 * S - 1);
    expect(k.store.get('Pod', 'default', 'stuck')!.status.conditions[1].status).toBe('True');
    k.run(120 * S);
    expect(k.store.get('Pod', 'default', 'stuck')!.status.conditions[1]).toEqual({ type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: ts(120 * S) });
    expect(k.cluster.engine.traceEntries().filter((e) => e.action === 'stale-disruption').map((e) => `${e.time} ${e.object}`)).toEqual(['120000 default/stuck']);
  });

  it('goLabelSelectorString prints matchExpressions like the generated String()', () => {
    expect(goLabelSelectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x', 'y'] }] })).toBe(
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[x y],},},}',
    );
  });
});

describe('eviction subresource (pkg/registry/core/pod/storage/eviction.go)', () => {
  function ready3(spec: Record<string, unknown> = { minAvailable: 2 }) {
    const k = harness();
    for (const n of ['a', 'b', 'c']) k.pod(n);
    k.budget(spec);
    k.run(5 * S);
    return k;
  }
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return { code: e.code, reason: e.reason, message: e.message, causes: e.causes };
    }
    return undefined;
  };

  it('allowed: the pod gets DisruptionTarget/EvictionByEvictionAPI and a graceful delete; the PDB records it and drops to 0 allowed', () => {
    const k = ready3();
    evictPod(k.store, 'default', 'a');
    const a = k.store.get('Pod', 'default', 'a')!;
    expect(a.metadata.deletionTimestamp).toBe(ts(35 * S));
    expect(a.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(a.status.conditions.find((c: any) => c.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: ts(5 * S),
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    });
    const st = k.pdb().status;
    expect(st.disruptedPods).toEqual({ a: ts(5 * S) });
    expect(st.disruptionsAllowed).toBe(0);
    expect(st.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: ts(5 * S), reason: 'InsufficientPods', message: '' }]);
    // The controller then sees a terminating pod: 2 healthy, the entry dropped (already deleting).
    k.run();
    expect(numbers(k.pdb())).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(k.pdb().status.disruptedPods).toBeUndefined();
  });

  it('0 allowed: 429 TooManyRequests with the budget cause; nothing is written', () => {
    const k = ready3({ minAvailable: 3 });
    const rv = k.store.get('Pod', 'default', 'a')!.metadata.resourceVersion;
    expect(refusal(() => evictPod(k.store, 'default', 'a'))).toEqual({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      causes: [{ type: 'DisruptionBudget', message: 'The disruption budget web needs 3 healthy pods and has 3 currently' }],
    });
    expect(k.store.get('Pod', 'default', 'a')!.metadata.resourceVersion).toBe(rv);
  });

  it('more than one PDB: code 500 and the exact message', () => {
    const k = ready3();
    k.budget({ maxUnavailable: 1 }, 'other');
    k.run();
    expect(refusal(() => evictPod(k.store, 'default', 'a'))).toMatchObject({
      code: 500,
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
  });

  it('a PDB whose status lags its generation: 429 "still being processed"', () => {
    const k = ready3();
    k.store.patch('PodDisruptionBudget', 'default', 'web', { spec: { minAvailable: 1 } }, 'merge', { actor: 'test' });
    expect(refusal(() => evictPod(k.store, 'default', 'a'))?.causes).toEqual([{ type: 'DisruptionBudget', message: 'The disruption budget web is still being processed by the server.' }]);
  });

  it('the eviction grace period overrides the pod\'s; an unknown pod is 404', () => {
    const k = ready3();
    evictPod(k.store, 'default', 'b', { gracePeriodSeconds: 5 });
    expect(k.store.get('Pod', 'default', 'b')!.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(refusal(() => evictPod(k.store, 'default', 'nope'))).toEqual({ code: 404, reason: 'NotFound', message: 'pods "nope" not found', causes: [] });
  });

  it('unready pods: IfHealthyBudget (default) evicts them without using the budget while healthy >= desired > 0; AlwaysAllow always', () => {
    const k = harness();
    for (const n of ['a', 'b', 'c']) k.pod(n);
    k.pod('sick', { ready: false });
    k.budget({ minAvailable: 3 });
    k.run(S);
    expect(numbers(k.pdb())).toEqual({ expectedPods: 4, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 });
    evictPod(k.store, 'default', 'sick');
    expect(k.store.get('Pod', 'default', 'sick')!.metadata.deletionTimestamp).toBeDefined();
    expect(k.pdb().status.disruptedPods).toBeUndefined();

    const j = harness();
    j.pod('a');
    j.pod('sick', { ready: false });
    j.budget({ minAvailable: 2 });
    j.run(S);
    expect(refusal(() => evictPod(j.store, 'default', 'sick'))?.code).toBe(429);
    j.store.patch('PodDisruptionBudget', 'default', 'web', { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } }, 'merge', { actor: 'test' });
    j.run(2 * S);
    evictPod(j.store, 'default', 'sick');
    expect(j.store.get('Pod', 'default', 'sick')!.metadata.deletionTimestamp).toBeDefined();
  });

  it('Pending and terminal pods are deleted without looking at the budget', () => {
    const k = ready3({ minAvailable: 3 });
    const p = k.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
    expect(p.status.phase).toBe('Pending');
    evictPod(k.store, 'default', 'new');
    // Not scheduled: the API server deletes it at once.
    expect(k.store.get('Pod', 'default', 'new')).toBeUndefined();
    const q = k.store.get('Pod', 'default', 'a')!;
    k.store.updateStatus({ ...q, status: { ...q.status, phase: 'Succeeded' } }, { actor: 'test' });
    evictPod(k.store, 'default', 'a');
    // Terminal: deleted at once (grace 0), the budget (0 allowed) not consulted.
    expect(k.store.get('Pod', 'default', 'a')).toBeUndefined();
    expect(k.pdb().status.disruptedPods).toBeUndefined();
  });

  it('an evicted pod that is not deleted counts as healthy again after DeletionTimeout (2m), with a NotDeleted event', () => {
    const k = ready3();
    // The disruptedPods entry of a pod the eviction did not delete (a failed delete upstream).
    const st = k.pdb().status;
    k.store.updateStatus({ ...k.pdb(), status: { ...st, disruptionsAllowed: 0, disruptedPods: { a: ts(5 * S) } } }, { actor: 'test' });
    k.run(6 * S);
    expect(numbers(k.pdb())).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(k.pdb().status.disruptedPods).toEqual({ a: ts(5 * S) });
    k.run(125 * S);
    expect(k.pdb().status.disruptedPods).toEqual({ a: ts(5 * S) });
    k.run(125 * S + 10);
    expect(numbers(k.pdb())).toEqual({ expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
    expect(k.pdb().status.disruptedPods).toBeUndefined();
    expect(k.events('a', 'NotDeleted')).toEqual([{ type: 'Warning', reason: 'NotDeleted', message: "Pod was expected by PDB default/default to be deleted but it wasn't", source: 'controllermanager' }]);
  });
});
