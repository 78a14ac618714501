/**
 * Manifests of apply/create/replace steps: read (through the injected readFile), parsed with
 * positions, split into objects (several documents, `List` items), and checked at load time
 * with the API server's own validation so a manifest Kubernetes would reject is reported at
 * its file:line:col before anything runs.
 */
import { replicaFieldsOverLimit, tooManyReplicas } from './model-limits.js';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { kindInfo, resolveKind } from '../api/kinds.js';
import { validateManifest } from '../api/admission/index.js';
import type { KubeObject } from '../store/types.js';
import type { Diagnostic } from './diagnostic.js';
import { formatDocPath } from './diagnostic.js';
import type { DocPath } from './steps/types.js';
import type { Manifest } from './types.js';
import { MANIFEST_YAML_VERSION, parseYamlDocs, type YamlDoc } from './yaml-source.js';
import { closest } from './schema-check.js';

export type ReadFile = (path: string) => string | undefined;

export interface ManifestLoadContext {
  scenario: YamlDoc;
  /** The scenario file name as given (diagnostics use it). */
  file: string;
  root: string;
  readFile?: ReadFile;
  /** Parsed files, by normalized path (a file applied twice is read once). */
  cache: Map<string, { docs: YamlDoc[]; diagnostics: Diagnostic[] } | undefined>;
}

/** A manifest at `base` in some document; `shown` prefixes the paths diagnostics print (default `base`). */
export function inlineManifest(object: KubeObject, doc: YamlDoc | undefined, file: string, base: DocPath, shown: DocPath = base): Manifest {
  return {
    object,
    file,
    locate: (p, o) => (doc ? doc.locate([...base, ...p], o) : { file, line: 0, col: 0 }),
    pathString: (p) => formatDocPath([...shown, ...p]),
  };
}

/**
 * Re-read an inline manifest the way kubectl reads manifests (YAML 1.1, see yaml-source.ts).
 * Everything outside the node's range is blanked (newlines kept), so offsets, lines and columns
 * stay those of the scenario file. Falls back to the 1.2 reading when that is not possible
 * (e.g. an alias to an anchor outside the manifest).
 */
function reread(scenario: YamlDoc, path: DocPath): YamlDoc | undefined {
  const r = scenario.rangeOf(path);
  if (!r) return undefined;
  const t = scenario.text;
  let blanked = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    blanked += (i >= r[0] && i < r[1]) || c === 10 || c === 13 ? t[i] : ' ';
  }
  const p = parseYamlDocs(blanked, scenario.file, MANIFEST_YAML_VERSION);
  const docs = p.docs.filter((d) => d.value !== null && d.value !== undefined);
  if (p.diagnostics.length || docs.length !== 1 || !isObject(docs[0]!.value)) return undefined;
  return docs[0];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Objects of one parsed document (a `List` is split into its items). */
function objectsOf(doc: YamlDoc, v: unknown, file: string, base: DocPath, diagnostics: Diagnostic[], shown: DocPath = base): Manifest[] {
  if (v === null || v === undefined) return [];
  if (!isObject(v)) {
    diagnostics.push(doc.diag('INVALID_MANIFEST', 'a manifest must be a mapping with apiVersion, kind and metadata', base));
    return [];
  }
  if (v.kind === 'List' || (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items))) {
    const items = Array.isArray(v.items) ? v.items : [];
    const out: Manifest[] = [];
    items.forEach((it, i) => {
      if (!isObject(it)) diagnostics.push(doc.diag('INVALID_MANIFEST', 'a List item must be a mapping with apiVersion, kind and metadata', [...base, 'items', i], { pathPrefix: shown.slice(0, shown.length - base.length) }));
      else out.push(inlineManifest(it as KubeObject, doc, file, [...base, 'items', i], [...shown, 'items', i]));
    });
    return out;
  }
  return [inlineManifest(v as KubeObject, doc, file, base, shown)];
}

/**
 * The manifests one step (`apply:` value) refers to. Problems go to `diagnostics`. Inline
 * manifests re-read as YAML 1.1 are written back into `holder[key]` so the scenario value holds
 * exactly what gets applied.
 */
