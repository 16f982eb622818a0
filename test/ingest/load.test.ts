import { describe, it, expect, beforeAll } from 'vitest';
import { loadDataset } from '../../src/ingest/load.js';
import { headerList, mapColumns, normHeader } from '../../src/ingest/columns.js';
import { isoDay, isoInstant } from '../../src/engine/calendar.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import { complaintAt, surveyAt } from '../../src/model.js';
import { plan, source, tempDir, write } from './helpers.js';
import type { Plan } from '../../src/plan/types.js';
import { kpi } from '../scoring/helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });

const SALES_HEAD = '订单号,日期,客户,业务员,金额,状态\n';
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

describe('column mapping', () => {
  it('matches synonyms ignoring case, spaces and punctuation', () => {
    expect(normHeader(' Order_ID ')).toBe('orderid');
    expect(normHeader('订单 ID')).toBe('订单id');
    const { map, diagnostics } = mapColumns('sales', ['Order No.', 'Order Date', 'Customer ID', 'Seller_ID', 'Amount'], {}, 'x.csv');
    expect(diagnostics).toEqual([]);
    expect(map.mapping).toEqual({ order_id: 'Order No.', date: 'Order Date', customer_id: 'Customer ID', employee_id: 'Seller_ID', amount: 'Amount' });
  });
  it('reads a header whose bracket only names the currency as the plain field, never a scaled unit', () => {
    const { map, missing } = mapColumns('sales', ['订单号', '日期', '客户', '业务员', '金额（元）', '成本(人民币)'], {}, 'x.csv');
    expect(missing).toEqual([]);
    expect([map.mapping.amount, map.mapping.cost]).toEqual(['金额（元）', '成本(人民币)']);
    // 12.5 in a 金额(万元) column is 125,000 yuan: not read as an amount of 12.5.
    expect(mapColumns('sales', ['订单号', '日期', '客户', '业务员', '金额(万元)'], {}, 'x.csv').missing).toEqual(['amount (金额)']);
  });
  it('lists at most 30 headers in a message, each cut at 40 characters', () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => `h${i}`);
    const msg = mapColumns('sales', wide, {}, 'w.csv').diagnostics[0].message;
    expect(msg).toContain('"h29", … and 9970 more');
    expect(msg.length).toBeLessThan(1000);
    expect(headerList(['x'.repeat(100)])).toBe(`"${'x'.repeat(40)}…"`);
  });
  it("lets the plan's columns win", () => {
    const { map } = mapColumns('sales', ['单号', '日期', '客户', '业务员', '金额', '实收'], { amount: '实收' }, 'x.csv');
    expect(map.mapping.amount).toBe('实收');
  });
  it('reports all missing required fields in one error with the headers present', async () => {
    const p = write(dir, 'nocols.csv', '单号,日期,备注\nA,2024-07-01,x\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    expect(r.dataset).toBeNull();
    const errs = r.diagnostics.filter((d) => d.code === 'missing_column');
    expect(errs.length).toBe(1);
    expect(errs[0].file).toBe('nocols.csv');
    expect(errs[0].message).toContain('customer_id (客户编号)');
    expect(errs[0].message).toContain('employee_id (员工编号)');
    expect(errs[0].message).toContain('amount (金额)');
    expect(errs[0].message).toContain('"单号", "日期", "备注"');
  });
  it('reports a plan column naming an absent header', async () => {
    const p = write(dir, 'plancol.csv', SALES_HEAD + 'A,2024-07-01,K1,S1,1,\n');
    const r = await loadDataset(plan({ sales: source(p, { columns: { amount: '实收金额' } }) }), { skipInvalid: false });
    expect(codes(r.diagnostics)).toContain('missing_column');
    expect(r.diagnostics.find((d) => d.code === 'missing_column')!.column).toBe('实收金额');
  });
});

