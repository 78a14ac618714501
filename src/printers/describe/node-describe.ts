import { parseQuantity, type Quantity } from '../../api/quantity.js';
import type { KubeObject, StoreApi } from '../../store/types.js';
import { describeEvents, searchEvents } from './describe-events.js';
import { cmp, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123z, since } from './describe-format.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './prefix-writer.js';

const ZERO = parseQuantity('0');

function q(v: unknown): Quantity {
  try {
    return parseQuantity(String(v));
  } catch {
    return ZERO;
  }
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value, sorted. */
function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(cmp);
}

type ResourceMap = Map<string, Quantity>;

function addInto(m: ResourceMap, list: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) m.set(k, (m.get(k) ?? ZERO).add(q(v)));
}

function maxInto(m: ResourceMap, list: ResourceMap): void {
  for (const [k, v] of list) if (!m.has(k) || v.cmp(m.get(k)!) > 0) m.set(k, v);
}

/**
 * resourcehelper.PodRequests / PodLimits: the containers' sum (plus restartable init
 * containers), at least each regular init container's value (plus the sidecars started before
 * it), plus the pod overhead.
 */
export function podResources(pod: KubeObject, which: 'requests' | 'limits'): ResourceMap {
  const spec = pod.spec ?? {};
  const total: ResourceMap = new Map();
  for (const c of spec.containers ?? []) addInto(total, c.resources?.[which]);
  const sidecars: ResourceMap = new Map();
  const initMax: ResourceMap = new Map();
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      addInto(sidecars, c.resources?.[which]);
      continue;
    }
    const one: ResourceMap = new Map();
    addInto(one, c.resources?.[which]);
    for (const [k, v] of sidecars) one.set(k, (one.get(k) ?? ZERO).add(v));
    maxInto(initMax, one);
  }
  for (const [k, v] of sidecars) total.set(k, (total.get(k) ?? ZERO).add(v));
  maxInto(total, initMax);
  addInto(total, spec.overhead);
  return total;
}

function pct(part: number, whole: number): number {
  return Math.trunc((part / whole) * 100);
}

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);

/** describeNodeResource: the non-terminated pods' requests/limits and the node's allocated totals. */
function describeNodeResource(pods: KubeObject[], node: KubeObject, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const capacity = node.status?.capacity ?? {};
  const allocatable: Record<string, unknown> = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status.allocatable : capacity;
  const allocCpu = q(allocatable.cpu ?? 0).milliValue();
  const allocMem = q(allocatable.memory ?? 0).value();
  const allocEph = q(allocatable['ephemeral-storage'] ?? 0).value();
  const reqs: ResourceMap = new Map();
  const limits: ResourceMap = new Map();
  for (const pod of pods) {
    const r = podResources(pod, 'requests');
    const l = podResources(pod, 'limits');
    const cr = r.get('cpu') ?? ZERO;
    const cl = l.get('cpu') ?? ZERO;
    const mr = r.get('memory') ?? ZERO;
    const ml = l.get('memory') ?? ZERO;
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cr} (${pct(cr.milliValue(), allocCpu)}%)\t${cl} (${pct(cl.milliValue(), allocCpu)}%)\t${mr} (${pct(mr.value(), allocMem)}%)\t${ml} (${pct(ml.value(), allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
    for (const [k, v] of r) reqs.set(k, (reqs.get(k) ?? ZERO).add(v));
    for (const [k, v] of l) limits.set(k, (limits.get(k) ?? ZERO).add(v));
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, alloc: number, milli: boolean): void => {
    const r = reqs.get(name) ?? ZERO;
    const l = limits.get(name) ?? ZERO;
    const val = (x: Quantity) => (milli ? x.milliValue() : x.value());
    const pr = alloc !== 0 ? pct(val(r), alloc) : 0;
    const pl = alloc !== 0 ? pct(val(l), alloc) : 0;
    w.write(LEVEL_1, `${name}\t${r} (${pr}%)\t${l} (${pl}%)\n`);
  };
  row('cpu', allocCpu, true);
  row('memory', allocMem, false);
  row('ephemeral-storage', allocEph, false);
  const names = Object.keys(allocatable).sort(cmp);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) row(name, q(allocatable[name]).value(), false);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n))) {
    w.write(LEVEL_1, `${name}\t${reqs.get(name) ?? ZERO}\t${limits.get(name) ?? ZERO}\n`);
  }
}

/**
 * describeNode (kubectl 1.30 describe.go): roles, labels, taints, lease, conditions, addresses,
 * capacity/allocatable, system info, the non-terminated pods on it and its events (the node
 * controller's, by uid, and the kubelet's, whose uid is the node name).
 */
export function describeNode(store: StoreApi, node: KubeObject, now: number): string {
  const w = new PrefixWriter();
  const st = node.status ?? {};
  const spec = node.spec ?? {};
  w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', spec.taints);
  w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  const lease = store.get('Lease', 'kube-node-lease', node.metadata.name!);
  if (lease) {
    w.write(LEVEL_0, 'Lease:\n');
    w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
  } else {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found\n`);
  }
  const conds: any[] = st.conditions ?? [];
  if (conds.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const resourceList = (title: string, list: Record<string, unknown> | undefined): void => {
    const keys = Object.keys(list ?? {}).sort(cmp);
    if (keys.length === 0) return;
    w.write(LEVEL_0, `${title}:\n`);
    for (const k of keys) w.write(LEVEL_0, `  ${k}:\t${q(list![k])}\n`);
  };
  resourceList('Capacity', st.capacity);
  resourceList('Allocatable', st.allocatable);
  const info = st.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  // 1.30 still prints the (deprecated) kube-proxy version.
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (Array.isArray(spec.podCIDRs) && spec.podCIDRs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
  // Pods listed with spec.nodeName=<node>, status.phase!=Succeeded,Failed, in the API's order.
  const pods = store
    .list('Pod', {})
    .filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => cmp(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`));
  describeNodeResource(pods, node, w, now);
  describeEvents(searchEvents(store, node), w, now);
  return w.toString();
}
