import type { KindPrinter } from './kind-printer.js';
import { podTable } from './pod-table.js';
import { deploymentTable } from './deployment-table.js';
import { replicaSetTable } from './replicaset-table.js';
import { statefulSetTable } from './statefulset-table.js';
import { daemonSetTable } from './daemonset-table.js';
import { jobTable } from './job-table.js';
import { cronJobTable } from './cronjob-table.js';
import { serviceTable } from './service-table.js';
import { endpointsTable } from './endpoints-table.js';
import { endpointSliceTable } from './endpointslice-table.js';
import { nodeTable } from './node-table.js';
import { pvTable, pvcTable } from './pv-table.js';
import { eventTable } from './event-table.js';
import {
  configMapTable,
  controllerRevisionTable,
  leaseTable,
  limitRangeTable,
  namespaceTable,
  pdbTable,
  priorityClassTable,
  resourceQuotaTable,
  secretTable,
  serviceAccountTable,
  storageClassTable,
} from './simple-tables.js';

/** Table handler per kind (printers.go AddHandlers). */
export const PRINTERS: Readonly<Record<string, KindPrinter>> = {
  Pod: podTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  StatefulSet: statefulSetTable,
  DaemonSet: daemonSetTable,
  Job: jobTable,
  CronJob: cronJobTable,
  Service: serviceTable,
  Endpoints: endpointsTable,
  EndpointSlice: endpointSliceTable,
  Node: nodeTable,
  PersistentVolume: pvTable,
  PersistentVolumeClaim: pvcTable,
  Event: eventTable,
  ConfigMap: configMapTable,
  Secret: secretTable,
  Namespace: namespaceTable,
  ServiceAccount: serviceAccountTable,
  PriorityClass: priorityClassTable,
  StorageClass: storageClassTable,
  PodDisruptionBudget: pdbTable,
  LimitRange: limitRangeTable,
  ResourceQuota: resourceQuotaTable,
  Lease: leaseTable,
  ControllerRevision: controllerRevisionTable,
};
