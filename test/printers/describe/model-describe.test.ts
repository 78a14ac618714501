import { describe, expect, it } from 'vitest';
import { describeObject } from '../../../src/printers/describe/index.js';
import { loadScenarioText, runScenario } from '../../../src/scenario/index.js';

// kubectl describe of objects the model produced (real controller, scheduler and kubelet runs).
// Exact text; `*` stands for the parts Kubernetes makes random (container and image IDs, pod
// name suffixes, uids, allocated IPs and ports).

function expectLike(actual: string, expected: string): void {
  const a = actual.split('\n');
  const e = expected.split('\n');
  const bad = e.findIndex((line, i) => !new RegExp(`^${line.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(a[i] ?? '<missing>'));
  if (bad >= 0 || a.length !== e.length) expect(actual).toBe(expected); // shows the diff
}

function run(text: string) {
  const loaded = loadScenarioText(text, 'describe-model.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const r = runScenario(loaded.scenario!, {});
  const d = (kind: string, name: string) => describeObject(r.cluster.store, kind, undefined, name, r.cluster.engine.now);
  return { r, d };
}

const CRASH = `
apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: describe-crash}
spec:
  cluster:
    nodes: [{name: node-a, capacity: {cpu: "2", memory: 4Gi, pods: "110"}}]
  images:
    app:crash: {exit: {after: 5s, code: 1}}
  steps:
    - apply:
        - {apiVersion: v1, kind: Pod, metadata: {name: crasher, labels: {app: crasher}}, spec: {containers: [{name: app, image: "app:crash", command: [/app, --serve], resources: {limits: {cpu: 200m, memory: 128Mi}}}]}}
    - wait: 5m
`;

describe('describe of a crash-looping pod and its node (model run)', () => {
  const { d } = run(CRASH);

  it('pod: CrashLoopBackOff state, last termination, defaulted requests, Guaranteed, aggregated events "(xN over D)"', () => {
    expectLike(
      d('pod', 'crasher').text,
      [
        'Name:             crasher',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-a/172.18.0.2',
        'Start Time:       Wed, 17 Apr 2024 00:00:00 +0000',
        'Labels:           app=crasher',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.0.*',
        'IPs:',
        '  IP:  10.244.0.*',
        'Containers:',
        '  app:',
        '    Container ID:  containerd://*',
        '    Image:         app:crash',
        '    Image ID:      docker.io/library/app@sha256:*',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Command:',
        '      /app',
        '      --serve',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Wed, 17 Apr 2024 00:02:55 +0000',
        '      Finished:     Wed, 17 Apr 2024 00:03:00 +0000',
        '    Ready:          False',
        '    Restart Count:  5',
        '    Limits:',
        '      cpu:     200m',
        '      memory:  128Mi',
        '    Requests:',
        '      cpu:        200m',
        '      memory:     128Mi',
        '    Environment:  <none>',
        '    Mounts:       <none>',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       False ',
        '  ContainersReady             False ',
        '  PodScheduled                True ',
        'Volumes:                      <none>',
        'QoS Class:                    Guaranteed',
        'Node-Selectors:               <none>',
        'Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type     Reason     Age                    From               Message',
        '  ----     ------     ----                   ----               -------',
        '  Normal   Scheduled  5m                     default-scheduler  Successfully assigned default/crasher to node-a',
        '  Normal   Pulling    5m                     kubelet            Pulling image "app:crash"',
        '  Normal   Pulled     5m                     kubelet            Successfully pulled image "app:crash" in 0s (0s including waiting). Image size: * bytes.',
        '  Normal   Created    3m30s (x5 over 5m)     kubelet            Created container app',
        '  Normal   Started    3m30s (x5 over 5m)     kubelet            Started container app',
        '  Normal   Pulled     3m30s (x4 over 4m55s)  kubelet            Container image "app:crash" already present on machine',
        '  Warning  BackOff    0s (x28 over 4m50s)    kubelet            Back-off restarting failed container app in pod crasher_default(*)',
        '',
      ].join('\n'),
    );
  });

  it('node: lease, conditions, capacity, the pod under Non-terminated Pods with its share of allocatable, events', () => {
    expectLike(
      d('node', 'node-a').text,
      [
        'Name:               node-a',
        'Roles:              <none>',
        'Labels:             beta.kubernetes.io/arch=amd64',
        '                    beta.kubernetes.io/os=linux',
        '                    kubernetes.io/arch=amd64',
        '                    kubernetes.io/hostname=node-a',
        '                    kubernetes.io/os=linux',
        'Annotations:        node.alpha.kubernetes.io/ttl: 0',
        '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
        'CreationTimestamp:  Wed, 17 Apr 2024 00:00:00 +0000',
        'Taints:             <none>',
        'Unschedulable:      false',
        'Lease:',
        '  HolderIdentity:  node-a',
        '  AcquireTime:     <unset>',
        '  RenewTime:       Wed, 17 Apr 2024 00:05:00 +0000',
        'Conditions:',
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
        '  ----             ------  -----------------                 ------------------                ------                       -------',
        '  MemoryPressure   False   Wed, 17 Apr 2024 00:05:00 +0000   Wed, 17 Apr 2024 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
        '  DiskPressure     False   Wed, 17 Apr 2024 00:05:00 +0000   Wed, 17 Apr 2024 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure',
        '  PIDPressure      False   Wed, 17 Apr 2024 00:05:00 +0000   Wed, 17 Apr 2024 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available',
        '  Ready            True    Wed, 17 Apr 2024 00:05:00 +0000   Wed, 17 Apr 2024 00:00:00 +0000   KubeletReady                 kubelet is posting ready status',
        'Addresses:',
        '  InternalIP:  172.18.0.2',
        '  Hostname:    node-a',
        'Capacity:',
        '  cpu:     2',
        '  memory:  4Gi',
        '  pods:    110',
        'Allocatable:',
        '  cpu:     2',
        '  memory:  4Gi',
        '  pods:    110',
        'System Info:',
        '  Machine ID:                 *',
        '  System UUID:                *',
        '  Boot ID:                    *',
        '  Kernel Version:             6.5.0-1018-generic',
        '  OS Image:                   Ubuntu 22.04.4 LTS',
        '  Operating System:           linux',
        '  Architecture:               amd64',
        '  Container Runtime Version:  containerd://1.7.13',
        '  Kubelet Version:            v1.30.0',
        '  Kube-Proxy Version:         v1.30.0',
        'PodCIDR:                      10.244.0.0/24',
        'PodCIDRs:                     10.244.0.0/24',
        'Non-terminated Pods:          (1 in total)',
        '  Namespace                   Name       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
        '  ---------                   ----       ------------  ----------  ---------------  -------------  ---',
        '  default                     crasher    200m (10%)    200m (10%)  128Mi (3%)       128Mi (3%)     5m',
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests    Limits',
        '  --------           --------    ------',
        '  cpu                200m (10%)  200m (10%)',
        '  memory             128Mi (3%)  128Mi (3%)',
        '  ephemeral-storage  0 (0%)      0 (0%)',
        'Events:',
        '  Type    Reason          Age   From             Message',
        '  ----    ------          ----  ----             -------',
        '  Normal  RegisteredNode  5m    node-controller  Node node-a event: Registered Node node-a in Controller',
        '',
      ].join('\n'),
    );
  });
});

const ROLLOUT = `
apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: describe-rollout}
spec:
  cluster:
    nodes: [{name: node-a, taints: [{key: dedicated, value: web, effect: PreferNoSchedule}]}]
  steps:
    - apply: &web
        - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, labels: {app: web}}, spec: {replicas: 2, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.25", ports: [{containerPort: 80}], readinessProbe: {httpGet: {path: /, port: 80}}, env: [{name: MODE, value: prod}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}], resources: {requests: {cpu: 100m, memory: 64Mi}}}]}}}}
        - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, targetPort: 80}]}}
    - wait: 2m
    - patch: {target: deploy/web, type: strategic, patch: {spec: {template: {spec: {containers: [{name: web, image: "nginx:1.26"}]}}}}}
    - wait: 5m
