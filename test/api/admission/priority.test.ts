import { describe, expect, it } from 'vitest';
import { admit } from '../../../src/api/admission/index.js';
import type { KubeObject } from '../../../src/store/types.js';
import { createCtx, pod, rejection } from './helpers.js';

const pc = (name: string, value: number, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, ...extra });
const withClasses = (classes: KubeObject[]) => ({
  ...createCtx(),
  store: {
    get: (kind: string, _ns: string | undefined, name: string) => (kind === 'PriorityClass' ? classes.find((c) => c.metadata.name === name) : undefined),
    list: (kind: string) => (kind === 'PriorityClass' ? classes : []),
    count: (kind: string) => (kind === 'PriorityClass' ? classes.length : 0),
  },
});

// plugin/pkg/admission/priority/admission.go
describe('Priority admission', () => {
  it('without classes: priority 0, PreemptLowerPriority, no class name', () => {
    const p = admit(pod(), withClasses([]));
    expect(p.spec.priority).toBe(0);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(p.spec.priorityClassName).toBeUndefined();
  });

  it('the lowest-valued globalDefault class applies to pods without a class', () => {
    const p = admit(pod(), withClasses([pc('b', 500, { globalDefault: true }), pc('a', 100, { globalDefault: true, preemptionPolicy: 'Never' }), pc('c', 10)]));
    expect([p.spec.priorityClassName, p.spec.priority, p.spec.preemptionPolicy]).toEqual(['a', 100, 'Never']);
  });

  it('system classes resolve by name even before their objects exist', () => {
    const p = admit(pod({ priorityClassName: 'system-node-critical' }), withClasses([]));
    expect([p.spec.priority, p.spec.preemptionPolicy]).toEqual([2000001000, 'PreemptLowerPriority']);
  });

  it('an unknown class is Forbidden', () => {
    const e = rejection(pod({ priorityClassName: 'gold' }), withClasses([]));
    expect([e.code, e.message]).toEqual([403, 'pods "p" is forbidden: no PriorityClass with name gold was found']);
  });

  it('a given priority or preemptionPolicy that differs from the computed one is Forbidden', () => {
    const ctx = withClasses([pc('high', 1000)]);
    expect(rejection(pod({ priorityClassName: 'high', priority: 5 }), ctx).message).toBe(
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
    expect(rejection(pod({ preemptionPolicy: 'Never' }), ctx).message).toBe(
      'pods "p" is forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    );
    expect(admit(pod({ priorityClassName: 'high', priority: 1000 }), ctx).spec.priority).toBe(1000);
  });

  it('UPDATE keeps the priority and policy set on create', () => {
    const ctx = withClasses([pc('high', 1000)]);
    const old = admit(pod({ priorityClassName: 'high' }), ctx);
    const { priority: _p, preemptionPolicy: _q, ...rest } = old.spec;
    const next = admit({ ...old, spec: rest }, { ...ctx, operation: 'UPDATE', old });
    expect([next.spec.priority, next.spec.preemptionPolicy]).toEqual([1000, 'PreemptLowerPriority']);
  });

  it('only one globalDefault PriorityClass may exist', () => {
    const ctx = withClasses([pc('first', 1, { globalDefault: true })]);
    const e = rejection(pc('second', 2, { globalDefault: true }), ctx);
    expect([e.code, e.message]).toEqual([403, 'priorityclasses.scheduling.k8s.io "second" is forbidden: PriorityClass first is already marked as default. Only one default can exist']);
  });
});
