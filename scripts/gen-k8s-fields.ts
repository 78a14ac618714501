/**
 * Generates generated/k8s-fields.json: the field structure of every kind in src/api/kinds.ts,
 * read from the kubernetes-models 4.5.1 `.d.ts` interfaces (properties, referenced types, arrays,
 * maps) plus the integer formats (int32/int64) from its precompiled validators. The admission
 * chain walks objects against it to report unknown fields (strict decoding) and JSON type errors
 * with Go's wording. Run: `npx tsx scripts/gen-k8s-fields.ts` (`--check` exits 1 when stale).
 *
 * Type expressions in the output: "string" | "bool" | "int32" | "int64" | "quantity" | "intstr" |
 * "time" | "any" | "[]<expr>" | "map[string]<expr>" | "<group>/<version>.<Type>" (a struct).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KINDS } from '../src/api/kinds.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const nm = join(root, 'node_modules');
const OUT = join(root, 'generated', 'k8s-fields.json');

interface TypeDef {
  /** Field name -> type expression, sorted by name. */
  [field: string]: string;
}

const types: Record<string, TypeDef> = {};
const kinds: Record<string, string> = {};

/** Module specifier (as in an import) -> absolute .d.ts path. */
function resolveModule(spec: string, fromFile: string): string {
  if (spec.startsWith('.')) return resolve(dirname(fromFile), spec + '.d.ts');
  if (spec.startsWith('@kubernetes-models/apimachinery/')) return join(nm, spec + '.d.ts');
  if (spec.startsWith('kubernetes-models/')) return join(nm, spec + '.d.ts');
  throw new Error(`cannot resolve ${spec} from ${fromFile}`);
}

/** Type id from a .d.ts path: core/v1.PodSpec, apps/v1.Deployment, meta/v1.ObjectMeta. */
function typeId(file: string): string {
  const rel = file.slice(nm.length + 1).replace(/\.d\.ts$/, '');
  const parts = rel.split('/');
  const name = parts.pop()!;
  if (parts[0] === 'kubernetes-models') {
    const gv = parts.slice(1);
    if (gv.length === 1) return `core/${gv[0]}.${name}`;
    return `${gv[0]!.split('.')[0]}/${gv[1]}.${name}`;
  }
  // @kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta -> meta/v1.ObjectMeta
  const tail = parts.slice(2);
  if (tail[0] === 'apis') return `${tail[1]}/${tail[2]}.${name}`;
  return `${tail.join('/')}.${name}`;
}

/** The precompiled validator file next to the types, for int32/int64 formats. */
function schemaFile(file: string, src: string): string | undefined {
  const m = /export \{ I\w+ as I(IoK8s\w+)/.exec(src);
  if (!m) return undefined;
  const base = file.startsWith(join(nm, '@kubernetes-models/apimachinery'))
    ? join(nm, '@kubernetes-models/apimachinery/_schemas')
    : join(nm, 'kubernetes-models/_schemas');
  const f = join(base, `${m[1]}.js`);
  return existsSync(f) ? f : undefined;
}

function intFormats(schema: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!schema) return out;
  const js = readFileSync(schema, 'utf8');
  const fnFormat = new Map<string, string>();
  for (const m of js.matchAll(/formats\d+=_validate\.formats\.(int32|int64);function (validate\d+)/g)) fnFormat.set(m[2]!, m[1]!);
  for (const m of js.matchAll(/data\.([A-Za-z0-9_$]+)\|\|(validate\d+)/g)) {
    const f = fnFormat.get(m[2]!);
    if (f) out.set(m[1]!, f);
  }
  return out;
}

/** A tiny tokenizer/parser for the type expressions kubernetes-models emits. */
class TypeParser {
  private i = 0;
  constructor(private readonly s: string, private readonly imports: Map<string, string>, private readonly file: string) {}

