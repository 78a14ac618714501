/**
 * YAML text → documents that keep their source positions. A NEW LineCounter per parse
 * (reusing one shifts lines, TOOLCHAIN.md §1.5). Bombs and oversize input become diagnostics,
 * never hangs: a size cap before parsing and `maxAliasCount` when converting to JS.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { Diagnostic, DiagnosticCode } from './diagnostic.js';
import { formatDocPath } from './diagnostic.js';
import type { DocPath } from './steps/types.js';

/** Files above this size are rejected before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Aliases a document may dereference when converted (yaml's default is 100). */
export const MAX_ALIAS_COUNT = 1000;

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** One parsed YAML document with position lookup. */
export interface YamlDoc {
  readonly file: string;
  readonly doc: Document.Parsed;
  /** Plain JS value (undefined when conversion failed: see the diagnostics). */
  readonly value: unknown;
  /** The whole source text (of every document in the file). */
  readonly text: string;
  /** Offsets [start, end) of the node at `path`, when it exists (no alias in between). */
  rangeOf(path: DocPath): [number, number] | undefined;
  /** Position of the node at `path` (the key when `key` is set); the deepest existing ancestor otherwise. */
  locate(path: DocPath, opts?: { key?: boolean }): SourcePos;
  /** `file:line:col` diagnostic at `path`. */
  diag(code: DiagnosticCode, message: string, path: DocPath, opts?: { key?: boolean; pathPrefix?: DocPath }): Diagnostic;
}

/**
 * kubectl reads manifests with sigs.k8s.io/yaml, i.e. go-yaml v2: YAML 1.1 implicit types, so
 * `yes`/`on`/`NO` are booleans and `0644` is octal (420) — the classic `defaultMode: 0644` and
 * `value: yes` cases behave as in Kubernetes only with 1.1. go-yaml hands timestamps and
 * sexagesimal numbers (`1:30`) back as strings in JSON, so those 1.1 tags are left out.
 * The scenario document itself is YAML 1.2 (`no: web` is a key "no"); its inline manifests are
 * re-read as 1.1 (see manifests.ts). writeScenarioYaml quotes for 1.1, which 1.2 reads alike.
 */
export const MANIFEST_YAML_VERSION = '1.1' as const;
export type YamlVersion = '1.1' | '1.2';
export const dropTimeTags = (tags: Array<{ tag?: string; format?: string } | string>): Array<{ tag?: string; format?: string } | string> =>
  tags.filter((t) => typeof t === 'string' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp'));

const YAML_CODES: Partial<Record<string, DiagnosticCode>> = {
  DUPLICATE_KEY: 'DUPLICATE_KEY',
  TAB_AS_INDENT: 'TAB_INDENT',
  RESOURCE_EXHAUSTION: 'YAML_ALIAS_LIMIT',
};

/** Parse every document of `text`. Diagnostics cover syntax, duplicate keys, tabs, size and alias bombs. */
export function parseYamlDocs(text: string, file: string, version: YamlVersion = '1.2'): { docs: YamlDoc[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_FILE_BYTES) {
    diagnostics.push({ code: 'FILE_TOO_LARGE', file, line: 0, col: 0, message: `file is ${text.length} bytes, more than the limit of ${MAX_FILE_BYTES}`, path: '' });
    return { docs: [], diagnostics };
  }
  const lc = new LineCounter();
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(
      text,
      version === '1.1'
        ? { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, version, customTags: dropTimeTags as never }
        : { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true, version },
    ) as Document.Parsed[];
  } catch (e) {
    diagnostics.push({ code: 'YAML_SYNTAX', file, line: 0, col: 0, message: `cannot parse: ${(e as Error).message}`, path: '' });
    return { docs: [], diagnostics };
  }
  if (!Array.isArray(parsed)) parsed = [parsed as unknown as Document.Parsed];
  const docs: YamlDoc[] = [];
  for (const doc of parsed) {
    let bad = false;
    if (doc.errors.length) {
      // yaml's recovery after the first error cascades into follow-on errors: report the root
      // cause only, preferring a tab used as indentation (it often shows up second).
      bad = true;
      const err = doc.errors.find((e) => e.code === 'TAB_AS_INDENT') ?? doc.errors[0]!;
      const pos = lc.linePos(err.pos[0]);
      const code = YAML_CODES[err.code] ?? 'YAML_SYNTAX';
      diagnostics.push({ code, file, line: pos.line, col: pos.col, message: firstLine(err.message), path: '' });
    }
    let value: unknown;
    if (!bad) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        const msg = (e as Error).message;
        const alias = /alias/i.test(msg);
        diagnostics.push({
          code: alias ? 'YAML_ALIAS_LIMIT' : 'YAML_SYNTAX',
          file,
          line: 1,
          col: 1,
          message: alias ? `too many alias expansions (more than ${MAX_ALIAS_COUNT}): ${msg}` : msg,
          path: '',
        });
        bad = true;
      }
    }
    docs.push(makeDoc(file, text, doc, lc, bad ? undefined : value));
  }
  return { docs, diagnostics };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

interface Found {
  node: Node | null;
  pair: Pair | undefined;
  /** How many path segments were resolved. */
  depth: number;
}

function keyMatches(k: unknown, seg: string | number): boolean {
  if (isScalar(k)) return String(k.value) === String(seg);
  return false;
}

/** Walk `path` through maps, sequences and aliases. */
export function findNode(doc: Document, path: DocPath): Found {
  let node = doc.contents as Node | null;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of path) {
    if (node && isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    if (node && isMap(node)) {
      const p = node.items.find((it) => keyMatches(it.key, seg));
      if (!p) break;
      pair = p as Pair;
      node = (p.value as Node | null) ?? null;
    } else if (node && isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (item === undefined) break;
      pair = undefined;
      node = item;
    } else break;
    depth++;
  }
  return { node, pair, depth };
}

function makeDoc(file: string, text: string, doc: Document.Parsed, lc: LineCounter, value: unknown): YamlDoc {
  const locate = (path: DocPath, opts?: { key?: boolean }): SourcePos => {
    const f = findNode(doc, path);
    let offset: number | undefined;
    if (f.depth === path.length && opts?.key && f.pair && isScalar(f.pair.key) && f.pair.key.range) offset = f.pair.key.range[0];
    else if (f.node && f.node.range) offset = f.node.range[0];
    else if (f.pair && isScalar(f.pair.key) && f.pair.key.range) offset = f.pair.key.range[0];
    else if (doc.contents && doc.contents.range) offset = doc.contents.range[0];
    if (offset === undefined) return { file, line: 1, col: 1 };
    const p = lc.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  return {
    file,
    doc,
    value,
    text,
    rangeOf(path) {
      const f = findNode(doc, path);
      if (f.depth !== path.length || !f.node || !f.node.range) return undefined;
      return [f.node.range[0], f.node.range[1]];
    },
    locate,
    diag(code, message, path, opts) {
      const pos = locate(path, opts);
      return { code, file: pos.file, line: pos.line, col: pos.col, message, path: formatDocPath([...(opts?.pathPrefix ?? []), ...path]) };
    },
  };
}
