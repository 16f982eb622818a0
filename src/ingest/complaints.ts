/** Complaints export → Complaint records (PRODUCT.md §4). */
import type { Diagnostic } from '../diagnostics.js';
import type { Cell } from '../io/table-source.js';
import { ComplaintTableBuilder, type ComplaintTable, type IdTable, type Interner, type PackedInterner, type SourceStats } from '../model.js';
import { emptyComplaintRow } from '../model/tables.js';
import type { SourceSpec } from '../plan/types.js';
import { latin1 } from '../latin1.js';
import { ByteKeyCache, IsoInstantCache, OPT_DECLINE, OPT_PLAIN, optionalIdAt, internIdAt, plainId } from './byte-cells.js';
import { FirstRows, TextMemo } from './cell-memo.js';
import { partLabel, readSources, type ByteLane, type ByteRowContext, type ByteRowHandler, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, isoInstantFast, parseBool, parseDate, parseId, parseNumber } from './values.js';

const RESOLVED = new Set(['已解决', '已关闭', '解决', '关闭', '已完成', '完成', '已结案', '结案', 'resolved', 'closed', 'done', 'solved', 'completed', 'complete']);
const ESCALATED = new Set(['升级', '已升级', 'escalated']);

/** Whether a status word means resolved/closed (exact word, trimmed, case-insensitive). */
export function isResolvedStatus(status: string): boolean {
  return RESOLVED.has(status.trim().toLowerCase());
}

/** Whether a status word means escalated. */
export function isEscalatedStatus(status: string): boolean {
  return ESCALATED.has(status.trim().toLowerCase());
}

export interface ComplaintsResult {
  ok: boolean;
  complaints: ComplaintTable;
  /** One per file read. */
  stats: SourceStats[];
}

/** Slots (RowContext.slot) of the complaint fields, looked up once per file. */
interface Slots {
  id: number; opened: number; customer: number; order: number; handler: number; owner: number;
  firstResponse: number; resolved: number; status: number; escalated: number; satisfied: number; severity: number;
  /** Duration columns read when the timestamp column is absent: [slot, seconds per unit, field]. */
  firstResponseAfter: Duration | null; resolvedAfter: Duration | null;
}

interface Duration { slot: number; unit: number; field: string }

/** The first of the duration fields that has a column (minutes before hours), or null. */
function durationOf(s: (field: string) => number, minutes: string, hours: string): Duration | null {
  if (s(minutes) >= 0) return { slot: s(minutes), unit: 60, field: minutes };
  if (s(hours) >= 0) return { slot: s(hours), unit: 3600, field: hours };
  return null;
}

function slotsOf(s: (field: string) => number): Slots {
  const firstResponse = s('first_response_at'), resolved = s('resolved_at');
  return {
    id: s('complaint_id'), opened: s('opened_at'), customer: s('customer_id'), order: s('order_id'),
    handler: s('handler_id'), owner: s('owner_id'), firstResponse, resolved,
    status: s('status'), escalated: s('escalated'), satisfied: s('satisfied'), severity: s('severity'),
    firstResponseAfter: firstResponse < 0 ? durationOf(s, 'first_response_minutes', 'first_response_hours') : null,
    resolvedAfter: resolved < 0 ? durationOf(s, 'resolution_minutes', 'resolution_hours') : null,
  };
}

/** Status flags: bit 1 = reads resolved/closed, bit 2 = reads escalated; 0 for a blank or absent cell. */
const RESOLVED_BIT = 1, ESCALATED_BIT = 2;

function statusFlags(c: Cell | undefined): number {
  if (c === undefined || isBlank(c)) return 0;
  const status = cellText(c);
  return (isResolvedStatus(status) ? RESOLVED_BIT : 0) | (isEscalatedStatus(status) ? ESCALATED_BIT : 0);
}

/** A yes/no cell as a code: NO, YES, BLANK (blank or absent) or NOT_BOOL (a row problem). */
const NO = 0, YES = 1, BLANK = -1, NOT_BOOL = -2;

function boolCode(c: Cell | undefined): number {
  if (c === undefined || isBlank(c)) return BLANK;
  const b = parseBool(c);
  return b.ok ? (b.value ? YES : NO) : NOT_BOOL;
}

/** The instant of a fast-form date-time text (see isoInstantFast), else NaN. */
function fastInstant(c: Cell | undefined): number {
  return typeof c === 'string' ? isoInstantFast(c) : NaN;
}

