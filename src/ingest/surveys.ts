/** Surveys export → Survey records: NPS 0–10 (integer-valued) and/or CSAT 1…csat_scale. */
import type { Diagnostic } from '../diagnostics.js';
import type { Cell } from '../io/table-source.js';
import { SurveyTableBuilder, type IdTable, type Interner, type PackedInterner, type SourceStats, type SurveyTable } from '../model.js';
import { emptySurveyRow } from '../model/tables.js';
import type { SourceSpec } from '../plan/types.js';
import { latin1 } from '../latin1.js';
import { IsoDayCache, OPT_DECLINE, OPT_PLAIN, optionalIdAt, internIdAt, plainDigitsBytes } from './byte-cells.js';
import { FirstRows } from './cell-memo.js';
import { partLabel, readSources, type ByteLane, type ByteRowContext, type ByteRowHandler, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, isoDayFast, parseDate, parseId, parseNumber, plainDigits } from './values.js';

export interface SurveysResult {
  ok: boolean;
  surveys: SurveyTable;
  /** One per file read. */
  stats: SourceStats[];
}

/** Slots (RowContext.slot) of the survey fields, looked up once per file. */
interface Slots { date: number; nps: number; csat: number; id: number; customer: number; order: number; employee: number }

function slotsOf(s: (field: string) => number): Slots {
  return {
    date: s('date'), nps: s('nps'), csat: s('csat'), id: s('response_id'), customer: s('customer_id'),
    order: s('order_id'), employee: s('employee_id'),
  };
}

/** A score cell: its number, NaN when blank or absent; a text that is not a number is a row problem. */
function score(ctx: RowContext, c: Cell | undefined, field: string): number {
  if (typeof c === 'string') {
    const x = plainDigits(c);
    if (x >= 0) return x;
  }
  if (c === undefined || isBlank(c)) return NaN;
  const r = parseNumber(c);
  if (r.ok) return r.value;
  ctx.problems.push({ code: 'bad_number', field, value: cellText(c), reason: r.reason });
  return NaN;
}

/**
 * Reads the surveys export; `csatScale` is the plan's survey.csat_scale.
 *
 * The row handler reads its cells by slot and takes the common forms on fast paths (`YYYY-MM-DD`
 * via `isoDayFast`, plain-digit scores via `plainDigits`, duplicate response ids via FirstRows,
 * ids looked up in the id tables' number lanes); every other cell goes through the general
 * parsers (`parseDate`, `parseNumber`), so results and diagnostics are those of the general parsers.
 *
 * Plain CSV rows may come through the byte lane instead (see `surveyByteRow`), with the same
 * results.
 */
export async function ingestSurveys(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  csatScale: number, opts: ReadOptions, diags: Diagnostic[],
): Promise<SurveysResult> {
  let file = spec.displayPath;
  const files: string[] = [];
  const surveys = new SurveyTableBuilder(file);
  const firstRows = new FirstRows();
  const rec = emptySurveyRow();
  let slots: Slots | null = null;
  const idOf = (c: Cell | undefined, table: IdTable) => {
    const v = parseId(c);
    return v === null ? -1 : table.intern(v);
  };

  const setup = (slot: (field: string) => number, estimatedRows: number) => {
    slots = slotsOf(slot);
    surveys.reserve(estimatedRows);
  };
  const duplicate = (id: string, row: number, first: number) => {
    diags.push({ code: 'duplicate_survey_id', severity: 'warning', file, row, value: id,
      message: `response ${id} already appears at row ${first}${firstRows.earlierFile === firstRows.file ? '' : ` of ${files[firstRows.earlierFile]}`}; both are counted` });
  };
  const lane: ByteLane = (slot, estimatedRows) => {
    setup(slot, estimatedRows);
    if (slots!.date < 0) return null; // a required column is missing: text only
    return surveyByteRow(slots!, csatScale, firstRows, surveys, rec, interners, duplicate);
  };

  const res = await readSources('surveys', spec, opts, diags, (ctx) => {
    if (slots === null) setup(ctx.slot, ctx.estimatedRows);
    const s = slots!;
    const { at, problems } = ctx;
    const dateCell = at(s.date);
    let day = typeof dateCell === 'string' ? isoDayFast(dateCell) : NaN;
    if (day !== day) {
      const d = parseDate(dateCell, spec.dateFormat);
      if (d.ok) day = d.value.day;
      else problems.push({ code: d.code, field: 'date', value: cellText(dateCell), reason: d.code === 'missing_value' ? 'date is empty' : d.reason });
    }
    const npsCell = at(s.nps);
    let nps = score(ctx, npsCell, 'nps');
    if (nps === nps && (!Number.isInteger(nps) || nps < 0 || nps > 10)) {
      problems.push({ code: 'bad_number', field: 'nps', value: cellText(npsCell), reason: `NPS must be a whole number from 0 to 10, got ${cellText(npsCell)}` });
      nps = NaN;
    }
    const csatCell = at(s.csat);
    let csat = score(ctx, csatCell, 'csat');
    if (csat === csat && (csat < 1 || csat > csatScale)) {
      problems.push({ code: 'bad_number', field: 'csat', value: cellText(csatCell), reason: `CSAT must be from 1 to ${csatScale} (survey.csat_scale), got ${cellText(csatCell)}` });
      csat = NaN;
    }
    if (!problems.length && nps !== nps && csat !== csat) {
      const field = npsCell !== undefined ? 'nps' : 'csat';
      problems.push({ code: 'missing_value', field, value: '', reason: 'the response has no score (nps or csat)' });
    }
    if (problems.length || day !== day) return null;
    const id = parseId(at(s.id));
    if (id !== null) {
      const first = firstRows.claim(id, ctx.rowNo);
      if (first !== 0) duplicate(id, ctx.rowNo, first);
    }
    rec.id = id;
    rec.day = day;
    rec.nps = nps;
    rec.csat = csat;
    rec.customer = idOf(at(s.customer), interners.customers);
    rec.order = idOf(at(s.order), interners.orders);
    rec.employee = idOf(at(s.employee), interners.employees);
    rec.row = ctx.rowNo;
    surveys.pushRow(rec);
    return day;
  }, {
    // Each file maps its own header (look the slots up again) and is cited by name.
    onFile: (k, name, sheet) => { file = name; files.push(partLabel(name, sheet)); firstRows.file = k; slots = null; surveys.beginFile(name); },
    afterFile: (_k, st) => surveys.endFile(st?.sheet),
    byteLane: lane,
  });
  return { ok: res.ok, surveys: surveys.finish(), stats: res.stats };
}

