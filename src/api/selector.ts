/**
 * Label selectors: labels.Parse, Requirement, Selector, SelectorFromSet
 * (staging/src/k8s.io/apimachinery/pkg/labels/selector.go) and metav1.LabelSelectorAsSelector /
 * FormatLabelSelector (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go).
 * Errors are thrown as `Error`s carrying Kubernetes' exact message.
 */
import { goQuote, isQualifiedName, isValidLabelValue } from './validation.js';

/** selection.Operator values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Values as given (the parser hands them over de-duplicated and sorted). */
  readonly values: readonly string[];
}

export interface Selector {
  /** True when every requirement matches these labels. */
  matches(labels: Readonly<Record<string, string>> | undefined | null): boolean;
  /** True when the selector does not restrict anything (Everything). Nothing() is not empty. */
  empty(): boolean;
  /** Canonical text: requirements sorted by key, set values sorted. */
  toString(): string;
  /** The requirements (sorted by key); `selectable` false only for Nothing(). */
  requirements(): Requirement[];
  selectable(): boolean;
  /** A new selector with these requirements added (re-sorted by key). */
  add(...reqs: Requirement[]): Selector;
  /** RequiresExactMatch: the single value required for `label`, if any. */
  requiresExactMatch(label: string): string | undefined;
}

const binaryOperators: Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const unaryOperators: Operator[] = ['exists', '!'];
const validRequirementOperators: Operator[] = [...binaryOperators, ...unaryOperators];

/** Go's %#v for a []string. */
function goStringSlice(vals: readonly string[]): string {
  return `[]string{${vals.map(goQuote).join(', ')}}`;
}

/** field.Invalid(...).Error(). */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${value}: ${detail}`;
}

/** utilerrors aggregate Error(): one message alone, several de-duplicated in brackets. */
function aggregate(errs: string[]): string {
  const seen: string[] = [];
  for (const e of errs) if (!seen.includes(e)) seen.push(e);
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

/** Go strconv.ParseInt(s, 10, 64) as a BigInt, undefined when it would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > BigInt('9223372036854775807') || v < -BigInt('9223372036854775808')) return undefined;
  return v;
}

/** field.Path rendering of an optional root (nil renders as `<nil>` in Go). */
function child(root: string | undefined, name: string): string {
  return root ? `${root}.${name}` : name;
}

/**
 * labels.NewRequirement: validates key, operator and values; throws the aggregated field errors.
 * `path` is the optional field path root (field.WithPath).
 */
export function newRequirement(key: string, operator: Operator, values: readonly string[], path?: string): Requirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalid(child(path, 'key'), goQuote(key), keyErrs.join('; ')));
  const valuePath = child(path, 'values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(invalid(valuePath, goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(invalid(valuePath, goStringSlice(values), 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(invalid(valuePath, goStringSlice(values), 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(invalid(valuePath, goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalid(`${valuePath}[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push(
        `${child(path, 'operator')}: Unsupported value: ${goQuote(String(operator))}: supported values: ${validRequirementOperators
          .map((o) => goQuote(o))
          .join(', ')}`,
      );
  }
  values.forEach((v, i) => {
    const m = isValidLabelValue(v);
    if (m.length) errs.push(invalid(`${valuePath}[${i}][${key}]`, goQuote(v), m.join('; ')));
  });
  if (errs.length) throw new Error(aggregate(errs));
  return { key, operator, values: [...values] };
}

/** Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>> | undefined | null): boolean {
  const has = labels != null && Object.hasOwn(labels, r.key);
  const val = has ? labels![r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(val!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(val!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const lv = parseInt64(val!);
      if (lv === undefined || r.values.length !== 1) return false;
      const rv = parseInt64(r.values[0]!);
      if (rv === undefined) return false;
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

/** Requirement.String. */
export function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? '!' + r.key : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return s;
    case '=':
    case '==':
    case '!=':
      s += r.operator;
      break;
    case 'in':
      s += ' in ';
      break;
    case 'notin':
      s += ' notin ';
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
  }
  const set = r.operator === 'in' || r.operator === 'notin';
  if (set) s += '(';
  s += r.values.length === 1 ? r.values[0]! : [...r.values].sort(byCodeUnit).join(',');
  if (set) s += ')';
  return s;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortByKey(reqs: Requirement[]): Requirement[] {
  // Go's sort.Sort(ByKey) — stable here so equal keys keep their order.
  return reqs.map((r, i) => [r, i] as const).sort((a, b) => byCodeUnit(a[0].key, b[0].key) || a[1] - b[1]).map((x) => x[0]);
}

