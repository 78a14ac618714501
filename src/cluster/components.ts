import type { Component } from './context.js';
import type { Cluster } from './cluster.js';
import { GarbageCollector } from '../controllers/garbage-collector.js';
import { NamespaceController } from '../controllers/namespace-controller.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { DeploymentController } from '../controllers/deployment.js';
import { nodeAgents } from '../kubelet/node-agents.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { NodeLifecycleController } from '../controllers/node-lifecycle.js';
import { TaintEvictionController } from '../controllers/taint-eviction.js';
import { PodGCController } from '../controllers/pod-gc.js';
import { ServiceAllocator } from '../controllers/service-allocator.js';
import { EndpointsController } from '../controllers/endpoints.js';
import { EndpointSliceController } from '../controllers/endpointslice.js';
import { DisruptionController } from '../controllers/disruption.js';
import { JobController } from '../controllers/job.js';
import { CronJobController } from '../controllers/cronjob.js';
import { TTLAfterFinishedController } from '../controllers/ttl-after-finished.js';
import { DaemonSetController } from '../controllers/daemonset.js';
import { ResourceQuotaController } from '../controllers/resource-quota.js';
import { storageComponents } from '../controllers/storage-components.js';
import { StatefulSetController } from '../controllers/statefulset.js';

/**
 * The components every cluster runs, in start order. Each issue adds its own here:
 * garbage collector and namespace controller (store), node agents and scheduler (pods),
 * workload controllers (workloads), invariants.
 */
export function defaultComponents(cluster: Cluster): Component[] {
  return [
    new GarbageCollector(),
    new NamespaceController(),
    new ReplicaSetController(),
    new DeploymentController(),
    ...nodeAgents(cluster),
    new Scheduler(),
    new ResourceQuotaController(),
    new NodeLifecycleController(),
    new TaintEvictionController(),
    new PodGCController(),
    new ServiceAllocator(),
    new EndpointsController(),
    new EndpointSliceController(),
    new DisruptionController(),
    new JobController(),
    new CronJobController(),
    new TTLAfterFinishedController(),
    new DaemonSetController(),
    ...storageComponents(),
    new StatefulSetController(),
  ];
}