describe('row problems', () => {
  it('collects bad dates and amounts with file, row, column and value', async () => {
    const p = write(dir, 'bad.csv', SALES_HEAD + 'A1,2024-07-01,K1,S1,100,\nA2,2024-02-30,K1,S1,"1.234,50",\nA3,03/04/2024,K2,S1,,\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    expect(r.dataset).toBeNull();
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.file, d.row, d.column, d.value])).toEqual([
      ['bad_date', 'bad.csv', 3, '日期', '2024-02-30'],
      ['bad_amount', 'bad.csv', 3, '金额', '1.234,50'],
      ['ambiguous_date', 'bad.csv', 4, '日期', '03/04/2024'],
      ['missing_value', 'bad.csv', 4, '金额', ''],
    ]);
  });
  it('with skipInvalid skips those rows and lists them as row_skipped warnings', async () => {
    const p = write(dir, 'bad2.csv', SALES_HEAD + 'A1,2024-07-01,K1,S1,100,\nA2,2024-02-30,K1,S1,5,\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: true });
    expect(r.dataset!.sales.n).toBe(1);
    const w = r.diagnostics.find((d) => d.code === 'row_skipped')!;
    expect([w.severity, w.row, w.column, w.value]).toEqual(['warning', 3, '日期', '2024-02-30']);
    expect(w.message).toContain('bad_date');
    expect(r.dataset!.stats[0]).toMatchObject({ rowsRead: 2, rowsKept: 1, excluded: { invalid: 1 } });
  });
  it('reports the later of two identical order lines, not lines that differ', async () => {
    const p = write(dir, 'dup.csv', SALES_HEAD + 'A1,2024-07-01,K1,S1,100,\nA1,2024-07-01,K1,S1,200,\nA1,2024-07-01,K1,S1,100,\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    const d = r.diagnostics.filter((x) => x.severity === 'error');
    expect(d.map((x) => [x.code, x.row, x.value])).toEqual([['duplicate_order_line', 4, 'A1']]);
    expect(d[0].message).toContain('row 2');
  });
  it('excludes status values trimmed and case-insensitively, counted per reason', async () => {
    const p = write(dir, 'ex.csv', SALES_HEAD + 'A1,2024-07-01,K1,S1,100, Cancelled \nA2,2024-07-01,K1,S1,x,已取消\nA3,2024-07-02,K1,S1,50,完成\nA4,2024-07-02,K1,S1,50,CANCELLED\n');
    const r = await loadDataset(plan({ sales: source(p, { exclude: { status: ['cancelled', '已取消'] } }) }), { skipInvalid: false });
    expect(r.dataset!.sales.n).toBe(1);
    expect(r.dataset!.stats[0].excluded).toEqual({ 'status cancelled': 2, 'status 已取消': 1 });
    expect(r.dataset!.stats[0]).toMatchObject({ rowsRead: 4, rowsKept: 1 });
  });
  it('credits amount × split and warns when an order line does not add to 100%', async () => {
    const head = '订单号,日期,客户,业务员,金额,分成比例\n';
    const p = write(dir, 'split.csv', head + 'A1,2024-07-01,K1,S1,100.01,50%\nA1,2024-07-01,K1,S2,100.01,50\nB1,2024-07-01,K2,S1,300,60%\nB1,2024-07-01,K2,S2,300,0.3\nC1,2024-07-02,K3,S1,10,\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    const s = r.dataset!.sales;
    expect(Array.from(s.amountE4)).toEqual([500_050, 500_050, 1_800_000, 900_000, 100_000]);
    const w = r.diagnostics.filter((d) => d.code === 'split_not_100');
    expect(w.map((d) => [d.row, d.value])).toEqual([[4, '90%']]);
  });
});

describe('amount from quantity × unit price (no amount column)', () => {
  it('computes each line exactly, nets negative quantities, and reports a blank unit price or quantity', async () => {
    const f = write(dir, 'qp.csv', '订单号,日期,客户,业务员,数量,单价\n'
      + 'A1,2024-07-01,K1,S001,3,"¥1,234.50"\n' // 3,703.50
      + 'A2,2024-07-01,K1,S001,2.5,3.3333\n'     // 8.33325 → 8.3333 (half away from zero, 4 decimals)
      + 'C3,2024-07-02,K1,S001,-1,1234.5\n'      // a return: -1,234.50
      + 'A4,2024-07-02,K2,S001,2,\n'             // no unit price
      + 'A5,2024-07-02,K2,S001,,9\n');           // no quantity
    const r = await loadDataset(plan({ sales: source(f) }), { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(skipped.map((d) => [d.row, d.column])).toEqual([[5, '单价'], [6, '数量']]);
    expect(skipped[1].message).toContain('quantity is empty (the amount is quantity × unit_price)');
    const s = r.dataset!.sales;
    expect(Array.from(s.amountE4)).toEqual([37_035_000, 83_333, -12_345_000]);
    expect(Array.from(s.quantity)).toEqual([3, 2.5, -1]);
  });
  it('an amount column wins over quantity × unit price', async () => {
    const f = write(dir, 'qpa.csv', '订单号,日期,客户,业务员,数量,单价,金额\nA1,2024-07-01,K1,S001,3,10,25\n');
    const r = await loadDataset(plan({ sales: source(f) }), { skipInvalid: false });
    expect(Array.from(r.dataset!.sales.amountE4)).toEqual([250_000]);
  });
  it('without amount and without unit price, amount is the missing column', () => {
    const m = mapColumns('sales', ['订单号', '日期', '客户', '业务员', '数量'], {}, 'x.csv');
    expect(m.diagnostics[0].message).toContain('has no column for amount (金额)');
    expect(mapColumns('sales', ['订单号', '日期', '客户', '业务员', '数量', '单价'], {}, 'x.csv').diagnostics).toEqual([]);
  });
});

describe('cost from a profit column (no cost column)', () => {
  it('cost = amount − profit per line; a blank profit leaves the cost unknown; a cost column wins', async () => {
    const f = write(dir, 'pr.csv', '订单号,日期,客户,业务员,销售额,利润\n'
      + 'A1,2024-07-01,K1,S001,129.696,-60.704\n'   // a loss: cost 190.40
      + 'A2,2024-07-01,K1,S001,"¥1,000.00",250\n'   // cost 750
      + 'A3,2024-07-02,K2,S001,80,\n'                // unknown
      + 'A4,2024-07-02,K2,S001,80,abc\n');           // a row problem
    const r = await loadDataset(plan({ sales: source(f) }), { skipInvalid: true });
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.column, d.value])).toEqual([[5, '利润', 'abc']]);
    const s = r.dataset!.sales;
    expect(s.hasCost).toBe(true);
    expect(Array.from(s.costE4)).toEqual([1_904_000, 7_500_000, NaN]);
    const both = write(dir, 'prc.csv', '订单号,日期,客户,业务员,金额,成本,利润\nA1,2024-07-01,K1,S001,100,70,99\n');
    const rb = await loadDataset(plan({ sales: source(both) }), { skipInvalid: false });
    expect(Array.from(rb.dataset!.sales.costE4)).toEqual([700_000]);
  });
});

