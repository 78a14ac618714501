import { quantityBytes } from '../api/quantity.js';
import { isCriticalPod, podMemoryRequest } from '../kubelet/eviction-ranking.js';
import type { Invariant } from './types.js';

/** What a kubelet's `evict` action carries (src/kubelet/eviction-manager.ts). */
interface EvictData {
  node: string;
  pass: number;
  signal: string;
  threshold: number;
  available: number;
  observations: Record<string, { available: number; capacity: number }>;
  candidates: Array<{ key: string; uid: string; stats: boolean; usage: number }>;
  uid: string;
}

/** The ranking inputs of one candidate, request and priority read from the API object. */
interface Ranked {
  key: string;
  stats: boolean;
  usage: number;
  request: number;
  priority: number;
  critical: boolean;
}

/** < 0 when `a` must be evicted before `b` (exceeds request, then lower priority, then larger usage − request). */
function before(a: Ranked, b: Ranked): number {
  if (!a.stats || !b.stats) return a.stats === b.stats ? 0 : a.stats ? 1 : -1;
  const ea = a.usage > a.request;
  const eb = b.usage > b.request;
  if (ea !== eb) return ea ? -1 : 1;
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  const da = a.usage - a.request;
  const db = b.usage - b.request;
  return da === db ? 0 : da > db ? -1 : 1;
}

/**
 * qos-eviction-order (INVARIANTS.md): each node-pressure eviction by a kubelet happens only while
 * an eviction threshold is met, evicts at most one pod per eviction-manager pass, and picks a pod
 * ranked first among the node's evictable (non-critical) pods by the memory ranking
 * (helpers.go rankMemoryPressure): usage above request first, then lower priority, then larger
 * usage − request; pods that compare equal may go in any order. The evicted pod ends Failed with
 * reason Evicted.
 *
 * The working sets come with the kubelet's `evict` action (they are not in the API); requests,
 * priorities and criticality are read from the API objects, the order is recomputed here, the
 * node's memory.available is re-derived from capacity and the reported usages, and every Running
 * pod of the node must be among the candidates.
 */
export function qosEvictionOrder(): Invariant {
  return {
    name: 'qos-eviction-order',
    start(ctx, report) {
      const passes = new Map<string, number>();
      const evicted = new Map<string, string>();
      const violation = (message: string, objects: string[], numbers?: Record<string, number>) =>
        report({ invariant: 'qos-eviction-order', message, objects, ...(numbers ? { numbers } : {}) });
      ctx.actions.subscribe((a) => {
        if (a.action !== 'evict' || !a.component.startsWith('kubelet/')) return;
        const d = a.data as unknown as EvictData;
        const obj = `pod/${a.object}`;
        const passKey = `${d.node}#${d.pass}`;
        const n = (passes.get(passKey) ?? 0) + 1;
        passes.set(passKey, n);
        if (n > 1) violation(`kubelet on ${d.node} evicted ${n} pods in one eviction-manager pass (at most one)`, [obj, `node/${d.node}`], { evictions: n });
        if (!(d.available < d.threshold)) {
          violation(`kubelet on ${d.node} evicted ${a.object} while ${d.signal} was ${d.available} bytes, not below the threshold of ${d.threshold}`, [obj, `node/${d.node}`], { available: d.available, threshold: d.threshold });
        }
        const node = ctx.store.get('Node', undefined, d.node);
        const capText = node?.status?.capacity?.memory;
        const mem = d.observations['memory.available'];
        if (capText !== undefined && mem) {
          const used = d.candidates.reduce((s, c) => s + c.usage, 0);
          const expected = Math.max(0, quantityBytes(capText) - used);
          if (mem.available !== expected) {
            violation(`kubelet on ${d.node} reported memory.available ${mem.available} bytes; capacity − working sets of its pods is ${expected}`, [`node/${d.node}`], { reported: mem.available, expected });
          }
        }
        const listed = new Set(d.candidates.map((c) => c.uid));
        for (const p of ctx.store.podsOnNode(d.node)) {
          if (p.status?.phase === 'Running' && !listed.has(p.metadata.uid!)) {
            violation(`kubelet on ${d.node} ranked its pods without running pod ${p.metadata.namespace}/${p.metadata.name}`, [obj, `pod/${p.metadata.namespace}/${p.metadata.name}`]);
          }
        }
        const ranked: Ranked[] = [];
        let chosen: Ranked | undefined;
        for (const c of d.candidates) {
          const [ns, name] = c.key.split('/') as [string, string];
          const pod = ctx.store.get('Pod', ns, name);
          if (!pod || pod.metadata.uid !== c.uid) continue;
          const r: Ranked = { key: c.key, stats: c.stats, usage: c.usage, request: podMemoryRequest(pod), priority: pod.spec?.priority ?? 0, critical: isCriticalPod(pod) };
          ranked.push(r);
          if (c.uid === d.uid) chosen = r;
        }
        if (!chosen) return;
        if (chosen.critical) violation(`kubelet on ${d.node} evicted critical pod ${chosen.key}`, [obj]);
        for (const r of ranked) {
          if (r === chosen || r.critical || before(r, chosen) >= 0) continue;
          violation(
            `kubelet on ${d.node} evicted ${chosen.key} (usage ${chosen.usage}, request ${chosen.request}, priority ${chosen.priority}) while ${r.key} (usage ${r.usage}, request ${r.request}, priority ${r.priority}) ranks before it`,
            [obj, `pod/${r.key}`],
            { chosenUsage: chosen.usage, chosenRequest: chosen.request, chosenPriority: chosen.priority, otherUsage: r.usage, otherRequest: r.request, otherPriority: r.priority },
          );
          break;
        }
        evicted.set(d.uid, a.object);
      });
      ctx.store.watch((e) => {
        const uid = e.object.metadata.uid;
        if (e.type === 'DELETED' || !uid || !evicted.has(uid)) {
          if (e.type === 'DELETED' && uid) evicted.delete(uid);
          return;
        }
        const st = e.object.status ?? {};
        if (st.phase !== 'Failed' && st.phase !== 'Succeeded') return;
        const key = evicted.get(uid)!;
        evicted.delete(uid);
        if (st.phase !== 'Failed' || st.reason !== 'Evicted') {
          violation(`evicted pod ${key} ended ${st.phase} with reason ${st.reason ?? '(none)'}, not Failed / Evicted`, [`pod/${e.object.metadata.namespace}/${e.object.metadata.name}`]);
        }
      }, ['Pod']);
    },
  };
}
