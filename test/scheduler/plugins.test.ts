import { describe, expect, it } from 'vitest';
import { CycleState, defaultNormalizeScore } from '../../src/scheduler/framework.js';
import { NodeInfo } from '../../src/scheduler/node-info.js';
import { newPodInfo } from '../../src/scheduler/pod-info.js';
import { SchedulerCache } from '../../src/scheduler/scheduler-cache.js';
import { computePodResources } from '../../src/scheduler/resources.js';
import { nodeResourcesFit, leastRequestedScore } from '../../src/scheduler/node-resources-fit.js';
import { balancedAllocation, balancedScore } from '../../src/scheduler/balanced-allocation.js';
import { taintToleration } from '../../src/scheduler/taint-toleration.js';
import { nodeAffinity } from '../../src/scheduler/node-affinity.js';
import { nodePorts } from '../../src/scheduler/node-ports.js';
import { nodeUnschedulable } from '../../src/scheduler/node-unschedulable.js';
import { nodeName } from '../../src/scheduler/node-name.js';
import { toleratesTaint } from '../../src/scheduler/toleration.js';
import { numFeasibleNodesToFind } from '../../src/scheduler/scheduler.js';
import type { KubeObject } from '../../src/store/types.js';
import { node, placed, pod } from './helpers.js';

function withUid(p: KubeObject, uid = p.metadata.name!): KubeObject {
  return { ...p, metadata: { ...p.metadata, uid } };
}

function setup(nodes: KubeObject[], pods: KubeObject[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.updatePod(p.metadata.name!, withUid(p));
  return cache;
}

function state(cache: SchedulerCache, p: KubeObject): CycleState {
  return new CycleState(newPodInfo(withUid(p)), cache, 0);
}

describe('pod requests (resourcehelper.PodRequests)', () => {
  it('max(sum of containers + sidecars, each init container + earlier sidecars) + overhead', () => {
    const p: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x' },
      spec: {
        initContainers: [
          { name: 'i1', resources: { requests: { cpu: '2', memory: '1Gi' } } },
          { name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '500m', memory: '100Mi' } } },
          { name: 'i2', resources: { requests: { cpu: '1', memory: '3Gi' } } },
        ],
        containers: [
          { name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } },
          { name: 'b', resources: { limits: { cpu: '250m', memory: '256Mi' } } },
        ],
        overhead: { cpu: '10m', memory: '10Mi' },
      },
    };
    const r = computePodResources(p);
    // containers+sidecar: cpu 1000+250+500 = 1750m, memory 1Gi+256Mi+100Mi = 1380Mi.
    // init i1: 2000m / 1Gi; i2 + sidecar: 1500m / 3Gi+100Mi. max: 2000m, 3172Mi; + overhead.
    expect(r.milliCPU).toBe(2010);
    expect(r.memory).toBe((3172 + 10) * 1024 * 1024);
    // Non-zero (scoring): nothing missing here, so the same.
    expect(r.nonZeroCPU).toBe(2010);
  });

  it('missing requests count 100m / 200Mi for scoring only', () => {
    const r = computePodResources(pod('x'));
    expect([r.milliCPU, r.memory, r.nonZeroCPU, r.nonZeroMemory]).toEqual([0, 0, 100, 200 * 1024 * 1024]);
    const r2 = computePodResources(pod('y', { cpu: '0' }));
    expect([r2.nonZeroCPU, r2.nonZeroMemory]).toEqual([0, 200 * 1024 * 1024]);
  });
});

describe('NodeResourcesFit filter', () => {
  it('fits exactly at allocatable; one millicore more does not', () => {
    const cache = setup([node('a', { cpu: '1', memory: '1Gi' })], [placed('p1', 'a', { cpu: '600m', memory: '512Mi' })]);
    const ni = cache.nodes.get('a')!;
    expect(nodeResourcesFit.filter(state(cache, pod('x', { cpu: '400m', memory: '512Mi' })), ni)).toBeNull();
    expect(nodeResourcesFit.filter(state(cache, pod('x', { cpu: '401m' })), ni)).toEqual({ code: 'Unschedulable', reasons: ['Insufficient cpu'], plugin: 'NodeResourcesFit' });
  });

  it('terminal pods free their requests; terminating pods still count', () => {
    const done = { ...placed('done', 'a', { cpu: '1' }), status: { phase: 'Succeeded' } };
    const going = { ...placed('going', 'a', { cpu: '500m' }), metadata: { name: 'going', namespace: 'default', deletionTimestamp: '2024-04-17T00:00:00Z' } };
    const cache = setup([node('a', { cpu: '1' })], [done, going]);
    const ni = cache.nodes.get('a')!;
    expect(ni.reqCPU).toBe(500);
    expect(ni.podCount).toBe(1);
    expect(nodeResourcesFit.filter(state(cache, pod('x', { cpu: '600m' })), ni)?.reasons).toEqual(['Insufficient cpu']);
  });

  it('a pod requesting nothing only checks the pod count', () => {
    const cache = setup([node('a', { cpu: '1', pods: '1' })], [placed('p1', 'a', { cpu: '2' })]);
    expect(nodeResourcesFit.filter(state(cache, pod('x')), cache.nodes.get('a')!)?.reasons).toEqual(['Too many pods']);
  });
});