/**
 * Reads the complaints export. Problems go to `diags`.
 *
 * The row handler reads its cells by slot, takes the common forms on fast paths (ISO date-times
 * via `isoInstantFast`, status and yes/no words memoised per distinct text, duplicate complaint
 * ids via FirstRows, ids looked up in the id tables' number lanes), writes each complaint into
 * the table's columns through one reused record, and sends every other cell through the general parsers
 * (`parseDate`, `parseBool`), so results and diagnostics are those of the general parsers.
 *
 * Plain CSV rows may come through the byte lane instead (see `complaintByteRow`), with the same
 * results.
 */
export async function ingestComplaints(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  opts: ReadOptions, diags: Diagnostic[],
): Promise<ComplaintsResult> {
  const complaints = new ComplaintTableBuilder(spec.displayPath);
  const firstRows = new FirstRows();
  const statusMemo = new TextMemo(statusFlags);
  const boolMemo = new TextMemo(boolCode);
  const rec = emptyComplaintRow();
  let slots: Slots | null = null;

  /** A yes/no cell as a code; a word that is not yes/no is a row problem (from parseBool). */
  const yesNo = (ctx: RowContext, slot: number, field: string): number => {
    const c = ctx.at(slot);
    const code = typeof c === 'string' ? boolMemo.get(c) : boolCode(c);
    if (code === NOT_BOOL) {
      const b = parseBool(c);
      if (!b.ok) ctx.problems.push({ code: b.code, field, value: cellText(c), reason: b.reason });
    }
    return code;
  };
  /** An optional date-time: its instant, NaN when blank; a bad one is a row problem (and NaN). */
  const optInstant = (ctx: RowContext, slot: number, field: string): number => {
    const c = ctx.at(slot);
    const fast = fastInstant(c);
    if (fast === fast || c === undefined || isBlank(c)) return fast;
    const d = parseDate(c, spec.dateFormat);
    if (!d.ok) { ctx.problems.push({ code: d.code, field, value: cellText(c), reason: d.reason }); return NaN; }
    return d.value.instant;
  };
  /**
   * The instant `opened` + a duration cell (minutes or hours), to the millisecond; NaN when the
   * cell is blank. A duration that is not a number, or is negative, is a row problem (and NaN).
   */
  const after = (ctx: RowContext, opened: number, d: Duration): number => {
    const c = ctx.at(d.slot);
    if (c === undefined || isBlank(c)) return NaN;
    const n = parseNumber(c);
    if (!n.ok || n.value < 0) {
      ctx.problems.push({ code: 'bad_number', field: d.field, value: cellText(c),
        reason: n.ok ? `a duration cannot be negative (${cellText(c)})` : n.reason });
      return NaN;
    }
    return opened + Math.round(n.value * d.unit * 1000) / 1000;
  };
  /**
   * A first response or resolution time before opened_at is a row problem: its duration would be
   * negative and pull the handler's average hours down (a response "11.5 hours early" scoring
   * above target). Usually the two columns are swapped, or one is in another time zone.
   */
  const notBeforeOpened = (ctx: RowContext, t: number, opened: number, openedCell: Cell | undefined, slot: number, field: string): void => {
    if (!(t < opened)) return;
    const text = cellText(ctx.at(slot));
    ctx.problems.push({ code: 'time_before_opened', field, value: text,
      reason: `${field} ${text} is before opened_at ${cellText(openedCell)}, so its duration would be negative; check the two columns` });
  };
  const optId = (c: Cell | undefined, table: IdTable): number => {
    const id = parseId(c);
    return id === null ? -1 : table.intern(id);
  };

  const setup = (slot: (field: string) => number, estimatedRows: number) => {
    slots = slotsOf(slot);
    complaints.reserve(estimatedRows);
  };
  const files: string[] = [];
  /** " of c-07.csv" when the earlier row FirstRows found is in another file than the current one. */
  const inFile = () => (firstRows.earlierFile === firstRows.file ? '' : ` of ${files[firstRows.earlierFile]}`);
  const lane: ByteLane = (slot, estimatedRows) => {
    setup(slot, estimatedRows);
    if (slots!.id < 0 || slots!.opened < 0) return null; // a required column is missing: text only
    if (slots!.firstResponseAfter || slots!.resolvedAfter) return null; // durations: text only
    return complaintByteRow(slots!, firstRows, complaints, rec, interners, inFile);
  };

  const res = await readSources('complaints', spec, opts, diags, (ctx) => {
    if (slots === null) setup(ctx.slot, ctx.estimatedRows);
    const s = slots!;
    const { at, problems } = ctx;
    const id = parseId(at(s.id));
    if (id === null) problems.push({ code: 'missing_value', field: 'complaint_id', value: '', reason: 'complaint_id is empty' });
    const openedCell = at(s.opened);
    let opened = fastInstant(openedCell), openedDay = Math.floor(opened / 86_400);
    if (opened !== opened) {
      // Not a fast form: the general parser (its day differs from the instant's for 24:00).
      const o = parseDate(openedCell, spec.dateFormat);
      if (o.ok) { opened = o.value.instant; openedDay = o.value.day; }
      else problems.push({ code: o.code, field: 'opened_at', value: cellText(openedCell), reason: o.code === 'missing_value' ? 'opened_at is empty' : o.reason });
    }
    const firstResponse = s.firstResponseAfter ? after(ctx, opened, s.firstResponseAfter) : optInstant(ctx, s.firstResponse, 'first_response_at');
    const resolved = s.resolvedAfter ? after(ctx, opened, s.resolvedAfter) : optInstant(ctx, s.resolved, 'resolved_at');
    if (!s.firstResponseAfter) notBeforeOpened(ctx, firstResponse, opened, openedCell, s.firstResponse, 'first_response_at');
    if (!s.resolvedAfter) notBeforeOpened(ctx, resolved, opened, openedCell, s.resolved, 'resolved_at');
    const statusCell = at(s.status);
    const status = typeof statusCell === 'string' ? statusMemo.get(statusCell) : statusFlags(statusCell);
    const escalated = yesNo(ctx, s.escalated, 'escalated');
    const satisfied = yesNo(ctx, s.satisfied, 'satisfied');
    if (problems.length || opened !== opened || id === null) return null;
    const first = firstRows.claim(id, ctx.rowNo);
    if (first !== 0) {
      problems.push({ code: 'duplicate_complaint_id', field: 'complaint_id', value: id, reason: `complaint ${id} already appears at row ${first}${inFile()}` });
      return null;
    }
    const sev = at(s.severity);
    rec.id = id;
    rec.opened = opened;
    rec.openedDay = openedDay;
    rec.customer = optId(at(s.customer), interners.customers);
    rec.order = optId(at(s.order), interners.orders);
    rec.handler = optId(at(s.handler), interners.employees);
    rec.owner = optId(at(s.owner), interners.employees);
    rec.firstResponse = firstResponse;
    rec.resolved = resolved;
    rec.statusResolved = (status & RESOLVED_BIT) !== 0;
    rec.escalated = (status & ESCALATED_BIT) !== 0 || escalated === YES;
    rec.satisfied = satisfied < 0 ? -1 : satisfied;
    rec.severity = sev === undefined || isBlank(sev) ? null : cellText(sev).trim();
    rec.row = ctx.rowNo;
    complaints.pushRow(rec);
    return openedDay;
  }, {
    // Each file maps its own header (look the slots up again) and is cited by name.
    onFile: (k, name, sheet) => { files.push(partLabel(name, sheet)); firstRows.file = k; slots = null; complaints.beginFile(name); },
    afterFile: (_k, st) => complaints.endFile(st?.sheet),
    byteLane: lane,
  });
  return { ok: res.ok, complaints: complaints.finish(), stats: res.stats };
}

