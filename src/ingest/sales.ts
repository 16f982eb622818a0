/**
 * Sales export → SalesTable (columnar). Rows stream batch by batch into growable typed arrays;
 * ids are interned; at the end the columns are cut to size (optionally in employee order); duplicate order lines are found by 64-bit row fingerprints compared only
 * among the earlier lines of the same order (a chain per order, so the check touches memory the
 * previous rows just wrote instead of a table the size of the file).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Interner, PackedInterner, SalesTable, SourceStats } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import { employeeDayOrder } from '../engine/metrics/csr.js';
import { fastMoneyBytes, IsoDayCache, plainId } from './byte-cells.js';
import { FingerprintSet, hashByteRow, hashRow } from './row-hash.js';
import {
  partLabel, readSources, type ByteLane, type ByteRowContext, type ByteRowHandler, type ReadOptions, type RowContext,
} from './source-reader.js';
import {
  cellText, fastMoney, isBlank, isoDayFast, parseDate, parseId, parseMoney, parseNumber, parsePercentE6,
} from './values.js';

/** amount × share (millionths), rounded half away from zero to an integer, exactly. */
export function creditShare(amountE4: number, shareE6: number): number {
  if (shareE6 === 1_000_000) return amountE4;
  const p = BigInt(amountE4) * BigInt(shareE6);
  const neg = p < 0n;
  const a = neg ? -p : p;
  let q = a / 1_000_000n;
  if ((a % 1_000_000n) * 2n >= 1_000_000n) q += 1n;
  return Number(neg ? -q : q);
}

/**
 * quantity × unit price in ten-thousandths, exactly: the quantity taken to 4 decimals, the product
 * rounded half away from zero (2.5 × ¥3.3333 = ¥8.33325 → 8.3333).
 */
export function lineAmountE4(quantity: number, unitPriceE4: number): number {
  const p = BigInt(Math.round(quantity * 10_000)) * BigInt(unitPriceE4);
  const neg = p < 0n;
  const a = neg ? -p : p;
  let q = a / 10_000n;
  if ((a % 10_000n) * 2n >= 10_000n) q += 1n;
  return Number(neg ? -q : q);
}

export interface SalesResult {
  ok: boolean;
  table: SalesTable;
  /** One per file read. */
  stats: SourceStats[];
}

/** Earlier lines of one order walked before its lines move to a shared fingerprint set. */
const CHAIN_LIMIT = 32;

function grown<T extends Int32Array | Uint32Array | Float64Array | Uint16Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * Moves a[r] to a[dest[r]] for every row r < n, in place, through `scratch` (as many bytes as n
 * entries of the widest column): scattered into scratch, then copied back. Why not a sorted copy
 * per column: a million-row column set is ~40 MB, and copies left the old set as garbage that only
 * a full GC returns, so the run's peak RSS depended on when that GC came. Why not cycle-following
 * (no scratch at all): each step's address depends on the previous load, one cache miss after
 * another, several times slower than the independent writes of a scatter.
 */
export function permuteInPlace(a: Int32Array | Float64Array | Uint16Array, dest: Int32Array, n: number, scratch: ArrayBuffer): void {
  const tmp = new (a.constructor as new (b: ArrayBuffer, o: number, l: number) => typeof a)(scratch, 0, n);
  for (let r = 0; r < n; r++) tmp[dest[r]] = a[r];
  a.set(tmp);
}

/**
 * Duplicate order lines: each kept row's fingerprint, linked to the previous kept line of its
 * order. An order with more than CHAIN_LIMIT lines switches to a FingerprintSet keyed by
 * (fingerprint ⊕ order), so a file of one huge order stays linear.
 */
class LineDeduper {
  private fpA = new Uint32Array(1 << 14);
  private fpB = new Uint32Array(1 << 14);
  private prev = new Int32Array(1 << 14); // previous line of the same order + 1; 0 = none
  private head = new Int32Array(1 << 12); // order → its last line + 1; 0 = none; -1 = in `big`
  private big: FingerprintSet | null = null;

