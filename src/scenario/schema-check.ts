/**
 * Validates a scenario document against src/scenario/scenario.schema.json with ajv and turns
 * ajv's errors into positioned diagnostics: unknown keys point at the key, bad values at the
 * value, and `anyOf` alternatives are pruned to the branch whose type matches the data (no
 * "must match a schema in anyOf" noise).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './scenario.schema.json' with { type: 'json' };
import type { Diagnostic } from './diagnostic.js';
import type { DocPath } from './steps/types.js';
import type { YamlDoc } from './yaml-source.js';
import { VALUE_CHECKS } from './value-checks.js';

let compiled: ValidateFunction | undefined;

/** The compiled validator (built once per process; pure). */
export function scenarioValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  for (const [name, check] of Object.entries(VALUE_CHECKS)) {
    ajv.addFormat(name, { type: 'string', validate: (s: string) => check(s) === undefined });
  }
  compiled = ajv.compile(schema);
  return compiled;
}

/** The schema itself (for the CLI's `schema` command and tests). */
export const SCENARIO_SCHEMA: unknown = schema;

function splitPointer(p: string): DocPath {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function valueAt(root: unknown, path: DocPath): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', object: 'a mapping', array: 'a list', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null' };

function describeTypes(t: unknown): string {
  const ts = Array.isArray(t) ? t : [t];
  return ts.map((x) => TYPE_WORDS[String(x)] ?? String(x)).join(' or ');
}

/** Closest candidate by edit distance (for "did you mean"), if close enough. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/**
 * Drop the errors of anyOf branches that do not fit the data's type. Innermost first; an anyOf
 * whose every branch failed on type alone becomes one type error listing what is accepted, which
 * an enclosing anyOf at the same place then treats like any other branch's type error.
 */
function pruneAnyOf(input: ErrorObject[]): ErrorObject[] {
  let errors = [...input];
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  // Deeper paths first; at one path, the deeper schema (longer schemaPath) first.
  anyOfs.sort((a, b) => b.instancePath.length - a.instancePath.length || b.schemaPath.length - a.schemaPath.length);
  for (const a of anyOfs) {
    const under = errors.filter((e) => e !== a && e.keyword !== 'anyOf' && (e.instancePath === a.instancePath || e.instancePath.startsWith(a.instancePath + '/')));
    const typeAtP = under.filter((e) => e.instancePath === a.instancePath && e.keyword === 'type');
    const rest = under.filter((e) => !typeAtP.includes(e));
    errors = errors.filter((e) => e !== a && !typeAtP.includes(e));
    if (rest.length === 0) {
      const wanted: string[] = [];
      for (const t of typeAtP) for (const w of ([] as unknown[]).concat(t.params.type)) if (!wanted.includes(String(w))) wanted.push(String(w));
      errors.push({ ...a, keyword: 'type', params: { type: wanted }, message: 'type' });
    }
  }
  return errors;
}

/** Schema diagnostics for a parsed scenario document. */
export function schemaDiagnostics(src: YamlDoc): Diagnostic[] {
  const validate = scenarioValidator();
  const data = src.value;
  if (validate(data)) return [];
  const errors = pruneAnyOf([...(validate.errors ?? [])]);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const misspelled = new Set<string>();
  // First pass: which missing required keys are explained by a misspelled key next to them.
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    const guess = closest(String(e.params.additionalProperty), known);
    if (guess) misspelled.add(`${e.instancePath}\u0000${guess}`);
  }
  for (const e of errors) {
    const path = splitPointer(e.instancePath);
    const value = valueAt(data, path);
    let d: Diagnostic;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const parentSchema = e.parentSchema as { title?: string; properties?: Record<string, unknown> } | undefined;
        const known = Object.keys(parentSchema?.properties ?? {});
        const guess = closest(key, known);
        const isStep = parentSchema?.title === 'Step';
        const listed = isStep ? known.filter((k) => k !== 'name' && k !== 'expectError') : known;
        const hint = guess ? ` (did you mean "${guess}"?)` : listed.length && (listed.length <= 12 || isStep) ? ` (${isStep ? 'steps' : 'known fields'}: ${listed.join(', ')})` : '';
        const what = parentSchema?.title === 'Step' ? 'step' : parentSchema?.title === 'Assertion' ? 'assertion key' : 'field';
        d = src.diag('UNKNOWN_FIELD', `unknown ${what} "${key}"${hint}`, [...path, key], { key: true });
        break;
      }
      case 'required':
        // `stpes:` already reported as unknown with "did you mean steps": no second error.
        if (misspelled.has(`${e.instancePath}\u0000${String(e.params.missingProperty)}`)) continue;
        d = src.diag('MISSING_FIELD', `missing required field "${String(e.params.missingProperty)}"`, path);
        break;
      case 'format': {
        const check = VALUE_CHECKS[String(e.params.format)];
        const problem = check?.(value);
        d = src.diag(problem?.code ?? 'SCHEMA', problem?.message ?? `must be a valid ${String(e.params.format)}`, path);
        break;
      }
      case 'type':
        d = src.diag('SCHEMA', `expected ${describeTypes(e.params.type)}, got ${TYPE_WORDS[jsonType(value)] ?? jsonType(value)}${typeof value === 'string' || typeof value === 'number' ? ` (${JSON.stringify(value)})` : ''}`, path);
        break;
      case 'enum':
        d = src.diag('SCHEMA', `unsupported value ${JSON.stringify(value)}: must be one of ${(e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`, path);
        break;
      case 'const':
        d = src.diag('SCHEMA', `must be ${JSON.stringify(e.params.allowedValue)}, got ${JSON.stringify(value)}`, path);
        break;
      default:
        d = src.diag('SCHEMA', e.message ?? e.keyword, path);
    }
    const k = `${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
