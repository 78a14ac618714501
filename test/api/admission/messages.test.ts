import { describe, expect, it } from 'vitest';
import { admit, kubectlInvalidMessage } from '../../../src/api/admission/index.js';
import { createCtx, deployment, pod, rejection, updateCtx } from './helpers.js';

const RFC1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('Invalid (422) messages, worded as errors.NewInvalid', () => {
  it('negative replicas: server form and kubectl form', () => {
    const e = rejection(deployment({ replicas: -1 }));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(kubectlInvalidMessage(e)).toBe('The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(e.causes).toEqual([
      { field: 'spec.replicas', type: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', path: ['spec', 'replicas'] },
    ]);
  });

  it('kubectl prints other errors as `Error from server (Reason): message`', () => {
    const e = rejection(deployment({ replcas: 3 }));
    expect(kubectlInvalidMessage(e)).toBe(
      'Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replcas"',
    );
  });

  it('duplicate messages are dropped from the aggregate', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { a: 'x'.repeat(64), b: 'x'.repeat(64) } } });
    expect(e.causes).toHaveLength(2);
    expect(e.message).toBe(`ConfigMap "c" is invalid: metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`);
  });

  it('several errors use the aggregate [a, b] form', () => {
    const e = rejection(pod({ restartPolicy: 'Sometimes', containers: [{ name: 'app', image: '' }] }));
    expect(e.message).toBe(
      'Pod "p" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
    expect(kubectlInvalidMessage(e)).toBe(
      'The Pod "p" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
  });

  it('PersistentVolume names are DNS-1123 subdomains', () => {
    const e = rejection({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'yh_pv1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Recycle', nfs: { server: 'nfs', path: '/data' } },
    });
    expect(e.message).toBe(`PersistentVolume "yh_pv1" is invalid: metadata.name: Invalid value: "yh_pv1": ${RFC1123_SUBDOMAIN}`);
  });

  it('Service names are DNS-1035 labels', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    expect(e.message).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('Namespace names are DNS-1123 labels (no dots)', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } });
    expect(e.message).toBe('Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots');
  });

  it('StatefulSet names are DNS-1123 labels since 1.27', () => {
    const e = rejection({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db.v1', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } } },
    });
    expect(e.message).toBe('StatefulSet.apps "db.v1" is invalid: metadata.name: Invalid value: "db.v1": must not contain dots');
  });

  it('missing name', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default' } });
    expect(e.message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('label value too long', () => {
    const v = 'a'.repeat(64);
    const e = rejection({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { note: v } } });
    expect(e.message).toBe(`ConfigMap "c" is invalid: metadata.labels: Invalid value: "${v}": must be no more than 63 characters`);
    expect(e.causes[0]).toMatchObject({ field: 'metadata.labels', path: ['metadata', 'labels', 'note'] });
  });
});