  /**
   * Checks the row (fingerprint a, b; order o) against earlier lines of its order: returns the
   * earlier line's position, or -1 after recording it as line `n`.
   */
  /** Makes room for `rows` lines without growing. */
  reserve(rows: number): void {
    if (rows <= this.fpA.length) return;
    this.fpA = grown(this.fpA, rows); this.fpB = grown(this.fpB, rows); this.prev = grown(this.prev, rows);
  }

  check(a: number, b: number, o: number, n: number): number {
    if (o >= this.head.length) this.head = grown(this.head, Math.max(o + 1, this.head.length * 2));
    if (n >= this.fpA.length) {
      const cap = this.fpA.length * 2;
      this.fpA = grown(this.fpA, cap); this.fpB = grown(this.fpB, cap); this.prev = grown(this.prev, cap);
    }
    const h = this.head[o];
    if (h === -1) {
      const earlier = this.big!.addOrGet(a, (b ^ Math.imul(o, 0x9e3779b1)) >>> 0, n + 1);
      return earlier >= 0 ? earlier - 1 : -1;
    }
    let steps = 0;
    for (let k = h; k !== 0; k = this.prev[k - 1]) {
      if (this.fpA[k - 1] === a && this.fpB[k - 1] === b) return k - 1;
      steps++;
    }
    this.fpA[n] = a; this.fpB[n] = b; this.prev[n] = h; this.head[o] = n + 1;
    if (steps >= CHAIN_LIMIT) {
      // Move this order's lines into the shared set.
      const set = (this.big ??= new FingerprintSet());
      for (let k = n + 1; k !== 0; k = this.prev[k - 1]) {
        set.addOrGet(this.fpA[k - 1], (this.fpB[k - 1] ^ Math.imul(o, 0x9e3779b1)) >>> 0, k);
      }
      this.head[o] = -1;
    }
    return -1;
  }
}

/**
 * Reads the sales export. Problems go to `diags`. Rows are in file order, or with `byEmployee` in
 * (employee index, day, file order) order.
 */
