// Admission cost per object: origin 'system' (pods from a ReplicaSet template: defaulting + name
// rule) must stay cheap at 150,000 pods; origin 'user' (strict decode, ajv, full validation) is
// for scenario manifests. Prints {"bench": "admission", ...} JSON lines.
import { admit } from '../dist/src/api/admission/index.js';
import { defaultSettings } from '../dist/src/cluster/settings.js';

const settings = defaultSettings('1.30');
const N = 150_000;

// A template already defaulted once (what the ReplicaSet controller copies into each pod).
const tpl = admit(
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } }, readinessProbe: { httpGet: { port: 80 } } }] },
      },
    },
  },
  { operation: 'CREATE', origin: 'user', settings },
).spec.template;

function podFor(i) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: `ns-${i % 5000}`, labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: tpl.spec };
}

function run(origin, n) {
  const pods = Array.from({ length: n }, (_, i) => podFor(i));
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (const p of pods) sink += admit(p, { operation: 'CREATE', origin, settings }).spec.containers.length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, perSec: Math.round((n / ms) * 1000), sink };
}

run('system', 5000); // warm up
const sys = run('system', N);
console.log(JSON.stringify({ bench: 'admission', case: 'system pod create', objects: N, ms: Math.round(sys.ms), perSec: sys.perSec }));
run('user', 500);
const user = run('user', 20_000);
console.log(JSON.stringify({ bench: 'admission', case: 'user pod create', objects: 20_000, ms: Math.round(user.ms), perSec: user.perSec }));
