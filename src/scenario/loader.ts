/**
 * Scenario loader: text → validated Scenario + positioned diagnostics. No file system access:
 * manifests are read through the injected `readFile` (src/scenario/load-file.ts supplies one
 * backed by node:fs), so the loader can be tested and fuzzed in memory.
 *
 * Order: YAML (syntax, duplicate keys, tabs, alias bombs, size) → is it a Scenario at all →
 * JSON Schema (unknown keys at the key, bad values at the value) → semantic checks the schema
 * cannot express (one key per step/assertion, supported steps/assertions, invariant names,
 * node names, waitFor forms) → manifests (files inside the root, API validation, images).
 */
import type { Assertion, Step, WaitForStep } from '../../generated/scenario.js';
import { resolveKind } from '../api/kinds.js';
import { INVARIANTS, KNOWN_INVARIANT_NAMES } from '../invariants/index.js';
import type { Diagnostic } from './diagnostic.js';
import { parseYamlDocs, type YamlDoc } from './yaml-source.js';
import { closest, schemaDiagnostics } from './schema-check.js';
import { ASSERTION_FORMS, ASSERTION_KEYS, STEP_KEYS, WRITE_STEPS } from './step-keys.js';
import { STEP_HANDLERS } from './steps/index.js';
import { ASSERTIONS } from './assertions/index.js';
import type { DocPath } from './steps/types.js';
import type { Manifest, Scenario } from './types.js';
import { MAX_NODES, MAX_REPLICAS, tooManyNodes, tooManyReplicas } from './model-limits.js';
import { checkManifest, loadStepManifests, type ManifestLoadContext, type ReadFile } from './manifests.js';
import { parseThresholdStatement } from '../kubelet/eviction-thresholds.js';

export interface LoadOptions {
  /** Manifest paths must stay inside this directory (default: the current directory "."). */
  root?: string;
  /** Reads a manifest file; undefined when it does not exist. Without it, manifest paths are MANIFEST_NOT_FOUND. */
  readFile?: ReadFile;
}

export interface LoadResult {
  /** The scenario, when there are no diagnostics. */
  scenario: Scenario | undefined;
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
}

const MANIFEST_STEPS = new Set(['apply', 'create', 'replace']);
const NODE_STEPS = new Set(['killNode', 'restartNode', 'cordon', 'uncordon']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  ds = ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return ds.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}

/** Load a scenario from its text. `fileName` is used in diagnostics and to resolve manifest paths. */
export function loadScenarioText(text: string, fileName: string, opts: LoadOptions = {}): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const fail = (): LoadResult => ({ scenario: undefined, diagnostics: sortDiagnostics(diagnostics) });
  if (text.trim() === '') {
    diagnostics.push({ code: 'EMPTY_FILE', file: fileName, line: 1, col: 1, message: 'the file is empty; a scenario needs apiVersion, kind, metadata and spec', path: '' });
    return fail();
  }
  const parsed = parseYamlDocs(text, fileName);
  diagnostics.push(...parsed.diagnostics);
  if (diagnostics.length) return fail();
  const docs = parsed.docs.filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length === 0) {
    diagnostics.push({ code: 'EMPTY_FILE', file: fileName, line: 1, col: 1, message: 'the file holds no document (only comments?)', path: '' });
    return fail();
  }
  if (docs.length > 1) {
    const pos = docs[1]!.locate([]);
    diagnostics.push({ ...pos, code: 'MULTIPLE_DOCUMENTS', message: 'a scenario file holds exactly one YAML document (put manifests in their own files)', path: '' });
    return fail();
  }
  const src = docs[0]!;
  const v = src.value;
  if (!isObject(v) || (v.kind !== undefined && v.kind !== 'Scenario') || (v.kind === undefined && v.apiVersion === undefined && v.spec === undefined)) {
    const what = isObject(v) ? (typeof v.kind === 'string' ? `a ${v.kind}` : 'a mapping without kind: Scenario') : Array.isArray(v) ? 'a list' : `a ${typeof v}`;
    diagnostics.push(src.diag('NOT_A_SCENARIO', `not a scenario: the document is ${what}; expected apiVersion: kscenario.dev/v1alpha1, kind: Scenario`, isObject(v) && v.kind !== undefined ? ['kind'] : []));
    return fail();
  }
  diagnostics.push(...schemaDiagnostics(src));
  const root = opts.root ?? '.';
  const mctx: ManifestLoadContext = { scenario: src, file: fileName, root, cache: new Map() };
  if (opts.readFile) mctx.readFile = opts.readFile;
  const manifests = new Map<number, Manifest[]>();
  semanticChecks(src, v, diagnostics, mctx, manifests);
  if (diagnostics.length) return fail();
  const scenario = v as unknown as Scenario;
  Object.defineProperty(scenario, 'source', {
    value: { file: fileName, root, locate: (p: DocPath, o?: { key?: boolean }) => src.locate(p, o), manifests },
    enumerable: false,
  });
  return { scenario, diagnostics: [] };
}

