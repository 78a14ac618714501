import type { Cluster } from '../cluster/cluster.js';
import { KubeletHub } from './kubelet-hub.js';
import { NodeAgent } from './node-agent.js';
import { expandNodes } from './node-status.js';

/** One NodeAgent (`kubelet/<node>`) per node of the cluster (`count` expanded), sharing one hub. */
export function nodeAgents(cluster: Pick<Cluster, 'nodes'>): NodeAgent[] {
  const hub = new KubeletHub();
  return expandNodes(cluster.nodes).map((cfg) => new NodeAgent(cfg, hub));
}