export function loadStepManifests(ctx: ManifestLoadContext, stepPath: DocPath, holder: Record<string, unknown>, key: string, diagnostics: Diagnostic[]): Manifest[] {
  const arg = holder[key];
  const refs: Array<[unknown, DocPath, (v: unknown) => void]> = Array.isArray(arg)
    ? arg.map((a, i) => [a, [...stepPath, i], (v: unknown) => void (arg[i] = v)])
    : [[arg, stepPath, (v: unknown) => void (holder[key] = v)]];
  const out: Manifest[] = [];
  for (const [ref, path, set] of refs) {
    if (typeof ref === 'string') out.push(...loadFile(ctx, ref, path, diagnostics));
    else if (isObject(ref)) {
      const again = reread(ctx.scenario, path);
      if (again) {
        set(again.value);
        out.push(...objectsOf(again, again.value, ctx.file, [], diagnostics, path));
      } else out.push(...objectsOf(ctx.scenario, ref, ctx.file, path, diagnostics));
    }
  }
  return out;
}

function loadFile(ctx: ManifestLoadContext, ref: string, at: DocPath, diagnostics: Diagnostic[]): Manifest[] {
  const path = isAbsolute(ref) ? normalize(ref) : join(dirname(ctx.file), ref);
  const rel = relative(resolve(ctx.root), resolve(path));
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
    diagnostics.push(ctx.scenario.diag('PATH_OUTSIDE_ROOT', `manifest path "${ref}" resolves to ${path}, outside the root ${ctx.root} (use --root to widen it)`, at));
    return [];
  }
  let parsed = ctx.cache.get(path);
  if (!ctx.cache.has(path)) {
    const text = ctx.readFile?.(path);
    parsed = text === undefined ? undefined : parseYamlDocs(text, path, MANIFEST_YAML_VERSION);
    ctx.cache.set(path, parsed);
    if (parsed) diagnostics.push(...parsed.diagnostics);
  }
  if (!parsed) {
    diagnostics.push(ctx.scenario.diag('MANIFEST_NOT_FOUND', `manifest file "${ref}" not found (looked for ${path})`, at));
    return [];
  }
  if (parsed.diagnostics.length) return [];
  const out: Manifest[] = [];
  for (const doc of parsed.docs) out.push(...objectsOf(doc, doc.value, path, [], diagnostics));
  if (out.length === 0) diagnostics.push(ctx.scenario.diag('EMPTY_FILE', `manifest file "${ref}" holds no objects`, at));
  return out;
}

