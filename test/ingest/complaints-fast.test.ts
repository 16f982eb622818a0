// ingestComplaints' fast paths (slots, isoInstantFast, memoised words, FirstRows, pushRow) against
// hand-worked values and against a reference handler that uses only the general parsers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { isoDay, isoInstant } from '../../src/engine/calendar.js';
import { ingestComplaints, isEscalatedStatus, isResolvedStatus } from '../../src/ingest/complaints.js';
import { readSource } from '../../src/ingest/source-reader.js';
import { cellText, isBlank, parseBool, parseDate, parseId } from '../../src/ingest/values.js';
import { complaintAt, Interner, PackedInterner, type Complaint, type IdTable } from '../../src/model.js';
import type { SourceSpec } from '../../src/plan/types.js';
import { source, tempDir, write } from './helpers.js';

const HEAD = 'complaint_id,opened_at,customer_id,order_id,handler_id,owner_id,first_response_at,resolved_at,status,escalated,satisfied,severity\n';
const ROWS = [
  /* 2 */ 'K1,2024-08-09 17:55,C1,SO00000001,E1,E2,2024-08-09 17:58,2024-08-11 19:34,resolved,no,no,高',
  /* 3 */ 'K2,2024-08-09T17:55:30,C2,,E1,,2024/8/9 18:00,2024-08-11 24:00,已解决,否,是,',
  /* 4 */ 'K3,2024-08-09 24:00,C1, SO00000001 ,E3,E2,,,升级,,满意,低 ',
  /* 5 */ 'K4,２０２４-０８-１０,C4,SO4,E1,E2,NULL,-,  Closed ,YES,ｎｏ,',
  /* 6 */ 'K5,2024-08-10 9:05,C5,SO5,E1,E2,2024-08-10T09:05:00,,ESCALATED,1,N/A,',
  /* 7 */ 'K01,1969-12-31 23:59:59,C1,SO1,E1,E2,,,open,0,y,',
  /* 8 */ 'K1,2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,',
  /* 9 */ 'K6,2024-02-30 10:00,C1,SO1,E1,E2,2024-08-10 23:60,,resolved,maybe,no,',
  /* 10 */ 'K01,2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,',
  /* 11 */ ',2024-08-10,C1,SO1,E1,E2,,,resolved,no,no,',
  /* 12 */ 'K7,,C1,SO1,E1,E2,,,,,,',
  /* 13 */ 'K8,03/04/2024,C1,SO1,E1,E2,,,done,✓,✗,',
];

let spec: SourceSpec;
beforeAll(() => {
  spec = source(write(tempDir(), 'complaints.csv', HEAD + ROWS.join('\n') + '\n'));
});

const interners = () => ({ customers: new Interner(), employees: new Interner(), orders: new PackedInterner() });

