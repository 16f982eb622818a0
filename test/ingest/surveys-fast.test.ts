// ingestSurveys' fast paths (slots, isoDayFast, plainDigits, FirstRows, pushRow) against hand-worked
// values and against a reference handler that uses only the general parsers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { ingestSurveys } from '../../src/ingest/surveys.js';
import { readSource } from '../../src/ingest/source-reader.js';
import { cellText, isBlank, parseDate, parseId, parseNumber } from '../../src/ingest/values.js';
import { Interner, PackedInterner, surveyAt, type IdTable, type Survey } from '../../src/model.js';
import type { SourceSpec } from '../../src/plan/types.js';
import { source, tempDir, write } from './helpers.js';

const CSV = 'response_id,date,customer_id,order_id,employee_id,nps,csat\n'
  + 'R1,2024-08-01,C1,SO1,E1,10,5\n' // 2
  + 'R2,2024-08-01 10:00,C2,,,0,\n' // 3: a date-time (general path)
  + 'R3,2024/8/1,C3,SO3,E2,,1\n' // 4
  + 'R4,２０２４-０８-０２,C1,SO1,E1,７,4.5\n' // 5: full-width date and digit
  + 'R5,2024-08-02,C1,SO1,E1,010,  3 \n' // 6: 010 is 10; spaces around 3
  + 'R6,2024-08-02,C1,SO1,E1,5.0,1e0\n' // 7
  + 'R7,2024-08-02,C1,SO1,E1,11,3\n' // 8: NPS above 10
  + 'R8,2024-08-02,C1,SO1,E1,-1,3\n' // 9
  + 'R9,2024-08-02,C1,SO1,E1,abc,0\n' // 10: two problems
  + 'R10,2024-08-02,C1,SO1,E1,NA,\n' // 11: no score
  + 'R1,2024-08-03,C1,SO1,E1,8,\n' // 12: duplicate id (a warning; counted)
  + 'R01,2024-08-03,C1,SO1,E1,8,\n' // 13: not R1
  + 'R11,2024-02-30,C1,SO1,E1,8,\n' // 14
  + ',2024-08-03,C9,SO9,E9,9,\n'; // 15: no id is fine

let spec: SourceSpec;
beforeAll(() => {
  spec = source(write(tempDir(), 'surveys.csv', CSV));
});

const interners = () => ({ customers: new Interner(), employees: new Interner(), orders: new PackedInterner() });

/** The surveys handler written with the general parsers only (as before the fast paths). */
async function reference(sp: SourceSpec, skipInvalid: boolean, csatScale = 5) {
  const ids = interners();
  const diags: Diagnostic[] = [];
  const out: Survey[] = [];
  const firstRow = new Map<string, number>();
  const res = await readSource('surveys', sp, { source: 'surveys', skipInvalid }, diags, (ctx) => {
    const { get, problems } = ctx;
    const d = parseDate(get('date'));
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
      problems.push({ code: 'missing_value', field: npsCell !== undefined ? 'nps' : 'csat', value: '', reason: 'the response has no score (nps or csat)' });
    }
    if (problems.length || !d.ok) return null;
    const id = parseId(get('response_id'));
    if (id !== null) {
      const first = firstRow.get(id);
      if (first !== undefined) {
        diags.push({ code: 'duplicate_survey_id', severity: 'warning', file: sp.displayPath, row: ctx.rowNo, value: id,
          message: `response ${id} already appears at row ${first}; both are counted` });
      } else firstRow.set(id, ctx.rowNo);
    }
    const idOf = (field: string, t: IdTable) => { const v = parseId(get(field)); return v === null ? -1 : t.intern(v); };
    out.push({
      id, day: d.value.day, nps, csat, customer: idOf('customer_id', ids.customers), order: idOf('order_id', ids.orders),
      employee: idOf('employee_id', ids.employees), src: { file: sp.displayPath, sheet: undefined, row: ctx.rowNo },
    });
    return d.value.day;
  });
  return { ok: res.ok, surveys: out, diags, stats: res.stats, ids };
}

