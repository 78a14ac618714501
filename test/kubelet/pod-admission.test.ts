import { describe, expect, it } from 'vitest';
import { admitPod } from '../../src/kubelet/pod-admission.js';
import type { KubeObject } from '../../src/store/types.js';

// pkg/kubelet/lifecycle/predicate.go (generalFilter): the kubelet's own admission of bound pods.
const node = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
  spec: {},
  status: { allocatable: { cpu: '2', memory: '1Gi', pods: '2' } },
  ...extra,
});
const pod = (name: string, spec: Record<string, unknown> = {}, req: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx', resources: { requests: req } }], ...spec },
});

describe('kubelet pod admission', () => {
  it('admits a pod that fits', () => {
    expect(admitPod(pod('a', {}, { cpu: '1' }), node(), [])).toBeUndefined();
  });
  it('OutOfpods comes first, with the pod counts', () => {
    expect(admitPod(pod('c', {}, { cpu: '5' }), node(), [pod('a'), pod('b')])).toEqual({ reason: 'OutOfpods', message: "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2" });
  });
  it('OutOfmemory in bytes', () => {
    expect(admitPod(pod('b', {}, { memory: '768Mi' }), node(), [pod('a', {}, { memory: '512Mi' })])).toEqual({
      reason: 'OutOfmemory',
      message: "Node didn't have enough resource: memory, requested: 805306368, used: 536870912, capacity: 1073741824",
    });
  });
  it('a host port in use is NodePorts', () => {
    const withPort = (n: string) => pod(n, { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    expect(admitPod(withPort('b'), node(), [withPort('a')])).toEqual({ reason: 'NodePorts', message: "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports" });
  });
  it("an init container's host port is not in use (NodeInfo counts the regular containers' ports)", () => {
    const initPort = pod('a', { initContainers: [{ name: 'i', image: 'busybox', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    const withPort = pod('b', { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    expect(admitPod(withPort, node(), [initPort])).toBeUndefined();
  });
  it('only NoExecute taints count, unless tolerated', () => {
    const tainted = node({ spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute' }] } });
    expect(admitPod(pod('a'), tainted, [])).toEqual({ reason: 'TaintToleration', message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate" });
    expect(admitPod(pod('a', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoExecute' }] }), tainted, [])).toBeUndefined();
    // generalFilter skips the taint check for static pods (a config source other than the API).
    const staticPod = { ...pod('s'), metadata: { name: 's', namespace: 'default', annotations: { 'kubernetes.io/config.source': 'file' } } };
    expect(admitPod(staticPod, tainted, [])).toBeUndefined();
  });
});