function semanticChecks(src: YamlDoc, doc: Record<string, unknown>, out: Diagnostic[], mctx: ManifestLoadContext, manifests: Map<number, Manifest[]>): void {
  const spec = isObject(doc.spec) ? doc.spec : {};
  const nodeNames = new Set<string>();
  const cluster = isObject(spec.cluster) ? spec.cluster : {};
  if (Array.isArray(cluster.nodes)) {
    let total = 0;
    cluster.nodes.forEach((n, j) => {
      if (!isObject(n)) return;
      const counted = typeof n.count === 'number' && n.count >= 1;
      const count = counted ? (n.count as number) : 1;
      total += count;
      if (total > MAX_NODES) {
        // Reported once, at the entry that crosses the limit.
        if (total - count <= MAX_NODES) out.push(src.diag('TOO_LARGE', tooManyNodes(total), ['spec', 'cluster', 'nodes', j, ...(typeof n.count === 'number' ? ['count'] : [])]));
        return;
      }
      if (typeof n.name !== 'string') return;
      const names = counted ? Array.from({ length: Math.min(count, 100_000) }, (_, i) => `${n.name}-${i}`) : [n.name];
      const clash = names.find((x) => nodeNames.has(x));
      if (clash !== undefined) out.push(src.diag('DUPLICATE_NAME', `node "${clash}" is defined twice${names.length > 1 ? ` (count expands ${n.name} to ${n.name}-0 .. ${n.name}-${names.length - 1})` : ''}`, ['spec', 'cluster', 'nodes', j, 'name']));
      for (const x of names) nodeNames.add(x);
    });
  }
  checkEvictionHard(src, isObject(cluster.settings) ? cluster.settings.evictionHard : undefined, out);
  checkInvariants(src, spec.invariants, out);
  const images = isObject(spec.images) ? spec.images : undefined;
  const steps = Array.isArray(spec.steps) ? spec.steps : [];
  steps.forEach((step, i) => {
    const path: DocPath = ['spec', 'steps', i];
    if (!isObject(step)) return;
    const keys = Object.keys(step).filter((k) => STEP_KEYS.includes(k));
    const unknown = Object.keys(step).filter((k) => !STEP_KEYS.includes(k) && k !== 'name' && k !== 'expectError');
    if (keys.length === 0) {
      if (unknown.length === 0) out.push(src.diag('INVALID_STEP', `a step needs one action key: ${STEP_KEYS.join(', ')}`, path));
      return;
    }
    if (keys.length > 1) {
      out.push(src.diag('INVALID_STEP', `a step holds exactly one action: "${keys[1]}" is a second one next to "${keys[0]}" (start a new list item with "- ")`, [...path, keys[1]!], { key: true }));
      return;
    }
    const key = keys[0]!;
    const arg = step[key];
    if (!STEP_HANDLERS[key]) out.push(src.diag('STEP_NOT_SUPPORTED', `step "${key}" is not supported yet`, [...path, key], { key: true }));
    if (step.expectError !== undefined && !WRITE_STEPS.has(key)) {
      out.push(src.diag('INVALID_STEP', `expectError goes only on apply, create, replace, patch, delete, deletePVC, editConfigMap, editSecret, scale and rollout steps, not on "${key}"`, [...path, 'expectError'], { key: true }));
    }
    checkStep(src, key, arg, [...path, key], out, nodeNames);
    if (MANIFEST_STEPS.has(key) && arg !== undefined) {
      const ms = loadStepManifests(mctx, [...path, key], step, key, out);
      for (const m of ms) out.push(...checkManifest(m, images, step.expectError !== undefined));
      manifests.set(i, ms);
    }
  });
}

/** settings.evictionHard: each statement as the kubelet parses it (eviction/helpers.go parseThresholdStatement). */
function checkEvictionHard(src: YamlDoc, hard: unknown, out: Diagnostic[]): void {
  if (!isObject(hard)) return;
  for (const [signal, v] of Object.entries(hard)) {
    if (typeof v !== 'string') continue;
    try {
      parseThresholdStatement(signal, v);
    } catch (e) {
      out.push(src.diag('INVALID_SETTING', `evictionHard: ${(e as Error).message}`, ['spec', 'cluster', 'settings', 'evictionHard', signal]));
    }
  }
}

