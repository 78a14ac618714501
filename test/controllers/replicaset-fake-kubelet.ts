import { Cluster } from '../../src/cluster/cluster.js';
import type { ClusterContext, Component } from '../../src/cluster/context.js';
import type { KubeObject } from '../../src/store/types.js';
import { toTimestamp } from '../../src/api/time.js';
import { ReplicaSetController } from '../../src/controllers/replicaset.js';
import { DeploymentController } from '../../src/controllers/deployment.js';
import { GarbageCollector } from '../../src/controllers/garbage-collector.js';

/**
 * A stand-in for scheduler + kubelet in controller unit tests: binds each new pod to the nodes
 * round-robin after `bindDelay`, marks it Running and Ready `readyDelay(pod)` ms later (never
 * when it returns undefined), and removes a terminating pod `stopDelay` ms after its deletion.
 */
export interface FakeKubeletOptions {
  nodes?: string[];
  bindDelay?: number;
  readyDelay?: (pod: KubeObject) => number | undefined;
  stopDelay?: number;
}

export class FakeKubelet implements Component {
  readonly name = 'fake-kubelet';
  private next = 0;
  constructor(private readonly o: FakeKubeletOptions = {}) {}

  start(ctx: ClusterContext): void {
    const nodes = this.o.nodes ?? ['node-a'];
    ctx.store.watch((e) => {
      const pod = e.object;
      const ns = pod.metadata.namespace!;
      const name = pod.metadata.name!;
      const uid = pod.metadata.uid;
      const alive = () => {
        const p = ctx.store.get('Pod', ns, name);
        return p && p.metadata.uid === uid ? p : undefined;
      };
      if (e.type === 'ADDED' && !pod.spec?.nodeName) {
        const node = nodes[this.next++ % nodes.length]!;
        ctx.engine.after(this.o.bindDelay ?? 0, 'fake-kubelet', 'bind', `${ns}/${name}`, () => {
          const p = alive();
          if (!p || p.metadata.deletionTimestamp) return;
          ctx.store.bind(ns, name, node, { actor: 'fake-kubelet' });
          const running = alive()!;
          ctx.store.updateStatus({ ...running, status: { ...running.status, phase: 'Running' } }, { actor: 'fake-kubelet' });
          const delay = this.o.readyDelay ? this.o.readyDelay(pod) : 0;
          if (delay === undefined) return;
          ctx.engine.after(delay, 'fake-kubelet', 'ready', `${ns}/${name}`, () => {
            const q = alive();
            if (!q || q.metadata.deletionTimestamp) return;
            const ts = toTimestamp(ctx.engine.now);
            const conditions = [...(q.status?.conditions ?? []).filter((c: any) => c.type !== 'Ready'), { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: ts }];
            ctx.store.updateStatus({ ...q, status: { ...q.status, conditions } }, { actor: 'fake-kubelet' });
          });
        });
      }
      if (e.type === 'MODIFIED' && pod.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) {
        ctx.engine.after(this.o.stopDelay ?? 0, 'fake-kubelet', 'stop', `${ns}/${name}`, () => {
          if (alive()) ctx.store.delete('Pod', ns, name, { gracePeriodSeconds: 0, actor: 'fake-kubelet' });
        });
      }
    }, ['Pod']);
  }
}

/**
 * A cluster with only the GC, the workload controllers and a fake kubelet. The ReplicaSet
 * controller watches first, so it acts on a scaled RS before the Deployment controller's next
 * step (as components.ts orders them).
 */
export function workloadCluster(o: FakeKubeletOptions & { seed?: number } = {}): Cluster {
  const c = new Cluster({
    seed: o.seed ?? 0,
    components: () => [new GarbageCollector(), new ReplicaSetController(), new DeploymentController(), new FakeKubelet(o)],
  });
  c.start();
  return c;
}

export function deployment(name: string, replicas: number, image: string, extra: { strategy?: any; minReadySeconds?: number; progressDeadlineSeconds?: number; revisionHistoryLimit?: number; paused?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
      ...extra,
    },
  };
}

export function replicaSet(name: string, replicas: number, image = 'nginx:1.25'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

export function pods(c: Cluster, selector: string): KubeObject[] {
  return c.store.list('Pod', { namespace: 'default', labelSelector: selector });
}

export function eventsFor(c: Cluster, name: string): string[] {
  return c.store
    .list('Event', { namespace: 'default' })
    .filter((e) => e.involvedObject?.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

export function runFor(c: Cluster, ms: number): void {
  c.engine.run({ until: c.engine.now + ms });
}

/** Change the container image (a `kubectl set image`). */
export function setImage(c: Cluster, name: string, image: string): void {
  const d = c.store.get('Deployment', 'default', name)!;
  const t = d.spec.template;
  c.store.update({ ...d, spec: { ...d.spec, template: { ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0], image }] } } } }, { actor: 'scenario' });
}

/** ScalingReplicaSet messages of a Deployment, in order, with RS names replaced by their image. */
export function scalingEvents(c: Cluster, name: string): string[] {
  const images = new Map<string, string>();
  for (const rs of c.store.list('ReplicaSet', { namespace: 'default' })) images.set(rs.metadata.name!, rs.spec.template.spec.containers[0].image);
  return eventsFor(c, name)
    .filter((e) => e.startsWith('ScalingReplicaSet: '))
    .map((e) => e.slice('ScalingReplicaSet: '.length).replace(/replica set (\S+)/, (_m, rs: string) => `replica set <${images.get(rs) ?? rs}>`));
}

export function rsByImage(c: Cluster, image: string): KubeObject {
  return c.store.list('ReplicaSet', { namespace: 'default' }).find((rs) => rs.spec.template.spec.containers[0].image === image)!;
}

/** Start the two deployment invariants; returns the violations collected. */
export function watchInvariants(c: Cluster, factories: Array<() => { start(ctx: any, report: (v: any) => void): void }>): any[] {
  const out: any[] = [];
  for (const f of factories) f().start(c, (v) => out.push(v));
  return out;
}
