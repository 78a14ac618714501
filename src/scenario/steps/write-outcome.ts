/**
 * Shared by the write steps (apply, create, replace, patch, delete): run each write, print
 * kubectl's line, and handle API errors. With `expectError` on the step, a rejection matching
 * it is the expected outcome (and no rejection is a failure); without it, a rejection is the
 * input's fault (exit 2), reported at the manifest's own file:line:col when we know the field.
 */
import { ApiError } from '../../store/types.js';
import { kubectlInvalidMessage } from '../../api/admission/index.js';
import { InputError } from '../diagnostic.js';
import type { Manifest } from '../types.js';
import type { DocPath, StepRuntime } from './types.js';

interface ExpectError {
  reason?: string;
  message?: string;
}

/** `spec.template.spec.containers[0].image` → ['spec','template','spec','containers',0,'image']. */
export function fieldToPath(field: string): DocPath {
  const out: DocPath = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** kubectl's text for an API error. */
export function errorText(e: ApiError): string {
  return kubectlInvalidMessage(e);
}

export class WriteSession {
  private readonly expect: ExpectError | undefined;
  private readonly rejections: ApiError[] = [];
  private successes: string[] = [];

  constructor(private readonly rt: StepRuntime) {
    this.expect = rt.step?.expectError as ExpectError | undefined;
  }

  /** Run one write; `what` names the object for messages; `m` locates it (manifest writes). */
  run(what: string, m: Manifest | undefined, subPath: DocPath, fn: () => string | undefined): void {
    try {
      const line = fn();
      if (line !== undefined) {
        this.rt.log(line);
        this.successes.push(what);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.rt.log(errorText(e));
      if (this.expect) {
        this.rejections.push(e);
        return;
      }
      this.rejectAsInput(e, m, subPath);
    }
  }

  private rejectAsInput(e: ApiError, m: Manifest | undefined, subPath: DocPath): never {
    const code = e.reason === 'NotFound' ? 'OBJECT_NOT_FOUND' : e.reason === 'Invalid' ? 'INVALID_MANIFEST' : 'API_ERROR';
    const msg = `${errorText(e)} (add expectError to the step if this rejection is what the scenario shows)`;
    if (m) {
      const cause = e.causes[0] as { field?: string; path?: DocPath } | undefined;
      const path: DocPath = cause ? (Array.isArray(cause.path) ? cause.path : cause.field ? fieldToPath(cause.field) : []) : [];
      const pos = m.locate(path);
      throw new InputError({ code, file: pos.file, line: pos.line, col: pos.col, message: msg, path: m.pathString(path) });
    }
    this.rt.inputError(code, msg, subPath);
  }

  /** After all writes: check `expectError`. */
  finish(): void {
    const x = this.expect;
    if (!x) return;
    const matching = this.rejections.filter((e) => (x.reason === undefined || e.reason === x.reason) && (x.message === undefined || e.message.includes(x.message) || errorText(e).includes(x.message)));
    if (matching.length > 0) return;
    const want = `${x.reason ?? 'any reason'}${x.message !== undefined ? ` with a message containing ${JSON.stringify(x.message)}` : ''}`;
    if (this.rejections.length === 0) {
      this.rt.fail(`expected the API server to reject the write (${want}), but it was accepted: ${this.successes.join(', ')}`);
    }
    this.rt.fail(`expected a rejection (${want}), got: ${this.rejections.map(errorText).join('; ')}`);
  }
}