describe('split order lines', () => {
  it('treats rows that differ only in employee, split and per-person columns as one line', async () => {
    const head = '订单号,日期,客户,业务员,销售员,区域,金额,分成比例\n';
    const p = write(dir, 'split2.csv', head + 'A1,2024-07-01,K1,S7,杨磊,华南,2656.80,50%\nA1,2024-07-01,K1,S8,赵敏,华东,2656.80,50%\n');
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    expect(r.diagnostics.filter((d) => d.code === 'split_not_100')).toEqual([]);
    expect(Array.from(r.dataset!.sales.amountE4)).toEqual([13_284_000, 13_284_000]);
  });
});

describe('duplicate headers', () => {
  const codes = async (p: Plan) => (await loadDataset(p, { skipInvalid: false })).diagnostics
    .filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.row, d.column]);

  it('are an error only on a column kpi reads (a field, an exclude:, a join\'s key or fields)', async () => {
    const unused = write(dir, 'dup-unused.csv', '订单号,日期,客户,业务员,金额,备注,备注\nO1,2024-07-01,C1,S1,100,a,b\n');
    expect(await codes(plan({ sales: source(unused) }))).toEqual([]);
    const used = write(dir, 'dup-used.csv', '订单号,日期,客户,业务员,金额,金额\nO1,2024-07-01,C1,S1,100,90\n');
    expect(await codes(plan({ sales: source(used) }))).toEqual([['duplicate_header', 'dup-used.csv', 1, '金额']]);
    const excl = write(dir, 'dup-excl.csv', '订单号,日期,客户,业务员,金额,状况,状况\nO1,2024-07-01,C1,S1,100,ok,ok\n');
    expect(await codes(plan({ sales: source(excl, { exclude: { 状况: ['作废'] } }) }))).toEqual([['duplicate_header', 'dup-excl.csv', 1, '状况']]);
    const lines = write(dir, 'dup-lines.csv', '订单号,业务员,金额\nO1,S1,100\n');
    const orders = write(dir, 'dup-orders.csv', '单号,客户编号,下单日期,客户编号\nO1,K1,2024-07-01,K9\n');
    const join = { path: orders, displayPath: 'dup-orders.csv', encoding: 'auto' as const, delimiter: 'auto', dateFormat: 'auto' as const,
      on: { left: 'order_id', right: '单号' }, columns: { customer_id: '客户编号', date: '下单日期' } };
    // (The lines file then lacks the fields the failed join would have given: missing_column too.)
    expect((await codes(plan({ sales: source(lines, { join: [join] }) })))[0]).toEqual(['duplicate_header', 'dup-orders.csv', 1, '客户编号']);
  });
});

