import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../../src/api/time.js';
import { describeObject } from '../../../src/printers/describe/index.js';
import { rfc1123z } from '../../../src/printers/describe/describe-format.js';
import { describeProbe } from '../../../src/printers/describe/pod-template.js';
import type { KubeObject } from '../../../src/store/types.js';
import { fakeStore } from '../../scenario/fake-store.js';

const T = toTimestamp;

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'p',
    namespace: 'default',
    uid: 'p-uid',
    creationTimestamp: T(0),
    deletionTimestamp: T(30_000),
    deletionGracePeriodSeconds: 30,
    labels: { app: 'a' },
    annotations: { note: 'x' },
  },
  spec: {
    nodeName: 'node-a',
    serviceAccountName: 'default',
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo hi\necho bye'] }],
    containers: [
      {
        name: 'app',
        image: 'app:v1',
        args: ['--port=8080'],
        ports: [
          { containerPort: 8080, name: 'http', protocol: 'TCP' },
          { containerPort: 9090, protocol: 'UDP', hostPort: 9090 },
        ],
        resources: { limits: { memory: '256Mi' }, requests: { memory: '128Mi', cpu: '250m' } },
        livenessProbe: { exec: { command: ['cat', '/tmp/ok'] }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        startupProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 30 },
        envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'sec', optional: true }, prefix: 'S_' }],
        env: [
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          { name: 'MULTI', value: 'a\nb' },
        ],
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'cfg', mountPath: '/etc/cfg/app.conf', readOnly: true, subPath: 'app.conf' },
        ],
      },
    ],
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'sec', secret: { secretName: 'sec', optional: true } },
      {
        name: 'kube-api-access-abcde',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
    nodeSelector: { disktype: 'ssd' },
    tolerations: [{ operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } } }],
  },
  status: { phase: 'Running', hostIP: '10.0.0.1', qosClass: 'Burstable' },
};

describe('describe pod: the less common parts (describe.go describePod and its helpers)', () => {
  const text = describeObject(fakeStore([pod]), 'pod', 'default', 'p', 10_000).text;

  it('a pod inside its grace period is "Terminating (lasts <invalid>)": deletionTimestamp is in the future', () => {
    expect(text).toContain('Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\nIP:                        \nIPs:                       <none>\n');
  });

  it('init containers first; command lines split at newlines; several ports as Ports/Host Ports', () => {
    expect(text).toContain('Init Containers:\n  init:\n    Image:      busybox\n    Port:       <none>\n    Host Port:  <none>\n    Command:\n      sh\n      -c\n      echo hi\n      echo bye\n');
    expect(text).toContain('    Image:       app:v1\n    Ports:       8080/TCP (http), 9090/UDP\n    Host Ports:  0/TCP (http), 9090/UDP\n    Args:\n      --port=8080\n');
  });

  it('resources, probes, envFrom, env from secrets/config maps/resources/fields, mounts sorted by path', () => {
    expect(text).toContain(
      [
        '    Limits:',
        '      memory:  256Mi',
        '    Requests:',
        '      cpu:     250m',
        '      memory:  128Mi',
        '    Liveness:  exec [cat /tmp/ok] delay=5s timeout=1s period=10s #success=1 #failure=3',
        '    Startup:   tcp-socket :8080 delay=0s timeout=1s period=5s #success=1 #failure=30',
        '    Environment Variables from:',
        "      cfg  ConfigMap                Optional: false",
        "      sec  Secret with prefix 'S_'  Optional: true",
        '    Environment:',
        "      PASS:   <set to the key 'password' in secret 'sec'>  Optional: false",
        "      MODE:   <set to the key 'mode' of config map 'cfg'>  Optional: true",
        '      MEM:    268435456 (limits.memory)',
        '      CPU:    node allocatable (limits.cpu)',
        '      NODE:   node-a (v1:spec.nodeName)',
        '      MULTI:  a',
        '              b',
        '    Mounts:',
        '      /data from data (rw)',
        '      /etc/cfg/app.conf from cfg (ro,path="app.conf")',
        'Volumes:',
        '',
      ].join('\n'),
    );
  });

  it('volumes: emptyDir, configMap, secret, and the projected service-account volume as 1.30 prints it', () => {
    expect(text).toContain(
      [
        'Volumes:',
        '  data:',
        '    Type:       EmptyDir (a temporary directory that shares a pod\'s lifetime)',
        '    Medium:     ',
        '    SizeLimit:  <unset>',
        '  cfg:',
        '    Type:      ConfigMap (a volume populated by a ConfigMap)',
        '    Name:      cfg',
        '    Optional:  false',
        '  sec:',
        '    Type:        Secret (a volume populated by a Secret)',
        '    SecretName:  sec',
        '    Optional:    true',
        // One column block down to Events: the longest label, Topology Spread Constraints:, sets it.
        '  kube-api-access-abcde:',
        '    Type:                     Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:   3607',
        '    ConfigMapName:            kube-root-ca.crt',
        '    ConfigMapOptional:        <nil>',
        '    DownwardAPI:              true',
        'QoS Class:                    Burstable',
        'Node-Selectors:               disktype=ssd',
        'Tolerations:                  op=Exists',
        '                              dedicated=db:NoSchedule',
        'Topology Spread Constraints:  zone:DoNotSchedule when max skew 1 is exceeded for selector app=a',
        'Events:                       <none>',
        '',
      ].join('\n'),
    );
  });

  it('probes: http-get URL forms, grpc', () => {
    expect(describeProbe({ httpGet: { path: 'healthz', port: 'http', scheme: 'HTTPS', host: '10.0.0.9' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 })).toBe(
      'http-get https://10.0.0.9:http/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(describeProbe({ grpc: { port: 9000, service: 'health' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 })).toBe('grpc <pod>:9000 health delay=0s timeout=1s period=10s #success=1 #failure=3');
  });

  it('annotation length is measured in UTF-8 bytes, as Go len(): 61 "é" (122 bytes) + an 18-byte key + 2 > 140 go multi-line', () => {
    const p2 = { ...pod, metadata: { ...pod.metadata, annotations: { 'example.com/accent': 'é'.repeat(61), 'example.com/ascii': 'e'.repeat(60) } } };
    const t = describeObject(fakeStore([p2]), 'pod', 'default', 'p', 10_000).text;
    expect(t).toContain(`Annotations:               example.com/accent:\n                             ${'é'.repeat(61)}\n                           example.com/ascii: ${'e'.repeat(60)}\n`);
  });

  it('RFC1123Z times on the model clock (UTC), including the weekday', () => {
    expect(rfc1123z(T(0))).toBe('Wed, 17 Apr 2024 00:00:00 +0000');
    expect(rfc1123z(T((4 * 86400 + 3723) * 1000))).toBe('Sun, 21 Apr 2024 01:02:03 +0000');
    expect(rfc1123z('2025-01-01T00:00:00Z')).toBe('Wed, 01 Jan 2025 00:00:00 +0000');
  });
});
