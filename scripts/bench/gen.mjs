// Deterministic synthetic company for `npm run bench` (PRODUCT.md §11): N sales rows over two
// years (2023-2024), ~N/10 customers, ~200 employees, refunds and cancellations, N/10
// complaints and N/10 surveys, as CSV; optionally the same as xlsx (exceljs streaming writer).
// While writing it keeps a tiny independent aggregation (revenue and rows per employee in
// 2024Q3) so the bench can check kpi's JSON against it.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY0 = Date.UTC(2023, 0, 1) / 86400000;
const DAYS = 731; // 2023-01-01 .. 2024-12-31
const iso = (day) => new Date(day * 86400000).toISOString().slice(0, 10);
const Q3_START = Date.UTC(2024, 6, 1) / 86400000, Q3_END = Date.UTC(2024, 8, 30) / 86400000;

class Out {
  constructor(file) { this.s = createWriteStream(file); this.buf = []; this.len = 0; }
  line(l) { this.buf.push(l); this.len += l.length; if (this.len > 1 << 20) this.flush(); }
  flush() { if (this.buf.length) { this.s.write(this.buf.join('\n') + '\n'); this.buf = []; this.len = 0; } }
  end() { this.flush(); return new Promise((r) => this.s.end(r)); }
}

export async function generate(dir, nSales, { seed = 20240701 } = {}) {
  mkdirSync(dir, { recursive: true });
  const rnd = mulberry32(seed);
  const nEmp = 200, nCust = Math.max(100, Math.round(nSales / 10));
  const emps = Array.from({ length: nEmp }, (_, i) => `E${String(i + 1).padStart(4, '0')}`);
  const salesEmps = emps.slice(0, 160), serviceEmps = emps.slice(160);
  // Each customer has an owner; 10% of orders go to someone else (reassignment, shared accounts).
  const owner = Int32Array.from({ length: nCust }, () => Math.floor(rnd() * salesEmps.length));
  const expected = { q3: {}, q3_total_e4: 0, rows: 0 };
  const sales = new Out(path.join(dir, 'sales.csv'));
  sales.line('order_id,date,customer_id,employee_id,amount,cost,status');
  let orderNo = 0, written = 0;
  const orderDays = [];
  while (written < nSales) {
    const cust = Math.floor(Math.pow(rnd(), 1.6) * nCust);
    const emp = rnd() < 0.9 ? owner[cust] : Math.floor(rnd() * salesEmps.length);
    const day = DAY0 + Math.floor(rnd() * DAYS);
    const oid = `SO${String(++orderNo).padStart(8, '0')}`;
    const lines = 1 + Math.floor(rnd() * 3);
    const cancelled = rnd() < 0.02;
    for (let l = 0; l < lines && written < nSales; l++) {
      const cents = 1000 + Math.floor(rnd() * 500000);
      const amount = (cents / 100).toFixed(2);
      const cost = ((cents * (0.55 + rnd() * 0.3)) / 100).toFixed(2);
      sales.line(`${oid},${iso(day)},C${cust + 1},${salesEmps[emp]},${amount},${cost},${cancelled ? 'cancelled' : 'ok'}`);
      written++;
      if (!cancelled && day >= Q3_START && day <= Q3_END) {
        const e = salesEmps[emp];
        expected.q3[e] = (expected.q3[e] ?? 0) + cents * 100;
        expected.q3_total_e4 += cents * 100;
      }
      // ~3% of lines are refunded 5-40 days later, sometimes crossing a quarter end.
      if (!cancelled && rnd() < 0.03 && written < nSales) {
        const rday = Math.min(DAY0 + DAYS - 1, day + 5 + Math.floor(rnd() * 35));
        sales.line(`${oid},${iso(rday)},C${cust + 1},${salesEmps[emp]},-${amount},-${cost},refund`);
        written++;
        if (rday >= Q3_START && rday <= Q3_END) {
          const e = salesEmps[emp];
          expected.q3[e] = (expected.q3[e] ?? 0) - cents * 100;
          expected.q3_total_e4 -= cents * 100;
        }
      }
    }
    orderDays.push([oid, cust, day]);
  }
  await sales.end();
  expected.rows = written;

  const nC = Math.round(nSales / 10);
  const comp = new Out(path.join(dir, 'complaints.csv'));
  comp.line('complaint_id,opened_at,customer_id,order_id,handler_id,first_response_at,resolved_at,status,escalated,satisfied');
  const ts = (day, secs) => `${iso(day)} ${String(Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor((secs % 3600) / 60)).padStart(2, '0')}`;
  for (let i = 0; i < nC; i++) {
    const [oid, cust, oday] = orderDays[Math.floor(rnd() * orderDays.length)];
    const day = Math.min(DAY0 + DAYS - 1, oday + Math.floor(rnd() * 20));
    const open = 8 * 3600 + Math.floor(rnd() * 10 * 3600);
    const respH = rnd() * 12, resH = rnd() < 0.9 ? respH + rnd() * 96 : null;
    const at = (h) => { const s = open + Math.round(h * 3600); return ts(day + Math.floor(s / 86400), s % 86400); };
    comp.line(`K${i + 1},${ts(day, open)},C${cust + 1},${rnd() < 0.7 ? oid : ''},${serviceEmps[Math.floor(rnd() * serviceEmps.length)]},${at(respH)},${resH === null ? '' : at(resH)},${resH === null ? 'open' : 'resolved'},${rnd() < 0.08 ? 'yes' : 'no'},${rnd() < 0.7 ? 'yes' : 'no'}`);
  }
  await comp.end();

  const surv = new Out(path.join(dir, 'surveys.csv'));
  surv.line('response_id,date,customer_id,order_id,employee_id,nps,csat');
  for (let i = 0; i < nC; i++) {
    const [oid, cust, oday] = orderDays[Math.floor(rnd() * orderDays.length)];
    const day = Math.min(DAY0 + DAYS - 1, oday + Math.floor(rnd() * 10));
    const r = rnd();
    surv.line(`R${i + 1},${iso(day)},C${cust + 1},${r < 0.5 ? oid : ''},${r > 0.8 ? serviceEmps[Math.floor(rnd() * serviceEmps.length)] : ''},${Math.min(10, Math.floor(rnd() * 11.5))},${1 + Math.floor(rnd() * 5)}`);
  }
  await surv.end();

  const people = emps.map((id, i) => `  - { id: ${id}, name: 员工${i + 1}, team: ${i < 160 ? `销售${(i % 16) + 1}组` : `客服${(i % 4) + 1}组`}, role: ${i < 160 ? 'sales' : 'service'}, base_salary: 10000 }`);
  const plan = (ext) => `version: 1
company: 基准测试公司
currency: CNY
language: zh
sources:
  sales: { path: sales.${ext}, exclude: { status: [cancelled] } }
  complaints: { path: complaints.${ext} }
  surveys: { path: surveys.${ext} }
default_role: sales
people:
${people.join('\n')}
roles:
  sales:
    complaints_by: account_owner
    kpis:
      - { metric: revenue, target: 3000000, weight: 40, threshold: "60%", cap: "150%" }
      - { metric: new_customers, target: 20, weight: 20 }
      - { metric: churn_rate, target: "20%", weight: 20 }
      - { metric: repeat_purchase_rate, target: "30%", weight: 10 }
      - { metric: complaint_rate, target: "5%", weight: 10 }
    payout:
      - { type: commission, base: revenue, mode: marginal, tiers: [ { up_to: 1000000, rate: "2%" }, { up_to: 3000000, rate: "3%" }, { rate: "4%" } ] }
      - { type: per_unit, metric: new_customers, amount: 300 }
      - { type: score_bonus, target_amount: 5000, curve: [ { score: 60, pct: 0 }, { score: 100, pct: 1 }, { score: 150, pct: 1.5 } ] }
  service:
    complaints_by: handler
    kpis:
      - { metric: csat, target: "80%", weight: 40 }
      - { metric: resolution_rate, target: "90%", weight: 30 }
      - { metric: avg_first_response_hours, target: 6, weight: 30 }
    payout:
      - { type: threshold_bonus, metric: csat, at_least: "80%", amount: 1000 }
      - { type: per_event, event: complaint_resolved_satisfied, amount: 20 }
      - { type: per_event, event: complaint_escalated, amount: -50 }
`;
  writeFileSync(path.join(dir, 'kpi.yaml'), plan('csv'));
  writeFileSync(path.join(dir, 'kpi-xlsx.yaml'), plan('xlsx'));
  writeFileSync(path.join(dir, 'expected.json'), JSON.stringify(expected));
  return expected;
}

/** Converts the CSVs to xlsx with exceljs's streaming writer (strings as shared strings off). */
export async function toXlsx(dir) {
  const { default: ExcelJS } = await import('exceljs');
  const { createReadStream } = await import('node:fs');
  const readline = await import('node:readline');
  for (const name of ['sales', 'complaints', 'surveys']) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path.join(dir, `${name}.xlsx`), useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet(name);
    const rl = readline.createInterface({ input: createReadStream(path.join(dir, `${name}.csv`)), crlfDelay: Infinity });
    let header = true;
    for await (const line of rl) {
      const cells = line.split(',');
      if (!header && name === 'sales') { cells[4] = Number(cells[4]); cells[5] = Number(cells[5]); }
      ws.addRow(cells).commit();
      header = false;
    }
    ws.commit();
    await wb.commit();
  }
}