function checkInvariants(src: YamlDoc, inv: unknown, out: Diagnostic[]): void {
  const check = (names: unknown, path: DocPath, excluding: boolean): void => {
    if (!Array.isArray(names)) return;
    names.forEach((n, j) => {
      if (typeof n !== 'string') return;
      if (!(KNOWN_INVARIANT_NAMES as readonly string[]).includes(n)) {
        const guess = closest(n, KNOWN_INVARIANT_NAMES);
        out.push(src.diag('UNKNOWN_INVARIANT', `unknown invariant "${n}"${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${KNOWN_INVARIANT_NAMES.join(', ')}`, [...path, j]));
      } else if (!excluding && !INVARIANTS[n]) {
        out.push(src.diag('INVARIANT_NOT_SUPPORTED', `invariant "${n}" is not supported yet`, [...path, j]));
      }
    });
  };
  if (Array.isArray(inv)) check(inv, ['spec', 'invariants'], false);
  else if (isObject(inv)) check(inv.except, ['spec', 'invariants', 'except'], true);
}

function checkStep(src: YamlDoc, key: string, arg: unknown, path: DocPath, out: Diagnostic[], nodes: Set<string>): void {
  const knownNode = (name: unknown, p: DocPath): void => {
    if (typeof name !== 'string' || nodes.has(name)) return;
    const guess = closest(name, [...nodes].slice(0, 1000));
    out.push(src.diag('UNKNOWN_NODE', `no node "${name}" in spec.cluster.nodes${guess ? ` (did you mean "${guess}"?)` : nodes.size ? '' : ' (the cluster has no nodes)'}`, p));
  };
  if (NODE_STEPS.has(key)) knownNode(arg, path);
  if (!isObject(arg)) {
    if (key === 'expect' && Array.isArray(arg)) checkAssertions(src, arg, path, out);
    return;
  }
  switch (key) {
    case 'drain':
      knownNode(arg.node, [...path, 'node']);
      break;
    case 'hold':
      for (const k of ['always', 'never', 'sometimes']) if (Array.isArray(arg[k])) checkAssertions(src, arg[k] as unknown[], [...path, k], out);
      if (arg.always === undefined && arg.never === undefined && arg.sometimes === undefined) {
        out.push(src.diag('INVALID_STEP', 'hold needs at least one of always, never, sometimes', path));
      }
      break;
    case 'waitFor':
      checkWaitFor(src, arg as WaitForStep, path, out);
      break;
    case 'delete':
      if (arg.target !== undefined && (arg.kind !== undefined || arg.selector !== undefined)) {
        out.push(src.diag('INVALID_STEP', 'delete takes either target (kind/name) or kind with selector, not both', [...path, arg.kind !== undefined ? 'kind' : 'selector'], { key: true }));
      } else if (arg.target === undefined && (arg.kind === undefined || arg.selector === undefined)) {
        out.push(src.diag('INVALID_STEP', 'delete needs target (kind/name), or kind and selector', path));
      }
      // delete.go Validate.
      if (arg.force === true && typeof arg.gracePeriodSeconds === 'number' && arg.gracePeriodSeconds > 0) {
        out.push(src.diag('INVALID_STEP', '--force and --grace-period greater than 0 cannot be specified together', [...path, 'gracePeriodSeconds']));
      }
      break;
    case 'rollout': {
      const acts = ['undo', 'pause', 'resume', 'restart'].filter((k) => arg[k] !== undefined);
      if (acts.length !== 1) out.push(src.diag('INVALID_STEP', `rollout needs exactly one of undo, pause, resume, restart${acts.length ? ` (found ${acts.join(', ')})` : ''}`, path));
      if (arg.toRevision !== undefined && arg.undo === undefined) out.push(src.diag('INVALID_STEP', 'toRevision goes only with undo', [...path, 'toRevision'], { key: true }));
      break;
    }
    case 'scale':
      if (typeof arg.replicas === 'number' && arg.replicas > MAX_REPLICAS) out.push(src.diag('TOO_LARGE', tooManyReplicas('replicas', arg.replicas), [...path, 'replicas']));
      break;
    case 'failProbe':
    case 'healProbe':
    case 'setUsage':
      if ((arg.target === undefined) === (arg.selector === undefined)) {
        out.push(src.diag('INVALID_STEP', `${key} needs exactly one of target (kind/name) or selector`, path));
      }
      break;
    case 'editConfigMap':
    case 'editSecret': {
      // A key given twice (set and removed, or in two value maps) has no single meaning.
      const seen = new Map<string, string>();
      for (const f of ['data', 'binaryData', 'base64Data']) {
        if (!isObject(arg[f])) continue;
        for (const k of Object.keys(arg[f] as object)) {
          const other = seen.get(k);
          if (other !== undefined) out.push(src.diag('INVALID_STEP', `key "${k}" is set in both ${other} and ${f}`, [...path, f, k], { key: true }));
          seen.set(k, f);
        }
      }
      if (Array.isArray(arg.remove)) {
        arg.remove.forEach((k, j) => {
          if (typeof k === 'string' && seen.has(k)) out.push(src.diag('INVALID_STEP', `key "${k}" is both set (in ${seen.get(k)}) and removed`, [...path, 'remove', j]));
        });
      }
      break;
    }
    default:
      break;
  }
}