describe('join lookups', () => {
  it('fills listed fields from the lookup file and flags missing or duplicate keys', async () => {
    const lines = write(dir, 'lines.csv', '订单号,业务员,金额\nO1,S1,100\nO2,S2,200\nO3,S1,300\nO4,S1,400\n');
    const orders = write(dir, 'orders.csv', '单号,客户编号,下单日期\nO1,K1,2024-07-01\nO2,K2,2024-07-02\nO4,K4,2024-07-04\nO4,K5,2024-07-05\n');
    const spec = source(lines, {
      join: [{ path: orders, displayPath: 'orders.csv', encoding: 'auto', delimiter: 'auto', dateFormat: 'auto',
        on: { left: 'order_id', right: '单号' }, columns: { customer_id: '客户编号', date: '下单日期' } }],
    });
    const r = await loadDataset(plan({ sales: spec }), { skipInvalid: false });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.row, d.value])).toEqual([['join_key_missing', 4, 'O3'], ['join_key_duplicate', 5, 'O4']]);
    const ok = await loadDataset(plan({ sales: spec }), { skipInvalid: true });
    const ds = ok.dataset!;
    expect(Array.from(ds.sales.customer, (i) => ds.customers.ids[i])).toEqual(['K1', 'K2']);
    expect(Array.from(ds.sales.day, isoDay)).toEqual(['2024-07-01', '2024-07-02']);
    expect(ds.stats[0].mapping.customer_id).toBe('orders.csv: 客户编号');
  });

  it('chains: a join keyed on a field an earlier join fills (lines → orders → customers)', async () => {
    const lines = write(dir, 'cl.csv', '订单号,业务员,金额\nO1,S1,100\nO2,S1,200\nO3,S1,300\n');
    const orders = write(dir, 'co.csv', '单号,下单客户,下单日期\nO1,c-1,2024-07-01\nO2,c-2,2024-07-02\nO3,c-9,2024-07-03\n');
    const customers = write(dir, 'cc.csv', '下单客户,客户编号\nc-1,K1\nc-2,K1\n');
    const opt = { encoding: 'auto' as const, delimiter: 'auto', dateFormat: 'auto' as const };
    const spec = source(lines, {
      join: [
        { path: orders, displayPath: 'co.csv', ...opt, on: { left: 'order_id', right: '单号' }, columns: { order_customer: '下单客户', date: '下单日期' } },
        { path: customers, displayPath: 'cc.csv', ...opt, on: { left: 'order_customer', right: '下单客户' }, columns: { customer_id: '客户编号' } },
      ],
    });
    const r = await loadDataset(plan({ sales: spec }), { skipInvalid: true });
    // c-9 is not in the customers file: the line's second lookup fails, like any missing key.
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.column, d.value])).toEqual([[4, 'co.csv: 下单客户', 'c-9']]);
    const ds = r.dataset!;
    expect(Array.from(ds.sales.customer, (i) => ds.customers.ids[i])).toEqual(['K1', 'K1']); // two orders, one customer
    const wrong = source(lines, { join: [{ ...spec.join[1] }] });
    const w = await loadDataset(plan({ sales: wrong }), { skipInvalid: false });
    expect(w.diagnostics.filter((d) => d.code === 'missing_column').map((d) => d.message))
      .toContain('join key order_customer is not a column of cl.csv nor a field an earlier join fills; headers present: "订单号", "业务员", "金额"');
  });
});

