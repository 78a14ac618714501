/**
 * The step and assertion keys, read from the schema (the single source) so the loader's
 * "exactly one key" checks never drift from it.
 */
import schema from './scenario.schema.json' with { type: 'json' };

const defs = (schema as unknown as { definitions: Record<string, { properties: Record<string, unknown> }> }).definitions;

/** Keys of a step that name its action (everything but `name` and `expectError`). */
export const STEP_KEYS: readonly string[] = Object.keys(defs.Step!.properties).filter((k) => k !== 'name' && k !== 'expectError');

/** Steps that write through the API server (or run a kubectl verb that can refuse) and so may carry `expectError`. */
export const WRITE_STEPS: ReadonlySet<string> = new Set(['apply', 'create', 'replace', 'patch', 'delete', 'deletePVC', 'editConfigMap', 'editSecret', 'scale', 'rollout']);

/** Assertion kind key → the comparison keys that may go with it. */
export const ASSERTION_FORMS: Readonly<Record<string, { with: readonly string[]; needs?: readonly string[] }>> = {
  object: { with: ['matches'] },
  absent: { with: [] },
  count: { with: ['equals', 'min', 'max'], needs: ['equals', 'min', 'max'] },
  field: { with: ['equals', 'min', 'max'], needs: ['equals', 'min', 'max'] },
  get: { with: ['output'], needs: ['output'] },
  event: { with: [] },
  condition: { with: [] },
  describe: { with: ['contains'], needs: ['contains'] },
  env: { with: ['equals'], needs: ['equals'] },
  file: { with: ['equals', 'mode'], needs: ['equals', 'mode'] },
};

export const ASSERTION_KEYS: readonly string[] = Object.keys(ASSERTION_FORMS);
