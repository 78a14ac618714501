// Scenario loader throughput: a scenario with 1,000 steps (500 wait + 500 expect) and a 500-document manifest file
// (every manifest validated by admission, positions kept). Goal: well under 2 s.
import { loadScenarioText } from '../dist/src/scenario/index.js';

const DOCS = 500;
const STEPS = 500;
let manifests = '';
for (let i = 0; i < DOCS; i++) {
  manifests += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels: {app: web-${i}}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          resources: {requests: {cpu: 100m, memory: 64Mi}}\n`;
}
let text = 'apiVersion: kscenario.dev/v1alpha1\nkind: Scenario\nmetadata: {name: bench}\nspec:\n  images: {nginx:1.25: {pull: 1s}}\n  steps:\n    - apply: m.yaml\n';
for (let i = 0; i < STEPS; i++) text += `    - wait: ${i + 1}s\n    - expect: [{count: {kind: Pod, selector: app=web-${i}}, min: 0}]\n`;
const files = { 'm.yaml': manifests };
const run = () => loadScenarioText(text, 's.yaml', { readFile: (p) => files[p] });
run();
const t0 = process.hrtime.bigint();
const N = 3;
let r;
for (let i = 0; i < N; i++) r = run();
const ms = Number(process.hrtime.bigint() - t0) / 1e6 / N;
if (r.diagnostics.length) throw new Error(`unexpected diagnostics: ${r.diagnostics[0].message}`);
console.log(JSON.stringify({ bench: 'scenario-load', manifests: DOCS, steps: STEPS * 2, bytes: text.length + manifests.length, loadMs: Math.round(ms), manifestsPerSec: Math.round(DOCS / (ms / 1000)) }));
