// A minimal stand-in kubelet for the controller benchmarks, so their numbers measure the
// controllers and not the scheduler or kubelets: a new pod is bound at once (to one of 50 node
// names), becomes Running and Ready 1s later (`runningAtBind`: Running at once, Ready 1s later),
// and a pod marked for deletion is gone at once.
import { toTimestamp } from '../dist/src/api/time.js';

export function standInKubelet({ runningAtBind = false } = {}) {
  return {
    name: 'bench-kubelet',
    start(ctx) {
      ctx.store.watch((e) => {
        const pod = e.object;
        const ns = pod.metadata.namespace;
        const name = pod.metadata.name;
        if (e.type === 'ADDED' && !pod.spec.nodeName) {
          ctx.engine.after(0, 'bench-kubelet', 'bind', name, () => {
            const p = ctx.store.get('Pod', ns, name);
            if (!p || p.metadata.deletionTimestamp) return;
            ctx.store.bind(ns, name, `node-${name.length % 50}`, { actor: 'bench-kubelet' });
            if (runningAtBind) {
              const r = ctx.store.get('Pod', ns, name);
              ctx.store.updateStatus({ ...r, status: { ...r.status, phase: 'Running' } }, { actor: 'bench-kubelet' });
            }
            ctx.engine.after(1000, 'bench-kubelet', 'ready', name, () => {
              const q = ctx.store.get('Pod', ns, name);
              if (!q || q.metadata.deletionTimestamp) return;
              const conditions = [...(q.status.conditions ?? []), { type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(ctx.engine.now) }];
              ctx.store.updateStatus({ ...q, status: { ...q.status, phase: 'Running', conditions } }, { actor: 'bench-kubelet' });
            });
          });
        }
        if (e.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !e.old.metadata.deletionTimestamp) {
          ctx.engine.after(0, 'bench-kubelet', 'stop', name, () => {
            if (ctx.store.get('Pod', ns, name)) ctx.store.delete('Pod', ns, name, { gracePeriodSeconds: 0, actor: 'bench-kubelet' });
          });
        }
      }, ['Pod']);
    },
  };
}
