/**
 * Timing and behaviour settings of one simulated cluster, with the defaults of the Kubernetes
 * release named by the profile. Everything in ms unless the name says otherwise.
 * `cluster.settings` in a scenario overrides single fields.
 */
export type Profile = '1.30' | '1.32';

export interface Settings {
  profile: Profile;
  /** Controllers react to watch changes after this latency (ms), ordered by sequence. */
  controllerLatency: number;
  /** kubelet: node status/lease every nodeStatusUpdateFrequency (10s). */
  nodeStatusUpdateFrequency: number;
  /** kube-controller-manager --node-monitor-period (5s). */
  nodeMonitorPeriod: number;
  /** --node-monitor-grace-period: 40s up to 1.31, 50s from 1.32 (kubernetes/kubernetes#126287). */
  nodeMonitorGracePeriod: number;
  /** --node-startup-grace-period (60s). */
  nodeStartupGracePeriod: number;
  /** --node-eviction-rate: NoExecute tainting rate per zone, nodes per second (0.1). */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: the rate in a partially disrupted zone larger than largeClusterSizeThreshold (0.01). */
  secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold: fraction of not-Ready nodes (at least 3) that makes a zone partially disrupted (0.55). */
  unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold (50). */
  largeClusterSizeThreshold: number;
  /** DefaultTolerationSeconds admission: not-ready/unreachable tolerationSeconds (300). */
  defaultTolerationSeconds: number;
  /** Container restart back-off: initial 10s, cap 300s (pkg/kubelet/kubelet.go). */
  containerBackoffInitial: number;
  containerBackoffMax: number;
  /** Image pull back-off (same constants). */
  imageBackoffInitial: number;
  imageBackoffMax: number;
  /** kubelet syncFrequency (1m) for ConfigMap/Secret volume refresh. */
  syncFrequency: number;
  /** Eviction manager monitoring interval (10s). */
  evictionMonitoringInterval: number;
  evictionPressureTransitionPeriod: number;
  evictionHard: Record<string, string>;
  /** Job pod failure back-off: 10s doubling, capped (pkg/controller/job/job_controller.go). */
  jobBackoffInitial: number;
  jobBackoffMax: number;
  /** PodGC period (20s). */
  podGCPeriod: number;
  /** Terminated-pod GC threshold (12500). */
  terminatedPodGCThreshold: number;
  /** Service CIDR and NodePort range. */
  serviceCIDR: string;
  nodePortRange: string;
  /** Pod CIDR of the cluster, split into /24 per node. */
  clusterCIDR: string;
  /** kube-controller-manager --pvclaimbinder-sync-period: PV controller resync of every PV and PVC (15s). */
  pvClaimBinderSyncPeriod: number;
  /** Model: how long the recycler pod takes to scrub a Recycle volume (5s). */
  pvRecycleDuration: number;
  /** Model: how long the simulated external provisioner takes to create or delete a volume (1s). */
  externalProvisionerLatency: number;
}

export function defaultSettings(profile: Profile = '1.30'): Settings {
  return {
    profile,
    controllerLatency: 0,
    nodeStatusUpdateFrequency: 10_000,
    nodeMonitorPeriod: 5_000,
    nodeMonitorGracePeriod: profile === '1.32' ? 50_000 : 40_000,
    nodeStartupGracePeriod: 60_000,
    nodeEvictionRate: 0.1,
    secondaryNodeEvictionRate: 0.01,
    unhealthyZoneThreshold: 0.55,
    largeClusterSizeThreshold: 50,
    defaultTolerationSeconds: 300,
    containerBackoffInitial: 10_000,
    containerBackoffMax: 300_000,
    imageBackoffInitial: 10_000,
    imageBackoffMax: 300_000,
    syncFrequency: 60_000,
    evictionMonitoringInterval: 10_000,
    evictionPressureTransitionPeriod: 300_000,
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%', 'imagefs.available': '15%' },
    jobBackoffInitial: 10_000,
    jobBackoffMax: 600_000,
    podGCPeriod: 20_000,
    terminatedPodGCThreshold: 12_500,
    serviceCIDR: '10.96.0.0/12',
    nodePortRange: '30000-32767',
    clusterCIDR: '10.244.0.0/16',
    pvClaimBinderSyncPeriod: 15_000,
    pvRecycleDuration: 5_000,
    externalProvisionerLatency: 1_000,
  };
}
