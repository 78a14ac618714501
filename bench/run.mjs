// `npm run bench`: runs every bench/*.bench.mjs in its own Node process (so peak memory is
// per benchmark), after `npm run build`. Each benchmark prints JSON lines
// {"bench": name, ...metrics}; this collects them into bench/results.json and a table.
// Pass names to run a subset: `npm run bench -- engine store`.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
const results = [];
for (const f of files) {
  process.stderr.write(`running ${f} ...\n`);
  let out = '';
  try {
    out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(here, f)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    results.push({ bench: f, error: String(e.message).split('\n')[0] });
    continue;
  }
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      results.push(JSON.parse(line));
    } catch {
      /* not a result line */
    }
  }
}
const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
writeFileSync(join(here, 'results.json'), JSON.stringify({ machine, results }, null, 2) + '\n');
console.log(`machine: ${JSON.stringify(machine)}`);
for (const r of results) {
  const { bench, ...rest } = r;
  console.log(`${bench}: ${Object.entries(rest).map(([k, v]) => `${k}=${v}`).join('  ')}`);
}
