import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../../src/api/time.js';
import { describeObject } from '../../../src/printers/describe/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { fakeStore } from '../../scenario/fake-store.js';

// The seed catalogs' documented `kubectl describe` outputs (seed-000 §2, seed-001-002 §B2),
// reproduced in kubectl 1.30's form. Where 1.30 differs from the (older) kubectl of the seed,
// the test says how; the lines the two share are byte-identical.

const T = toTimestamp;
const DAY = 86_400_000;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const lines = (...l: string[]) => [...l, ''].join('\n');

const dnsLabels = {
  'addonmanager.kubernetes.io/mode': 'Reconcile',
  'k8s-app': 'kube-dns',
  'kubernetes.io/cluster-service': 'true',
  'kubernetes.io/name': 'CoreDNS',
};
const kubeDns: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'kube-dns',
    namespace: 'kube-system',
    uid: 'svc-uid',
    creationTimestamp: T(0),
    labels: dnsLabels,
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n', 'prometheus.io/scrape': 'true' },
  },
  spec: {
    clusterIP: '10.187.0.2',
    clusterIPs: ['10.187.0.2'],
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
    ],
    selector: { 'k8s-app': 'kube-dns' },
    sessionAffinity: 'None',
    type: 'ClusterIP',
  },
};
const kubeDnsEp: KubeObject = {
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'kube-dns', namespace: 'kube-system', uid: 'ep-uid', creationTimestamp: T(0), labels: dnsLabels },
  subsets: [
    {
      addresses: [{ ip: '10.186.0.2' }, { ip: '10.186.0.3' }],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
  ],
};

describe('seed-000 documented describe outputs', () => {
  it('O-04: describe svc kube-dns (1.30 adds the IP family lines, TargetPort and Internal Traffic Policy, and hides last-applied-configuration)', () => {
    const r = describeObject(fakeStore([kubeDns, kubeDnsEp]), 'svc', 'kube-system', 'kube-dns', 19 * DAY);
    expect(r.text).toBe(
      lines(
        'Name:                     kube-dns',
        'Namespace:                kube-system',
        'Labels:                   addonmanager.kubernetes.io/mode=Reconcile',
        '                          k8s-app=kube-dns',
        '                          kubernetes.io/cluster-service=true',
        '                          kubernetes.io/name=CoreDNS',
        'Annotations:              prometheus.io/scrape: true',
        'Selector:                 k8s-app=kube-dns',
        'Type:                     ClusterIP',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.187.0.2',
        'IPs:                      10.187.0.2',
        'Port:                     dns  53/UDP',
        'TargetPort:               53/UDP',
        'Endpoints:                10.186.0.2:53,10.186.0.3:53',
        'Port:                     dns-tcp  53/TCP',
        'TargetPort:               53/TCP',
        'Endpoints:                10.186.0.2:53,10.186.0.3:53',
        'Session Affinity:         None',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
      ),
    );
  });

  it('O-04: a long annotation is cut at 138 characters with "..." on its own indented line (the seed\'s last-applied line, as older kubectl printed it)', () => {
    const long = `{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{"prometheus.io/scrape":"true"},"labels":{"addonmanager.kubernetes.io/mode":"Reconcile"}}}`;
    const svc = { ...kubeDns, metadata: { ...kubeDns.metadata, annotations: { 'example.com/applied': long, 'prometheus.io/scrape': 'true' } } };
    const text = describeObject(fakeStore([svc, kubeDnsEp]), 'svc', 'kube-system', 'kube-dns', 0).text;
    expect(text).toContain(
      lines(
        'Annotations:              example.com/applied:',
        `                            ${long.slice(0, 138)}...`,
        '                          prometheus.io/scrape: true',
      ),
    );
  });

  it('O-06: describe endpoints kube-dns is byte-identical to the seed', () => {
    const r = describeObject(fakeStore([kubeDns, kubeDnsEp]), 'endpoints', 'kube-system', 'kube-dns', 19 * DAY);
    expect(r.text).toBe(
      lines(
        'Name:         kube-dns',
        'Namespace:    kube-system',
        'Labels:       addonmanager.kubernetes.io/mode=Reconcile',
        '              k8s-app=kube-dns',
        '              kubernetes.io/cluster-service=true',
        '              kubernetes.io/name=CoreDNS',
        'Annotations:  <none>',
        'Subsets:',
        '  Addresses:          10.186.0.2,10.186.0.3',
        '  NotReadyAddresses:  <none>',
        '  Ports:',
        '    Name     Port  Protocol',
        '    ----     ----  --------',
        '    dns      53    UDP',
        '    dns-tcp  53    TCP',
        '',
        'Events:  <none>',
      ),
    );
  });

  const JWT =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJkZWZhdWx0In0.BwmbZKoM95hTr39BuZhinRT_vHF-typH4anjkL0HQxdVZEt';
  const sa: KubeObject = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'yaohong', namespace: 'default', uid: 'a3d0d2fe-bb43-11e9-ac1e-005056870b4d', creationTimestamp: T(0) },
    secrets: [{ name: 'yaohong-token-qhbxn' }],
  };
  const token: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'yaohong-token-qhbxn',
      namespace: 'default',
      uid: 'tok',
      creationTimestamp: T(0),
      annotations: { 'kubernetes.io/service-account.name': 'yaohong', 'kubernetes.io/service-account.uid': 'a3d0d2fe-bb43-11e9-ac1e-005056870b4d' },
    },
    type: 'kubernetes.io/service-account-token',
    data: { 'ca.crt': b64(Buffer.alloc(1342, 7)), namespace: b64('default'), token: b64(JWT) },
  };

  it('O-25: describe sa yaohong (legacy token Secret listed under Mountable secrets and Tokens)', () => {
    expect(describeObject(fakeStore([sa, token]), 'sa', undefined, 'yaohong', 0).text).toBe(
      lines(
        'Name:                yaohong',
        'Namespace:           default',
        'Labels:              <none>',
        'Annotations:         <none>',
        'Image pull secrets:  <none>',
        'Mountable secrets:   yaohong-token-qhbxn',
        'Tokens:              yaohong-token-qhbxn',
        'Events:              <none>',
      ),
    );
  });

  it('describe sa: a referenced Secret that does not exist is marked "(not found)"; several names stack under the header', () => {
    const sa2 = { ...sa, secrets: [{ name: 'gone' }, { name: 'yaohong-token-qhbxn' }], imagePullSecrets: [{ name: 'regcred' }] };
    expect(describeObject(fakeStore([sa2, token]), 'serviceaccount', 'default', 'yaohong', 0).text).toContain(
      lines('Image pull secrets:  regcred (not found)', 'Mountable secrets:   gone (not found)', '                     yaohong-token-qhbxn', 'Tokens:              yaohong-token-qhbxn'),
    );
  });

  it('O-26: describe secret yaohong-token-qhbxn: byte counts, the token in full, keys sorted (the seed\'s order here)', () => {
    expect(describeObject(fakeStore([sa, token]), 'secret', 'default', 'yaohong-token-qhbxn', 0).text).toBe(
      lines(
        'Name:         yaohong-token-qhbxn',
        'Namespace:    default',
        'Labels:       <none>',
        'Annotations:  kubernetes.io/service-account.name: yaohong',
        '              kubernetes.io/service-account.uid: a3d0d2fe-bb43-11e9-ac1e-005056870b4d',
        '',
        'Type:  kubernetes.io/service-account-token',
        '',
        'Data',
        '====',
        'ca.crt:     1342 bytes',
        'namespace:  7 bytes',
        `token:      ${JWT}`,
      ),
    );
  });
});

