import { describe, expect, it } from 'vitest';
import { admit, applyDefaults } from '../../../src/api/admission/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { createCtx, deployment, pod, settings } from './helpers.js';

const d = (o: unknown): KubeObject => applyDefaults(o as KubeObject, settings);

describe('Pod defaults (SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container, plugins)', () => {
  const p = admit(
    pod({
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ports: [{ containerPort: 80 }],
          livenessProbe: { httpGet: { port: 80 } },
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
        },
        { name: 'side', image: 'busybox:1.36' },
      ],
    }),
    createCtx(),
  );
  const spec = p.spec;

  it('pod-level fields', () => {
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.securityContext).toEqual({});
    expect(spec.enableServiceLinks).toBe(true);
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    expect(spec.priority).toBe(0);
    expect(spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('DefaultTolerationSeconds adds not-ready and unreachable tolerations', () => {
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const custom = admit(pod(), { ...createCtx(), settings: { ...settings, defaultTolerationSeconds: 60 } });
    expect(custom.spec.tolerations.map((t: { tolerationSeconds: number }) => t.tolerationSeconds)).toEqual([60, 60]);
    const own = admit(pod({ tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }), createCtx());
    expect(own.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    // An empty key with an empty effect tolerates everything: nothing added.
    expect(admit(pod({ tolerations: [{ operator: 'Exists' }] }), createCtx()).spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('container fields', () => {
    const [c, side] = spec.containers;
    expect(c.imagePullPolicy).toBe('Always'); // no tag means :latest
    expect(side.imagePullPolicy).toBe('IfNotPresent');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(c.terminationMessagePolicy).toBe('File');
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
  });

  it('status: Pending with the QoS class', () => {
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Burstable' });
    expect(admit(pod(), createCtx()).status.qosClass).toBe('BestEffort');
  });

  it('image pull policy by tag', () => {
    const pol = (image: string) => d(pod({ containers: [{ name: 'c', image }] })).spec.containers[0].imagePullPolicy;
    expect(pol('nginx:latest')).toBe('Always');
    expect(pol('localhost:5000/nginx')).toBe('Always');
    expect(pol('localhost:5000/nginx:1.2')).toBe('IfNotPresent');
    expect(pol('nginx@sha256:abcd')).toBe('IfNotPresent');
  });

  it('volumes without a source become emptyDir; configMap/secret defaultMode 420; hostPath type ""', () => {
    const v = d(pod({ volumes: [{ name: 'a' }, { name: 'b', configMap: { name: 'c' } }, { name: 'c', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/x' } }] })).spec.volumes;
    expect(v).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'c', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/x', type: '' } },
    ]);
  });
});

describe('workload defaults', () => {
  it('Deployment', () => {
    const s = d(deployment()).spec;
    expect(s.replicas).toBe(1);
    expect(s.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(s.revisionHistoryLimit).toBe(10);
    expect(s.progressDeadlineSeconds).toBe(600);
    expect(s.minReadySeconds).toBeUndefined();
    // Templates get PodSpec defaults but not the Pod-only ones.
    expect(s.template.spec.restartPolicy).toBe('Always');
    expect(s.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(s.template.spec.enableServiceLinks).toBeUndefined();
    expect(s.template.spec.tolerations).toBeUndefined();
    expect(s.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(d(deployment({ strategy: { type: 'Recreate' } })).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet', () => {
    expect(d({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: {} }).spec.replicas).toBe(1);
  });

  it('StatefulSet', () => {
    const s = d({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
    }).spec;
    expect(s.podManagementPolicy).toBe('OrderedReady');
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(s.revisionHistoryLimit).toBe(10);
    expect(s.replicas).toBe(1);
    expect(s.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(s.volumeClaimTemplates[0].spec.volumeMode).toBe('Filesystem');
    expect(s.volumeClaimTemplates[0].status).toEqual({ phase: 'Pending' });
  });

  it('StatefulSet rollingUpdate.maxUnavailable is dropped (MaxUnavailableStatefulSet is alpha, off in 1.30)', () => {
    const s = d({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 3 } } } }).spec;
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  });

  it('DaemonSet', () => {
    const s = d({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: {} }).spec;
    expect(s.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(s.revisionHistoryLimit).toBe(10);
  });

  it('Job', () => {
    const job = d({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { metadata: { labels: { app: 'pi' } }, spec: {} } } });
    expect(job.spec).toMatchObject({ parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(job.metadata.labels).toEqual({ app: 'pi' });
    const par = d({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { parallelism: 3 } });
    expect(par.spec.completions).toBeUndefined();
    expect(par.spec.parallelism).toBe(3);
  });

  it('CronJob', () => {
    const s = d({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: {} } } } } }).spec;
    expect(s).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    // The job template's JobSpec is not defaulted, its pod template is.
    expect(s.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(s.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });
});

describe('core and storage defaults', () => {
  it('Service', () => {
    const s = d({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: 443, targetPort: 8443 }] } }).spec;
    expect(s).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' });
    expect(s.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80 },
      { port: 443, targetPort: 8443, protocol: 'TCP' },
    ]);
    expect(s.externalTrafficPolicy).toBeUndefined();
    const np = d({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }).spec;
    expect(np.externalTrafficPolicy).toBe('Cluster');
    const lb = d({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } }).spec;
    expect(lb.allocateLoadBalancerNodePorts).toBe(true);
  });

  it('PersistentVolume and PersistentVolumeClaim', () => {
    const pv = d({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { hostPath: { path: '/d' } } });
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem', hostPath: { path: '/d', type: '' } });
    expect(pv.status).toEqual({ phase: 'Pending' });
    const pvc = d({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} });
    expect(pvc.spec.volumeMode).toBe('Filesystem');
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  it('StorageClass, Namespace, Secret, PriorityClass, Node, LimitRange, Endpoints', () => {
    expect(d({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs' }, provisioner: 'x' })).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    const ns = d({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'team' });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(d({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }).type).toBe('Opaque');
    expect(d({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'hi' }, value: 10 }).preemptionPolicy).toBe('PreemptLowerPriority');
    expect(d({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { capacity: { cpu: '2' } } }).status.allocatable).toEqual({ cpu: '2' });
    const lr = d({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } }] } });
    expect(lr.spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '1Mi' } });
    const ep = d({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] });
    expect(ep.subsets[0].ports).toEqual([{ port: 80, protocol: 'TCP' }]);
  });

  it('Secret stringData is converted into base64 data on admission', () => {
    const s = admit({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: 'eA==' }, stringData: { b: 'hello' } } as KubeObject, createCtx());
    expect(s.data).toEqual({ a: 'eA==', b: 'aGVsbG8=' });
    expect(s.stringData).toBeUndefined();
  });
});
