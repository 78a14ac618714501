/**
 * The file-reading edge of the loader. This is the one module under src/scenario/ that touches
 * node:fs (I/O at the edge, outside the deterministic model): it reads the scenario and hands
 * loadScenarioText a readFile for manifests. Everything else stays pure.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Diagnostic } from './diagnostic.js';
import { loadScenarioText, type LoadResult } from './loader.js';
import { MAX_FILE_BYTES } from './yaml-source.js';

/**
 * Read a file as UTF-8; undefined when missing or not a regular file. Of an oversize file only
 * the first MAX_FILE_BYTES + 1 bytes are read, which the parser then rejects as FILE_TOO_LARGE.
 */
export function readFileOrUndefined(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_FILE_BYTES) {
      const buf = Buffer.alloc(MAX_FILE_BYTES + 1);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, buf, 0, buf.length, 0);
      } finally {
        closeSync(fd);
      }
      return buf.toString('latin1');
    }
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Load a scenario file; manifests resolve relative to it and must stay inside `root` (default: the current directory). */
export function loadScenario(path: string, opts: { root?: string } = {}): LoadResult {
  const text = readFileOrUndefined(path);
  if (text === undefined) {
    const d: Diagnostic = { code: 'FILE_NOT_FOUND', file: path, line: 0, col: 0, message: 'no such file', path: '' };
    return { scenario: undefined, diagnostics: [d] };
  }
  return loadScenarioText(text, path, { root: opts.root ?? '.', readFile: readFileOrUndefined });
}
