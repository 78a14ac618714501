/**
 * Go's base64.StdEncoding.DecodeString as the API server's JSON decoder uses it for []byte
 * fields (Secret.data, ConfigMap.binaryData): the offset of the first byte it refuses, or
 * undefined when the text decodes. CR and LF are skipped, as Go skips them.
 */
export function goBase64ErrorOffset(s: string): number | undefined {
  const isAlpha = (c: string) => /[A-Za-z0-9+/]/.test(c);
  let j = 0; // position inside the current 4-character quantum
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' || c === '\n') continue;
    if (isAlpha(c)) {
      j = (j + 1) % 4;
      continue;
    }
    if (c !== '=') return i;
    // Padding: only at quantum position 2 ("xx==") or 3 ("xxx="), and nothing but CR/LF after it.
    if (j < 2) return i;
    let k = i + 1;
    if (j === 2) {
      while (k < s.length && (s[k] === '\r' || s[k] === '\n')) k++;
      if (k === s.length) return s.length;
      if (s[k] !== '=') return k - 1;
      k++;
    }
    while (k < s.length && (s[k] === '\r' || s[k] === '\n')) k++;
    return k < s.length ? k : undefined;
  }
  // An incomplete last quantum: Go reports the offset where it began (decodeQuantum: si - j).
  return j === 0 ? undefined : s.length - j;
}
