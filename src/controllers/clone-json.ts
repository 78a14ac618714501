/** Deep copy of plain JSON data (what structuredClone does for it, several times faster). */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = cloneJson(v[i]);
    return a as T;
  }
  const o: any = {};
  for (const k in v) o[k] = cloneJson((v as any)[k]);
  return o;
}
