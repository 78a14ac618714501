import type { KubeObject } from '../store/types.js';

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/**
 * nodetopology.GetZoneKey (component-helpers/node/topology/helpers.go): region and zone from
 * the beta failure-domain labels, else the topology.kubernetes.io ones; "" when neither is set
 * (then every node shares the one zone "").
 */
export function zoneKey(node: KubeObject): string {
  const l = node.metadata.labels ?? {};
  const zone = l['failure-domain.beta.kubernetes.io/zone'] ?? l['topology.kubernetes.io/zone'] ?? '';
  const region = l['failure-domain.beta.kubernetes.io/region'] ?? l['topology.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\u0000:${zone}`;
}

/** A zone key as people write it: `region/zone`, or `(no zone)`. */
export function zoneLabel(key: string): string {
  if (key === '') return '(no zone)';
  const [region, zone] = key.split(':\u0000:');
  return region ? `${region}/${zone}` : zone!;
}

/** isNodeExcludedFromDisruptionChecks: label node.kubernetes.io/exclude-disruption. */
export function excludedFromDisruption(node: KubeObject): boolean {
  return node.metadata.labels?.['node.kubernetes.io/exclude-disruption'] !== undefined;
}

/**
 * ComputeZoneState: FullDisruption when no node of the zone is Ready, PartialDisruption when
 * more than 2 nodes and at least unhealthyZoneThreshold of them are not Ready, else Normal.
 * Returns the number of not-Ready nodes too.
 */
export function computeZoneState(readyStatuses: ReadonlyArray<string | undefined>, unhealthyZoneThreshold: number): { unhealthy: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) {
    if (s === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: 'FullDisruption' };
  // float32 division as upstream; the threshold compare is the same in float64 for these sizes.
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= Math.fround(unhealthyZoneThreshold)) return { unhealthy: notReady, state: 'PartialDisruption' };
  return { unhealthy: notReady, state: 'Normal' };
}
