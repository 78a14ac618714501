/** The api layer's public surface: Kubernetes API machinery as pure functions. */
export * from './kinds.js';
export * from './time.js';
export * from './quantity.js';
export * from './selector.js';
export * from './validation.js';
export * from './intstr.js';
export * from './fenceposts.js';
export * from './qos.js';
export * from './duration.js';
export * from './human-duration.js';