describe('scores', () => {
  it('LeastAllocated: (alloc - requested)*100/alloc per resource, averaged; zero requests count 100m/200Mi', () => {
    expect(leastRequestedScore(2000, 4000)).toBe(50);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    const cache = setup([node('a', { cpu: '4', memory: '8Gi' })], [placed('p1', 'a', { cpu: '1', memory: '2Gi' })]);
    const ni = cache.nodes.get('a')!;
    expect(nodeResourcesFit.score(state(cache, pod('x', { cpu: '1', memory: '2Gi' })), ni)).toBe(50);
    // Best-effort pod on an empty node: cpu (4000-100)*100/4000 = 97, memory (8192-200)*100/8192 = 97.
    const empty = setup([node('b', { cpu: '4', memory: '8Gi' })]);
    expect(nodeResourcesFit.score(state(empty, pod('x')), empty.nodes.get('b')!)).toBe(97);
    // cpu 3900m of 4: 2; memory 200Mi of 8Gi: 97 -> (2+97)/2 = 49.
    const busy = setup([node('c', { cpu: '4', memory: '8Gi' })], [placed('p', 'c', { cpu: '3800m', memory: '0' })]);
    expect(nodeResourcesFit.score(state(busy, pod('x')), busy.nodes.get('c')!)).toBe(49);
  });

  it('BalancedAllocation: (1 - |cpuFraction - memFraction|/2) * 100 on real requests', () => {
    expect(balancedScore([2000, 2 * 2 ** 30], [4000, 8 * 2 ** 30])).toBe(87);
    expect(balancedScore([4000, 0], [4000, 8 * 2 ** 30])).toBe(50);
    const cache = setup([node('a', { cpu: '4', memory: '8Gi' })], [placed('p1', 'a', { cpu: '1', memory: '1Gi' })]);
    // cpu (1000+1000)/4000 = 0.5, memory (1+1)/8 = 0.25 -> 87.
    expect(balancedAllocation.score(state(cache, pod('x', { cpu: '1', memory: '1Gi' })), cache.nodes.get('a')!)).toBe(87);
    // Best-effort pod on an empty node: both fractions 0 -> 100.
    expect(balancedAllocation.score(state(setup([node('b')]), pod('x')), new NodeInfo(node('b')))).toBe(100);
  });

  it('TaintToleration: counts intolerable PreferNoSchedule taints, reverse-normalised', () => {
    const cache = setup([
      node('a'),
      node('b', { taints: [{ key: 'k1', effect: 'PreferNoSchedule' }] }),
      node('c', { taints: [{ key: 'k1', effect: 'PreferNoSchedule' }, { key: 'k2', value: 'v', effect: 'PreferNoSchedule' }, { key: 'k3', effect: 'NoSchedule' }] }),
    ]);
    const st = state(cache, pod('x', { tolerations: [{ key: 'k2', operator: 'Equal', value: 'v', effect: 'PreferNoSchedule' }, { key: 'k1', effect: 'NoSchedule', operator: 'Exists' }] }));
    const scores = ['a', 'b', 'c'].map((n) => taintToleration.score(st, cache.nodes.get(n)!));
    expect(scores).toEqual([0, 1, 1]);
    taintToleration.normalize!(st, scores, []);
    expect(scores).toEqual([100, 0, 0]);
    const s2 = [0, 1, 3];
    defaultNormalizeScore(100, true, s2);
    expect(s2).toEqual([100, 67, 0]);
    const s3 = [2, 3, 7];
    defaultNormalizeScore(100, false, s3);
    expect(s3).toEqual([28, 42, 100]);
  });

  it('NodeAffinity: sum of matching preferred weights, normalised by the max', () => {
    const cache = setup([node('a', { labels: { zone: 'z1', disk: 'ssd' } }), node('b', { labels: { zone: 'z1' } }), node('c')]);
    const p = pod('x', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 80, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
          ],
        },
      },
    });
    const st = state(cache, p);
    expect(nodeAffinity.preScore!(st, [])).toBe(true);
    const scores = ['a', 'b', 'c'].map((n) => nodeAffinity.score(st, cache.nodes.get(n)!));
    expect(scores).toEqual([100, 20, 0]);
    nodeAffinity.normalize!(st, scores, []);
    expect(scores).toEqual([100, 20, 0]);
  });
});

