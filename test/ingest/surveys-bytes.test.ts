/**
 * The surveys byte lane (plain CSV rows read from their bytes) against the text path it stands in
 * for: the same SurveyTable, id tables, stats and diagnostics (duplicate-id warnings included) on
 * tricky input, with and without skip-invalid, and `plainDigitsBytes` against `plainDigits`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { plainDigitsBytes } from '../../src/ingest/byte-cells.js';
import { ingestSurveys } from '../../src/ingest/surveys.js';
import { plainDigits } from '../../src/ingest/values.js';
import { textReaderCounters, textReaderTuning } from '../../src/io/text-source.js';
import { Interner, PackedInterner } from '../../src/model/ids.js';
import type { SourceSpec } from '../../src/plan/types.js';
import { source, tempDir, write } from './helpers.js';

afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; textReaderTuning.byteLane = true; });

describe('survey byte cell readers', () => {
  it('plainDigitsBytes agrees with plainDigits', () => {
    const cases = ['', '0', '5', '10', '007', '123456789', '1234567890', '-1', '+1', '5.0', ' 5', '5 ', 'x', '1e1', '９'];
    for (const s of cases) {
      if (/[^\x00-\x7f]/.test(s)) continue; // the lane only sees ASCII
      const b = Buffer.from('|' + s + '|', 'latin1');
      expect(plainDigitsBytes(b, 1, b.length - 1), JSON.stringify(s)).toBe(plainDigits(s));
    }
    expect(plainDigitsBytes(Buffer.from('007'), 0, 3)).toBe(7);
  });
});

/** Everything ingestSurveys produces, as plain data. */
async function snapshot(spec: SourceSpec, skipInvalid: boolean, csatScale: number) {
  const interners = { customers: new Interner(), employees: new Interner(), orders: new PackedInterner() };
  const diags: Diagnostic[] = [];
  const res = await ingestSurveys(spec, interners, csatScale, { source: 'surveys', skipInvalid }, diags);
  const ids = [interners.customers, interners.employees, interners.orders].map((x) => Array.from({ length: x.size }, (_, i) => x.id(i)));
  return { ok: res.ok, stats: res.stats[0], diags, surveys: res.surveys, ids };
}

/** Runs without the lane, then with it at several chunk sizes, and expects the same everything. */
async function expectSameBothWays(spec: SourceSpec, chunks: number[], csatScale = 5) {
  let laneRows = 0;
  const outs = [];
  for (const skipInvalid of [false, true]) {
    textReaderTuning.byteLane = false;
    textReaderTuning.chunkBytes = 1 << 20;
    const want = await snapshot(spec, skipInvalid, csatScale);
    for (const chunk of chunks) {
      textReaderTuning.chunkBytes = chunk;
      textReaderTuning.byteLane = true;
      const before = textReaderCounters.laneRows;
      expect(await snapshot(spec, skipInvalid, csatScale), `chunk ${chunk} skip ${skipInvalid}`).toEqual(want);
      laneRows += textReaderCounters.laneRows - before;
    }
    outs.push(want);
  }
  return { strict: outs[0], skip: outs[1], laneRows };
}

