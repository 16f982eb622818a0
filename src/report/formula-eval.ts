/**
 * A tiny, independent evaluator for the spreadsheet formulas the payout workbook emits, in exact
 * decimal arithmetic. It supports exactly what payout-formulas.ts writes — ROUND (half away from
 * zero, like Excel), MIN, MAX, IF, SUM, ISNUMBER, + − × ÷, unary minus, comparisons
 * (= <> < <= > >=), numbers, cell references with `$` and other sheets (`Rules!$B$3`,
 * `'Payout detail'!A1`) and ranges inside SUM/MIN/MAX — and throws on anything else, so an
 * unexpected construct in a formula is caught by the tests rather than silently mis-evaluated.
 *
 * Blank cells behave as in Excel: 0 in arithmetic, not a number for ISNUMBER, skipped by
 * SUM/MIN/MAX over ranges.
 */
import DecimalImport from 'decimal.js';

// decimal.js's d.ts is CJS-typed (the class at `.Decimal`) while Node's ESM loader gives the class
// as the default export: accept both.
type DecimalCtor = typeof DecimalImport.Decimal;
const DecimalBase: DecimalCtor =
  (DecimalImport as unknown as { Decimal?: DecimalCtor }).Decimal ?? (DecimalImport as unknown as DecimalCtor);

/** The evaluator's own decimal type (40 digits, ties away from zero as Excel ROUND). */
export const D = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type D = InstanceType<typeof D>;

/** A cell's value as the evaluator sees it: a number, text, a boolean, or blank (null). */
export type Value = D | string | boolean | null;

/** A reference: sheet (null = the formula's own sheet), 1-based column and row. */
export interface CellRef { sheet: string | null; col: number; row: number }

type Node =
  | { k: 'num'; v: D }
  | { k: 'str'; v: string }
  | { k: 'ref'; ref: CellRef }
  | { k: 'range'; from: CellRef; to: CellRef }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };

/** Column letters → 1-based number ("A" → 1, "AA" → 27). */
export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const TOKEN = new RegExp(
  [
    String.raw`(?<ws>\s+)`,
    String.raw`(?<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)`,
    String.raw`(?<str>"(?:[^"]|"")*")`,
    String.raw`(?<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z]{1,3}\$?\d+(?![A-Za-z0-9_(]))`,
    String.raw`(?<fn>[A-Za-z][A-Za-z0-9.]*(?=\())`,
    String.raw`(?<op><>|<=|>=|[-+*/(),:<>=])`,
  ].join('|'),
  'y',
);

interface Tok { t: 'num' | 'str' | 'ref' | 'fn' | 'op'; s: string }

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m || !m.groups) throw new Error(`formula: cannot read at ${at}: ${src.slice(at, at + 20)}`);
    const g = m.groups;
    if (g.ws) continue;
    if (g.num) out.push({ t: 'num', s: g.num });
    else if (g.str) out.push({ t: 'str', s: g.str.slice(1, -1).replace(/""/g, '"') });
    else if (g.ref) out.push({ t: 'ref', s: g.ref });
    else if (g.fn) out.push({ t: 'fn', s: g.fn.toUpperCase() });
    else out.push({ t: 'op', s: g.op });
  }
  return out;
}

function parseRef(text: string): CellRef {
  let sheet: string | null = null;
  let addr = text;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    sheet = text.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    addr = text.slice(bang + 1);
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(addr);
  if (!m) throw new Error(`formula: bad reference ${text}`);
  return { sheet, col: colNumber(m[1]), row: Number(m[2]) };
}

/** Parses a formula (without or with a leading `=`) into a syntax tree. */
export function parseFormula(src: string): Node {
  const toks = tokenize(src.startsWith('=') ? src.slice(1) : src);
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (s: string): boolean => toks[i]?.t === 'op' && toks[i].s === s;
  const expect = (s: string): void => {
    if (!isOp(s)) throw new Error(`formula: expected "${s}" at token ${i} in ${src}`);
    i++;
  };

  function comparison(): Node {
    let a = additive();
    while (['=', '<>', '<', '<=', '>', '>='].some(isOp)) {
      const op = toks[i++].s;
      a = { k: 'bin', op, a, b: additive() };
    }
    return a;
  }
  function additive(): Node {
    let a = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = toks[i++].s;
      a = { k: 'bin', op, a, b: multiplicative() };
    }
    return a;
  }
  function multiplicative(): Node {
    let a = unary();
    while (isOp('*') || isOp('/')) {
      const op = toks[i++].s;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  }
  function unary(): Node {
    if (isOp('-')) { i++; return { k: 'neg', a: unary() }; }
    if (isOp('+')) { i++; return unary(); }
    return primary();
  }
  function primary(): Node {
    const t = peek();
    if (!t) throw new Error(`formula: unexpected end in ${src}`);
    i++;
    if (t.t === 'num') return { k: 'num', v: new D(t.s) };
    if (t.t === 'str') return { k: 'str', v: t.s };
    if (t.t === 'ref') {
      const from = parseRef(t.s);
      if (isOp(':')) {
        i++;
        const nt = toks[i++];
        if (!nt || nt.t !== 'ref') throw new Error(`formula: bad range in ${src}`);
        const to = parseRef(nt.s);
        return { k: 'range', from, to: { ...to, sheet: to.sheet ?? from.sheet } };
      }
      return { k: 'ref', ref: from };
    }
    if (t.t === 'fn') {
      expect('(');
      const args: Node[] = [];
      if (!isOp(')')) {
        args.push(comparison());
        while (isOp(',')) { i++; args.push(comparison()); }
      }
      expect(')');
      return { k: 'call', fn: t.s, args };
    }
    if (t.s === '(') {
      const e = comparison();
      expect(')');
      return e;
    }
    throw new Error(`formula: unexpected "${t.s}" in ${src}`);
  }

  const tree = comparison();
  if (i !== toks.length) throw new Error(`formula: trailing input at token ${i} in ${src}`);
  return tree;
}

