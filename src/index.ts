/**
 * kscenario's public library API: the pieces a user (or a test) can drive without the CLI.
 * `loadScenario` + `runScenario` replay a scenario file; `Cluster` builds a simulated cluster
 * directly; `src/api` has Kubernetes' API machinery as pure functions.
 */
export * from './api/index.js';
export {
  admit,
  validateManifest,
  applyDefaults,
  kubectlInvalidMessage,
  type AdmissionContext,
  type FieldError,
} from './api/admission/index.js';
export { Engine, EngineLimitError, formatTraceLine, makeRng, type TraceEntry, type Timer, type Rng } from './engine/index.js';
export { Store } from './store/store.js';
export { evictPod } from './store/eviction.js';
export { ApiError, type KubeObject, type StoreApi, type WatchEvent, type ListOptions, type DeleteOptions } from './store/types.js';
export { Cluster, type ClusterOptions, type NodeSpec } from './cluster/cluster.js';
export { defaultSettings, type Settings, type Profile } from './cluster/settings.js';
export type { ClusterContext, Component, ImageBehaviour } from './cluster/context.js';
export { Controller } from './controllers/controller.js';
export { INVARIANTS, KNOWN_INVARIANT_NAMES } from './invariants/index.js';
export type { Invariant, Violation } from './invariants/types.js';
export * from './scenario/index.js';
export * from './printers/index.js';