/** Instant sentinel of `optInstantBytes`: the cell is not blank and not a fast form. */
const NOT_FAST = Infinity;

/**
 * The byte-lane twin of the complaints row handler (see `ByteRowHandler`), for plain ASCII rows.
 * Why: at 100k rows decoding and splitting the text into strings was over half the ingest.
 * It takes a row only when every cell is in a form the string handler's fast paths read, with
 * the same result: ids `parseId` returns unchanged (interned from the bytes), `isoInstantFast`
 * date-times, blank optional cells, and status / yes-no words through byte-keyed memos of the
 * same pure functions (`statusFlags`, `boolCode`) the string handler memoises. Any other row —
 * a blank or odd date, 24:00, a word that is not yes/no, a `NULL` marker, outer blanks — is
 * declined before anything is recorded, and the string handler reads it (every diagnostic is
 * its own). The only problem made here is a duplicate complaint id, worded as the string
 * handler words it, after the same checks in the same order.
 */
function complaintByteRow(
  s: Slots, firstRows: FirstRows, complaints: ComplaintTableBuilder, rec: ReturnType<typeof emptyComplaintRow>,
  interners: { customers: IdTable; employees: IdTable; orders: IdTable }, inFile: () => string,
): ByteRowHandler {
  const instants = new IsoInstantCache();
  const statusBytes = new ByteKeyCache<number>(statusFlags);
  const escalatedBytes = new ByteKeyCache<number>(boolCode);
  const satisfiedBytes = new ByteKeyCache<number>(boolCode);
  const severityBytes = new ByteKeyCache<string | null>((t) => (isBlank(t) ? null : t.trim()));
  /** An optional date-time: its instant, NaN when blank or absent, NOT_FAST otherwise. */
  const optInstantBytes = (buf: Buffer, f: Int32Array, slot: number): number => {
    if (slot < 0) return NaN;
    const a = f[slot], b = f[slot + 1] - 1;
    if (a === b) return NaN;
    const t = instants.instant(buf, a, b);
    return t === t ? t : NOT_FAST;
  };
  /** A yes/no cell's code (BLANK when absent), or NOT_BOOL (declined). */
  const yesNoBytes = (cache: ByteKeyCache<number>, buf: Buffer, f: Int32Array, slot: number): number =>
    (slot < 0 ? BLANK : cache.get(buf, f[slot], f[slot + 1] - 1));
  /** The kind of an optional id cell (an absent column reads as an empty cell). */

  return (ctx: ByteRowContext) => {
    const { buf, f } = ctx;
    // Decide first (nothing is recorded until every cell is known to be plain).
    const i0 = f[s.id], i1 = f[s.id + 1] - 1;
    if (!plainId(buf, i0, i1)) return undefined;
    const opened = instants.instant(buf, f[s.opened], f[s.opened + 1] - 1);
    if (opened !== opened) return undefined;
    const firstResponse = optInstantBytes(buf, f, s.firstResponse);
    if (firstResponse === NOT_FAST) return undefined;
    const resolved = optInstantBytes(buf, f, s.resolved);
    if (resolved === NOT_FAST) return undefined;
    if (firstResponse < opened || resolved < opened) return undefined; // time_before_opened: the string handler words it
    const status = s.status < 0 ? 0 : statusBytes.get(buf, f[s.status], f[s.status + 1] - 1);
    const escalated = yesNoBytes(escalatedBytes, buf, f, s.escalated);
    if (escalated === NOT_BOOL) return undefined;
    const satisfied = yesNoBytes(satisfiedBytes, buf, f, s.satisfied);
    if (satisfied === NOT_BOOL) return undefined;
    const kCust = optionalIdAt(buf, f, s.customer), kOrder = optionalIdAt(buf, f, s.order);
    const kHandler = optionalIdAt(buf, f, s.handler), kOwner = optionalIdAt(buf, f, s.owner);
    if (kCust === OPT_DECLINE || kOrder === OPT_DECLINE || kHandler === OPT_DECLINE || kOwner === OPT_DECLINE) return undefined;
    // The row is this lane's: the string handler's steps, in its order.
    const first = firstRows.claimBytes(buf, i0, i1, ctx.rowNo);
    const id = latin1(buf, i0, i1);
    if (first !== 0) {
      ctx.problems.push({ code: 'duplicate_complaint_id', field: 'complaint_id', value: id, reason: `complaint ${id} already appears at row ${first}${inFile()}` });
      return null;
    }
    const openedDay = Math.floor(opened / 86_400);
    rec.id = id;
    rec.opened = opened;
    rec.openedDay = openedDay;
    rec.customer = internIdAt(buf, f, s.customer, kCust, interners.customers);
    rec.order = internIdAt(buf, f, s.order, kOrder, interners.orders);
    rec.handler = internIdAt(buf, f, s.handler, kHandler, interners.employees);
    rec.owner = internIdAt(buf, f, s.owner, kOwner, interners.employees);
    rec.firstResponse = firstResponse;
    rec.resolved = resolved;
    rec.statusResolved = (status & RESOLVED_BIT) !== 0;
    rec.escalated = (status & ESCALATED_BIT) !== 0 || escalated === YES;
    rec.satisfied = satisfied < 0 ? -1 : satisfied;
    rec.severity = s.severity < 0 ? null : severityBytes.get(buf, f[s.severity], f[s.severity + 1] - 1);
    rec.row = ctx.rowNo;
    complaints.pushRow(rec);
    return openedDay;
  };
}
