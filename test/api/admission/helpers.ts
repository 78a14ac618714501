import { admit, type AdmissionContext } from '../../../src/api/admission/index.js';
import { defaultSettings } from '../../../src/cluster/settings.js';
import { ApiError, type KubeObject } from '../../../src/store/types.js';

export const settings = defaultSettings('1.30');

export const createCtx = (origin: 'user' | 'system' = 'user'): AdmissionContext => ({ operation: 'CREATE', origin, settings });
export const updateCtx = (old: KubeObject): AdmissionContext => ({ operation: 'UPDATE', origin: 'user', settings, old });

/** The ApiError admit() throws (fails the test when it does not throw). */
export function rejection(obj: unknown, ctx: AdmissionContext = createCtx()): ApiError {
  try {
    admit(obj as KubeObject, ctx);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`admit accepted ${JSON.stringify(obj)}`);
}

export function deployment(spec: Record<string, unknown> = {}, name = 'web'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      ...spec,
    },
  };
}

export function pod(spec: Record<string, unknown> = {}, name = 'p'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
  };
}

/** Deep-freeze so any mutation of an input throws. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