export async function ingestSales(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  opts: ReadOptions, diags: Diagnostic[], byEmployee = false,
): Promise<SalesResult> {
  let cap = 1 << 14;
  let day = new Int32Array(cap), order = new Int32Array(cap), customer = new Int32Array(cap);
  let employee = new Int32Array(cap), amount = new Float64Array(cap), cost = new Float64Array(0);
  let quantity = new Float64Array(0), fileIdx = new Uint16Array(cap), rowNo = new Int32Array(cap);
  let n = 0;
  let hasCost = false, hasQuantity = false;
  const dedupe = new LineDeduper();
  const fp = new Uint32Array(2);
  /** Columns that identify an order line across its split rows (not employee, split, names, region). */
  let lineCols: number[] | null = null;
  const lines = new Map<string, { sum: number; row: number; file: number; orderId: string }>();
  // The file being read (index into `files`): a source may be several exports (readSources).
  let fileK = 0;
  const files: string[] = [];
  // Duplicate lines are found by a fingerprint of the row's cells in column order. A later file
  // whose columns are the first file's in another order is fingerprinted in the first file's order
  // (`perm`: for each first-file column, its position here), so the same line exported twice is
  // found whatever the column order; such a file is read on the text path only.
  let firstHeader: readonly string[] | null = null;
  let perm: number[] | null = null;
  /** "row 12", or "row 12 of sales-07.csv" when that row is in another file than the current one. */
  const sheets: (string | undefined)[] = [];
  const rowRef = (i: number): string =>
    (fileIdx[i] === fileK ? `row ${rowNo[i]}` : `row ${rowNo[i]} of ${partLabel(files[fileIdx[i]], sheets[fileIdx[i]])}`);
  let index: Record<string, number> = {};
  const { orders, customers, employees } = interners;

  // Field slots, looked up on the first row (see RowContext.slot).
  let sOrder = -1, sDate = -1, sCust = -1, sEmp = -1, sAmount = -1, sCost = -1, sSplit = -1, sQty = -1, sUnit = -1, sProfit = -1;

  /** Grows every column to `next` rows. */
  const resize = (next: number) => {
    cap = next;
    day = grown(day, cap); order = grown(order, cap); customer = grown(customer, cap); employee = grown(employee, cap);
    amount = grown(amount, cap); fileIdx = grown(fileIdx, cap); rowNo = grown(rowNo, cap);
    if (hasCost) cost = grown(cost, cap);
    if (hasQuantity) quantity = grown(quantity, cap);
  };
  const ensure = () => {
    if (n >= cap) resize(Math.ceil(cap * 1.5));
  };
  /**
   * A money field given as a sum of columns (`columns: { amount: [货款, 运费] }`): the cells at
   * `main` and `parts` added exactly, a blank cell counting 0. All blank: null — a missing_value
   * problem when `required`. A cell that is not money is a problem of its own (and null).
   */
  const moneySum = (ctx: RowContext, main: number, parts: readonly number[], field: string, required: boolean): number | null => {
    let sum = 0, blank = true, bad = false;
    for (const slot of [main, ...parts]) {
      const c = ctx.at(slot);
      if (isBlank(c)) continue;
      blank = false;
      const m = parseMoney(c, opts.currency);
      if (m.ok) sum += m.value;
      else { bad = true; ctx.problems.push({ code: m.code, field, value: cellText(c), reason: m.reason }); }
    }
    if (blank && required) ctx.problems.push({ code: 'missing_value', field, value: '', reason: `${field} is empty (every column it adds up)` });
    return blank || bad ? null : sum;
  };
  /** The further columns a field adds up (`field#1`, `field#2`, … — see mapColumns), or []. */
  const partsOf = (slot: (field: string) => number, field: string): number[] => {
    const out: number[] = [];
    for (let k = 1; slot(`${field}#${k}`) >= 0; k++) out.push(slot(`${field}#${k}`));
    return out;
  };
  let amountParts: number[] = [], costParts: number[] = [];
  /** The cost column, made on the first row that has one (rows before it: cost unknown). */
  const startCost = () => {
    if (hasCost) return;
    hasCost = true;
    cost = new Float64Array(cap).fill(NaN, 0, n);
  };

  // The last id interned per column and its index (see the handler).
  let lastOrderId: string | null = null, lastCustId: string | null = null, lastEmpId: string | null = null;
  let lastOrder = -1, lastCust = -1, lastEmp = -1;
  const handler = (ctx: RowContext): number | null => {
    const { problems } = ctx;
    const orderId = parseId(ctx.at(sOrder));
    if (orderId === null) problems.push({ code: 'missing_value', field: 'order_id', value: '', reason: 'order_id is empty' });
    const dateCell = ctx.at(sDate);
    let d = typeof dateCell === 'string' ? isoDayFast(dateCell) : NaN;
    if (d !== d) {
      const p = parseDate(dateCell, spec.dateFormat);
      if (p.ok) d = p.value.day;
      else problems.push({ code: p.code, field: 'date', value: cellText(dateCell), reason: p.code === 'missing_value' ? 'date is empty' : p.reason });
    }
    const custCell = ctx.at(sCust);
    const cust = parseId(custCell);
    if (cust === null) problems.push({ code: 'missing_value', field: 'customer_id', value: cellText(custCell), reason: 'customer_id is empty' });
    const empCell = ctx.at(sEmp);
    const emp = parseId(empCell);
    if (emp === null) problems.push({ code: 'missing_value', field: 'employee_id', value: cellText(empCell), reason: 'employee_id is empty' });
    let amt: number | null = null;
    if (amountParts.length) amt = moneySum(ctx, sAmount, amountParts, 'amount', true);
    else if (sAmount >= 0 || sUnit < 0) {
      const amtCell = ctx.at(sAmount);
      amt = typeof amtCell === 'string' ? fastMoney(amtCell) : null;
      if (amt === null) {
        const p = parseMoney(amtCell, opts.currency);
        if (p.ok) amt = p.value;
        else problems.push({ code: p.code, field: 'amount', value: cellText(amtCell), reason: p.code === 'missing_value' ? 'amount is empty' : p.reason });
      }
    }
    let costE4 = NaN;
    if (costParts.length) {
      if (!hasCost) startCost();
      costE4 = moneySum(ctx, sCost, costParts, 'cost', false) ?? NaN;
    } else if (sCost >= 0) {
      const costCell = ctx.at(sCost);
      if (costCell !== undefined) startCost();
      if (!isBlank(costCell)) {
        const fast = typeof costCell === 'string' ? fastMoney(costCell) : null;
        if (fast !== null) costE4 = fast;
        else {
          const c = parseMoney(costCell, opts.currency);
          if (c.ok) costE4 = c.value; else problems.push({ code: c.code, field: 'cost', value: cellText(costCell), reason: c.reason });
        }
      }
    }
    let share = 1_000_000;
    if (sSplit >= 0) {
      const splitCell = ctx.at(sSplit);
      if (!isBlank(splitCell)) {
        const s = parsePercentE6(splitCell, { bareAbove1IsPercent: true });
        if (!s.ok) problems.push({ code: s.code, field: 'split', value: cellText(splitCell), reason: s.reason });
        else if (s.value < 0 || s.value > 1_000_000) problems.push({ code: 'bad_percent', field: 'split', value: cellText(splitCell), reason: 'split must be between 0% and 100%' });
        else share = s.value;
      }
    }
    let qty = NaN;
    if (sQty >= 0) {
      const qCell = ctx.at(sQty);
      if (qCell !== undefined && !hasQuantity) {
        hasQuantity = true;
        quantity = new Float64Array(cap).fill(NaN, 0, n); // rows before this one: no quantity
      }
      if (!isBlank(qCell)) {
        const q = parseNumber(qCell);
        if (q.ok) qty = q.value; else problems.push({ code: q.code, field: 'quantity', value: cellText(qCell), reason: q.reason });
      }
    }
    if (sAmount < 0 && sUnit >= 0) {
      // No amount column: the line's amount is quantity × unit price (ingest/columns.ts DERIVED).
      const uCell = ctx.at(sUnit);
      const u = parseMoney(uCell, opts.currency);
      if (!u.ok) problems.push({ code: u.code, field: 'unit_price', value: cellText(uCell), reason: u.code === 'missing_value' ? 'unit_price is empty (the amount is quantity × unit_price)' : u.reason });
      else if (qty !== qty) {
        if (!problems.some((p) => p.field === 'quantity')) {
          problems.push({ code: 'missing_value', field: 'quantity', value: '', reason: 'quantity is empty (the amount is quantity × unit_price)' });
        }
      } else amt = lineAmountE4(qty, u.value);
    }
    if (sCost < 0 && sProfit >= 0) {
      // No cost column: cost = amount − profit (ingest/columns.ts DERIVED); a blank profit leaves cost unknown.
      const pCell = ctx.at(sProfit);
      if (pCell !== undefined) startCost();
      if (!isBlank(pCell)) {
        const p = parseMoney(pCell, opts.currency);
        if (!p.ok) problems.push({ code: p.code, field: 'profit', value: cellText(pCell), reason: p.reason });
        else if (amt !== null) costE4 = amt - p.value;
      }
    }
    if (problems.length || d !== d || amt === null) return null;
    hashRow(perm ? perm.map((k) => ctx.row[k] ?? null) : ctx.row, fp);
    // Consecutive lines usually share the order, customer and employee: skip the hash lookup then.
    if (orderId !== lastOrderId) { lastOrderId = orderId!; lastOrder = orders.intern(orderId!); }
    const o = lastOrder;
    ensure();
    const earlier = dedupe.check(fp[0], fp[1], o, n);
    if (earlier >= 0) {
      problems.push({ code: 'duplicate_order_line', field: 'order_id', value: orderId!,
        reason: `same order line as ${rowRef(earlier)} (order ${orderId}, identical content)` });
      return null;
    }
    if (lineCols) {
      hashRow(lineCols.map((k) => ctx.row[k] ?? null), fp);
      const key = `${fp[0]}:${fp[1]}`;
      const l = lines.get(key);
      if (l) l.sum += share; else lines.set(key, { sum: share, row: ctx.rowNo, file: fileK, orderId: orderId! });
    }
    day[n] = d;
    order[n] = o;
    if (cust !== lastCustId) { lastCustId = cust!; lastCust = customers.intern(cust!); }
    if (emp !== lastEmpId) { lastEmpId = emp!; lastEmp = employees.intern(emp!); }
    customer[n] = lastCust;
    employee[n] = lastEmp;
    amount[n] = creditShare(amt, share);
    if (hasCost) cost[n] = costE4 !== costE4 ? NaN : creditShare(costE4, share);
    if (hasQuantity) quantity[n] = qty;
    fileIdx[n] = fileK;
    rowNo[n] = ctx.rowNo;
    n++;
    return d;
  };

  // Slots and the split column are known only once the header is mapped: set up before the first
  // row (by the byte lane's offer, or else on the first row).
  let ready = false;
  const setup = (slot: (field: string) => number, estimatedRows: number) => {
    ready = true;
    // Pre-size from the reader's estimate (+5%), so a big file is not copied while growing.
    const want = Math.ceil(estimatedRows * 1.05) + 1024;
    if (want > cap) { resize(want); dedupe.reserve(want); }
    sOrder = slot('order_id'); sDate = slot('date'); sCust = slot('customer_id');
    sEmp = slot('employee_id'); sAmount = slot('amount'); sCost = slot('cost');
    sSplit = slot('split'); sQty = slot('quantity'); sUnit = slot('unit_price'); sProfit = slot('profit');
    amountParts = partsOf(slot, 'amount'); costParts = partsOf(slot, 'cost');
    if (index.split !== undefined && index.split >= 0) {
      lineCols = ['order_id', 'date', 'customer_id', 'amount', 'cost', 'quantity', 'unit_price', 'profit', 'product']
        .map((f) => index[f]).filter((k): k is number => k !== undefined);
    }
  };

  // The byte lane (a CSV read from its bytes): rows whose cells are all in the plain form the
  // string handler's fast paths accept — ids with no outer blanks, YYYY-MM-DD, plain amounts —
  // are taken here with the same results; any other row is declined before anything happens and
  // goes to `handler` as text, so every diagnostic is the string handler's.
  const days = new IsoDayCache();
  const byteRow: ByteRowHandler = (ctx: ByteRowContext) => {
    const { buf, f } = ctx;
    const o0 = f[sOrder], o1 = f[sOrder + 1] - 1;
    if (!plainId(buf, o0, o1)) return undefined;
    const d = days.day(buf, f[sDate], f[sDate + 1] - 1);
    if (d !== d) return undefined;
    const c0 = f[sCust], c1 = f[sCust + 1] - 1, e0 = f[sEmp], e1 = f[sEmp + 1] - 1;
    if (!plainId(buf, c0, c1) || !plainId(buf, e0, e1)) return undefined;
    const amt = fastMoneyBytes(buf, f[sAmount], f[sAmount + 1] - 1);
    if (amt === null) return undefined;
    let costE4 = NaN;
    if (sCost >= 0) {
      const k0 = f[sCost], k1 = f[sCost + 1] - 1;
      if (k1 > k0) {
        const c = fastMoneyBytes(buf, k0, k1);
        if (c === null) return undefined;
        costE4 = c;
      }
      if (!hasCost) startCost();
    }
    // The row is this lane's from here on: the string handler's steps, in its order.
    hashByteRow(buf, f, ctx.width, fp);
    const o = orders.internBytes(buf, o0, o1);
    ensure();
    const earlier = dedupe.check(fp[0], fp[1], o, n);
    if (earlier >= 0) {
      const orderId = orders.id(o);
      ctx.problems.push({ code: 'duplicate_order_line', field: 'order_id', value: orderId,
        reason: `same order line as ${rowRef(earlier)} (order ${orderId}, identical content)` });
      return null;
    }
    day[n] = d;
    order[n] = o;
    customer[n] = customers.internBytes(buf, c0, c1);
    employee[n] = employees.internBytes(buf, e0, e1);
    amount[n] = amt; // creditShare(amt, 100%): no split column on this lane
    if (hasCost) cost[n] = costE4;
    fileIdx[n] = fileK;
    rowNo[n] = ctx.rowNo;
    n++;
    return d;
  };
  const lane: ByteLane = (slot, estimatedRows) => {
    setup(slot, estimatedRows);
    // A split or quantity column, or a required field missing from the file: text only.
    if (sSplit >= 0 || sQty >= 0 || Math.min(sOrder, sDate, sCust, sEmp, sAmount) < 0) return null;
    if (sCost < 0 && sProfit >= 0) return null; // cost from profit: text only
    if (perm) return null; // columns in another order than the first file's: text only
    if (amountParts.length || costParts.length) return null; // sums of columns: text only
    return byteRow;
  };

  const res = await readSources('sales', spec, opts, diags, (ctx) => {
    if (!ready) setup(ctx.slot, ctx.estimatedRows);
    return handler(ctx);
  }, {
    // Each file maps its own header: look the slots up again.
    onFile: (k, name) => { fileK = k; files.push(name); sheets.push(undefined); ready = false; lineCols = null; },
    afterFile: (k, st) => { sheets[k] = st?.sheet; },
    onMapped: (idx, _mapping, header) => {
      index = idx;
      perm = null;
      if (firstHeader === null) firstHeader = header;
      else if (header.join('\u0000') !== firstHeader.join('\u0000') && header.length === firstHeader.length
        && [...header].sort().join('\u0000') === [...firstHeader].sort().join('\u0000')) {
        perm = firstHeader.map((h) => header.indexOf(h));
      }
    },
    byteLane: lane,
  });

  for (const l of lines.values()) {
    if (l.sum !== 1_000_000) {
      const st = res.stats.find((s) => s.file === files[l.file] && s.sheet === sheets[l.file]);
      diags.push({ code: 'split_not_100', severity: 'warning', file: files[l.file], sheet: st?.sheet, row: l.row,
        column: st?.mapping.split, value: `${l.sum / 10_000}%`,
        message: `the splits of order ${l.orderId}'s line starting at row ${l.row} add up to ${l.sum / 10_000}%, not 100%` });
    }
  }
  // With `byEmployee`, rows go into (employee, day) order, ties in file order: the order the metric
  // index reads them in, so it shares these columns instead of keeping a sorted copy (§11).
  const dest = byEmployee ? employeeDayOrder(employee, day, n, employees.size).dest : null;
  const scratch = dest ? new ArrayBuffer(n * 8) : null;
  // Columns pre-sized from the estimate are kept as views when nearly full (no copy), else cut.
  const fit = <T extends Int32Array | Float64Array | Uint16Array>(a: T): T => {
    if (dest) permuteInPlace(a, dest, n, scratch!);
    return (n >= a.length * 0.9 ? a.subarray(0, n) : a.slice(0, n)) as T;
  };
  const table: SalesTable = {
    n, day: fit(day), order: fit(order), customer: fit(customer), employee: fit(employee), amountE4: fit(amount),
    costE4: hasCost ? fit(cost) : new Float64Array(0), quantity: hasQuantity ? fit(quantity) : new Float64Array(0),
    fileIdx: fit(fileIdx), row: fit(rowNo), files, ...(sheets.some((s) => s !== undefined) ? { sheets } : {}), hasCost, hasQuantity,
  };
  return { ok: res.ok, table, stats: res.stats };
}

/** An empty SalesTable (when sales could not be read). */
export function emptySales(): SalesTable {
  return {
    n: 0, day: new Int32Array(0), order: new Int32Array(0), customer: new Int32Array(0), employee: new Int32Array(0),
    amountE4: new Float64Array(0), costE4: new Float64Array(0), quantity: new Float64Array(0),
    fileIdx: new Uint16Array(0), row: new Int32Array(0), files: [], hasCost: false, hasQuantity: false,
  };
}