/** The complaints handler written with the general parsers only (as before the fast paths). */
async function reference(sp: SourceSpec, skipInvalid: boolean) {
  const ids = interners();
  const diags: Diagnostic[] = [];
  const out: Complaint[] = [];
  const firstRow = new Map<string, number>();
  const optDate = (get: (f: string) => unknown, problems: { code: string; field?: string; value?: string; reason: string }[], field: string) => {
    const c = get(field) as Parameters<typeof parseDate>[0];
    if (c === undefined || isBlank(c)) return null;
    const d = parseDate(c);
    if (!d.ok) { problems.push({ code: d.code, field, value: cellText(c), reason: d.reason }); return null; }
    return d.value.instant;
  };
  const optId = (c: Parameters<typeof parseId>[0], t: IdTable) => { const id = parseId(c); return id === null ? -1 : t.intern(id); };
  const res = await readSource('complaints', sp, { source: 'complaints', skipInvalid }, diags, (ctx) => {
    const { get, problems } = ctx;
    const id = parseId(get('complaint_id'));
    if (id === null) problems.push({ code: 'missing_value', field: 'complaint_id', value: '', reason: 'complaint_id is empty' });
    const o = parseDate(get('opened_at'));
    if (!o.ok) problems.push({ code: o.code, field: 'opened_at', value: cellText(get('opened_at')), reason: o.code === 'missing_value' ? 'opened_at is empty' : o.reason });
    const firstResponse = optDate(get, problems, 'first_response_at');
    const resolved = optDate(get, problems, 'resolved_at');
    const sc = get('status');
    const status = sc === undefined || isBlank(sc) ? '' : cellText(sc);
    let escalated = isEscalatedStatus(status);
    const esc = get('escalated');
    if (esc !== undefined && !isBlank(esc)) {
      const b = parseBool(esc);
      if (b.ok) escalated = escalated || b.value; else problems.push({ code: b.code, field: 'escalated', value: cellText(esc), reason: b.reason });
    }
    let satisfied: boolean | null = null;
    const sat = get('satisfied');
    if (sat !== undefined && !isBlank(sat)) {
      const b = parseBool(sat);
      if (b.ok) satisfied = b.value; else problems.push({ code: b.code, field: 'satisfied', value: cellText(sat), reason: b.reason });
    }
    if (problems.length || !o.ok || id === null) return null;
    const first = firstRow.get(id);
    if (first !== undefined) {
      problems.push({ code: 'duplicate_complaint_id', field: 'complaint_id', value: id, reason: `complaint ${id} already appears at row ${first}` });
      return null;
    }
    firstRow.set(id, ctx.rowNo);
    const sev = get('severity');
    out.push({
      id, opened: o.value.instant, openedDay: o.value.day, customer: optId(get('customer_id'), ids.customers),
      order: optId(get('order_id'), ids.orders), handler: optId(get('handler_id'), ids.employees),
      owner: optId(get('owner_id'), ids.employees), firstResponse, resolved, statusResolved: isResolvedStatus(status),
      escalated, satisfied, severity: sev === undefined || isBlank(sev) ? null : cellText(sev).trim(),
      src: { file: sp.displayPath, sheet: undefined, row: ctx.rowNo },
    });
    return o.value.day;
  });
  return { ok: res.ok, complaints: out, diags, stats: res.stats, ids };
}

async function fast(sp: SourceSpec, skipInvalid: boolean) {
  const ids = interners();
  const diags: Diagnostic[] = [];
  const r = await ingestComplaints(sp, ids, { source: 'complaints', skipInvalid }, diags);
  return { ok: r.ok, complaints: Array.from({ length: r.complaints.n }, (_, i) => complaintAt(r.complaints, i)), diags, stats: r.stats[0], ids };
}

