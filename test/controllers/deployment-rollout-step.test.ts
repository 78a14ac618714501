import { describe, expect, it } from 'vitest';
import { rollout } from '../../src/scenario/steps/rollout.js';
import { scale } from '../../src/scenario/steps/scale.js';
import type { StepRuntime } from '../../src/scenario/steps/types.js';
import { deployment, runFor, workloadCluster } from './replicaset-fake-kubelet.js';

class Failed extends Error {}

function runtime(c: ReturnType<typeof workloadCluster>, log: string[]): StepRuntime {
  return {
    cluster: c,
    path: ['spec', 'steps', 0],
    advanceTo: (t) => c.engine.run({ until: t }),
    advanceUntil: () => false,
    log: (m) => log.push(m),
    inputError: (code, message) => {
      throw new Failed(`${code}: ${message}`);
    },
    fail: (message) => {
      throw new Failed(message);
    },
  } as StepRuntime;
}

describe('rollout and scale steps', () => {
  it('print kubectl lines and fail with kubectl errors', () => {
    const c = workloadCluster({ readyDelay: () => 1000 });
    const log: string[] = [];
    const rt = runtime(c, log);
    c.store.create(deployment('web', 2, 'web:v1'), { actor: 'scenario' });
    runFor(c, 5_000);
    scale({ target: 'deploy/web', replicas: 3 }, rt);
    rollout({ pause: 'deploy/web' }, rt);
    expect(() => rollout({ pause: 'deploy/web' }, rt)).toThrow(new Failed('error: deployments.apps "web" is already paused'));
    expect(() => rollout({ restart: 'deploy/web' }, rt)).toThrow(new Failed(`error: deployments.apps "web" can't restart paused deployment (run rollout resume first)`));
    expect(() => rollout({ undo: 'deploy/web' }, rt)).toThrow(new Failed('error: no rollout history found for deployment "web"'));
    rollout({ resume: 'deploy/web' }, rt);
    expect(() => rollout({ resume: 'deploy/web' }, rt)).toThrow(new Failed('error: deployments.apps "web" is not paused'));
    runFor(c, 5_000);
    rollout({ restart: 'deploy/web' }, rt);
    expect(c.store.get('Deployment', 'default', 'web')!.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2024-04-17T00:00:10Z' });
    runFor(c, 20_000);
    expect(c.store.list('ReplicaSet', { namespace: 'default' })).toHaveLength(2);
    expect(() => rollout({ undo: 'deploy/web', toRevision: 5 }, rt)).toThrow(new Failed('error: unable to find specified revision 5 in history'));
    rollout({ undo: 'deploy/web' }, rt);
    expect(log).toEqual([
      'deployment.apps/web scaled',
      'deployment.apps/web paused',
      'error: deployments.apps "web" is already paused',
      `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)`,
      'error: no rollout history found for deployment "web"',
      'deployment.apps/web resumed',
      'error: deployments.apps "web" is not paused',
      'deployment.apps/web restarted',
      'error: unable to find specified revision 5 in history',
      'deployment.apps/web rolled back',
    ]);
    expect(c.store.get('Deployment', 'default', 'web')!.spec.template.metadata.annotations ?? {}).toEqual({});
  });
});