describe('filters', () => {
  it('ToleratesTaint rules', () => {
    const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    expect(toleratesTaint({ key: 'dedicated', value: 'db' }, taint)).toBe(true); // empty effect matches all, default Equal
    expect(toleratesTaint({ key: 'dedicated', value: 'web' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true); // tolerates everything
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Bogus' }, taint)).toBe(false);
  });

  it('TaintToleration filter reports the first untolerated NoSchedule/NoExecute taint in node order', () => {
    const cache = setup([node('a', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }, { key: 'x', value: 'y', effect: 'NoExecute' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })]);
    const ni = cache.nodes.get('a')!;
    expect(taintToleration.filter(state(cache, pod('p')), ni)?.reasons).toEqual(['node(s) had untolerated taint {x: y}']);
    expect(taintToleration.filter(state(cache, pod('p', { tolerations: [{ key: 'x', operator: 'Exists' }] })), ni)?.reasons).toEqual(['node(s) had untolerated taint {dedicated: db}']);
    const empty = setup([node('m', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })]);
    expect(taintToleration.filter(state(empty, pod('p')), empty.nodes.get('m')!)?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  });

  it('NodeAffinity: all operators, terms ORed, matchFields metadata.name, nodeSelector ANDed', () => {
    const cache = setup([node('a', { labels: { zone: 'z1', cores: '8', gpu: 'true' } }), node('b', { labels: { zone: 'z2', cores: '2' } })]);
    const fits = (aff: unknown, sel?: Record<string, string>): string[] => {
      const st = state(cache, pod('x', { affinity: aff, ...(sel ? { nodeSelector: sel } : {}) }));
      return ['a', 'b'].filter((n) => nodeAffinity.filter(st, cache.nodes.get(n)!) === null);
    };
    const req = (...terms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
    expect(fits(req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1', 'z3'] }] }))).toEqual(['a']);
    expect(fits(req({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }] }))).toEqual(['b']);
    expect(fits(req({ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['false'] }] }))).toEqual(['a', 'b']); // absent label matches NotIn
    expect(fits(req({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }))).toEqual(['a']);
    expect(fits(req({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }))).toEqual(['b']);
    expect(fits(req({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }))).toEqual(['a']);
    expect(fits(req({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }))).toEqual(['b']);
    expect(fits(req({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['x'] }] }))).toEqual([]); // invalid value: no match
    expect(fits(req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }))).toEqual(['b']);
    expect(fits(req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }, { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }))).toEqual(['a', 'b']);
    expect(fits(req({}))).toEqual([]); // an empty term matches nothing
    expect(fits(req({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }), { zone: 'z2' })).toEqual(['b']);
    const st = state(cache, pod('x', { affinity: req({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z9'] }] }) }));
    expect(nodeAffinity.filter(st, cache.nodes.get('a')!)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"], plugin: 'NodeAffinity' });
    // PreFilter narrows to the named nodes; conflicting names reject.
    expect(nodeAffinity.preFilter!(state(cache, pod('x', { affinity: req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }) })))?.nodeNames).toEqual(new Set(['b']));
    expect(nodeAffinity.preFilter!(state(cache, pod('x')))).toEqual({ skip: true });
  });

  it('NodePorts: same protocol/port conflicts; 0.0.0.0 conflicts with any ip', () => {
    const used = placed('u', 'a', { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 1, hostPort: 80, hostIP: '10.0.0.1' }] }] } });
    const cache = setup([node('a')], [used]);
    const ni = cache.nodes.get('a')!;
    const want = (port: number, ip?: string, protocol?: string) =>
      nodePorts.filter(state(cache, pod('x', { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 1, hostPort: port, ...(ip ? { hostIP: ip } : {}), ...(protocol ? { protocol } : {}) }] }] } })), ni);
    expect(want(80)?.reasons).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
    expect(want(80, '10.0.0.1')).not.toBeNull();
    expect(want(80, '10.0.0.2')).toBeNull();
    expect(want(80, undefined, 'UDP')).toBeNull();
    expect(want(81)).toBeNull();
  });

  it('NodeUnschedulable and NodeName', () => {
    const cache = setup([node('a', { unschedulable: true }), node('b')]);
    expect(nodeUnschedulable.filter(state(cache, pod('x')), cache.nodes.get('a')!)?.reasons).toEqual(['node(s) were unschedulable']);
    expect(nodeUnschedulable.filter(state(cache, pod('x', { tolerations: [{ operator: 'Exists' }] })), cache.nodes.get('a')!)).toBeNull();
    expect(nodeName.filter(state(cache, pod('x', { nodeName: 'a' })), cache.nodes.get('b')!)?.reasons).toEqual(["node(s) didn't match the requested node name"]);
  });
});

describe('percentageOfNodesToScore', () => {
  it('adaptive: 50% - nodes/125, at least 5%, at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(50)).toBe(50);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(150)).toBe(100); // 49% of 150 = 73 -> at least 100
    expect(numFeasibleNodesToFind(1000)).toBe(420);
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(6000)).toBe(300);
    expect(numFeasibleNodesToFind(20000)).toBe(1000);
    expect(numFeasibleNodesToFind(5000, 30)).toBe(1500);
  });
});
