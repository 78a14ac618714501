import type { Step } from '../../generated/scenario.js';
import type { DeploymentAction } from './deployment-action.js';
import type { DeploymentParams } from './deployment-params.js';
import { deploymentManifest } from './deployment-manifest.js';

/** What the renderer knows of the cluster after the steps it wrote (all of it is decided by the steps, not by timing). */
export interface RenderState {
  /** Virtual seconds since the start (only waits advance the clock). */
  time: number;
  replicas: number;
  paused: boolean;
  dead: Set<string>;
  /** Current template: image index and the second of the last `rollout restart` (-1: none). */
  image: number;
  stamp: number;
  /** Revision of every template that has a ReplicaSet, by `templateKey`. */
  revisions: Map<string, number>;
  /** Template changed while paused and never seen: it gets a revision on resume. */
  pending: boolean;
  /** Second of the last step that changes the template or the pods (faults wait after it). */
  lastChange: number;
  /** Second each dead node died. */
  diedAt: Map<string, number>;
  /** Second of the last template change (the creation counts). */
  templateAt: number;
  /** That change made a template no ReplicaSet had. */
  templateNew: boolean;
  /** Second at which the last bounded failProbe (`for`) ends. */
  faultsUntil: number;
  /** A failProbe without `for` ran: the epilogue heals. */
  openProbeFault: boolean;
}

export const templateKey = (image: number, stamp: number): string => `${image}@${stamp}`;
export const imageName = (i: number): string => `web:v${i + 1}`;

export function initialState(p: DeploymentParams, image: number): RenderState {
  return { time: 0, replicas: p.replicas, paused: false, dead: new Set(), diedAt: new Map(), image, stamp: -1, revisions: new Map([[templateKey(image, -1), 1]]), pending: false, lastChange: 0, openProbeFault: false, faultsUntil: 0, templateAt: 0, templateNew: true };
}

/**
 * A reboot takes time: restartNode comes ≥ 1s after the node's killNode. (KNOWN ISSUE, see
 * properties/deployment-convergence.test.ts: a kill and restart in the same instant right
 * after a crash trips restart-backoff, whose "kubelet restarted" check compares times with <.)
 */
export function rebootGap(steps: Step[], s: RenderState, node: string): void {
  if (s.diedAt.get(node) === s.time) {
    steps.push({ wait: '1s' });
    s.time += 1;
  }
}

/**
 * Rendering rules, so that every step the scenario holds is one kubectl would accept (and so
 * the replayed YAML fails only where the model is wrong):
 * - pause when paused, resume when not, restart or undo while paused are dropped (kubectl
 *   refuses them: "already paused", "can't restart paused deployment", "cannot rollback a
 *   paused deployment"); undo needs two revisions and happens ≥ 1s after the last template change
 *   (the controller has recorded the revisions by then), and never on Recreate Deployments;
 * - a second `rollout restart` in the same second is dropped (same restartedAt, no change);
 * - failProbe/healProbe/crash act on every pod of the Deployment, so they are dropped while a
 *   node is dead (its pods have no kubelet to act on), replicas is 0 or no ReplicaSet exists
 *   yet (paused since creation), and come ≥ 2s after the
 *   last change to the pods (new pods bound and admitted); killNode of a dead node and
 *   restartNode of a live one are dropped.
 */
