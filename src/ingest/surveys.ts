/** Surveys export → Survey records: NPS 0–10 (integer-valued) and/or CSAT 1…csat_scale. */
import type { Diagnostic } from '../diagnostics.js';
import type { Cell } from '../io/table-source.js';
import { SurveyTableBuilder, type IdTable, type Interner, type PackedInterner, type SourceStats, type SurveyTable } from '../model.js';
import { emptySurveyRow } from '../model/tables.js';
import type { SourceSpec } from '../plan/types.js';
import { FirstRows } from './cell-memo.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, isoDayFast, parseDate, parseId, parseNumber, plainDigits } from './values.js';

export interface SurveysResult {
  ok: boolean;
  surveys: SurveyTable;
  stats: SourceStats | null;
}

/** Slots (RowContext.slot) of the survey fields, looked up once per file. */
interface Slots { date: number; nps: number; csat: number; id: number; customer: number; order: number; employee: number }

function slotsOf(ctx: RowContext): Slots {
  const s = (field: string) => ctx.slot(field);
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
 */
export async function ingestSurveys(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  csatScale: number, opts: ReadOptions, diags: Diagnostic[],
): Promise<SurveysResult> {
  const file = spec.displayPath;
  const surveys = new SurveyTableBuilder(file);
  const firstRows = new FirstRows();
  const rec = emptySurveyRow();
  let slots: Slots | null = null;
  const idOf = (c: Cell | undefined, table: IdTable) => {
    const v = parseId(c);
    return v === null ? -1 : table.intern(v);
  };

  const res = await readSource('surveys', spec, opts, diags, (ctx) => {
    if (slots === null) {
      slots = slotsOf(ctx);
      surveys.reserve(ctx.estimatedRows);
    }
    const s = slots;
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
      if (first !== 0) {
        diags.push({ code: 'duplicate_survey_id', severity: 'warning', file, row: ctx.rowNo, value: id,
          message: `response ${id} already appears at row ${first}; both are counted` });
      }
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
  });
  return { ok: res.ok, surveys: surveys.finish(res.stats?.sheet), stats: res.stats };
}