/** Looks up a cell's value; `sheet` is always resolved (never null) when called. */
export type Resolver = (sheet: string, col: number, row: number) => Value;

function num(v: Value): D {
  if (v === null) return new D(0);
  if (typeof v === 'boolean') return new D(v ? 1 : 0);
  if (typeof v === 'string') throw new Error(`formula: text "${v}" used as a number`);
  return v;
}

function compare(op: string, a: Value, b: Value): boolean {
  const c = num(a).comparedTo(num(b));
  switch (op) {
    case '=': return c === 0;
    case '<>': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    default: return c >= 0;
  }
}

/**
 * Evaluates a formula on `sheet`, reading cells through `resolve` (which may itself evaluate
 * referenced formula cells). Returns a decimal, a boolean, text, or null.
 */
export function evaluateFormula(src: string, sheet: string, resolve: Resolver): Value {
  return evalNode(parseFormula(src), sheet, resolve);
}

function rangeValues(n: Node, sheet: string, resolve: Resolver): Value[] {
  if (n.k !== 'range') return [evalNode(n, sheet, resolve)];
  const s = n.from.sheet ?? sheet;
  const out: Value[] = [];
  for (let r = Math.min(n.from.row, n.to.row); r <= Math.max(n.from.row, n.to.row); r++)
    for (let c = Math.min(n.from.col, n.to.col); c <= Math.max(n.from.col, n.to.col); c++) {
      const v = resolve(s, c, r);
      if (v !== null && typeof v !== 'string' && typeof v !== 'boolean') out.push(v);
    }
  return out;
}

function evalNode(n: Node, sheet: string, resolve: Resolver): Value {
  switch (n.k) {
    case 'num': return n.v;
    case 'str': return n.v;
    case 'ref': return resolve(n.ref.sheet ?? sheet, n.ref.col, n.ref.row);
    case 'range': throw new Error('formula: a range outside SUM/MIN/MAX');
    case 'neg': return num(evalNode(n.a, sheet, resolve)).neg();
    case 'bin': {
      const a = evalNode(n.a, sheet, resolve);
      const b = evalNode(n.b, sheet, resolve);
      switch (n.op) {
        case '+': return num(a).plus(num(b));
        case '-': return num(a).minus(num(b));
        case '*': return num(a).times(num(b));
        case '/': {
          if (num(b).isZero()) throw new Error('formula: #DIV/0!');
          return num(a).div(num(b));
        }
        default: return compare(n.op, a, b);
      }
    }
    case 'call': {
      const args = n.args;
      switch (n.fn) {
        case 'ROUND': {
          if (args.length !== 2) throw new Error('formula: ROUND takes 2 arguments');
          const digits = num(evalNode(args[1], sheet, resolve)).toNumber();
          return num(evalNode(args[0], sheet, resolve)).toDecimalPlaces(digits, D.ROUND_HALF_UP);
        }
        case 'IF': {
          if (args.length !== 3) throw new Error('formula: IF takes 3 arguments here');
          const c = evalNode(args[0], sheet, resolve);
          const truthy = typeof c === 'boolean' ? c : !num(c).isZero();
          return evalNode(truthy ? args[1] : args[2], sheet, resolve);
        }
        case 'ISNUMBER': {
          if (args.length !== 1) throw new Error('formula: ISNUMBER takes 1 argument');
          const v = evalNode(args[0], sheet, resolve);
          return v !== null && typeof v !== 'string' && typeof v !== 'boolean';
        }
        case 'SUM':
        case 'MIN':
        case 'MAX': {
          const vals = args.flatMap((a) => rangeValues(a, sheet, resolve)).map(num);
          if (n.fn === 'SUM') return vals.reduce((s, v) => s.plus(v), new D(0));
          if (vals.length === 0) return new D(0);
          return n.fn === 'MIN' ? D.min(...vals) : D.max(...vals);
        }
        default:
          throw new Error(`formula: unsupported function ${n.fn}`);
      }
    }
  }
}

/** A grid of cells keyed "Sheet!col,row": numbers, text, or formulas to evaluate recursively. */
export interface GridCell { formula?: string; value?: number | string | boolean | null }

/**
 * Evaluates every formula of a grid, recursively and without looking at cached results. Returns
 * a resolver suitable for `evaluateFormula` and a function to read one evaluated cell.
 */
export function gridEvaluator(get: (sheet: string, col: number, row: number) => GridCell | undefined): {
  value(sheet: string, col: number, row: number): Value;
} {
  const memo = new Map<string, Value>();
  const busy = new Set<string>();
  const value = (sheet: string, col: number, row: number): Value => {
    const key = `${sheet}!${col},${row}`;
    if (memo.has(key)) return memo.get(key)!;
    if (busy.has(key)) throw new Error(`formula: circular reference at ${key}`);
    const cell = get(sheet, col, row);
    let v: Value;
    if (!cell) v = null;
    else if (cell.formula !== undefined) {
      busy.add(key);
      try { v = evaluateFormula(cell.formula, sheet, value); } finally { busy.delete(key); }
    } else if (typeof cell.value === 'number') v = new D(String(cell.value));
    else v = cell.value ?? null;
    memo.set(key, v);
    return v;
  };
  return { value };
}
