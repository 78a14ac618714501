import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A top-level `kind: Scenario` line (quoted or not, with an optional comment). */
const SCENARIO_KIND = /^kind:[ \t]*(["']?)Scenario\1[ \t]*(#.*)?$/m;
const YAML_FILE = /\.ya?ml$/i;
/** Folders never searched: manifests used by scenarios, dependencies, hidden folders. */
const SKIPPED_DIRS = new Set(['manifests', 'node_modules']);
/** Files larger than this are not sniffed for `kind: Scenario` when found in a directory. */
const SNIFF_LIMIT = 1 << 20;

export interface Discovered {
  /** Scenario files in command-line order, directories expanded in sorted order. */
  files: string[];
  /** Arguments that do not exist. */
  missing: string[];
  /** Directories in which no scenario was found. */
  empty: string[];
}

/**
 * Expand the command line's FILE|DIR arguments. A file named explicitly is always taken (the
 * loader reports it if it is not a scenario); in a directory, a YAML file is a scenario when
 * it has a top-level `kind: Scenario`. Sorted by name so runs are reproducible.
 */
export function discoverScenarios(args: readonly string[]): Discovered {
  const out: Discovered = { files: [], missing: [], empty: [] };
  const seen = new Set<string>();
  const add = (f: string): void => {
    if (!seen.has(f)) {
      seen.add(f);
      out.files.push(f);
    }
  };
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch {
      out.missing.push(arg);
      continue;
    }
    if (st.isDirectory()) {
      const before = out.files.length;
      walk(arg, add);
      if (out.files.length === before) out.empty.push(arg);
    } else {
      add(arg);
    }
  }
  return out;
}

function walk(dir: string, add: (f: string) => void): void {
  const names = readdirSync(dir).sort();
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIPPED_DIRS.has(name) && !name.startsWith('.')) walk(p, add);
    } else if (YAML_FILE.test(name) && st.size <= SNIFF_LIMIT && isScenarioText(readFileSync(p, 'utf8'))) {
      add(p);
    }
  }
}

/** Whether YAML text looks like a scenario (a top-level `kind: Scenario`). */
export function isScenarioText(text: string): boolean {
  return SCENARIO_KIND.test(text);
}
