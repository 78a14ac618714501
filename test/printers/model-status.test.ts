import { describe, expect, it } from 'vitest';
import { getTable } from '../../src/printers/get-table.js';
import { loadScenarioText, runScenario } from '../../src/scenario/index.js';

// The kubelet's real status shapes through the pod printer: init containers in order, a
// crash-looping init container, a failed one under restartPolicy Never, a missing image.
const SCENARIO = `
apiVersion: kscenario.dev/v1alpha1
kind: Scenario
metadata: {name: model-status}
spec:
  cluster:
    nodes: [{name: node-a}]
  images:
    migrate:v1: {exit: {after: 3s, code: 0}}
    broken:v1: {exit: {after: 1s, code: 1}}
    app:v1: {}
    web:broken: {missing: true}
  steps:
    - apply:
        - {apiVersion: v1, kind: Pod, metadata: {name: ordered}, spec: {nodeName: node-a, initContainers: [{name: first, image: "migrate:v1"}, {name: second, image: "migrate:v1"}], containers: [{name: app, image: "app:v1"}]}}
        - {apiVersion: v1, kind: Pod, metadata: {name: stuck}, spec: {nodeName: node-a, initContainers: [{name: init, image: "broken:v1"}], containers: [{name: app, image: "app:v1"}]}}
        - {apiVersion: v1, kind: Pod, metadata: {name: once}, spec: {nodeName: node-a, restartPolicy: Never, initContainers: [{name: init, image: "broken:v1"}], containers: [{name: app, image: "app:v1"}]}}
        - {apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {nodeName: node-a, containers: [{name: web, image: "web:broken"}]}}
    - wait: 1h
`;

function tableAt(ms: number): string {
  const loaded = loadScenarioText(SCENARIO, 'model-status.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const r = runScenario(loaded.scenario!, { stopAt: ms });
  return getTable(r.cluster.store, { kind: 'pods' }, r.cluster.engine.now).text;
}

describe('pod STATUS of the modelled kubelet', () => {
  it('at 0s: first init container running, pull failing', () => {
    expect(tableAt(0)).toBe(
      [
        'NAME      READY   STATUS         RESTARTS   AGE',
        'once      0/1     Init:0/1       0          0s',
        'ordered   0/1     Init:0/2       0          0s',
        'stuck     0/1     Init:0/1       0          0s',
        'web       0/1     ErrImagePull   0          0s',
        '',
      ].join('\n'),
    );
  });
  it('at 3s: Init:1/2, Init:Error under Never, Init:CrashLoopBackOff; ImagePullBackOff from the next pod sync (10s)', () => {
    expect(tableAt(3000)).toBe(
      [
        'NAME      READY   STATUS                  RESTARTS     AGE',
        'once      0/1     Init:Error              0            3s',
        'ordered   0/1     Init:1/2                0            3s',
        'stuck     0/1     Init:CrashLoopBackOff   1 (1s ago)   3s',
        'web       0/1     ErrImagePull            0            3s',
        '',
      ].join('\n'),
    );
    expect(tableAt(20_000).split('\n')[4]).toMatch(/^web {7}0\/1 {5}ImagePullBackOff {8}0 +20s$/);
  });
  it('at 6s: the app runs once both init containers exited 0', () => {
    expect(tableAt(6000).split('\n')[2]).toBe('ordered   1/1     Running                 0            6s');
  });
});