async function fast(sp: SourceSpec, skipInvalid: boolean, csatScale = 5) {
  const ids = interners();
  const diags: Diagnostic[] = [];
  const r = await ingestSurveys(sp, ids, csatScale, { source: 'surveys', skipInvalid }, diags);
  return { ok: r.ok, surveys: Array.from({ length: r.surveys.n }, (_, i) => surveyAt(r.surveys, i)), diags, stats: r.stats[0], ids };
}

describe('ingestSurveys fast paths', () => {
  it('reads each form as worked out by hand', async () => {
    const r = await fast(spec, true);
    // 2024-08-01 is day 19936 (2024-01-01 is 19723, plus 213 days of January–July).
    expect(r.surveys.map((s) => [s.id, s.day, s.nps, s.csat, s.src.row])).toEqual([
      ['R1', 19_936, 10, 5, 2],
      ['R2', 19_936, 0, null, 3],
      ['R3', 19_936, null, 1, 4],
      ['R4', 19_937, 7, 4.5, 5],
      ['R5', 19_937, 10, 3, 6],
      ['R6', 19_937, 5, 1, 7],
      ['R1', 19_938, 8, null, 12],
      ['R01', 19_938, 8, null, 13],
      [null, 19_938, 9, null, 15],
    ]);
    expect(r.ids.customers.ids).toEqual(['C1', 'C2', 'C3', 'C9']);
    expect(r.surveys.map((s) => s.order)).toEqual([0, -1, 1, 0, 0, 0, 0, 0, 2]);
    expect(r.surveys.map((s) => s.employee)).toEqual([0, -1, 1, 0, 0, 0, 0, 0, 2]);
  });

  it('reports rejected rows and duplicate ids as the general parsers do', async () => {
    const r = await fast(spec, false);
    expect(r.diags.map((d) => [d.code, d.severity, d.row, d.column, d.value])).toEqual([
      ['bad_number', 'error', 8, 'nps', '11'],
      ['bad_number', 'error', 9, 'nps', '-1'],
      ['bad_number', 'error', 10, 'nps', 'abc'],
      ['bad_number', 'error', 10, 'csat', '0'],
      ['missing_value', 'error', 11, 'nps', ''],
      ['duplicate_survey_id', 'warning', 12, undefined, 'R1'],
      ['bad_date', 'error', 14, 'date', '2024-02-30'],
    ]);
    expect(r.diags.map((d) => d.message)).toEqual([
      'NPS must be a whole number from 0 to 10, got 11',
      'NPS must be a whole number from 0 to 10, got -1',
      '"abc" is not a number',
      'CSAT must be from 1 to 5 (survey.csat_scale), got 0',
      'the response has no score (nps or csat)',
      'response R1 already appears at row 2; both are counted',
      '"2024-02-30" is not a real calendar date',
    ]);
  });

  it('gives the same records, diagnostics, stats and ids as the general-parser handler', async () => {
    for (const [skip, scale] of [[false, 5], [true, 5], [true, 10]] as const) {
      const [a, b] = [await fast(spec, skip, scale), await reference(spec, skip, scale)];
      expect(a.ok).toBe(b.ok);
      expect(a.surveys).toEqual(b.surveys);
      expect(a.diags).toEqual(b.diags);
      expect(a.stats).toEqual(b.stats);
      expect(a.ids.customers.ids).toEqual(b.ids.customers.ids);
      expect(a.ids.employees.ids).toEqual(b.ids.employees.ids);
    }
  });

  it('agrees with the general-parser handler with only a csat column', async () => {
    const sp = source(write(tempDir(), 'sv2.csv', '日期,满意度\n2024-07-01,4\n2024-07-01,\n2024-07-02 08:00,5\n'));
    const [a, b] = [await fast(sp, true), await reference(sp, true)];
    expect(a.surveys).toEqual(b.surveys);
    expect(a.diags).toEqual(b.diags);
    expect(a.diags.map((d) => [d.row, d.column])).toEqual([[3, '满意度']]); // the column as headed in the file
  });
});
