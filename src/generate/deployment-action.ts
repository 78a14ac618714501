import fc from 'fast-check';

/**
 * One thing that happens to the Deployment `web` or its cluster, before it is rendered into
 * scenario steps (`renderActions`). Indices (image, node, back) are taken modulo what exists,
 * so every action shrinks independently of the others.
 */
export type DeploymentAction =
  | { op: 'image'; image: number; via: 'apply' | 'patch' }
  | { op: 'scale'; replicas: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'restart' }
  /** back 0: the previous revision (no toRevision); k > 0: toRevision of the k-th newest known revision. */
  | { op: 'undo'; back: number }
  | { op: 'failProbe'; probe: 'readiness' | 'liveness'; for?: number; by: 'target' | 'selector' }
  | { op: 'healProbe'; by: 'target' | 'selector' }
  | { op: 'crash' }
  | { op: 'deletePods'; gracePeriodSeconds?: number; force?: boolean }
  | { op: 'killNode'; node: number }
  | { op: 'restartNode'; node: number }
  | { op: 'wait'; seconds: number };

/** Waits: mostly a few seconds, sometimes past the node monitor grace period (40s) or the 300s NoExecute toleration. */
export function waitSeconds(): fc.Arbitrary<number> {
  return fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 2, arbitrary: fc.integer({ min: 21, max: 90 }) }, { weight: 1, arbitrary: fc.integer({ min: 280, max: 360 }) });
}

const by = fc.constantFrom<'target' | 'selector'>('target', 'selector');

export function deploymentAction(): fc.Arbitrary<DeploymentAction> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('image' as const), image: fc.nat(3), via: fc.constantFrom<'apply' | 'patch'>('apply', 'patch') }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('scale' as const), replicas: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 6, max: 20 }) }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'pause' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'resume' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('undo' as const), back: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('failProbe' as const), probe: fc.constantFrom<'readiness' | 'liveness'>('readiness', 'liveness'), for: fc.integer({ min: 1, max: 60 }), by }, { requiredKeys: ['op', 'probe', 'by'] }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('healProbe' as const), by }) },
    { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) },
    { weight: 1, arbitrary: fc.oneof(fc.record({ op: fc.constant('deletePods' as const), gracePeriodSeconds: fc.integer({ min: 0, max: 5 }) }, { requiredKeys: ['op'] }), fc.constant({ op: 'deletePods' as const, gracePeriodSeconds: 0, force: true })) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('killNode' as const), node: fc.nat(4) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('restartNode' as const), node: fc.nat(4) }) },
    { weight: 5, arbitrary: waitSeconds().map((seconds) => ({ op: 'wait' as const, seconds })) },
  );
}

/** 0–10 actions (at most 10 template changes: the default revisionHistoryLimit keeps every old ReplicaSet undo may name). */
export function deploymentActions(): fc.Arbitrary<DeploymentAction[]> {
  return fc.array(deploymentAction(), { maxLength: 10 });
}