/**
 * The byte-lane twin of the surveys row handler (see `ByteRowHandler`), for plain ASCII rows.
 * Why: at 100k rows decoding and splitting the text into strings was over half the ingest.
 * It takes a row only when every cell is in a form the string handler's fast paths read, with
 * the same result: an `isoDayFast` date (through an IsoDayCache), scores of plain digits within
 * their range (or blank, but not both), ids `parseId` returns unchanged (interned from the bytes)
 * or empty. Any other row — an odd date, a score out of range or not plain digits, a `NULL`
 * marker, outer blanks — is declined before anything is recorded, and the string handler reads
 * it (every row problem is its own). A duplicate response id is reported through `duplicate`,
 * the string handler's own wording, at the same step.
 */
function surveyByteRow(
  s: Slots, csatScale: number, firstRows: FirstRows, surveys: SurveyTableBuilder, rec: ReturnType<typeof emptySurveyRow>,
  interners: { customers: IdTable; employees: IdTable; orders: IdTable },
  duplicate: (id: string, row: number, first: number) => void,
): ByteRowHandler {
  const days = new IsoDayCache();
  /** A score: its value, NaN when blank or absent, -1 when not plain digits (declined). */
  const scoreBytes = (buf: Buffer, f: Int32Array, slot: number): number => {
    if (slot < 0) return NaN;
    const a = f[slot], b = f[slot + 1] - 1;
    return a === b ? NaN : plainDigitsBytes(buf, a, b);
  };

  return (ctx: ByteRowContext) => {
    const { buf, f } = ctx;
    // Decide first (nothing is recorded until every cell is known to be plain).
    const day = days.day(buf, f[s.date], f[s.date + 1] - 1);
    if (day !== day) return undefined;
    const nps = scoreBytes(buf, f, s.nps);
    if (nps < 0 || nps > 10) return undefined;
    const csat = scoreBytes(buf, f, s.csat);
    if (csat < 1 || csat > csatScale) return undefined;
    if (nps !== nps && csat !== csat) return undefined; // no score: the text path's missing_value
    const kId = optionalIdAt(buf, f, s.id), kCust = optionalIdAt(buf, f, s.customer);
    const kOrder = optionalIdAt(buf, f, s.order), kEmp = optionalIdAt(buf, f, s.employee);
    if (kId === OPT_DECLINE || kCust === OPT_DECLINE || kOrder === OPT_DECLINE || kEmp === OPT_DECLINE) return undefined;
    // The row is this lane's: the string handler's steps, in its order.
    let id: string | null = null;
    if (kId === OPT_PLAIN) {
      const i0 = f[s.id], i1 = f[s.id + 1] - 1;
      id = latin1(buf, i0, i1);
      const first = firstRows.claimBytes(buf, i0, i1, ctx.rowNo);
      if (first !== 0) duplicate(id, ctx.rowNo, first);
    }
    rec.id = id;
    rec.day = day;
    rec.nps = nps;
    rec.csat = csat;
    rec.customer = internIdAt(buf, f, s.customer, kCust, interners.customers);
    rec.order = internIdAt(buf, f, s.order, kOrder, interners.orders);
    rec.employee = internIdAt(buf, f, s.employee, kEmp, interners.employees);
    rec.row = ctx.rowNo;
    surveys.pushRow(rec);
    return day;
  };
}
