import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../src/api/time.js';
import { podCells, podTable } from '../../src/printers/pod-table.js';
import { formatTable } from '../../src/printers/table.js';
import type { KubeObject } from '../../src/store/types.js';

const T = toTimestamp;
const now = 300_000; // 5m

function pod(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: T(0), ...meta },
    spec: { containers: [{ name: 'app', image: 'app:1' }], ...spec },
    status,
  };
}
const running = { running: { startedAt: T(1000) } };
const ready = (name = 'app', extra: Record<string, unknown> = {}) => ({ name, ready: true, started: true, restartCount: 0, state: running, ...extra });
const waiting = (reason: string, extra: Record<string, unknown> = {}) => ({ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (reason: string | undefined, exitCode: number, extra: Record<string, unknown> = {}) => ({
  name: 'app',
  ready: false,
  restartCount: 0,
  state: { terminated: { ...(reason ? { reason } : {}), exitCode, finishedAt: T(200_000) } },
  ...extra,
});
const initSpec = { initContainers: [{ name: 'init-a', image: 'busybox' }, { name: 'init-b', image: 'busybox' }] };
const initStatus = (a: unknown, b: unknown) => [
  { name: 'init-a', restartCount: 0, ready: false, state: a },
  { name: 'init-b', restartCount: 0, ready: false, state: b },
];
const done = { terminated: { reason: 'Completed', exitCode: 0, finishedAt: T(5000) } };

describe('printPod STATUS / READY / RESTARTS', () => {
  const cases: [string, KubeObject, string, string, string][] = [
    ['Running', pod('a', {}, { phase: 'Running', containerStatuses: [ready()] }), '1/1', 'Running', '0'],
    ['Pending unscheduled', pod('a', {}, { phase: 'Pending' }), '0/1', 'Pending', '0'],
    ['ContainerCreating', pod('a', {}, { phase: 'Pending', containerStatuses: [waiting('ContainerCreating')] }), '0/1', 'ContainerCreating', '0'],
    ['ImagePullBackOff', pod('a', {}, { phase: 'Pending', containerStatuses: [waiting('ImagePullBackOff')] }), '0/1', 'ImagePullBackOff', '0'],
    [
      'CrashLoopBackOff with last restart 40s ago',
      pod('a', {}, { phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff', { restartCount: 3, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: T(260_000) } } })] }),
      '0/1',
      'CrashLoopBackOff',
      '3 (40s ago)',
    ],
    ['Completed', pod('a', {}, { phase: 'Succeeded', containerStatuses: [terminated('Completed', 0)] }), '0/1', 'Completed', '0'],
    ['Error', pod('a', {}, { phase: 'Failed', containerStatuses: [terminated('Error', 1)] }), '0/1', 'Error', '0'],
    ['OOMKilled', pod('a', {}, { phase: 'Running', containerStatuses: [terminated('OOMKilled', 137, { restartCount: 1, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: T(180_000) } } })] }), '0/1', 'OOMKilled', '1 (2m ago)'],
    ['ExitCode without a reason', pod('a', {}, { phase: 'Failed', containerStatuses: [terminated(undefined, 137)] }), '0/1', 'ExitCode:137', '0'],
    ['Init:0/2', pod('a', initSpec, { phase: 'Pending', initContainerStatuses: initStatus(running, { waiting: { reason: 'PodInitializing' } }), containerStatuses: [waiting('PodInitializing')] }), '0/1', 'Init:0/2', '0'],
    ['Init:1/2', pod('a', initSpec, { phase: 'Pending', initContainerStatuses: initStatus(done, running), containerStatuses: [waiting('PodInitializing')] }), '0/1', 'Init:1/2', '0'],
    [
      'Init:CrashLoopBackOff',
      pod('a', initSpec, { phase: 'Pending', initContainerStatuses: initStatus({ waiting: { reason: 'CrashLoopBackOff' } }, { waiting: { reason: 'PodInitializing' } }), containerStatuses: [waiting('PodInitializing')] }),
      '0/1',
      'Init:CrashLoopBackOff',
      '0',
    ],
    ['Init:Error', pod('a', initSpec, { phase: 'Failed', initContainerStatuses: initStatus({ terminated: { reason: 'Error', exitCode: 1 } }, { waiting: { reason: 'PodInitializing' } }) }), '0/1', 'Init:Error', '0'],
    ['Init:ExitCode', pod('a', initSpec, { phase: 'Pending', initContainerStatuses: initStatus({ terminated: { exitCode: 2 } }, { waiting: {} }) }), '0/1', 'Init:ExitCode:2', '0'],
    ['PodInitializing', pod('a', initSpec, { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: initStatus(done, done), containerStatuses: [waiting('PodInitializing')] }), '0/1', 'PodInitializing', '0'],
    ['Terminating', pod('a', {}, { phase: 'Running', containerStatuses: [ready()] }, { deletionTimestamp: T(290_000) }), '1/1', 'Terminating', '0'],
    ['terminal pod being deleted keeps its phase', pod('a', {}, { phase: 'Succeeded', containerStatuses: [terminated('Completed', 0)] }, { deletionTimestamp: T(290_000) }), '0/1', 'Completed', '0'],
    ['Unknown on a lost node', pod('a', {}, { phase: 'Running', reason: 'NodeLost', containerStatuses: [ready()] }, { deletionTimestamp: T(290_000) }), '1/1', 'Unknown', '0'],
    ['status.reason shows without deletion', pod('a', {}, { phase: 'Running', reason: 'NodeLost', containerStatuses: [ready()] }), '1/1', 'NodeLost', '0'],
    ['Evicted', pod('a', {}, { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }), '0/1', 'Evicted', '0'],
    ['SchedulingGated', pod('a', {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), '0/1', 'SchedulingGated', '0'],
    [
      'Completed next to a running container, pod Ready',
      pod('a', { containers: [{ name: 'app' }, { name: 'side' }] }, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [ready(), { ...terminated('Completed', 0), name: 'side' }] }),
      '1/2',
      'Running',
      '0',
    ],
    [
      'Completed next to a running container, pod not Ready',
      pod('a', { containers: [{ name: 'app' }, { name: 'side' }] }, { phase: 'Running', containerStatuses: [ready(), { ...terminated('Completed', 0), name: 'side' }] }),
      '1/2',
      'NotReady',
      '0',
    ],
    ['running but not ready', pod('a', {}, { phase: 'Running', containerStatuses: [{ ...ready(), ready: false }] }), '0/1', 'Running', '0'],
    [
      'restarts summed over containers, latest finish wins',
      pod('a', { containers: [{ name: 'app' }, { name: 'b' }] }, {
        phase: 'Running',
        containerStatuses: [
          ready('app', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: T(100_000) } } }),
          ready('b', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: T(230_000) } } }),
        ],
      }),
      '2/2',
      'Running',
      '3 (70s ago)',
    ],
    [
      'sidecar (restartable init container) counts in READY',
      pod('a', { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] }, {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: T(240_000) } } }],
        containerStatuses: [ready()],
      }),
      '2/2',
      'Running',
      '1 (60s ago)',
    ],
  ];
  for (const [name, p, readyCol, statusCol, restarts] of cases) {
    it(name, () => {
      expect(podCells(p, now)).toEqual({ ready: readyCol, status: statusCol, restarts });
    });
  }
});

describe('pod table', () => {
  it('prints kubectl get pods -o wide with readiness gates', () => {
    const a = pod('web-7c6fb974dd-kxp6n', { nodeName: 'node-a', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] }, {
      phase: 'Running',
      podIP: '10.244.0.2',
      podIPs: [{ ip: '10.244.0.2' }],
      conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
      containerStatuses: [ready()],
    });
    const b = pod('web-7c6fb974dd-pending', {}, { phase: 'Pending', nominatedNodeName: 'node-b' }, { creationTimestamp: T(295_000) });
    const text = formatTable({ columns: [...podTable.columns, ...podTable.wideColumns], rows: [a, b].map((p) => podTable.row(p, now, true)) });
    expect(text).toBe(
      [
        'NAME                     READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'web-7c6fb974dd-kxp6n     1/1     Running   0          5m    10.244.0.2   node-a   <none>           1/2',
        'web-7c6fb974dd-pending   0/1     Pending   0          5s    <none>       <none>   node-b           <none>',
        '',
      ].join('\n'),
    );
  });
});