describe('seed-002 documented describe outputs (kubectl 1.5 printed TAB-padded text; 1.30 pads with spaces)', () => {
  const ns = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: `ns-${name}`, creationTimestamp: T(0), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  const limits: KubeObject = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'limits', namespace: 'new-namespace', uid: 'lr', creationTimestamp: T(0) },
    spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } }] },
  };

  it('G2-17: describe namespace without quota or limits (1.30: "No LimitRange resource.")', () => {
    expect(describeObject(fakeStore([ns('new-namespace')]), 'namespaces', undefined, 'new-namespace', 0).text).toBe(
      lines('Name:         new-namespace', 'Labels:       kubernetes.io/metadata.name=new-namespace', 'Annotations:  <none>', 'Status:       Active', '', 'No resource quota.', '', 'No LimitRange resource.'),
    );
  });

  it('G2-21: describe namespace with the LimitRange: the Resource Limits table, unset cells "-"', () => {
    expect(describeObject(fakeStore([ns('new-namespace'), limits]), 'ns', undefined, 'new-namespace', 60_000).text).toBe(
      lines(
        'Name:         new-namespace',
        'Labels:       kubernetes.io/metadata.name=new-namespace',
        'Annotations:  <none>',
        'Status:       Active',
        '',
        'No resource quota.',
        '',
        'Resource Limits',
        ' Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio',
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------',
        ' Container  memory    -    -    256Mi            512Mi          -',
      ),
    );
  });

  it('describe namespace with a ResourceQuota: Resource Quotas table, resources sorted', () => {
    const quota: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'new-namespace', uid: 'q', creationTimestamp: T(0) },
      spec: { hard: { pods: '10', 'requests.cpu': '2' } },
      status: { hard: { pods: '10', 'requests.cpu': '2' }, used: { pods: '3', 'requests.cpu': '300m' } },
    };
    expect(describeObject(fakeStore([ns('new-namespace'), quota]), 'ns', undefined, 'new-namespace', 0).text).toContain(
      lines('Resource Quotas', '  Name:         q', '  Resource      Used  Hard', '  --------      ---   ---', '  pods          3     10', '  requests.cpu  300m  2', '', 'No LimitRange resource.'),
    );
  });

  it('describe limitrange limits and describe quota: the same tables on their own', () => {
    const lr = { ...limits, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { memory: '512Mi', cpu: '500m' }, defaultRequest: { memory: '256Mi' }, maxLimitRequestRatio: { cpu: '4' } }] } };
    expect(describeObject(fakeStore([lr]), 'limits', 'new-namespace', 'limits', 0).text).toBe(
      lines(
        'Name:       limits',
        'Namespace:  new-namespace',
        // Name:/Namespace: share the first column with the table, so "Namespace:" sets its width.
        'Type        Resource  Min   Max  Default Request  Default Limit  Max Limit/Request Ratio',
        '----        --------  ---   ---  ---------------  -------------  -----------------------',
        'Container   cpu       100m  2    -                500m           4',
        'Container   memory    -     -    256Mi            512Mi          -',
      ),
    );
    const quota: KubeObject = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: 'new-namespace', uid: 'q', creationTimestamp: T(0) },
      spec: { hard: { pods: '10', 'limits.memory': '2Gi' } },
      status: { hard: { pods: '10', 'limits.memory': '2Gi' }, used: { pods: '1', 'limits.memory': '512Mi' } },
    };
    expect(describeObject(fakeStore([quota]), 'quota', 'new-namespace', 'compute', 0).text).toBe(
      lines('Name:          compute', 'Namespace:     new-namespace', 'Resource       Used   Hard', '--------       ----   ----', 'limits.memory  512Mi  2Gi', 'pods           1      10'),
    );
  });

  const nginxPods = ['192.168.96.18', '192.168.96.19', '192.168.96.20', '192.168.96.21', '192.168.96.22'];
  const nodePortSvc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'service-nodeport', namespace: 'default', uid: 'np', creationTimestamp: T(0), labels: { app: 'nginx' } },
    spec: {
      clusterIP: '192.168.26.26',
      clusterIPs: ['192.168.26.26'],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ nodePort: 31293, port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'nginx' },
      sessionAffinity: 'None',
      type: 'NodePort',
    },
  };
  const epFor = (ips: string[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'service-nodeport', namespace: 'default', uid: 'npep', creationTimestamp: T(0), labels: { app: 'nginx' } },
    subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ port: 80, protocol: 'TCP' }] }],
  });

  it('G2-43: describe svc service-nodeport (1.30 adds TargetPort, the IP family and traffic policy lines)', () => {
    expect(describeObject(fakeStore([nodePortSvc, epFor(nginxPods.slice(0, 3))]), 'svc', undefined, 'service-nodeport', 0).text).toBe(
      lines(
        'Name:                     service-nodeport',
        'Namespace:                default',
        'Labels:                   app=nginx',
        'Annotations:              <none>',
        'Selector:                 app=nginx',
        'Type:                     NodePort',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       192.168.26.26',
        'IPs:                      192.168.26.26',
        'Port:                     <unset>  80/TCP',
        'TargetPort:               80/TCP',
        'NodePort:                 <unset>  31293/TCP',
        'Endpoints:                192.168.96.18:80,192.168.96.19:80,192.168.96.20:80',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
      ),
    );
  });

  it('S2 scenario: after scaling to 5 the Endpoints line shows 3 addresses, then "+ 2 more..."; no Endpoints object is <none>', () => {
    expect(describeObject(fakeStore([nodePortSvc, epFor(nginxPods)]), 'svc', undefined, 'service-nodeport', 0).text).toContain(
      'Endpoints:                192.168.96.18:80,192.168.96.19:80,192.168.96.20:80 + 2 more...\n',
    );
    expect(describeObject(fakeStore([nodePortSvc]), 'svc', undefined, 'service-nodeport', 0).text).toContain('Endpoints:                <none>\n');
  });

  it('G2-49: describe secrets mysecret shows byte lengths only, keys sorted', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mysecret', namespace: 'default', uid: 's', creationTimestamp: T(0) },
      type: 'Opaque',
      data: { username: b64('admin'), password: b64('1f2d1e2e67df') },
    };
    expect(describeObject(fakeStore([secret]), 'secrets', undefined, 'mysecret', 0).text).toBe(
      lines('Name:         mysecret', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====', 'password:  12 bytes', 'username:  5 bytes'),
    );
  });
});

describe('seed-003 documented describe outputs', () => {
  it('O3-05: the legacy service-account token Secret volume and its mount (the seed\'s excerpt, aligned as kubectl aligns it)', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx-deployment-5c678cfb6d-lg9lw', namespace: 'default', uid: 'u', creationTimestamp: T(0) },
      spec: {
        containers: [{ name: 'nginx', image: 'nginx:1.7.9', volumeMounts: [{ name: 'default-token-s8rbq', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
        volumes: [{ name: 'default-token-s8rbq', secret: { secretName: 'default-token-s8rbq', defaultMode: 420 } }],
      },
      status: { phase: 'Pending' },
    };
    const text = describeObject(fakeStore([pod]), 'pod', 'default', 'nginx-deployment-5c678cfb6d-lg9lw', 0).text;
    expect(text).toContain(
      lines(
        '    Mounts:',
        '      /var/run/secrets/kubernetes.io/serviceaccount from default-token-s8rbq (ro)',
        'Volumes:',
        '  default-token-s8rbq:',
        '    Type:        Secret (a volume populated by a Secret)',
        '    SecretName:  default-token-s8rbq',
        '    Optional:    false',
      ),
    );
  });
});