describe('complaints, surveys, people, targets', () => {
  const salesFile = () => write(dir, 's.csv', SALES_HEAD + 'A1,2024-07-01,K1,S001,100,\nA2,2024-07-02,K2,S009,100,\n');

  it('reads complaints: status words, escalation, satisfaction, duplicate ids', async () => {
    const c = write(dir, 'c.csv', '工单号,受理时间,客户,处理人,首次响应时间,解决时间,状态,是否升级,是否满意\n'
      + 'T1,2024/7/1 9:00,K1,C001,2024/7/1 10:30,2024/7/2 9:00,已解决,否,满意\n'
      + 'T2,2024/7/3 9:00,K2,C001,,,升级,,\n'
      + 'T3,2024/7/3 9:00,K2,C001,,,处理中,是,否\n'
      + 'T1,2024/7/4 9:00,K2,C001,,,Closed,,\n');
    const r = await loadDataset(plan({ sales: source(salesFile()), complaints: source(c) }), { skipInvalid: false });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.row, d.value])).toEqual([['duplicate_complaint_id', 5, 'T1']]);
    const ok = await loadDataset(plan({ sales: source(salesFile()), complaints: source(c) }), { skipInvalid: true });
    const t = ok.dataset!.complaints;
    const cs = Array.from({ length: t.n }, (_, i) => complaintAt(t, i));
    expect(cs.map((x) => [x.id, x.statusResolved, x.escalated, x.satisfied])).toEqual([
      ['T1', true, false, true], ['T2', false, true, null], ['T3', false, true, false],
    ]);
    expect(isoInstant(cs[0].opened)).toBe('2024-07-01T09:00:00');
    expect((cs[0].firstResponse! - cs[0].opened) / 3600).toBe(1.5);
    expect(cs[0].resolved! - cs[0].opened).toBe(86_400);
    expect(ok.dataset!.employees.ids[cs[0].handler]).toBe('C001');
    expect(cs[0].src).toEqual({ file: 'c.csv', sheet: undefined, row: 2 });
  });

  it('reads durations (minutes, hours) as first response / resolved instants when the timestamps are absent', async () => {
    const c = write(dir, 'cd.csv', '工单号,受理时间,处理人,首次响应时长(分钟),解决时长(小时)\n'
      + 'T1,2024-07-01 09:00,C001,90,25.5\n'      // 10:30 the same day; resolved 2024-07-02 10:30
      + 'T2,2024-07-01 23:00,C001,12.25,\n'       // 12 min 15 s; unresolved
      + 'T3,2024-07-02 09:00,C001,,0\n'           // no response recorded; resolved on opening
      + 'T4,2024-07-02 09:00,C001,-5,1\n'         // negative: a row problem
      + 'T5,2024-07-02 09:00,C001,abc,1\n');      // not a number: a row problem
    const r = await loadDataset(plan({ sales: source(salesFile()), complaints: source(c) }), { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(skipped.map((d) => [d.row, d.column, d.value])).toEqual([[5, '首次响应时长(分钟)', '-5'], [6, '首次响应时长(分钟)', 'abc']]);
    expect(skipped[0].message).toContain('a duration cannot be negative');
    const t = r.dataset!.complaints;
    const cs = Array.from({ length: t.n }, (_, i) => complaintAt(t, i));
    expect(cs.map((x) => [x.id, x.firstResponse === null ? null : isoInstant(x.firstResponse), x.resolved === null ? null : isoInstant(x.resolved)])).toEqual([
      ['T1', '2024-07-01T10:30:00', '2024-07-02T10:30:00'],
      ['T2', '2024-07-01T23:12:15', null],
      ['T3', null, '2024-07-02T09:00:00'],
    ]);
    // A timestamp column, when present, is what counts; the duration beside it is not read.
    const both = write(dir, 'cb.csv', 'ticket_id,created_at,agent,first_response_at,first_response_minutes\nT1,2024-07-01 09:00,C001,2024-07-01 09:10,999\n');
    const rb = await loadDataset(plan({ sales: source(salesFile()), complaints: source(both) }), { skipInvalid: false });
    const cb = complaintAt(rb.dataset!.complaints, 0);
    expect((cb.firstResponse! - cb.opened) / 60).toBe(10);
  });

  it('reads surveys: NPS 5.0 is 5, 11 is a row problem, CSAT within the scale', async () => {
    const sv = write(dir, 'sv.csv', 'response_id,date,nps,csat\nR1,2024-07-01,5.0,4\nR2,2024-07-01,11,\nR3,2024-07-02,,6\nR4,2024-07-02,,\nR5,2024-07-02,9,\n');
    const r = await loadDataset(plan({ sales: source(salesFile()), surveys: source(sv) }), { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(skipped.map((d) => [d.row, d.column, d.value])).toEqual([[3, 'nps', '11'], [4, 'csat', '6'], [5, 'nps', '']]);
    const st = r.dataset!.surveys;
    expect(Array.from({ length: st.n }, (_, i) => surveyAt(st, i)).map((s) => [s.id, s.nps, s.csat])).toEqual([['R1', 5, 4], ['R5', 9, null]]);
  });

  it('merges plan people with the roster export (plan wins) and infers unknown employees', async () => {
    const ppl = write(dir, 'ppl.csv', '工号,姓名,团队,岗位,底薪,入职日期\nS001,张伟,华东一组,sales,"12,000",2023-01-01\nS002,王芳,华东二组,sales,9000,\n');
    const p = plan({ sales: source(salesFile()), people: source(ppl) }, {
      people: [{ id: 'S001', team: '华东三组' }, { id: 'C001', name: '李娜', role: 'service' }],
    });
    const r = await loadDataset(p, { skipInvalid: false });
    const people = r.dataset!.people;
    expect(people.map((x) => [x.id, x.name, x.team, x.role, x.baseSalary, x.start === null ? null : isoDay(x.start), !!x.inferred])).toEqual([
      ['S001', '张伟', '华东三组', 'sales', '12000', '2023-01-01', false],
      ['C001', '李娜', '', 'service', null, null, false],
      ['S002', '王芳', '华东二组', 'sales', '9000', null, false],
      ['S009', 'S009', '', 'sales', null, null, true],
    ]);
    const w = r.diagnostics.filter((d) => d.code === 'unknown_employee');
    expect(w.map((d) => [d.value, d.file, d.row])).toEqual([['S009', 's.csv', 3]]);
    // S001's team differs between the plan and the export: the plan's is used, and it is said.
    expect(r.diagnostics.filter((d) => d.code === 'person_conflict').map((d) => [d.severity, d.file, d.value, d.message])).toEqual([
      ['warning', 'ppl.csv', 'S001', "employee S001: the plan says team 华东三组; the people export says team 华东一组. The plan's values are used"]]);
    const noRole = await loadDataset({ ...p, defaultRole: null }, { skipInvalid: false });
    expect(noRole.dataset!.people.find((x) => x.id === 'S009')!.role).toBe('');
    expect(noRole.diagnostics.filter((d) => d.code === 'unknown_employee').length).toBe(2);
  });

  it('reads targets with numbers and percentages', async () => {
    const t = write(dir, 't.csv', '员工,团队,指标,目标,期间\nS001,,revenue,"1,500,000",2024Q3\n,华东一组,csat,85%,\n,,revenue,5,\n');
    const r = await loadDataset(plan({ sales: source(salesFile()), targets: source(t) }), { skipInvalid: true });
    expect(r.dataset!.targets.map((x) => [x.employee, x.team, x.metric, x.target, x.period])).toEqual([
      ['S001', undefined, 'revenue', 1_500_000, '2024Q3'], [undefined, '华东一组', 'csat', 0.85, undefined],
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => d.row)).toEqual([4]);
  });

  it('checks export target rows as the plan\'s targets: are checked (metric, unit, period, conflicts, references)', async () => {
    const t = write(dir, 't3.csv', [
      '员工,指标,目标,期间',
      'S001,销售额,900000,2024Q3', // a catalogue name: read as revenue
      'S001,revnue,100,', // 3: unknown metric, with a did-you-mean
      'S002,revenue,85%,2024Q3', // 4: a percentage for an amount
      'S001,csat,85,', // 5: 8,500% — did you mean 85%?
      'S001,csat,0.85,2024Q3',
      'S002,revenue,1300000,2024-Q3', // 7: not a period (it would never match)
      'S002,revenue,1300000,2024Q4',
      'S002,revenue,1400000,2024Q4', // 9: a second value for the same target
      'S002,revenue,1300000,2024Q4', // the same value again: harmless
      'S999,revenue,5,', // 11: nobody
      '',
    ].join('\n'));
    const p = plan({ sales: source(salesFile()), targets: source(t) }, {
      people: [{ id: 'S001', name: 'A', team: 'T', role: 'sales' }, { id: 'S002', name: 'B', team: 'T', role: 'sales' }],
      roles: { sales: { name: 'sales', complaintsBy: 'account_owner', kpis: [kpi('revenue', 100, 100)], payout: [] } },
    } as Partial<Plan>);
    const r = await loadDataset(p, { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.message.slice(0, 40)]);
    expect(skipped.map((s) => s[0])).toEqual([3, 4, 5, 7, 9]);
    expect(r.diagnostics.find((d) => d.row === 3)!.message).toContain('unknown metric "revnue"; did you mean "revenue"?');
    expect(r.diagnostics.find((d) => d.row === 5)!.message).toContain('85 for csat would be 8500%; did you mean "85%"?');
    expect(r.diagnostics.find((d) => d.row === 9)!.message).toContain("row 8 already gives employee S002's revenue target for 2024Q4 as 1300000");
    expect(r.dataset!.targets.map((x) => [x.employee, x.metric, x.target, x.period ?? null])).toEqual([
      ['S001', 'revenue', 900000, '2024Q3'], ['S001', 'csat', 0.85, '2024Q3'], ['S002', 'revenue', 1300000, '2024Q4'],
      ['S002', 'revenue', 1300000, '2024Q4'], ['S999', 'revenue', 5, null],
    ]);
    // Rows that can never apply are warned of, by file and row: S999, and csat (no KPI of sales).
    expect(r.diagnostics.filter((d) => d.severity === 'warning' && d.code !== 'row_skipped').map((d) => [d.code, d.row])).toEqual(
      expect.arrayContaining([['target_not_kpi', 6], ['unknown_target_ref', 11]]));
  });

  it('reads targets written as money (120万, ¥1,200,000), refusing another currency', async () => {
    const t = write(dir, 't2.csv', '员工,指标,目标\nS001,revenue,120万\nS002,revenue,"¥1,200,000"\nS003,revenue,1.5亿\nS004,revenue,€5\nS005,revenue,lots\n');
    const r = await loadDataset(plan({ sales: source(salesFile()), targets: source(t) }), { skipInvalid: true });
    expect(r.dataset!.targets.map((x) => [x.employee, x.target])).toEqual([['S001', 1_200_000], ['S002', 1_200_000], ['S003', 150_000_000]]);
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.value])).toEqual([[5, '€5'], [6, 'lots']]);
  });

  it('treats optional sources as optional, header-only as a warning, and missing files as errors', async () => {
    const h = write(dir, 'h.csv', '工单号,受理时间\n');
    const r = await loadDataset(plan({ sales: source(salesFile()), complaints: source(h) }), { skipInvalid: false });
    expect(r.dataset).not.toBeNull();
    expect(r.diagnostics.find((d) => d.code === 'header_only')).toMatchObject({ severity: 'warning', file: 'h.csv' });
    const m = await loadDataset(plan({ sales: source(dir + '/missing.csv') }), { skipInvalid: true });
    expect(m.dataset).toBeNull();
    expect(codes(m.diagnostics)).toEqual(['file_missing']);
  });

  it('reports progress per source', async () => {
    const seen: Array<[string, number]> = [];
    await loadDataset(plan({ sales: source(salesFile()) }), { skipInvalid: false, onProgress: (s, n) => seen.push([s, n]) });
    expect(seen).toEqual([['sales', 2]]);
  });
});