class InternalSelector implements Selector {
  constructor(private readonly reqs: readonly Requirement[]) {}
  matches(labels: Readonly<Record<string, string>> | undefined | null): boolean {
    for (const r of this.reqs) if (!requirementMatches(r, labels)) return false;
    return true;
  }
  empty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }
  requirements(): Requirement[] {
    return [...this.reqs];
  }
  selectable(): boolean {
    return true;
  }
  add(...reqs: Requirement[]): Selector {
    return new InternalSelector(sortByKey([...this.reqs, ...reqs]));
  }
  requiresExactMatch(label: string): string | undefined {
    for (const r of this.reqs) {
      if (r.key !== label) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }
}

class NothingSelector implements Selector {
  matches(): boolean {
    return false;
  }
  empty(): boolean {
    return false;
  }
  toString(): string {
    return '';
  }
  requirements(): Requirement[] {
    return [];
  }
  selectable(): boolean {
    return false;
  }
  add(): Selector {
    return this;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

const EVERYTHING: Selector = new InternalSelector([]);
const NOTHING: Selector = new NothingSelector();

/** labels.Everything(): matches all label sets. */
export function everything(): Selector {
  return EVERYTHING;
}

/** labels.Nothing(): matches no label set. */
export function nothing(): Selector {
  return NOTHING;
}

/** labels.MatchesNothing. */
export function matchesNothing(s: Selector): boolean {
  return s === NOTHING;
}

/** labels.SelectorFromSet: equality requirements sorted by key, no validation. */
export function selectorFromSet(labels: Readonly<Record<string, string>> | undefined | null): Selector {
  if (!labels) return new InternalSelector([]);
  const keys = Object.keys(labels).sort(byCodeUnit);
  return new InternalSelector(keys.map((k) => ({ key: k, operator: '=' as const, values: [labels[k]!] })));
}

/** labels.ValidatedSelectorFromSet: like selectorFromSet but validates (throws). */
export function validatedSelectorFromSet(labels: Readonly<Record<string, string>> | undefined | null): Selector {
  if (!labels) return new InternalSelector([]);
  const keys = Object.keys(labels).sort(byCodeUnit);
  return new InternalSelector(keys.map((k) => newRequirement(k, '=', [labels[k]!])));
}

// ---- lexer / parser (selector.go Lexer, Parser) ----

const enum Tok {
  Error,
  End,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const string2token: Record<string, Tok> = {
  ')': Tok.ClosedPar,
  ',': Tok.Comma,
  '!': Tok.DoesNotExist,
  '==': Tok.DoubleEquals,
  '=': Tok.Equals,
  '>': Tok.GreaterThan,
  in: Tok.In,
  '<': Tok.LessThan,
  '!=': Tok.NotEquals,
  notin: Tok.NotIn,
  '(': Tok.OpenPar,
};

function tokenOf(s: string): Tok | undefined {
  return Object.hasOwn(string2token, s) ? string2token[s] : undefined;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

interface Item {
  tok: Tok;
  lit: string;
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  // A NUL byte ends input as in Go's reader.
  const read = (): string => (pos < s.length ? s[pos++]! : '\0');
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === '\0') {
      items.push({ tok: Tok.End, lit: '' });
      return items;
    }
    pos--;
    if (isSpecialSymbol(ch)) {
      let buf = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecialSymbol(c)) {
          buf += c;
          const t = tokenOf(buf);
          if (t !== undefined) last = { tok: t, lit: buf };
          else if (last) {
            pos--;
            break;
          }
        } else {
          pos--;
          break;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = '';
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecialSymbol(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buf += c;
      }
      const t = tokenOf(buf);
      items.push({ tok: t ?? Tok.Identifier, lit: buf });
    }
  }
}

const enum Ctx {
  KeyAndOperator,
  Values,
}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private fix(it: Item, ctx: Ctx): Item {
    if (ctx === Ctx.Values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit };
    return it;
  }
  lookahead(ctx: Ctx): Item {
    return this.fix(this.items[this.position]!, ctx);
  }
  consume(ctx: Ctx): Item {
    return this.fix(this.items[this.position++]!, ctx);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(Ctx.Values);
      switch (tok) {
        case Tok.Identifier:
        case Tok.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            throw new Error(`unable to parse requirement: ${(e as Error).message}`);
          }
          reqs.push(r);
          const t = this.consume(Ctx.Values);
          if (t.tok === Tok.End) return reqs;
          if (t.tok === Tok.Comma) {
            const t2 = this.lookahead(Ctx.Values);
            if (t2.tok !== Tok.Identifier && t2.tok !== Tok.DoesNotExist) {
              throw new Error(`found '${t2.lit}', expected: identifier after ','`);
            }
            break;
          }
          throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
        }
        case Tok.End:
          return reqs;
        default:
          throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    let values: string[];
    if (op === 'in' || op === 'notin') values = this.parseValues();
    else values = this.parseExactValue();
    return newRequirement(key, op, [...new Set(values)].sort(byCodeUnit));
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | '' } {
    let operator: Operator | '' = '';
    let { tok, lit } = this.consume(Ctx.Values);
    if (tok === Tok.DoesNotExist) {
      operator = '!';
      ({ tok, lit } = this.consume(Ctx.Values));
    }
    if (tok !== Tok.Identifier) throw new Error(`found '${lit}', expected: identifier`);
    const errs = isQualifiedName(lit);
    if (errs.length) throw new Error(invalid('<nil>', goQuote(lit), errs.join('; ')));
    const t = this.lookahead(Ctx.Values).tok;
    if ((t === Tok.End || t === Tok.Comma) && operator !== '!') operator = 'exists';
    return { key: lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(Ctx.KeyAndOperator);
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      case Tok.NotIn:
        return 'notin';
      case Tok.NotEquals:
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    let { tok, lit } = this.consume(Ctx.Values);
    if (tok !== Tok.OpenPar) throw new Error(`found '${lit}' expected: '('`);
    ({ tok, lit } = this.lookahead(Ctx.Values));
    switch (tok) {
      case Tok.Identifier:
      case Tok.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(Ctx.Values).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
        return s;
      }
      case Tok.ClosedPar:
        this.consume(Ctx.Values);
        return [''];
      default:
        throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): string[] {
    const s: string[] = [];
    for (;;) {
      const { tok, lit } = this.consume(Ctx.Values);
      if (tok === Tok.Identifier) {
        s.push(lit);
        const t2 = this.lookahead(Ctx.Values);
        if (t2.tok === Tok.Comma) continue;
        if (t2.tok === Tok.ClosedPar) return s;
        throw new Error(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (tok === Tok.Comma) {
        if (s.length === 0) s.push(''); // "(,"
        const t2 = this.lookahead(Ctx.Values).tok;
        if (t2 === Tok.ClosedPar) {
          s.push(''); // ",)"
          return s;
        }
        if (t2 === Tok.Comma) s.push(''); // ",,"
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] {
    const t = this.lookahead(Ctx.Values).tok;
    if (t === Tok.End || t === Tok.Comma) return [''];
    const { tok, lit } = this.consume(Ctx.Values);
    if (tok === Tok.Identifier) return [lit];
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** labels.ParseToRequirements: the requirements sorted by key. */
export function parseToRequirements(selector: string): Requirement[] {
  return sortByKey(new Parser(lex(selector)).parse());
}

/** labels.Parse: throws an Error with Kubernetes' message when the selector is malformed. */
export function parseSelector(selector: string): Selector {
  return new InternalSelector(parseToRequirements(selector));
}

// ---- metav1.LabelSelector ----

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/**
 * metav1.LabelSelectorAsSelector: null/undefined → Nothing(); empty → Everything();
 * In/NotIn/Exists/DoesNotExist; throws `"Foo" is not a valid label selector operator` or the
 * NewRequirement errors. matchLabels are taken in sorted key order (Go's map order is random).
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls == null) return NOTHING;
  const ml = ls.matchLabels ?? {};
  const me = ls.matchExpressions ?? [];
  const keys = Object.keys(ml).sort(byCodeUnit);
  if (keys.length + me.length === 0) return EVERYTHING;
  const reqs: Requirement[] = [];
  for (const k of keys) reqs.push(newRequirement(k, '=', [ml[k]!]));
  for (const expr of me) {
    let op: Operator;
    switch (expr.operator) {
      case 'In':
        op = 'in';
        break;
      case 'NotIn':
        op = 'notin';
        break;
      case 'Exists':
        op = 'exists';
        break;
      case 'DoesNotExist':
        op = '!';
        break;
      default:
        throw new Error(`${goQuote(String(expr.operator))} is not a valid label selector operator`);
    }
    reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return new InternalSelector(sortByKey(reqs));
}

/** metav1.FormatLabelSelector (kubectl describe's `Selector:`): `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ls).toString();
  } catch {
    return '<error>';
  }
  return s.length === 0 ? '<none>' : s;
}

/** metav1.LabelSelectorAsMap-style check used by controllers: does `ls` select these labels? */
export function labelSelectorMatches(
  ls: LabelSelector | null | undefined,
  labels: Readonly<Record<string, string>> | undefined | null,
): boolean {
  return labelSelectorAsSelector(ls).matches(labels);
}