`;

describe('describe after a rolling update (model run)', () => {
  const { r, d } = run(ROLLOUT);
  const pods = r.cluster.store.list('Pod', { namespace: 'default' });

  it('deployment: strategy, pod template, conditions, old (scaled to 0) and new ReplicaSet, the rollout events', () => {
    expectLike(
      d('deploy', 'web').text,
      [
        'Name:                   web',
        'Namespace:              default',
        'CreationTimestamp:      Wed, 17 Apr 2024 00:00:00 +0000',
        'Labels:                 app=web',
        'Annotations:            deployment.kubernetes.io/revision: 2',
        'Selector:               app=web',
        'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=web',
        '  Containers:',
        '   web:',
        '    Image:      nginx:1.26',
        '    Port:       80/TCP',
        '    Host Port:  0/TCP',
        '    Requests:',
        '      cpu:      100m',
        '      memory:   64Mi',
        '    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3',
        '    Environment:',
        '      MODE:        prod',
        '      POD:          (v1:metadata.name)',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  web-76d7cdc857 (0/0 replicas created)',
        'NewReplicaSet:   web-5cf9c9448 (2/2 replicas created)',
        'Events:',
        '  Type    Reason             Age   From                   Message',
        '  ----    ------             ----  ----                   -------',
        '  Normal  ScalingReplicaSet  7m    deployment-controller  Scaled up replica set web-76d7cdc857 to 2',
        '  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled up replica set web-5cf9c9448 to 1',
        '  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled down replica set web-76d7cdc857 to 1 from 2',
        '  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled up replica set web-5cf9c9448 to 2 from 1',
        '  Normal  ScalingReplicaSet  5m    deployment-controller  Scaled down replica set web-76d7cdc857 to 0 from 1',
        '',
      ].join('\n'),
    );
  });

  it('old replicaset: controlled by the Deployment, 0 pods, its create and delete events', () => {
    expectLike(
      d('rs', 'web-76d7cdc857').text,
      [
        'Name:           web-76d7cdc857',
        'Namespace:      default',
        'Selector:       app=web,pod-template-hash=76d7cdc857',
        'Labels:         app=web',
        '                pod-template-hash=76d7cdc857',
        'Annotations:    deployment.kubernetes.io/desired-replicas: 2',
        '                deployment.kubernetes.io/max-replicas: 3',
        '                deployment.kubernetes.io/revision: 1',
        'Controlled By:  Deployment/web',
        'Replicas:       0 current / 0 desired',
        'Pods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  app=web',
        '           pod-template-hash=76d7cdc857',
        '  Containers:',
        '   web:',
        '    Image:      nginx:1.25',
        '    Port:       80/TCP',
        '    Host Port:  0/TCP',
        '    Requests:',
        '      cpu:      100m',
        '      memory:   64Mi',
        '    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3',
        '    Environment:',
        '      MODE:        prod',
        '      POD:          (v1:metadata.name)',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Events:',
        '  Type    Reason            Age   From                   Message',
        '  ----    ------            ----  ----                   -------',
        '  Normal  SuccessfulCreate  7m    replicaset-controller  Created pod: web-76d7cdc857-*',
        '  Normal  SuccessfulCreate  7m    replicaset-controller  Created pod: web-76d7cdc857-*',
        '  Normal  SuccessfulDelete  5m    replicaset-controller  Deleted pod: web-76d7cdc857-*',
        '  Normal  SuccessfulDelete  5m    replicaset-controller  Deleted pod: web-76d7cdc857-*',
        '',
      ].join('\n'),
    );
  });

  it('new pod: the downward-API env var resolved to the pod name, Controlled By the new ReplicaSet', () => {
    const pod = pods.find((p) => p.metadata.name!.startsWith('web-5cf9c9448-'))!;
    const text = d('po', pod.metadata.name!).text;
    expect(text).toContain(`      POD:   ${pod.metadata.name} (v1:metadata.name)\n`);
    expect(text).toContain('Controlled By:  ReplicaSet/web-5cf9c9448\n');
    expect(text).toContain('    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3\n');
  });

  it('service and endpoints: NodePort lines and the ready pod addresses', () => {
    const svc = r.cluster.store.get('Service', 'default', 'web')!;
    const ips = pods.map((p) => p.status.podIP as string).sort();
    expectLike(
      d('svc', 'web').text,
      [
        'Name:                     web',
        'Namespace:                default',
        'Labels:                   <none>',
        'Annotations:              <none>',
        'Selector:                 app=web',
        'Type:                     NodePort',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        `IP:                       ${svc.spec.clusterIP}`,
        `IPs:                      ${svc.spec.clusterIP}`,
        'Port:                     <unset>  80/TCP',
        'TargetPort:               80/TCP',
        `NodePort:                 <unset>  ${svc.spec.ports[0].nodePort}/TCP`,
        'Endpoints:                10.244.0.*:80,10.244.0.*:80',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
        '',
      ].join('\n'),
    );
    expect(d('ep', 'web').text).toContain(`  Addresses:          ${ips.join(',')}\n  NotReadyAddresses:  <none>\n  Ports:\n    Name     Port  Protocol\n    ----     ----  --------\n    <unset>  80    TCP\n`);
    expect(d('node', 'node-a').text).toContain('Taints:             dedicated=web:PreferNoSchedule\n');
  });

  it('errors as kubectl prints them: unknown name, unknown resource type, kinds without a describer', () => {
    expect(d('pod', 'nope')).toEqual({ ok: false, text: 'Error from server (NotFound): pods "nope" not found' });
    expect(d('deploy', 'nope')).toEqual({ ok: false, text: 'Error from server (NotFound): deployments.apps "nope" not found' });
    expect(d('frobs', 'x')).toEqual({ ok: false, text: 'error: the server doesn\'t have a resource type "frobs"' });
    expect(d('lease', 'node-a').ok).toBe(false);
  });
});

describe('describe of a Deployment created paused (no ReplicaSet yet)', () => {
  const { d } = run(`
apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: describe-paused}
spec:
  cluster:
    nodes: [{name: node-a}]
  steps:
    - apply:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          paused: true
          replicas: 2
          selector: {matchLabels: {app: web}}
          template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: "nginx:1.25"}]}}
    - wait: 10s
`);
  it('prints OldReplicaSets and NewReplicaSet as <none>, as kubectl always prints both lines', () => {
    const text = d('deploy', 'web').text;
    expect(text).toContain('\nOldReplicaSets:  <none>\nNewReplicaSet:   <none>\n');
  });
});