function checkWaitFor(src: YamlDoc, arg: WaitForStep, path: DocPath, out: Diagnostic[]): void {
  const reserved = new Set(['condition', 'status', 'namespace', 'timeout', 'expect']);
  const kindKeys = Object.keys(arg).filter((k) => !reserved.has(k));
  if (arg.expect !== undefined) {
    if (Array.isArray(arg.expect)) checkAssertions(src, arg.expect, [...path, 'expect'], out);
    for (const k of [...kindKeys, ...(arg.condition !== undefined ? ['condition'] : []), ...(arg.status !== undefined ? ['status'] : [])]) {
      out.push(src.diag('INVALID_STEP', `waitFor with expect takes only timeout; "${k}" belongs to the {<kind>: name, condition} form`, [...path, k], { key: true }));
    }
    return;
  }
  // Keys that are no kind: a misspelt field (timout) or an unknown kind (deploymnt).
  const kinds: string[] = [];
  for (const k of kindKeys) {
    if (resolveKind(k)) {
      kinds.push(k);
      continue;
    }
    const field = closest(k, [...reserved]);
    if (field) {
      out.push(src.diag('UNKNOWN_FIELD', `unknown field "${k}" (did you mean "${field}"?)`, [...path, k], { key: true }));
      continue;
    }
    const guess = closest(k, ['deployment', 'pod', 'replicaset', 'statefulset', 'daemonset', 'job', 'node', 'pvc', 'pv', 'ns', 'service', 'cronjob']);
    out.push(src.diag('UNKNOWN_KIND', `the server doesn't have a resource type "${k}"${guess ? ` (did you mean "${guess}"?)` : ''}`, [...path, k], { key: true }));
    kinds.push(k);
  }
  if (kinds.length === 0) {
    if (kindKeys.length === 0) out.push(src.diag('INVALID_STEP', 'waitFor needs {<kind>: name, condition: C} (e.g. deployment: web, condition: Available) or {expect: [..]}', path));
    return;
  }
  if (kinds.length > 1) {
    out.push(src.diag('INVALID_STEP', `waitFor names one object; "${kinds[1]}" is a second kind next to "${kinds[0]}"`, [...path, kinds[1]!], { key: true }));
    return;
  }
  if (arg.condition === undefined) out.push(src.diag('MISSING_FIELD', 'missing required field "condition" (a condition type such as Available or Ready, or delete)', path));
}

function checkAssertions(src: YamlDoc, list: unknown[], path: DocPath, out: Diagnostic[]): void {
  list.forEach((a, j) => {
    if (!isObject(a)) return;
    const p = [...path, j];
    const kinds = ASSERTION_KEYS.filter((k) => a[k] !== undefined);
    if (kinds.length === 0) {
      const known = new Set([...ASSERTION_KEYS, 'namespace', 'matches', 'equals', 'min', 'max', 'output', 'contains', 'mode']);
      if (Object.keys(a).every((k) => known.has(k))) out.push(src.diag('INVALID_ASSERTION', `an assertion needs one of: ${ASSERTION_KEYS.join(', ')}`, p));
      return;
    }
    if (kinds.length > 1) {
      out.push(src.diag('INVALID_ASSERTION', `an assertion checks one thing: "${kinds[1]}" is a second one next to "${kinds[0]}" (start a new list item with "- ")`, [...p, kinds[1]!], { key: true }));
      return;
    }
    const kind = kinds[0]!;
    const form = ASSERTION_FORMS[kind]!;
    for (const k of Object.keys(a)) {
      if (k === kind || k === 'namespace' || form.with.includes(k)) continue;
      if (['matches', 'equals', 'min', 'max', 'output', 'contains', 'mode'].includes(k)) {
        out.push(src.diag('INVALID_ASSERTION', `"${k}" does not go with "${kind}"${form.with.length ? ` (use ${form.with.join(' / ')})` : ''}`, [...p, k], { key: true }));
      }
    }
    if (form.needs && !form.needs.some((k) => a[k] !== undefined)) {
      out.push(src.diag('INVALID_ASSERTION', `"${kind}" needs ${form.needs.join(' or ')}`, p));
    }
    if (!ASSERTIONS[kind]) out.push(src.diag('ASSERTION_NOT_SUPPORTED', `assertion "${kind}" is not supported yet`, [...p, kind], { key: true }));
  });
}

export type { Step, Assertion };
