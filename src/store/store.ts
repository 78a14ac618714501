// PLACEHOLDER: replaced by the store implementation (helper "store").
import type { Engine } from '../engine/engine.js';
import type { Settings } from '../cluster/settings.js';
export interface StoreOptions { settings: Settings }
export class Store { constructor(readonly engine: Engine, readonly opts: StoreOptions) {} get now(): number { return this.engine.now; } [k: string]: any }