export function renderActions(p: DeploymentParams, imageCount: number, nodes: string[], actions: DeploymentAction[], s: RenderState): Step[] {
  const steps: Step[] = [];
  const maxRev = (): number => Math.max(0, ...s.revisions.values());
  const setTemplate = (image: number, stamp: number): void => {
    s.image = image;
    s.stamp = stamp;
    s.lastChange = s.time;
    s.templateAt = s.time;
    const k = templateKey(image, stamp);
    // A template that already has a ReplicaSet takes revision max+1 even while paused
    // (getAllReplicaSetsAndSyncRevision); a new one only once a ReplicaSet is created (not while paused).
    s.templateNew = !s.revisions.has(k);
    if (s.revisions.has(k)) {
      if (s.revisions.get(k) !== maxRev()) s.revisions.set(k, maxRev() + 1);
      s.pending = false;
    } else if (s.paused) s.pending = true;
    else s.revisions.set(k, maxRev() + 1);
  };
  // Two template changes in one instant: the controller only ever sees the second, so the first
  // gets no ReplicaSet and no revision. Keep them ≥ 1s apart so the revision history is known.
  const templateGap = (): void => {
    if (s.templateAt === s.time) {
      steps.push({ wait: '1s' });
      s.time += 1;
    }
  };
  const canFault = (): boolean => s.dead.size === 0 && s.replicas > 0 && s.revisions.size > 0;
  const settle = (): void => {
    if (s.time - s.lastChange < 2) {
      const d = 2 - (s.time - s.lastChange);
      steps.push({ wait: `${d}s` });
      s.time += d;
    }
  };
  const target = (byWhat: 'target' | 'selector'): { target: string } | { selector: string } => (byWhat === 'target' ? { target: 'deploy/web' } : { selector: 'app=web' });
  for (const a of actions) {
    switch (a.op) {
      case 'wait':
        steps.push({ wait: `${a.seconds}s` });
        s.time += a.seconds;
        break;
      case 'image': {
        const image = a.image % imageCount;
        if (image !== s.image) templateGap();
        if (a.via === 'apply') steps.push({ apply: deploymentManifest(p, imageName(image), s.replicas) });
        else steps.push({ patch: { target: 'deploy/web', patch: { spec: { template: { spec: { containers: [{ name: 'web', image: imageName(image) }] } } } } } });
        if (image !== s.image) setTemplate(image, s.stamp);
        break;
      }
      case 'scale':
        steps.push({ scale: { target: 'deploy/web', replicas: a.replicas } });
        s.replicas = a.replicas;
        s.lastChange = s.time;
        break;
      case 'pause':
        if (s.paused) break;
        steps.push({ rollout: { pause: 'deploy/web' } });
        s.paused = true;
        // Paused in the instant a new template was set (or the Deployment created): the
        // controller never made its ReplicaSet, and a paused Deployment creates none (it comes
        // with resume, with the next revision).
        if (s.templateAt === s.time && s.templateNew) {
          s.revisions.delete(templateKey(s.image, s.stamp));
          s.pending = true;
        }
            break;
      case 'resume':
        if (!s.paused) break;
        steps.push({ rollout: { resume: 'deploy/web' } });
        s.paused = false;
            if (s.pending) s.revisions.set(templateKey(s.image, s.stamp), maxRev() + 1);
        s.pending = false;
        s.lastChange = s.time;
        break;
      case 'restart':
        if (s.paused || s.stamp === s.time) break;
        templateGap();
        steps.push({ rollout: { restart: 'deploy/web' } });
        setTemplate(s.image, s.time);
        break;
      case 'undo': {
        // Recreate makes the new ReplicaSet only once the old pods are gone (rolloutRecreate
        // calls getAllReplicaSetsAndSyncRevision with createIfNotExisted=false first), which
        // depends on timing: its revision history is not known here.
        if (p.strategy.type === 'Recreate' || s.paused || s.pending || s.time === s.lastChange) break;
        const byRev = [...s.revisions.entries()].sort((x, y) => y[1] - x[1]);
        if (byRev.length < 2) break;
        const [key, rev] = a.back === 0 ? byRev[1]! : byRev[a.back % byRev.length]!;
        if (key !== templateKey(s.image, s.stamp)) templateGap();
        steps.push({ rollout: a.back === 0 ? { undo: 'deploy/web' } : { undo: 'deploy/web', toRevision: rev } });
        const [image, stamp] = key.split('@').map(Number) as [number, number];
        if (key !== templateKey(s.image, s.stamp)) setTemplate(image, stamp);
        break;
      }
      case 'failProbe': {
        if (!canFault()) break;
        settle();
        const probe = a.probe === 'liveness' && !p.liveness ? 'readiness' : a.probe;
        steps.push({ failProbe: { ...target(a.by), probe, ...(a.for !== undefined ? { for: `${a.for}s` } : {}) } });
        if (a.for === undefined) s.openProbeFault = true;
        else s.faultsUntil = Math.max(s.faultsUntil, s.time + a.for);
        break;
      }
      case 'healProbe':
        if (!canFault()) break;
        settle();
        steps.push({ healProbe: target(a.by) });
        break;
      case 'crash':
        if (!canFault()) break;
        settle();
        steps.push({ crash: { target: 'deploy/web' } });
        break;
      case 'deletePods': {
        const d: Record<string, unknown> = { kind: 'pod', selector: 'app=web' };
        if (a.gracePeriodSeconds !== undefined) d.gracePeriodSeconds = a.gracePeriodSeconds;
        if (a.force) d.force = true;
        steps.push({ delete: d });
        s.lastChange = s.time;
        break;
      }
      case 'killNode': {
        const n = nodes[a.node % nodes.length]!;
        if (s.dead.has(n)) break;
        steps.push({ killNode: n });
        s.dead.add(n);
        s.diedAt.set(n, s.time);
        break;
      }
      case 'restartNode': {
        const n = nodes[a.node % nodes.length]!;
        if (!s.dead.has(n)) break;
        rebootGap(steps, s, n);
        steps.push({ restartNode: n });
        s.dead.delete(n);
        s.lastChange = s.time;
        break;
      }
    }
  }
  return steps;
}
