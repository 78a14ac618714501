/**
 * The field path syntax of SCENARIO-SPEC.md: dots for keys, `[0]` for an index, `[type=Ready]`
 * for the list element whose key has that value, `["a.b/c"]` for a key holding dots or slashes.
 * `status.conditions[type=Ready].status`, `metadata.annotations["deployment.kubernetes.io/revision"]`.
 */
export type FieldSegment =
  | { key: string }
  | { index: number }
  | { where: string; equals: string };

/** Parse a path; throws an Error with a message naming the column on bad syntax. */
export function parseFieldPath(path: string): FieldSegment[] {
  const segs: FieldSegment[] = [];
  let i = 0;
  const n = path.length;
  if (n === 0) throw new Error('empty field path');
  let expectKey = true;
  while (i < n) {
    const c = path[i]!;
    if (c === '[') {
      const close = findClose(path, i);
      const inner = path.slice(i + 1, close).trim();
      if (/^[0-9]+$/.test(inner)) segs.push({ index: Number(inner) });
      else if (inner.startsWith('"') || inner.startsWith("'")) segs.push({ key: unquote(inner, i) });
      else {
        const eq = inner.indexOf('=');
        if (eq <= 0) throw new Error(`bad selector [${inner}] at column ${i + 1}: use [0], [key=value] or ["key"]`);
        let v = inner.slice(eq + 1).trim();
        if (v.startsWith('"') || v.startsWith("'")) v = unquote(v, i);
        segs.push({ where: inner.slice(0, eq).trim(), equals: v });
      }
      i = close + 1;
      expectKey = false;
      continue;
    }
    if (c === '.') {
      if (expectKey) throw new Error(`unexpected "." at column ${i + 1}`);
      i++;
      expectKey = true;
      if (i >= n) throw new Error('field path ends with "."');
      continue;
    }
    if (!expectKey) throw new Error(`expected "." or "[" at column ${i + 1}`);
    let j = i;
    while (j < n && path[j] !== '.' && path[j] !== '[') j++;
    const key = path.slice(i, j);
    if (!/^[A-Za-z0-9_$-]+$/.test(key)) throw new Error(`bad key "${key}" at column ${i + 1}: quote keys with other characters as ["${key}"]`);
    segs.push({ key });
    i = j;
    expectKey = false;
  }
  return segs;
}

function findClose(path: string, open: number): number {
  let q: string | undefined;
  for (let j = open + 1; j < path.length; j++) {
    const c = path[j]!;
    if (q) {
      if (c === '\\') j++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === ']') return j;
  }
  throw new Error(`unclosed "[" at column ${open + 1}`);
}

function unquote(s: string, at: number): string {
  const q = s[0]!;
  if (s.length < 2 || s[s.length - 1] !== q) throw new Error(`unterminated quote at column ${at + 2}`);
  if (q === '"') {
    try {
      return JSON.parse(s) as string;
    } catch {
      throw new Error(`bad quoted key ${s} at column ${at + 2}`);
    }
  }
  return s.slice(1, -1);
}

export type FieldLookup = { found: true; value: unknown } | { found: false; missingAt: string };

/** Follow parsed segments into a value. */
export function getField(obj: unknown, segs: readonly FieldSegment[]): FieldLookup {
  let cur: unknown = obj;
  let walked = '';
  for (const s of segs) {
    const label = 'key' in s ? (/^[A-Za-z0-9_$-]+$/.test(s.key) ? (walked ? `.${s.key}` : s.key) : `[${JSON.stringify(s.key)}]`) : 'index' in s ? `[${s.index}]` : `[${s.where}=${s.equals}]`;
    if ('key' in s) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, s.key)) return { found: false, missingAt: walked + label };
      cur = (cur as Record<string, unknown>)[s.key];
    } else if ('index' in s) {
      if (!Array.isArray(cur) || s.index >= cur.length) return { found: false, missingAt: walked + label };
      cur = cur[s.index];
    } else {
      if (!Array.isArray(cur)) return { found: false, missingAt: walked + label };
      const el = cur.find((e) => e !== null && typeof e === 'object' && String((e as Record<string, unknown>)[s.where]) === s.equals);
      if (el === undefined) return { found: false, missingAt: walked + label };
      cur = el;
    }
    walked += label;
  }
  return { found: true, value: cur };
}
