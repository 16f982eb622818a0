/**
 * The complaints byte lane (plain CSV rows read from their bytes) against the text path it stands
 * in for: the same ComplaintTable, id tables, stats and diagnostics on tricky input (odd date
 * forms, 24:00, blanks and markers, Chinese words, duplicates, ids of any form, skip-invalid), and
 * the byte cell readers it uses against their string counterparts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { IsoInstantCache, OPT_ABSENT, OPT_DECLINE, OPT_PLAIN, optionalId } from '../../src/ingest/byte-cells.js';
import { FirstRows } from '../../src/ingest/cell-memo.js';
import { ingestComplaints } from '../../src/ingest/complaints.js';
import { isoInstantFast, parseId } from '../../src/ingest/values.js';
import { textReaderCounters, textReaderTuning } from '../../src/io/text-source.js';
import { Interner, PackedInterner } from '../../src/model/ids.js';
import type { SourceSpec } from '../../src/plan/types.js';
import { source, tempDir, write } from './helpers.js';

afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; textReaderTuning.byteLane = true; });

describe('complaint byte cell readers', () => {
  it('IsoInstantCache agrees with isoInstantFast', () => {
    const cache = new IsoInstantCache();
    const cases = ['2024-08-09 17:55', '2024-08-09T17:55:30', '2024-08-09 24:00', '2024-08-09 23:59:59', '2024-08-09 23:60',
      '2024-08-09 23:59:60', '2024-08-09 9:05', '2024-08-09  9:05', '2024-08-09', '2024-02-30 10:00', '2024-02-29 10:00',
      '2023-02-29', '2024/08/09 17:55', '2024-08-09 17-55', '2024-08-09x17:55', '2024-08-09 17:55:3', '2024-08-09 17:55 ',
      '0999-12-31 10:00', '1000-01-01 00:00', '9999-12-31 23:59:59', '1969-12-31 23:59:59', '', '2024-08-09 1a:00',
      '2024-08-09 17:55.30', '2024-08-09T00:00'];
    for (let h = 0; h <= 25; h += 5) for (let m = 0; m <= 61; m += 13) cases.push(`2024-12-31 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    for (let pass = 0; pass < 2; pass++) {
      for (const s of cases) {
        const b = Buffer.from('|' + s + '|', 'latin1');
        expect(cache.instant(b, 1, b.length - 1), JSON.stringify(s)).toBe(isoInstantFast(s));
      }
    }
    // Worked by hand: 2024-08-09 is day 19 944 (2024-07-01 = 19 905, + 31 + 8); 17:55 = 64 500 s.
    expect(cache.instant(Buffer.from('2024-08-09 17:55'), 0, 16)).toBe(19_944 * 86_400 + 64_500);
  });

  it('optionalId is absent, plain (parseId unchanged) or declined', () => {
    for (const s of ['', 'C1', 'SO00000001', 'NA', 'NULL', '-', ' C1', 'C1 ', 'n1', 'abcde', '1', 'N/A']) {
      const b = Buffer.from(s, 'latin1');
      const k = optionalId(b, 0, b.length);
      if (k === OPT_ABSENT) expect(parseId(s)).toBeNull();
      if (k === OPT_PLAIN) expect(parseId(s)).toBe(s);
    }
    expect(['', 'C1', 'NULL', ' C1'].map((s) => optionalId(Buffer.from(s), 0, s.length))).toEqual([OPT_ABSENT, OPT_PLAIN, OPT_DECLINE, OPT_DECLINE]);
  });

  it('FirstRows.claimBytes shares its records with claim', () => {
    const fr = new FirstRows();
    const b = Buffer.from('K1K01K2');
    expect(fr.claim('K1', 2)).toBe(0);
    expect(fr.claimBytes(b, 0, 2, 3)).toBe(2); // K1 again: its first row
    expect(fr.claimBytes(b, 2, 5, 4)).toBe(0); // K01 is another id
    expect(fr.claim('K01', 5)).toBe(4);
    expect(fr.claimBytes(b, 5, 7, 6)).toBe(0);
    expect(fr.claim('K2', 7)).toBe(6);
  });
});

/** Everything ingestComplaints produces, as plain data. */
async function snapshot(spec: SourceSpec, skipInvalid: boolean) {
  const interners = { customers: new Interner(), employees: new Interner(), orders: new PackedInterner() };
  const diags: Diagnostic[] = [];
  const res = await ingestComplaints(spec, interners, { source: 'complaints', skipInvalid }, diags);
  const ids = [interners.customers, interners.employees, interners.orders].map((x) => Array.from({ length: x.size }, (_, i) => x.id(i)));
  return { ok: res.ok, stats: res.stats[0], diags, complaints: res.complaints, ids };
}

