import type { InvariantFactory } from './types.js';
import { deploymentSurgeBound } from './deployment-surge-bound.js';
import { deploymentAvailabilityFloor } from './deployment-availability-floor.js';
import { schedulerFit } from './scheduler-fit.js';
import { restartBackoff } from './restart-backoff.js';
import { endpointsReady } from './endpoints-ready.js';
import { pvReclaimTransitions } from './pv-reclaim-transitions.js';
import { garbageCollection } from './garbage-collection.js';
import { qosEvictionOrder } from './qos-eviction-order.js';
import { daemonSetOnePerNode } from './daemonset-one-per-node.js';
import { statefulSetOrdinality } from './statefulset-ordinality.js';

/**
 * Every invariant by its stable name (INVARIANTS.md). Each issue registers its own here with
 * one line. `invariants: all` in a scenario turns on every entry.
 */
export const INVARIANTS: Record<string, InvariantFactory> = {
  'deployment-surge-bound': deploymentSurgeBound,
  'deployment-availability-floor': deploymentAvailabilityFloor,
  'scheduler-fit': schedulerFit,
  'restart-backoff': restartBackoff,
  'endpoints-ready': endpointsReady,
  'pv-reclaim-transitions': pvReclaimTransitions,
  'garbage-collection': garbageCollection,
  'qos-eviction-order': qosEvictionOrder,
  'daemonset-one-per-node': daemonSetOnePerNode,
  'statefulset-ordinality': statefulSetOrdinality,
};

/** All names INVARIANTS.md defines, including ones not implemented yet (rejected clearly). */
export const KNOWN_INVARIANT_NAMES = [
  'deployment-surge-bound',
  'deployment-availability-floor',
  'statefulset-ordinality',
  'qos-eviction-order',
  'pv-reclaim-transitions',
  'scheduler-fit',
  'endpoints-ready',
  'daemonset-one-per-node',
  'restart-backoff',
  'garbage-collection',
] as const;