  private ws(): void {
    for (;;) {
      while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
      if (this.s.startsWith('/*', this.i)) this.i = this.s.indexOf('*/', this.i) + 2;
      else if (this.s.startsWith('//', this.i)) this.i = this.s.indexOf('\n', this.i) + 1;
      else return;
    }
  }
  private eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  private expect(tok: string): void {
    if (!this.eat(tok)) throw new Error(`${this.file}: expected ${tok} at ${this.s.slice(this.i, this.i + 60)}`);
  }
  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`${this.file}: identifier expected at ${this.s.slice(this.i, this.i + 60)}`);
    this.i += m[0].length;
    return m[0];
  }
  private str(): string {
    this.ws();
    const m = /^"(?:[^"\\]|\\.)*"/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`${this.file}: string expected at ${this.s.slice(this.i, this.i + 60)}`);
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  /** Parses `{ "a"?: T; ... }` bodies (interface bodies and inline object types). */
  objectBody(): TypeDef | { map: string } {
    this.expect('{');
    const fields: TypeDef = {};
    let map: string | undefined;
    while (!this.eat('}')) {
      if (this.eat('[')) {
        this.ident();
        this.expect(':');
        this.ident();
        this.expect(']');
        this.expect(':');
        map = this.type();
      } else {
        this.ws();
        const name = this.s[this.i] === '"' ? this.str() : this.ident();
        this.eat('?');
        this.expect(':');
        fields[name] = this.type();
      }
      this.eat(';');
    }
    return map !== undefined ? { map } : fields;
  }

  type(): string {
    const alts: string[] = [this.primary()];
    while (this.eat('|')) alts.push(this.primary());
    const uniq = [...new Set(alts)];
    if (uniq.length === 1) return uniq[0]!;
    if (uniq.every((a) => a === 'string' || a === 'int32')) return 'intstr';
    throw new Error(`${this.file}: union ${uniq.join('|')}`);
  }

  private primary(): string {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      this.str();
      return 'string';
    }
    if (c === '{') {
      const body = this.objectBody();
      if ('map' in body && typeof body.map === 'string' && Object.keys(body).length === 1) return `map[string]${body.map}`;
      return inlineType(body as TypeDef, this.file);
    }
    const id = this.ident();
    if (id === 'Array') {
      this.expect('<');
      const t = this.type();
      this.expect('>');
      return `[]${t}`;
    }
    let t: string;
    if (id === 'string') t = 'string';
    else if (id === 'number') t = 'int32';
    else if (id === 'boolean') t = 'bool';
    else if (id === 'any' || id === 'unknown' || id === 'object') t = 'any';
    else {
      const mod = this.imports.get(id);
      if (mod) t = loadType(resolveModule(mod, this.file));
      else if (/^I\w+$/.test(id)) t = 'string'; // IFoo["kind"] / IFoo["apiVersion"] (same-file literals)
      else throw new Error(`${this.file}: unknown type ${id}`);
    }
    // Indexed access IFoo["kind"] is a string literal type.
    if (this.eat('[')) {
      this.str();
      this.expect(']');
      return 'string';
    }
    return t;
  }
}

let inlineSeq = 0;
function inlineType(fields: TypeDef, file: string): string {
  const id = `${typeId(file)}.inline${inlineSeq++}`;
  types[id] = sortFields(fields);
  return id;
}

function sortFields(f: TypeDef): TypeDef {
  const out: TypeDef = {};
  for (const k of Object.keys(f).sort()) out[k] = f[k]!;
  return out;
}

const loaded = new Map<string, string>();

/** Loads the main declaration of a .d.ts file and returns its type expression. */
function loadType(file: string): string {
  const hit = loaded.get(file);
  if (hit) return hit;
  const src = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const m of src.matchAll(/import \{([^}]*)\} from "([^"]+)";/g)) {
    for (const name of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) imports.set(name, m[2]!);
  }
  const alias = /export declare type I(\w+) = ([^;]+);/.exec(src);
  if (alias && !/export interface/.test(src)) {
    const name = alias[1]!;
    const special: Record<string, string> = { IntOrString: 'intstr', Quantity: 'quantity', Time: 'time', MicroTime: 'time' };
    const t = special[name] ?? new TypeParser(alias[2]!, imports, file).type();
    loaded.set(file, t);
    return t;
  }
  const m = /export interface I(\w+)(?: extends [\w, ]+)? (\{[\s\S]*?\n\})/.exec(src);
  if (!m) throw new Error(`${file}: no interface`);
  const id = typeId(file);
  loaded.set(file, id);
  const body = new TypeParser(m[2]!, imports, file).objectBody();
  if ('map' in body && typeof body.map === 'string') throw new Error(`${file}: map interface`);
  const fields = body as TypeDef;
  // Empty interfaces (RawExtension, FieldsV1) hold arbitrary JSON.
  if (Object.keys(fields).length === 0) {
    loaded.set(file, 'any');
    return 'any';
  }
  const formats = intFormats(schemaFile(file, src));
  for (const [k, v] of Object.entries(fields)) {
    const f = formats.get(k);
    if (f && v === 'int32') fields[k] = f;
    else if (f && v === '[]int32') fields[k] = `[]${f}`;
  }
  types[id] = sortFields(fields);
  return id;
}

for (const k of KINDS) {
  const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') : ['', k.apiVersion];
  const file = group ? join(nm, 'kubernetes-models', group, version!, `${k.kind}.d.ts`) : join(nm, 'kubernetes-models', version!, `${k.kind}.d.ts`);
  if (!existsSync(file)) throw new Error(`no kubernetes-models type for ${k.kind} (${file})`);
  kinds[k.kind] = loadType(file);
}

const sortedTypes: Record<string, TypeDef> = {};
for (const id of Object.keys(types).sort()) sortedTypes[id] = types[id]!;
const json = JSON.stringify({ source: 'kubernetes-models@4.5.1 (scripts/gen-k8s-fields.ts)', kinds, types: sortedTypes }, null, 1) + '\n';

if (process.argv.includes('--check')) {
  const cur = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (cur !== json) {
    console.error('generated/k8s-fields.json is stale: run npx tsx scripts/gen-k8s-fields.ts');
    process.exit(1);
  }
} else if (process.argv.includes('--stdout')) {
  process.stdout.write(json);
} else {
  writeFileSync(OUT, json);
  console.log(`wrote ${OUT}: ${Object.keys(kinds).length} kinds, ${Object.keys(sortedTypes).length} types, ${json.length} bytes`);
}