/** Runs without the lane, then with it at several chunk sizes, and expects the same everything. */
async function expectSameBothWays(spec: SourceSpec, chunks: number[]) {
  let laneRows = 0;
  const outs = [];
  for (const skipInvalid of [false, true]) {
    textReaderTuning.byteLane = false;
    textReaderTuning.chunkBytes = 1 << 20;
    const want = await snapshot(spec, skipInvalid);
    for (const chunk of chunks) {
      textReaderTuning.chunkBytes = chunk;
      textReaderTuning.byteLane = true;
      const before = textReaderCounters.laneRows;
      expect(await snapshot(spec, skipInvalid), `chunk ${chunk} skip ${skipInvalid}`).toEqual(want);
      laneRows += textReaderCounters.laneRows - before;
    }
    outs.push(want);
  }
  return { strict: outs[0], skip: outs[1], laneRows };
}

const HEAD = 'complaint_id,opened_at,customer_id,order_id,handler_id,owner_id,first_response_at,resolved_at,status,escalated,satisfied,severity';
/** Rows the lane must decline or read exactly as the text path (one among every 5 plain rows). */
const TRICKY = [
  'K1,2024-08-09 17:55,C1,SO00000001,E1,E2,2024-08-09 17:58,2024-08-11 19:34,resolved,no,no,high',
  'K2,2024-08-09T17:55:30,C2,,E1,,2024/8/9 18:00,2024-08-11 24:00,done,y,1,',
  'K3,2024-08-09 24:00,C1, SO00000001 ,E3,E2,,,escalated,,yes,low ',
  'K4,2024-08-10,C4,SO4,E1,E2,NULL,-,  Closed ,YES,N/A,',
  'K5,2024-08-10 9:05,C5,SO5,E1,E2,2024-08-10T09:05:00,,ESCALATED,1,0,',
  'K01,1969-12-31 23:59:59,C1,SO1,E1,E2,,,open,0,y,',
  'K1,2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,', // duplicate of a plain row, itself plain
  'K6,2024-02-30 10:00,C1,SO1,E1,E2,2024-08-10 23:60,,resolved,maybe,no,',
  'K01,2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,', // duplicate
  ',2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,',
  'K7,,C1,SO1,E1,E2,,,,,,',
  'K8,03/04/2024,C1,SO1,E1,E2,,,done,true,false,',
  'K9,2024-08-10 08:00,已知客户,订单9,员工1,E2,,,已解决,否,是,高',
  'K10,2024-08-10 08:00,NA,na,-,N/A,,,升级,是,满意,',
  'K11,2024-08-10 08:00,CUST-X,ORDER-Y,emp,E2,2024-08-10 08:00:00,2024-08-10 08:00,Resolved,No,Yes,mid',
  'K12,2024-08-10 08:00,C99999999999,SO0000000000001,E1,E2,,,cancelled,no,no,',
  'K13 ,2024-08-10 08:00,C1,SO1,E1,E2,,,open,no,no,',
  'K17,2024-08-10 08:00, C5 ,SO1,E1,E2,,,open,no,no,', // outer blanks: parseId trims them
  'K18,2024-08-10 08:00,C5,SO1,E1,E2 ,,,open,no,no,',
  'K14,2024-08-10 08:00,C1,SO1,E1,E2,,,open,no,no,,', // an extra empty field: not plain (text path)
  'K15,2024-08-10 08:00,C1,SO1,E1,E2,,,open,no,no,x,y', // extra content: extra_fields
  'K16,2024-08-10 08:00,C1,SO1,E1,E2,,,open,no', // fewer fields
  'K1,2024-08-10,C1,SO1,E1,E2,,,resolved,no,maybe,', // duplicate id and a bad word: the text path's problems
  'K19,2024-08-10 08:00,C1,SO1,E1,E2,2024-08-10 07:59,,open,no,no,', // answered a minute before it was opened
  'K20,2024-08-10 08:00,C1,SO1,E1,E2,2024-08-10 08:00,2024-08-09 08:00,resolved,no,no,', // resolved the day before
];