describe('exclude: patterns', () => {
  it('* and ? match whole cells, trimmed and case-insensitively; whole values first; counted per pattern', async () => {
    const f = write(dir, 'ex.csv', 'InvoiceNo,InvoiceDate,CustomerID,Country,Amount\n'
      + '536365,2010-12-01,17850,UK,15.30\n'
      + 'C536379,2010-12-01,14527,UK,-27.50\n'
      + 'c536383,2010-12-01,15311,UK,-4.65\n'
      + 'TEST-01,2010-12-02,99999,UK,1.00\n'
      + 'A536390,2010-12-02,17511,UK,10.00\n');
    const { excludeMatcher } = await import('../../src/ingest/source-reader.js');
    const m = excludeMatcher(['C*', 'test-??', 'A536390']);
    expect(['C536379', ' c536383 ', 'TEST-01', 'TEST-012', 'A536390', 'XC1'].map(m)).toEqual(['C*', 'C*', 'test-??', null, 'A536390', null]);
    const r = await loadDataset(plan({ sales: source(f, { columns: { employee_id: 'Country' }, exclude: { order_id: ['C*', 'TEST-??'] } }) }, { defaultRole: null }), { skipInvalid: false });
    const s = r.dataset!.sales;
    expect(Array.from(s.amountE4).map((a) => a / 10_000)).toEqual([15.3, 10]);
    expect(r.dataset!.stats[0].excluded).toEqual({ 'order_id C*': 2, 'order_id TEST-??': 1 });
  });
});

