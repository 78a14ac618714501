/**
 * Scenario `cluster` and `images` sections → Cluster options: durations to ms, quantities to
 * bytes, settings fields converted by the schema's own declaration (Duration fields are ms).
 */
import type { ClusterOptions, NodeSpec } from '../cluster/cluster.js';
import type { ImageBehaviour } from '../cluster/context.js';
import type { Settings } from '../cluster/settings.js';
import { quantityBytes } from '../api/quantity.js';
import schema from './scenario.schema.json' with { type: 'json' };
import type { Scenario } from './types.js';
import { durationMs } from './value-checks.js';

const settingsProps = (schema as unknown as { definitions: { SettingsSpec: { properties: Record<string, { $ref?: string }> } } }).definitions.SettingsSpec.properties;

/** `cluster.settings` → Partial<Settings> in the model's units. */
export function settingsFromSpec(spec: Record<string, unknown> | undefined): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec ?? {})) {
    out[k] = settingsProps[k]?.$ref === '#/definitions/Duration' && typeof v === 'string' ? durationMs(v) : v;
  }
  return out as Partial<Settings>;
}

/** One `images` entry → ImageBehaviour. */
export function imageBehaviour(spec: Record<string, unknown>): ImageBehaviour {
  const d = (k: string): number => (typeof spec[k] === 'string' ? durationMs(spec[k] as string) : 0);
  const b: ImageBehaviour = {
    pull: d('pull'),
    start: d('start'),
    readyAfter: d('readyAfter'),
    memory: spec.memory !== undefined ? quantityBytes(spec.memory as string | number) : 0,
    stop: d('stop'),
    missing: spec.missing === true,
  };
  if (typeof spec.healthyFor === 'string') b.healthyFor = durationMs(spec.healthyFor);
  const exit = spec.exit as { after: string; code?: number } | undefined;
  if (exit) b.exit = { after: durationMs(exit.after), code: exit.code ?? 0 };
  return b;
}

/** Cluster options for a scenario (seed override from the caller wins). */
export function clusterOptions(s: Scenario, seed?: number): ClusterOptions {
  const c = s.spec.cluster ?? {};
  const opts: ClusterOptions = { seed: seed ?? s.spec.seed ?? 0 };
  if (c.profile) opts.profile = c.profile;
  if (c.settings) opts.settings = settingsFromSpec(c.settings as Record<string, unknown>);
  opts.nodes = (c.nodes ?? []).map((n) => {
    const ns: NodeSpec = { name: n.name };
    if (n.count !== undefined) ns.count = n.count;
    if (n.capacity) ns.capacity = Object.fromEntries(Object.entries(n.capacity).map(([k, v]) => [k, String(v)]));
    if (n.allocatable) ns.allocatable = Object.fromEntries(Object.entries(n.allocatable).map(([k, v]) => [k, String(v)]));
    if (n.labels) ns.labels = { ...n.labels };
    if (n.taints) ns.taints = n.taints.map((t) => ({ ...t }));
    return ns;
  });
  if (s.spec.images) {
    const m = new Map<string, ImageBehaviour>();
    for (const name of Object.keys(s.spec.images).sort()) m.set(name, imageBehaviour(s.spec.images[name] as Record<string, unknown>));
    opts.images = m;
  }
  return opts;
}
