import { formatDuration } from '../api/duration.js';
import type { Invariant } from './types.js';

/**
 * restart-backoff (INVARIANTS.md): container restarts after a failure wait 10s, 20s, 40s, ...
 * capped at 300s, and the delay resets only after 10 minutes without a new back-off.
 *
 * Observes the kubelets' `restart-container` actions and keeps its own copy of the rule
 * (client-go flowcontrol.Backoff as the kubelet uses it, keyed by pod uid and container): a
 * restart must not come before the current window since the run finished, and the window the
 * kubelet moves to must be the doubled (capped) one, or the initial one only when the entry
 * expired (last back-off more than 2 × max before the exit). A kubelet restart forgets its
 * back-off state, so entries older than the kubelet's start are dropped. (Job pod re-creation
 * back-off belongs to the Job controller and is not observed here.)
 */
export function restartBackoff(): Invariant {
  return {
    name: 'restart-backoff',
    start(ctx, report) {
      const initial = ctx.settings.containerBackoffInitial;
      const max = ctx.settings.containerBackoffMax;
      const entries = new Map<string, { backoff: number; lastUpdate: number; kubeletStart: number }>();
      ctx.actions.subscribe((a) => {
        if (a.action !== 'restart-container' || !a.component.startsWith('kubelet/')) return;
        const d = a.data as { uid: string; container: string; finishedAt: number; backoff: number; kubeletStart: number };
        const now = ctx.engine.now;
        const key = `${d.uid}/${d.container}`;
        let e = entries.get(key);
        // A restarted kubelet starts with empty back-off state: entries of an earlier incarnation
        // (even one that ended in the same millisecond) no longer apply.
        if (e && e.kubeletStart !== d.kubeletStart) e = undefined;
        const expired = !e || d.finishedAt - e.lastUpdate > 2 * max;
        const required = expired ? 0 : e!.backoff;
        const objects = [`pod/${a.object}`];
        const waited = now - d.finishedAt;
        if (waited < required) {
          report({
            invariant: 'restart-backoff',
            message: `container ${d.container} of pod ${a.object} restarted ${formatDuration(waited)} after it exited, inside its back-off of ${formatDuration(required)}`,
            objects,
            numbers: { waited, required },
          });
        }
        const next = expired ? initial : Math.min(e!.backoff * 2, max);
        if (d.backoff !== next) {
          report({
            invariant: 'restart-backoff',
            message: `container ${d.container} of pod ${a.object}: back-off moved to ${formatDuration(d.backoff)}, expected ${formatDuration(next)}`,
            objects,
            numbers: { backoff: d.backoff, expected: next },
          });
        }
        entries.set(key, { backoff: next, lastUpdate: now, kubeletStart: d.kubeletStart });
      });
    },
  };
}