describe('ingestComplaints fast paths', () => {
  it('reads each form as worked out by hand', async () => {
    const r = await fast(spec, true);
    const rows = r.complaints.map((c) => ({
      id: c.id, opened: isoInstant(c.opened), day: isoDay(c.openedDay),
      first: c.firstResponse === null ? null : isoInstant(c.firstResponse), resolved: c.resolved === null ? null : isoInstant(c.resolved),
      res: c.statusResolved, esc: c.escalated, sat: c.satisfied, sev: c.severity, row: c.src.row,
    }));
    expect(rows).toEqual([
      { id: 'K1', opened: '2024-08-09T17:55:00', day: '2024-08-09', first: '2024-08-09T17:58:00', resolved: '2024-08-11T19:34:00', res: true, esc: false, sat: false, sev: '高', row: 2 },
      // T and seconds (fast); 2024/8/9 18:00 and 24:00 (general: 24:00 is the next midnight).
      { id: 'K2', opened: '2024-08-09T17:55:30', day: '2024-08-09', first: '2024-08-09T18:00:00', resolved: '2024-08-12T00:00:00', res: true, esc: false, sat: true, sev: null, row: 3 },
      // opened 24:00: the instant is the next midnight, the day stays the 9th; 升级 escalates.
      { id: 'K3', opened: '2024-08-10T00:00:00', day: '2024-08-09', first: null, resolved: null, res: false, esc: true, sat: true, sev: '低', row: 4 },
      // Full-width date; NULL and - are blank; '  Closed ' reads resolved; ｎｏ is no.
      { id: 'K4', opened: '2024-08-10T00:00:00', day: '2024-08-10', first: null, resolved: null, res: true, esc: true, sat: false, sev: null, row: 5 },
      { id: 'K5', opened: '2024-08-10T09:05:00', day: '2024-08-10', first: '2024-08-10T09:05:00', resolved: null, res: false, esc: true, sat: null, sev: null, row: 6 },
      // K01 is not K1; one second before 1970 is day −1.
      { id: 'K01', opened: '1969-12-31T23:59:59', day: '1969-12-31', first: null, resolved: null, res: false, esc: false, sat: true, sev: null, row: 7 },
    ]);
    expect(r.complaints[5].opened).toBe(-1);
    expect(r.complaints[5].openedDay).toBe(-1);
    expect(r.complaints[0].opened).toBe(1_723_226_100); // day 19944 × 86400 + 17:55
    // Ids interned in first-seen order: customer, order, handler, owner per kept row.
    expect(r.ids.customers.ids).toEqual(['C1', 'C2', 'C4', 'C5']);
    expect(r.ids.employees.ids).toEqual(['E1', 'E2', 'E3']);
    expect(r.complaints.map((c) => c.order)).toEqual([0, -1, 0, 1, 2, 3]);
  });

  it('reports the rejected rows as the general parsers do', async () => {
    const r = await fast(spec, false);
    expect(r.ok).toBe(false);
    expect(r.diags.map((d) => [d.code, d.row, d.column, d.value])).toEqual([
      ['duplicate_complaint_id', 8, 'complaint_id', 'K1'],
      ['bad_date', 9, 'opened_at', '2024-02-30 10:00'],
      ['bad_date', 9, 'first_response_at', '2024-08-10 23:60'],
      ['bad_boolean', 9, 'escalated', 'maybe'],
      ['duplicate_complaint_id', 10, 'complaint_id', 'K01'],
      ['missing_value', 11, 'complaint_id', ''],
      ['missing_value', 12, 'opened_at', ''],
      ['ambiguous_date', 13, 'opened_at', '03/04/2024'],
    ]);
    expect(r.diags[0].message).toBe('complaint K1 already appears at row 2');
    expect(r.diags[4].message).toBe('complaint K01 already appears at row 7');
  });

  it('gives the same records, diagnostics, stats and ids as the general-parser handler', async () => {
    for (const skip of [false, true]) {
      const [a, b] = [await fast(spec, skip), await reference(spec, skip)];
      expect(a.ok).toBe(b.ok);
      expect(a.complaints).toEqual(b.complaints);
      expect(a.diags).toEqual(b.diags);
      expect(a.stats).toEqual(b.stats);
      expect(a.ids.customers.ids).toEqual(b.ids.customers.ids);
      expect(a.ids.employees.ids).toEqual(b.ids.employees.ids);
      expect(a.ids.orders.size).toBe(b.ids.orders.size);
    }
  });

  it('agrees with the general-parser handler when columns are absent or renamed', async () => {
    const dir = tempDir();
    const sp = source(write(dir, 'c2.csv', '工单号,受理时间,状态\nT1,2024/7/1 9:00,已关闭\nT2,2024-07-01 09:00,处理中\nT1,2024-07-02,\n'));
    const [a, b] = [await fast(sp, true), await reference(sp, true)];
    expect(a.complaints).toEqual(b.complaints);
    expect(a.diags).toEqual(b.diags);
    expect(a.complaints.map((c) => [c.id, c.statusResolved, c.escalated, c.satisfied, c.customer, c.handler])).toEqual([
      ['T1', true, false, null, -1, -1], ['T2', false, false, null, -1, -1],
    ]);
  });
});