const HEAD = 'response_id,date,customer_id,order_id,employee_id,nps,csat';
/** Rows the lane must decline or read exactly as the text path (one among every 4 plain rows). */
const TRICKY = [
  'R1,2023-11-29,C1277,SO00417261,,5,4',
  'R2,2023/11/29,C1,SO1,E1,10,5',
  'R3,2023-02-29,C1,SO1,E1,10,5',
  'R4,,C1,SO1,E1,10,5',
  'R5,2023-11-29,C1,SO1,E1,11,5',
  'R6,2023-11-29,C1,SO1,E1,007,5',
  'R7,2023-11-29,C1,SO1,E1,5.0,4.5',
  'R8,2023-11-29,C1,SO1,E1, 5,0',
  'R9,2023-11-29,C1,SO1,E1,-1,6',
  'R10,2023-11-29,C1,SO1,E1,,',
  'R11,2023-11-29,C1,SO1,E1,NULL,3',
  'R1,2023-11-30,C2,SO2,E2,9,', // duplicate id: a warning, both counted
  'R01,2023-11-30,C2,SO2,E2,9,',
  ',2023-11-30,C2,SO2,E2,9,',
  'NULL,2023-11-30,C2,SO2,E2,9,',
  ' R12,2023-11-30,C2,SO2,E2,9,', // outer blanks: parseId trims them
  'R19,2023-11-30, C2 ,SO2,E2,9,',
  'R20,2023-11-30,C2,SO2 ,E2,9,',
  'R21,2023-11-30,C2,SO2,E2\t,9,',
  'R13,2023-11-30,客户,订单,员工,9,1',
  'R14,2023-11-30,CUST-X,ORDER-Y,emp,0,1',
  'R15,2023-11-30,C2,SO2,E2,abc,1',
  'R16,2023-11-30 08:00,C2,SO2,E2,3,1',
  'R1,2023-11-30,C2,SO2,E2,x,', // duplicate id on a rejected row: no warning (the row is not read)
  'R17,2023-11-30,C2,SO2,E2,3,1,,', // extra empty fields
  'R18,2023-11-30,C2,SO2,E2,3', // fewer fields
];

function surveysFile(): string {
  const lines = [HEAD];
  let t = 0;
  for (let i = 0; i < 300; i++) {
    if (i % 4 === 3 && t < TRICKY.length) { lines.push(TRICKY[t++]); continue; }
    const d = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`RP${i},2024-02-${d},C${100 + (i % 23)},${i % 5 ? `SO${String(i).padStart(8, '0')}` : ''},${i % 3 ? '' : `E${i % 7}`},${i % 6 ? i % 11 : ''},${i % 6 ? 1 + (i % 5) : 3}`);
  }
  return lines.join('\n') + '\n';
}

describe('surveys byte lane', () => {
  it('gives the text path\'s table, ids, stats and diagnostics on tricky rows', async () => {
    const spec = source(write(tempDir(), 'surveys.csv', surveysFile()));
    const got = await expectSameBothWays(spec, [64, 200, 4096]);
    expect(got.laneRows).toBeGreaterThan(500);
    const codes = got.strict.diags.map((d) => [d.code, d.row, d.value]);
    // Row numbers: tricky row t is file row 5 + 4t. R1 (row 5) again at row 49: a warning.
    expect(codes).toContainEqual(['duplicate_survey_id', 49, 'R1']);
    expect(codes.filter((c) => c[0] === 'duplicate_survey_id')).toHaveLength(1);
    expect(got.skip.ok).toBe(true);
    // Worked by hand: R1's 2023-11-29 is day 19 690 (2024-01-01 = 19 723, less the 31 days of December and 2 of November).
    const t = got.skip.surveys;
    const k = t.id.indexOf('R1');
    expect([t.day[k], t.nps[k], t.csat[k], t.row[k], t.employee[k]]).toEqual([19_690, 5, 4, 5, -1]);
  });

  it('with a 10-point csat scale, exclude: and only some columns', async () => {
    const lines = ['date,csat,customer_id,channel'];
    for (let i = 0; i < 300; i++) lines.push(`2024-03-${String(1 + (i % 30)).padStart(2, '0')},${[10, 0, '', 7, 11, 1][i % 6]},${i % 4 ? `C${i % 9}` : ''},${['web', 'phone', 'test'][i % 3]}`);
    const spec = source(write(tempDir(), 's2.csv', lines.join('\n') + '\n'), { exclude: { channel: ['test'] } });
    const got = await expectSameBothWays(spec, [64, 1000], 10);
    expect(got.laneRows).toBeGreaterThan(100);
    expect(got.skip.stats!.excluded['channel test']).toBe(100);
    expect(got.skip.surveys.id.every((x: string | null) => x === null)).toBe(true);
  });
});