function complaintsFile(): string {
  const lines = [HEAD];
  let t = 0;
  for (let i = 0; i < 400; i++) {
    if (i % 5 === 4 && t < TRICKY.length) { lines.push(TRICKY[t++]); continue; }
    const d = String(1 + (i % 28)).padStart(2, '0');
    lines.push(`KP${i},2024-07-${d} 1${i % 10}:0${i % 6},C${1000 + (i % 37)},SO${String(i).padStart(8, '0')},E${i % 9},,2024-07-${d} 2${i % 4}:30,${i % 3 ? `2024-07-${d} 23:59:59` : ''},${['resolved', 'open', 'cancelled'][i % 3]},${i % 4 ? 'no' : 'yes'},${i % 7 ? 'yes' : ''},`);
  }
  return lines.join('\n') + '\n';
}

describe('complaints byte lane', () => {
  it('gives the text path\'s table, ids, stats and diagnostics on tricky rows', async () => {
    const spec = source(write(tempDir(), 'complaints.csv', complaintsFile()));
    const got = await expectSameBothWays(spec, [64, 300, 4096]);
    expect(got.laneRows).toBeGreaterThan(500);
    // The duplicate complaint ids (rows 36, 46 and 116) and the other problems, as the text path reports them.
    const codes = got.strict.diags.map((d) => [d.code, d.row, d.column, d.value]);
    expect(codes).toContainEqual(['duplicate_complaint_id', 36, 'complaint_id', 'K1']);
    expect(codes).toContainEqual(['duplicate_complaint_id', 46, 'complaint_id', 'K01']);
    // Times before opened_at (a response at the same minute is fine): rows 121 and 126.
    expect(codes).toContainEqual(['time_before_opened', 121, 'first_response_at', '2024-08-10 07:59']);
    expect(codes).toContainEqual(['time_before_opened', 126, 'resolved_at', '2024-08-09 08:00']);
    expect(codes.filter((c) => c[0] === 'time_before_opened')).toHaveLength(2);
    expect(got.strict.ok).toBe(false);
    expect(got.skip.ok).toBe(true);
    // Worked by hand: the first tricky row K1 (file row 6) opened 2024-08-09 17:55 = day 19 944, 64 500 s in.
    const t = got.skip.complaints;
    const k = t.id.indexOf('K1');
    expect([t.openedDay[k], t.opened[k] - 19_944 * 86_400, t.row[k]]).toEqual([19_944, 64_500, 6]);
  });

  it('with exclude: and without the optional columns', async () => {
    const lines = ['complaint_id,opened_at,customer_id,status,satisfied'];
    for (let i = 0; i < 300; i++) lines.push(`K${i % 250},2024-07-0${1 + (i % 9)} 10:00,${i % 11 ? `C${i % 13}` : ''},${['resolved', 'Cancelled', '', 'open'][i % 4]},${['no', 'yes', '', 'YES', 'bad'][i % 5]}`);
    const spec = source(write(tempDir(), 'c2.csv', lines.join('\n') + '\n'), { exclude: { status: ['cancelled'] } });
    const got = await expectSameBothWays(spec, [64, 1000]);
    expect(got.laneRows).toBeGreaterThan(200);
    expect(got.skip.stats!.excluded['status cancelled']).toBe(75); // every 4th of 300 rows
    expect(got.skip.complaints.owner.every((o: number) => o === -1)).toBe(true);
  });
});