const POD_SPEC_PATHS: Record<string, DocPath> = {
  Pod: ['spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Every container image of a manifest with its path. */
export function imagesOf(obj: KubeObject): Array<{ image: string; path: DocPath }> {
  const base = POD_SPEC_PATHS[obj.kind];
  if (!base) return [];
  let spec: unknown = obj;
  for (const p of base) spec = isObject(spec) ? spec[p as string] : undefined;
  if (!isObject(spec)) return [];
  const out: Array<{ image: string; path: DocPath }> = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    cs.forEach((c, i) => {
      if (isObject(c) && typeof c.image === 'string') out.push({ image: c.image, path: [...base, list, i, 'image'] });
    });
  }
  return out;
}

/** Kinds a real 1.30 API server serves (by apiVersion) that the model does not have. */
const REAL_UNMODELLED_KINDS: Record<string, readonly string[]> = {
  Ingress: ['networking.k8s.io/v1'],
  IngressClass: ['networking.k8s.io/v1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v1', 'autoscaling/v2'],
  Role: ['rbac.authorization.k8s.io/v1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1'],
  CustomResourceDefinition: ['apiextensions.k8s.io/v1'],
  ValidatingWebhookConfiguration: ['admissionregistration.k8s.io/v1'],
  MutatingWebhookConfiguration: ['admissionregistration.k8s.io/v1'],
  ValidatingAdmissionPolicy: ['admissionregistration.k8s.io/v1'],
  CSIDriver: ['storage.k8s.io/v1'],
  CSINode: ['storage.k8s.io/v1'],
  VolumeAttachment: ['storage.k8s.io/v1'],
  RuntimeClass: ['node.k8s.io/v1'],
  PodTemplate: ['v1'],
  ReplicationController: ['v1'],
  Binding: ['v1'],
};

function diagAt(m: Manifest, code: string, message: string, path: DocPath, key = false): Diagnostic {
  const pos = m.locate(path, { key });
  return { code, file: pos.file, line: pos.line, col: pos.col, message, path: m.pathString(path) };
}

/**
 * Load-time checks of one manifest: the kind is modelled, the API server's validation passes
 * (unless `expectRejection`), and every image is in the scenario's `images` section.
 */
export function checkManifest(m: Manifest, images: Record<string, unknown> | undefined, expectRejection: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const obj = m.object;
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
    out.push(diagAt(m, 'MISSING_FIELD', `missing required field "${typeof obj.kind !== 'string' ? 'kind' : 'apiVersion'}"`, []));
    return out;
  }
  const info = kindInfo(obj.kind) ?? resolveKind(obj.kind);
  const real = REAL_UNMODELLED_KINDS[obj.kind];
  if (!info && real !== undefined && real.includes(obj.apiVersion)) {
    out.push(diagAt(m, 'UNSUPPORTED_KIND', `${obj.kind} (${obj.apiVersion}) is a Kubernetes 1.30 kind that kscenario does not model yet`, ['kind']));
    return out;
  }
  if (!info || info.kind !== obj.kind || info.apiVersion !== obj.apiVersion) {
    const hint = info && info.kind === obj.kind ? ` (${obj.kind} is ${info.apiVersion})` : '';
    // kubectl's wording (cli-runtime resource mapping + "ensure CRDs are installed first").
    const where = `resource mapping not found for name: "${String(obj.metadata?.name ?? '')}" namespace: "${String(obj.metadata?.namespace ?? '')}" from "${m.file}"`;
    out.push(diagAt(m, 'UNKNOWN_KIND', `${where}: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"${hint}; ensure CRDs are installed first`, info && info.kind === obj.kind ? ['apiVersion'] : ['kind']));
    return out;
  }
  if (!expectRejection) {
    let errs: ReturnType<typeof validateManifest> = [];
    try {
      errs = validateManifest(obj);
    } catch (e) {
      out.push(diagAt(m, 'INVALID_MANIFEST', `cannot validate: ${(e as Error).message}`, []));
    }
    const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
    for (const e of errs) {
      // Strict decoding (unknown field) is a 400 BadRequest in Kubernetes, not an "is invalid":
      // say it like the API server does and point at the key.
      if (e.type === 'UnknownField') out.push(diagAt(m, 'UNKNOWN_FIELD', `${obj.kind} "${name}": strict decoding error: ${e.message}`, e.path, true));
      else if (e.message.startsWith('json: ')) {
        // A Go JSON type error is a 400 decode error (apiserver handlers/rest.go transformDecodeError).
        const version = obj.apiVersion.includes('/') ? obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1) : obj.apiVersion;
        out.push(diagAt(m, 'INVALID_MANIFEST', `${obj.kind} in version "${version}" cannot be handled as a ${obj.kind}: ${e.message}`, e.path));
      } else out.push(diagAt(m, 'INVALID_MANIFEST', `${obj.kind} "${name}" is invalid: ${e.field}: ${e.message}`, e.path));
    }
  }
  for (const { path, n } of replicaFieldsOverLimit(obj)) out.push(diagAt(m, 'TOO_LARGE', tooManyReplicas(path.join('.'), n), [...path]));
  if (images && !Object.hasOwn(images, '*')) {
    const known = Object.keys(images);
    for (const { image, path } of imagesOf(obj)) {
      if (Object.hasOwn(images, image)) continue;
      const guess = closest(image, known);
      out.push(diagAt(m, 'UNKNOWN_IMAGE', `image "${image}" is not in spec.images${guess ? ` (did you mean "${guess}"?)` : ''}; add it, or a "*" entry for any image`, path));
    }
  }
  return out;
}