describe('a money field as a sum of columns', () => {
  it('amount = 货款 + 运费 exactly, a blank part counting 0; all blank or a bad part is a row problem; cost likewise', async () => {
    const f = write(dir, 'sum.csv', '订单号,日期,客户,业务员,货款,运费,进价,杂费\n'
      + 'A1,2024-07-01,K1,S001,"¥1,000.10",12.35,600,5\n'   // 1,012.45; cost 605
      + 'A2,2024-07-01,K1,S001,99.99,,,\n'                  // 99.99; cost unknown
      + 'A3,2024-07-02,K2,S001,,,,\n'                       // no amount at all
      + 'A4,2024-07-02,K2,S001,10,abc,,\n');                // a bad part
    const r = await loadDataset(plan({ sales: source(f, {
      columns: { amount: '货款', cost: '进价' }, sums: { amount: ['运费'], cost: ['杂费'] },
    }) }), { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(skipped.map((d) => [d.row, d.column, d.value])).toEqual([[4, '货款 + 运费', ''], [5, '货款 + 运费', 'abc']]);
    const s = r.dataset!.sales;
    expect(Array.from(s.amountE4)).toEqual([10_124_500, 999_900]);
    expect(Array.from(s.costE4)).toEqual([6_050_000, NaN]);
    expect(r.dataset!.stats[0].mapping.amount).toBe('货款 + 运费');
  });
  it('a header named in the sum that the file does not have is missing_column', () => {
    const m = mapColumns('sales', ['订单号', '日期', '客户', '业务员', '货款'], { amount: '货款' }, 'x.csv', { sums: { amount: ['运费'] } });
    expect(m.diagnostics.map((d) => [d.code, d.column])).toEqual([['missing_column', '运费']]);
    expect(m.diagnostics[0].message).toContain('columns.amount adds the header "运费"');
  });
});

describe('a wide targets sheet', () => {
  it('one column per metric (names in zh or en, with or without 目标): one target per filled cell', async () => {
    const salesFile = write(dir, 'ws.csv', SALES_HEAD + 'A1,2024-07-01,K1,S001,100,\n');
    const t = write(dir, 'wt.csv', '工号,姓名,期间,销售额目标,新客户数,客户满意度,备注\n'
      + 'S001,张伟,2024Q3,"1,500,000",5,85%,老员工\n'
      + 'S002,王芳,,1200000,,,\n'
      + ',李四,,9,,,\n'                       // no employee, team or role
      + 'S003,赵敏,,十万,,,\n');               // not a number
    const r = await loadDataset(plan({ sales: source(salesFile), targets: source(t) }), { skipInvalid: true });
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.column, d.value]))
      .toEqual([[4, '工号', ''], [5, '销售额目标', '十万']]);
    expect(r.dataset!.targets.map((x) => [x.employee, x.period ?? null, x.metric, x.target, x.src?.row])).toEqual([
      ['S001', '2024Q3', 'revenue', 1_500_000, 2], ['S001', '2024Q3', 'new_customers', 5, 2], ['S001', '2024Q3', 'csat', 0.85, 2],
      ['S002', null, 'revenue', 1_200_000, 3],
    ]);
  });
  it('a sheet with neither metric columns nor metric + target is missing_column as before', () => {
    const m = mapColumns('targets', ['工号', '姓名', '备注'], {}, 't.csv');
    expect(m.diagnostics[0].message).toContain('has no column for metric (指标), target (目标值)');
  });
});