describe('Deployment rules (pkg/apis/apps/validation)', () => {
  // K8s 1.30's field.ErrorBody prints an IntOrString value with %#v (its String() has a pointer receiver).
  it('maxSurge and maxUnavailable both 0', () => {
    const e = rejection(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }));
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    );
  });

  it('both 0% (percent forms)', () => {
    const e = rejection(deployment({ strategy: { rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } } }));
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    );
  });

  it('an invalid percent and more than 100%', () => {
    const e = rejection(deployment({ strategy: { rollingUpdate: { maxSurge: '5', maxUnavailable: '150%' } } }));
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: [spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"5"}: a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\'), spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%]',
    );
  });

  it('selector does not match the template labels', () => {
    const e = rejection(deployment({ selector: { matchLabels: { app: 'x' } } }));
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it('selector is required; an empty one is invalid', () => {
    // A nil selector converts to labels.Nothing(), which matches no template either (upstream reports both).
    expect(rejection(deployment({ selector: undefined })).message).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
    expect(rejection(deployment({ selector: {} })).message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('a missing template is the defaulted zero template', () => {
    expect(rejection(deployment({ template: undefined })).message).toBe(
      'Deployment.apps "web" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`, spec.template.spec.containers: Required value]',
    );
  });

  it('template restartPolicy must be Always', () => {
    const d = deployment();
    d.spec.template.spec.restartPolicy = 'Never';
    expect(rejection(d).message).toBe('Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  });

  it('progressDeadlineSeconds must exceed minReadySeconds', () => {
    expect(rejection(deployment({ minReadySeconds: 600 })).message).toBe(
      'Deployment.apps "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    );
  });

  it('the selector is immutable on update', () => {
    const d = admit(deployment(), createCtx());
    const changed = {
      ...d,
      spec: { ...d.spec, selector: { matchLabels: { app: 'web2' } }, template: { ...d.spec.template, metadata: { labels: { app: 'web2' } } } },
    };
    const e = rejection(changed, updateCtx(d));
    expect(e.message).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    expect(kubectlInvalidMessage(e)).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('scaling on update is fine', () => {
    const d = admit(deployment(), createCtx());
    expect(admit({ ...d, spec: { ...d.spec, replicas: 5 } }, updateCtx(d)).spec.replicas).toBe(5);
  });
});

describe('other workloads', () => {
  const tpl = (restartPolicy?: string) => ({
    metadata: { labels: { app: 'x' } },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...(restartPolicy ? { restartPolicy } : {}) },
  });

  it('ReplicaSet template restartPolicy', () => {
    const e = rejection({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl('OnFailure') } });
    expect(e.message).toBe('ReplicaSet.apps "rs" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  });

  it('Job restartPolicy must be OnFailure or Never', () => {
    const e = rejection({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default' }, spec: { template: tpl() } });
    expect(e.message).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('StatefulSet spec changes outside the allowed fields are forbidden', () => {
    const sts = admit(
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'x' } }, template: tpl() } },
      createCtx(),
    );
    const e = rejection({ ...sts, spec: { ...sts.spec, serviceName: 'other' } }, updateCtx(sts));
    expect(e.message).toBe(
      "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('CronJob names longer than 52 characters', () => {
    const name = 'c'.repeat(53);
    const e = rejection({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'default' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: tpl('Never') } } },
    });
    expect(e.message).toBe(`CronJob.batch "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 52 characters`);
  });

  it('DaemonSet surge and unavailable both 0', () => {
    const e = rejection({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ds', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: tpl(), updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } },
    });
    expect(e.message).toBe('DaemonSet.apps "ds" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0');
  });
});

describe('Pod rules (pkg/apis/core/validation)', () => {
  it('requests above limits', () => {
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }] }));
    expect(e.message).toBe('Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1');
  });

  it('liveness and startup probes need successThreshold 1', () => {
    const probe = { tcpSocket: { port: 80 }, successThreshold: 2 };
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', livenessProbe: probe, startupProbe: probe, readinessProbe: probe }] }));
    expect(e.message).toBe(
      'Pod "p" is invalid: [spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1, spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1]',
    );
  });

  it('containers are required, names unique, images required', () => {
    expect(rejection(pod({ containers: [] })).message).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(rejection(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] })).message).toBe(
      'Pod "p" is invalid: spec.containers[1].name: Duplicate value: "a"',
    );
  });

  it('volume mounts must name a volume', () => {
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }] }] }));
    expect(e.message).toBe('Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "html"');
  });

  it('an unsupported imagePullPolicy', () => {
    const e = rejection(pod({ containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Sometimes' }] }));
    expect(e.message).toBe('Pod "p" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"');
  });

  it('pod spec is immutable except images and a few fields', () => {
    const p = admit(pod(), createCtx());
    expect(admit({ ...p, spec: { ...p.spec, containers: [{ ...p.spec.containers[0], image: 'nginx:1.26' }] } }, updateCtx(p)).spec.containers[0].image).toBe('nginx:1.26');
    const e = rejection({ ...p, spec: { ...p.spec, restartPolicy: 'Never' } }, updateCtx(p));
    expect(e.message).toBe(
      'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });
});

describe('Service, storage, ConfigMap, Secret', () => {
  const svc = (spec: Record<string, unknown>, name = 'web') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

  it('clusterIP None only for ClusterIP services', () => {
    const e = rejection(svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }));
    expect(e.message).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services');
  });

  it('ExternalName needs externalName', () => {
    expect(rejection(svc({ type: 'ExternalName' })).message).toBe('Service "web" is invalid: spec.externalName: Required value');
  });

  it('nodePort outside the range (allocator)', () => {
    expect(rejection(svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 3012 }] })).message).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 3012: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('nodePort on a ClusterIP service', () => {
    expect(rejection(svc({ ports: [{ port: 80, nodePort: 30080 }] })).message).toBe(
      "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  it('clusterIP may not change', () => {
    const s = admit(svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] }), createCtx());
    const e = rejection({ ...s, spec: { ...s.spec, clusterIP: '10.96.0.11' } }, updateCtx(s));
    expect(e.message).toBe('Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set');
  });

  it('PV needs capacity, access modes and one volume source', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: {} });
    expect(e.message).toBe(
      'PersistentVolume "pv" is invalid: [spec.accessModes: Required value, spec.capacity: Required value, spec.capacity: Unsupported value: core.ResourceList(nil): supported values: "storage", spec: Required value: must specify a volume type]',
    );
  });

  it('PVC needs access modes and a storage request', () => {
    const e = rejection({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: {} });
    expect(e.message).toBe(
      'PersistentVolumeClaim "data" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
  });

  it('PVC spec is immutable except resources.requests', () => {
    const c = admit(
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      createCtx(),
    );
    expect(admit({ ...c, spec: { ...c.spec, resources: { requests: { storage: '2Gi' } } } }, updateCtx(c)).spec.resources.requests.storage).toBe('2Gi');
    const e = rejection({ ...c, spec: { ...c.spec, accessModes: ['ReadWriteMany'] } }, updateCtx(c));
    expect(e.message).toBe('PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  });

  it('immutable ConfigMap data', () => {
    const cm = admit({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, immutable: true, data: { a: '1' } }, createCtx());
    const e = rejection({ ...cm, data: { a: '2' } }, updateCtx(cm));
    expect(e.message).toBe('ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it('immutable Secret data', () => {
    const s = admit({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, immutable: true, stringData: { a: '1' } }, createCtx());
    const e = rejection({ ...s, data: { a: 'Mg==' } }, updateCtx(s));
    expect(e.message).toBe('Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });

  it('ConfigMap keys and the 1 MiB limit', () => {
    const bad = rejection({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { 'a/b': 'x' } });
    expect(bad.message).toBe(
      "ConfigMap \"cfg\" is invalid: data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
    const big = rejection({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'default' }, data: { a: 'x'.repeat(1048577) } });
    expect(big.message).toBe('ConfigMap "big" is invalid: : Too long: must have at most 1048576 bytes');
  });
});

describe('Forbidden from the Priority plugin', () => {
  it('an unknown PriorityClass', () => {
    const store = { get: () => undefined, list: () => [] };
    const e = rejection(pod({ priorityClassName: 'high' }), { ...createCtx(), store });
    expect(e.code).toBe(403);
    expect(e.message).toBe('pods "p" is forbidden: no PriorityClass with name high was found');
  });
});
