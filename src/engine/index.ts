export { Engine, EngineLimitError, formatTraceLine, type TraceEntry, type Timer, type EngineOptions } from './engine.js';
export { EventHeap } from './heap.js';
export { makeRng, type Rng } from './rng.js';
