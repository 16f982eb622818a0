/** Surveys export → Survey records: NPS 0–10 (integer-valued) and/or CSAT 1…csat_scale. */
import type { Diagnostic } from '../diagnostics.js';
import { Interner, SurveyTableBuilder, type IdTable, type PackedInterner, type SourceStats, type SurveyTable } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import { readSource, type ReadOptions } from './source-reader.js';
import { cellText, isBlank, parseDate, parseId, parseNumber } from './values.js';

export interface SurveysResult {
  ok: boolean;
  surveys: SurveyTable;
  stats: SourceStats | null;
}

/** Reads the surveys export; `csatScale` is the plan's survey.csat_scale. */
export async function ingestSurveys(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  csatScale: number, opts: ReadOptions, diags: Diagnostic[],
): Promise<SurveysResult> {
  const file = spec.displayPath;
  const surveys = new SurveyTableBuilder(file);
  const ids = new Interner(); // response ids seen; idRows[k] is the first row of ids.ids[k]
  const idRows: number[] = [];

  const res = await readSource('surveys', spec, opts, diags, (ctx) => {
    const { get, problems } = ctx;
    const d = parseDate(get('date'), spec.dateFormat);
    if (!d.ok) problems.push({ code: d.code, field: 'date', value: cellText(get('date')), reason: d.code === 'missing_value' ? 'date is empty' : d.reason });
    let nps: number | null = null, csat: number | null = null;
    const npsCell = get('nps');
    if (npsCell !== undefined && !isBlank(npsCell)) {
      const r = parseNumber(npsCell);
      if (!r.ok) problems.push({ code: 'bad_number', field: 'nps', value: cellText(npsCell), reason: r.reason });
      else if (!Number.isInteger(r.value) || r.value < 0 || r.value > 10) {
        problems.push({ code: 'bad_number', field: 'nps', value: cellText(npsCell), reason: `NPS must be a whole number from 0 to 10, got ${cellText(npsCell)}` });
      } else nps = r.value;
    }
    const csatCell = get('csat');
    if (csatCell !== undefined && !isBlank(csatCell)) {
      const r = parseNumber(csatCell);
      if (!r.ok) problems.push({ code: 'bad_number', field: 'csat', value: cellText(csatCell), reason: r.reason });
      else if (r.value < 1 || r.value > csatScale) {
        problems.push({ code: 'bad_number', field: 'csat', value: cellText(csatCell), reason: `CSAT must be from 1 to ${csatScale} (survey.csat_scale), got ${cellText(csatCell)}` });
      } else csat = r.value;
    }
    if (!problems.length && nps === null && csat === null) {
      const field = npsCell !== undefined ? 'nps' : 'csat';
      problems.push({ code: 'missing_value', field, value: '', reason: 'the response has no score (nps or csat)' });
    }
    if (problems.length || !d.ok) return null;
    const id = parseId(get('response_id'));
    if (id !== null) {
      const seen = ids.size;
      const k = ids.intern(id);
      if (k < seen) {
        diags.push({ code: 'duplicate_survey_id', severity: 'warning', file, row: ctx.rowNo, value: id,
          message: `response ${id} already appears at row ${idRows[k]}; both are counted` });
      } else idRows.push(ctx.rowNo);
    }
    const idOf = (field: string, interner: IdTable) => {
      const v = parseId(get(field));
      return v === null ? -1 : interner.intern(v);
    };
    surveys.push({
      id, day: d.value.day, nps, csat,
      customer: idOf('customer_id', interners.customers),
      order: idOf('order_id', interners.orders),
      employee: idOf('employee_id', interners.employees),
      src: { file, row: ctx.rowNo },
    });
    return d.value.day;
  });
  return { ok: res.ok, surveys: surveys.finish(res.stats?.sheet), stats: res.stats };
}
