import { describe, expect, it } from 'vitest';
import { projectVolume } from '../../src/kubelet/volumes.js';
import { fileAt, captureSubPaths } from '../../src/kubelet/container-view.js';
import type { KubeObject } from '../../src/store/types.js';
import { fakeStore } from '../scenario/fake-store.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: 'A', b: 'B' }, binaryData: { bin: b64('raw') } };
const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { password: b64('hunter2') } };
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { b: '2', a: 'say "hi"' }, annotations: { note: 'x' } },
  spec: { containers: [{ name: 'app', resources: { limits: { cpu: '500m' } } }] },
};
const inp = { store: fakeStore([cm, secret]), pod, allocatable: { cpu: '2', memory: '4Gi' } };
const files = (vol: any) => Object.fromEntries(projectVolume(vol, inp));

describe('projectVolume', () => {
  it('configMap: every data and binaryData key', () => {
    expect(files({ name: 'v', configMap: { name: 'cfg' } })).toEqual({ a: 'A', b: 'B', bin: 'raw' });
  });
  it('configMap items: only the listed keys at their paths; a missing key fails unless optional', () => {
    expect(files({ name: 'v', configMap: { name: 'cfg', items: [{ key: 'a', path: 'conf/a.txt' }] } })).toEqual({ 'conf/a.txt': 'A' });
    expect(() => files({ name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } })).toThrow('configmap references non-existent config key: zz');
    expect(files({ name: 'v', configMap: { name: 'cfg', optional: true, items: [{ key: 'zz', path: 'z' }] } })).toEqual({});
  });
  it('missing objects: NotFound text, or empty when optional', () => {
    expect(() => files({ name: 'v', configMap: { name: 'nope' } })).toThrow('configmap "nope" not found');
    expect(() => files({ name: 'v', secret: { secretName: 'nope' } })).toThrow('secret "nope" not found');
    expect(files({ name: 'v', secret: { secretName: 'nope', optional: true } })).toEqual({});
  });
  it('secret: data decoded; items', () => {
    expect(files({ name: 'v', secret: { secretName: 's' } })).toEqual({ password: 'hunter2' });
    expect(() => files({ name: 'v', secret: { secretName: 's', items: [{ key: 'user', path: 'u' }] } })).toThrow('references non-existent secret key: user');
  });
  it('downwardAPI: FormatMap of labels (sorted, %q), one annotation, a resource with its container', () => {
    const v = {
      name: 'v',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'note', fieldRef: { fieldPath: "metadata.annotations['note']" } },
          { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
          { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
        ],
      },
    };
    expect(files(v)).toEqual({ labels: 'a="say \\"hi\\""\nb="2"', note: 'x', cpu: '500', mem: '4096' });
  });
  it('projected: sources merged; failures aggregated; token content unknown', () => {
    const v = { name: 'v', projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }, { secret: { name: 's' } }, { serviceAccountToken: { path: 'token' } }] } };
    expect(files(v)).toEqual({ a: 'A', password: 'hunter2', token: null });
    expect(() => files({ name: 'v', projected: { sources: [{ configMap: { name: 'x' } }, { secret: { name: 'y' } }] } })).toThrow('[configmap "x" not found, secret "y" not found]');
  });
});

describe('file modes', () => {
  it('item mode, defaultMode, fsGroup adds 0440', () => {
    const modesOf = (vol: any, p: any = pod) => {
      const m = new Map<string, number>();
      projectVolume(vol, { ...inp, pod: p }, m);
      return Object.fromEntries([...m].map(([k, v]) => [k, v.toString(8)]));
    };
    const vol = { name: 'v', configMap: { name: 'cfg', defaultMode: 0o400, items: [{ key: 'a', path: 'a' }, { key: 'b', path: 'b', mode: 0o600 }] } };
    expect(modesOf(vol)).toEqual({ a: '400', b: '600' });
    expect(modesOf({ name: 'v', secret: { secretName: 's' } })).toEqual({ password: '644' });
    const withFsGroup = { ...pod, spec: { ...pod.spec, securityContext: { fsGroup: 2000 } } };
    expect(modesOf(vol, withFsGroup)).toEqual({ a: '440', b: '640' });
    expect(modesOf({ name: 'v', projected: { defaultMode: 0o444, sources: [{ serviceAccountToken: { path: 'token' } }] } }, withFsGroup)).toEqual({ token: '600' });
  });
});

describe('fileAt', () => {
  const volumes: any = {
    files: new Map([['cfg', new Map([['a', 'A'], ['conf/b', 'B']])]]),
    modes: new Map([['cfg', new Map([['a', 0o400], ['conf/b', 0o644]])]]),
    volumes: [{ name: 'cfg', kind: 'configMap', spec: {} }],
    otherKinds: new Map([['scratch', 'emptyDir']]),
  };
  const c = {
    name: 'app',
    volumeMounts: [
      { name: 'cfg', mountPath: '/etc/cfg/' },
      { name: 'cfg', mountPath: '/etc/cfg/override/b', subPath: 'conf/b' },
      { name: 'cfg', mountPath: '/etc/confdir', subPath: 'conf' },
      { name: 'scratch', mountPath: '/tmp' },
    ],
  };
  it('longest mount wins; subPath files and directories as captured', () => {
    const sub = captureSubPaths(c, volumes, undefined);
    volumes.files.set('cfg', new Map([['a', 'A2'], ['conf/b', 'B2']]));
    expect(fileAt('/etc/cfg/a', c, volumes, sub)).toMatchObject({ kind: 'file', content: 'A2', mode: 0o400 });
    expect(fileAt('/etc/cfg//conf/b', c, volumes, sub)).toMatchObject({ kind: 'file', content: 'B2' });
    expect(fileAt('/etc/cfg/override/b', c, volumes, sub)).toMatchObject({ kind: 'file', content: 'B' });
    expect(fileAt('/etc/confdir/b', c, volumes, sub)).toMatchObject({ kind: 'file', content: 'B' });
    expect(fileAt('/etc/cfg/nope', c, volumes, sub)).toMatchObject({ kind: 'absent' });
    expect(fileAt('/tmp/x', c, volumes, sub)).toMatchObject({ kind: 'not-modelled' });
    expect(fileAt('/var/log/x', c, volumes, sub)).toMatchObject({ kind: 'not-modelled' });
  });
  it('subPathExpr expands with the container environment at creation', () => {
    const vols: any = { files: new Map([['cfg', new Map([['web-0/conf', 'mine'], ['web-1/conf', 'other']])]]), modes: new Map(), volumes: [{ name: 'cfg', kind: 'configMap', spec: {} }], otherKinds: new Map() };
    const ctr = { name: 'app', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app', subPathExpr: '$(POD_NAME)' }] };
    const env = { own: new Map([['POD_NAME', 'web-0']]), services: new Map(), hostname: 'web-0' };
    const sub = captureSubPaths(ctr, vols, env);
    expect(fileAt('/etc/app/conf', ctr, vols, sub)).toMatchObject({ kind: 'file', content: 'mine' });
  });
});
