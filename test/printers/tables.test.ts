import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/api/time.js';
import { getTable, getTables } from '../../src/printers/get-table.js';
import { formatTable } from '../../src/printers/table.js';
import type { KubeObject } from '../../src/store/types.js';
import { fakeStore } from '../scenario/fake-store.js';

const T = toTimestamp;
const DAY = 86_400_000;
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', creationTimestamp: T(0), ...extra });

describe('formatTable (kubectl tabwriter: padding 3, minwidth 6, last column unpadded)', () => {
  it('pads each column to the widest cell + 3, at least 6', () => {
    expect(formatTable({ columns: ['A', 'LONGER', 'X'], rows: [['a', '', 'last cell'], ['bb', 'c', '']] })).toBe('A     LONGER   X\na     ' + '         last cell\nbb    c        \n');
  });
});

describe('kubectl get tables', () => {
  it('O-01: get svc of a fresh cluster at 18d (seed-000)', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: meta('kubernetes'), spec: { type: 'ClusterIP', clusterIP: '10.187.0.1', clusterIPs: ['10.187.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] } };
    expect(getTable(fakeStore([svc]), { kind: 'svc' }, 18 * DAY).text).toBe(
      'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.187.0.1   <none>        443/TCP   18d\n',
    );
  });

  it('service types: NodePort ports, LoadBalancer <pending> and ingress, ExternalName, wide selector', () => {
    const objs: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Service', metadata: meta('kubia-nodeport'), spec: { type: 'NodePort', clusterIPs: ['10.96.12.7'], ports: [{ port: 80, nodePort: 30123, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }], selector: { app: 'kubia' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.20'], ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }], selector: { app: 'web', tier: 'fe' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('lb2'), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.21'], ports: [{ port: 53, nodePort: 31001, protocol: 'UDP' }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'a.example.com' }] } } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('external-service'), spec: { type: 'ExternalName', externalName: 'someapi.somecompany.com', ports: [{ port: 80, protocol: 'TCP' }] } },
    ];
    const store = fakeStore(objs);
    expect(getTable(store, { kind: 'services' }, 90_000).text).toBe(
      [
        'NAME               TYPE           CLUSTER-IP   EXTERNAL-IP               PORT(S)                      AGE',
        'external-service   ExternalName   <none>       someapi.somecompany.com   80/TCP                       90s',
        'kubia-nodeport     NodePort       10.96.12.7   <none>                    80:30123/TCP,443:30443/TCP   90s',
        'lb                 LoadBalancer   10.96.0.20   <pending>                 80:31000/TCP                 90s',
        // loadBalancerWidth 16: longer ingress lists are cut to 13 characters and "..." unless -o wide
        'lb2                LoadBalancer   10.96.0.21   203.0.113.10,...          53:31001/UDP                 90s',
        '',
      ].join('\n'),
    );
    const wide = getTable(store, { kind: 'svc', wide: true }, 90_000);
    expect(wide.ok && wide.table?.rows.map((r) => [r[3], r[6]])).toEqual([
      ['someapi.somecompany.com', '<none>'],
      ['<none>', 'app=kubia'],
      ['<pending>', 'app=web,tier=fe'],
      ['203.0.113.10,a.example.com', '<none>'],
    ]);
  });

  it('O-05: get endpoints, ports outer, addresses inner, three shown then "+ 1 more..." (seed-000)', () => {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('kube-dns', { namespace: 'kube-system' }),
      subsets: [{ addresses: [{ ip: '10.186.0.2' }, { ip: '10.186.0.3' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] }],
    };
    const empty: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('none', { namespace: 'kube-system' }) };
    const notReady: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('unready', { namespace: 'kube-system' }), subsets: [{ notReadyAddresses: [{ ip: '10.186.0.9' }], ports: [{ port: 80 }] }] };
    expect(getTable(fakeStore([ep, empty, notReady]), { kind: 'ep', namespace: 'kube-system' }, 19 * DAY).text).toBe(
      [
        'NAME       ENDPOINTS                                               AGE',
        'kube-dns   10.186.0.2:53,10.186.0.3:53,10.186.0.2:53 + 1 more...   19d',
        'none       <none>                                                  19d',
        'unready                                                            19d',
        '',
      ].join('\n'),
    );
  });

  it('endpointslices: ADDRESSTYPE PORTS ENDPOINTS', () => {
    const s: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-abcde'),
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [1, 2, 3, 4, 5].map((i) => ({ addresses: [`10.244.0.${i}`] })),
    };
    const e: KubeObject = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('web-empty'), addressType: 'IPv4', ports: [], endpoints: [] };
    expect(getTable(fakeStore([s, e]), { kind: 'endpointslices' }, 60_000).text).toBe(
      [
        'NAME        ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE',
        'web-abcde   IPv4          80        10.244.0.1,10.244.0.2,10.244.0.3 + 2 more...   60s',
        'web-empty   IPv4          <unset>   <unset>                                        60s',
        '',
      ].join('\n'),
    );
  });

  it('nodes: Ready, SchedulingDisabled, NotReady for Unknown, Unknown without a condition; roles; wide', () => {
    const node = (name: string, ready: string | undefined, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, creationTimestamp: T(0), labels },
      spec: extra,
      status: {
        conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
        addresses: [{ type: 'InternalIP', address: `172.18.0.${name.length}` }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.30.0', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '6.5.0', containerRuntimeVersion: 'containerd://1.7.13' },
      },
    });
    const store = fakeStore([
      node('cp', 'True', {}, { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }),
      node('w-cordoned', 'True', { unschedulable: true }, { 'kubernetes.io/role': 'worker' }),
      node('w-lost', 'Unknown'),
      node('w-new', undefined),
      node('w-sick', 'False', { unschedulable: true }),
    ]);
    expect(getTable(store, { kind: 'no' }, 44 * 3_600_000).text).toBe(
      [
        'NAME         STATUS                        ROLES                  AGE   VERSION',
        'cp           Ready                         control-plane,master   44h   v1.30.0',
        'w-cordoned   Ready,SchedulingDisabled      worker                 44h   v1.30.0',
        'w-lost       NotReady                      <none>                 44h   v1.30.0',
        'w-new        Unknown                       <none>                 44h   v1.30.0',
        'w-sick       NotReady,SchedulingDisabled   <none>                 44h   v1.30.0',
        '',
      ].join('\n'),
    );
    const wide = getTable(store, { kind: 'nodes', wide: true }, 0);
    expect(wide.ok && wide.table?.columns).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(wide.ok && wide.table?.rows[0]!.slice(5)).toEqual(['172.18.0.2', '<none>', 'Ubuntu 22.04.4 LTS', '6.5.0', 'containerd://1.7.13']);
  });

  it('deployments and replicasets (wide: containers, images, selector)', () => {
    const tmpl = { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }, { name: 'log', image: 'busybox' }] } };
    const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('nginx-deployment'), spec: { replicas: 3, selector: { matchLabels: { app: 'nginx' } }, template: tmpl }, status: { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 } };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('nginx-deployment-7c6fb974dd'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'nginx', 'pod-template-hash': '7c6fb974dd' } }, template: tmpl },
      status: { replicas: 3, readyReplicas: 2 },
    };
    const store = fakeStore([d, rs]);
    expect(getTable(store, { kind: 'deploy' }, 18_000).text).toBe('NAME               READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-deployment   2/3     1            2           18s\n');
    expect(getTable(store, { kind: 'rs', wide: true }, 18_000).text).toBe(
      'NAME                          DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES                SELECTOR\n' +
        'nginx-deployment-7c6fb974dd   3         3         2       18s   nginx,log    nginx:1.7.9,busybox   app=nginx,pod-template-hash=7c6fb974dd\n',
    );
  });

  it('O-10/O-13: get pv with empty CLAIM and REASON cells; 1.30 prints VOLUMEATTRIBUTESCLASS <unset>', () => {
    const pv = (phase: string, claimRef?: unknown): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'yh-pv1', creationTimestamp: T(0) },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce', 'ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Recycle', storageClassName: 'nfs', ...(claimRef ? { claimRef } : {}) },
      status: { phase },
    });
    expect(getTable(fakeStore([pv('Available')]), { kind: 'pv' }, 64_000).text).toBe(
      'NAME     CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
        'yh-pv1   1Gi        RWO,RWX        Recycle          Available           nfs            <unset>                          64s\n',
    );
    const bound = getTable(fakeStore([pv('Bound', { namespace: 'default', name: 'yh-pvc' })]), { kind: 'persistentvolumes' }, 64_000);
    expect(bound.ok && bound.table?.rows[0]).toEqual(['yh-pv1', '1Gi', 'RWO,RWX', 'Recycle', 'Bound', 'default/yh-pvc', 'nfs', '<unset>', '', '64s']);
  });

  it('pvc: capacity and modes only once bound; Terminating', () => {
    const pvc = (name: string, volumeName: string | undefined, extra: Record<string, unknown> = {}): KubeObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(name, extra),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs', ...(volumeName ? { volumeName } : {}) },
      status: volumeName ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } : { phase: 'Pending' },
    });
    expect(getTable(fakeStore([pvc('a', 'yh-pv1'), pvc('b', undefined), pvc('c', 'pv-c', { deletionTimestamp: T(1) })]), { kind: 'pvc' }, 120_000).text).toBe(
      [
        'NAME   STATUS        VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'a      Bound         yh-pv1   1Gi        RWO            nfs            <unset>                 2m',
        'b      Pending                                          nfs            <unset>                 2m',
        'c      Terminating   pv-c     1Gi        RWO            nfs            <unset>                 2m',
        '',
      ].join('\n'),
    );
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE', () => {
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('web.17c'),
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff',
      type: 'Warning',
      message: 'Back-off restarting failed container web in pod web_default(uid)\n',
      firstTimestamp: T(10_000),
      lastTimestamp: T(250_000),
      count: 7,
      source: { component: 'kubelet', host: 'node-a' },
    };
    const store = fakeStore([ev]);
    expect(getTable(store, { kind: 'events' }, 300_000).text).toBe(
      'LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n50s         Warning   BackOff   pod/web   Back-off restarting failed container web in pod web_default(uid)\n',
    );
    const wide = getTable(store, { kind: 'ev', wide: true }, 300_000);
    expect(wide.ok && wide.table?.columns).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    expect(wide.ok && wide.table?.rows[0]).toEqual(['50s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{web}', 'kubelet, node-a', 'Back-off restarting failed container web in pod web_default(uid)', '4m50s', '7', 'web.17c']);
  });

  it('jobs (1.30 STATUS column), cronjobs, statefulsets, daemonsets', () => {
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('pi'),
      spec: { completions: 1, parallelism: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: { succeeded: 1, startTime: T(0), completionTime: T(42_000), conditions: [{ type: 'Complete', status: 'True' }] },
    };
    const queue: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('queue'), spec: { parallelism: 3 }, status: { startTime: T(60_000), active: 3 } };
    const cj: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('hello'), spec: { schedule: '*/1 * * * *', suspend: false }, status: { lastScheduleTime: T(240_000), active: [{ name: 'hello-1' }] } };
    const sts: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('web'), spec: { replicas: 3 }, status: { readyReplicas: 1 } };
    const ds: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('fluentd'),
      spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
    };
    const store = fakeStore([job, queue, cj, sts, ds]);
    expect(getTable(store, { kind: 'jobs' }, 300_000).text).toBe('NAME    STATUS     COMPLETIONS   DURATION   AGE\npi      Complete   1/1           42s        5m\nqueue   Running    0/1 of 3      4m         5m\n');
    expect(getTable(store, { kind: 'cj' }, 300_000).text).toBe('NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */1 * * * *   <none>     False     1        60s             5m\n');
    expect(getTable(store, { kind: 'sts' }, 300_000).text).toBe('NAME   READY   AGE\nweb    1/3     5m\n');
    expect(getTable(store, { kind: 'ds' }, 300_000).text).toBe(
      'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\nfluentd   2         2         1       2            1           kubernetes.io/os=linux   5m\n',
    );
  });

  it('configmaps, secrets, namespaces, storage classes, pdbs', () => {
    const store = fakeStore([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ui-config'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: meta('mysecret'), type: 'Opaque', data: { username: 'YWRtaW4=', password: 'MWYyZDFlMmU2N2Rm' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', creationTimestamp: T(0) }, status: { phase: 'Active' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone', creationTimestamp: T(0), deletionTimestamp: T(1) }, status: { phase: 'Terminating' } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', creationTimestamp: T(0), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } },
    ]);
    expect(getTable(store, { kind: 'cm' }, 78 * DAY).text).toBe('NAME        DATA   AGE\nui-config   3      78d\n');
    expect(getTable(store, { kind: 'secrets' }, 78 * DAY).text).toBe('NAME       TYPE     DATA   AGE\nmysecret   Opaque   2      78d\n');
    expect(getTable(store, { kind: 'ns' }, 2 * DAY + 3_600_000).text).toBe('NAME      STATUS        AGE\ndefault   Active        2d1h\ngone      Terminating   2d1h\n');
    expect(getTable(store, { kind: 'sc' }, 0).text).toBe(
      'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  0s\n',
    );
    expect(getTable(store, { kind: 'pdb' }, 0).text).toBe('NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\nweb    2               N/A               1                     0s\n');
  });

  it('-A adds NAMESPACE; -l filters; empty lists say "No resources found"', () => {
    const p = (name: string, namespace: string, labels: Record<string, string>): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels, creationTimestamp: T(0) },
      spec: { containers: [{ name: 'c' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
    });
    const store = fakeStore([p('nginx', 'default', { app: 'nginx' }), p('nginx-701339712-svhwp', 'new-namespace', { app: 'nginx' }), p('db', 'default', { app: 'db' })]);
    expect(getTable(store, { kind: 'pods', allNamespaces: true, selector: 'app=nginx' }, 120_000).text).toBe(
      'NAMESPACE       NAME                    READY   STATUS    RESTARTS   AGE\ndefault         nginx                   1/1     Running   0          2m\nnew-namespace   nginx-701339712-svhwp   1/1     Running   0          2m\n',
    );
    expect(getTable(store, { kind: 'po', namespace: 'other' }, 0).text).toBe('No resources found in other namespace.\n');
    expect(getTable(store, { kind: 'pv' }, 0).text).toBe('No resources found\n');
    expect(getTable(store, { kind: 'po', allNamespaces: true, selector: 'app=none' }, 0).text).toBe('No resources found\n');
    expect(getTable(store, { kind: 'widgets' }, 0)).toEqual({ ok: false, text: 'error: the server doesn\'t have a resource type "widgets"' });
  });
});

describe('getTables (kubectl get pods,svc / get all)', () => {
  const store = fakeStore([
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('web-1'), spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'), spec: { replicas: 1 }, status: {} },
  ]);
  it('prefixes names with the kind, one table per non-empty kind, blank line between', () => {
    expect(getTables(store, { kind: 'all' }, 30_000).text).toBe(
      'NAME        READY   STATUS    RESTARTS   AGE\npod/web-1   0/1     Pending   0          30s\n\nNAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   0/1     0            0           30s\n',
    );
    expect(getTables(store, { kind: 'svc,cm' }, 0).text).toBe('No resources found in default namespace.\n');
    expect(getTables(store, { kind: 'po' }, 0).text).toBe('NAME    READY   STATUS    RESTARTS   AGE\nweb-1   0/1     Pending   0          0s\n');
  });
});
