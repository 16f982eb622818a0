/**
 * The example plans of examples/public/ run as a user would run them, on the real public exports
 * in ../shared/data (not part of this repository: each block skips when its folder is absent).
 *
 * Every figure asserted here is computed independently inside the test from the raw files (own
 * CSV parser, exceljs, decimal.js) — never from kpi's own modules.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { Decimal } from 'decimal.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'kpi.js');
const EXAMPLES = path.join(ROOT, 'examples', 'public');
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const has = (folder: string) => existsSync(path.join(DATA, folder));
const plan = (name: string) => path.join('examples', 'public', `${name}.yaml`);

interface Run { code: number | null; stdout: string; stderr: string }

function kpi(args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.KPI_PLAN;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** `kpi score --format json` (exit 0 asserted) parsed. */
function scoreJson(name: string, period: string, extra: string[] = []): ScoreJson {
  const r = kpi(['score', '--plan', plan(name), '--period', period, '--format', 'json', ...extra]);
  expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
  return JSON.parse(r.stdout) as ScoreJson;
}

interface KpiJson { metric: string; actual: number | null; variance?: { numerator?: number; denominator?: number; counts?: Record<string, number> } }
interface EmpJson { id: string; team: string; role: string; kpis: KpiJson[] }
interface ScoreJson { employees: EmpJson[]; company: { kpis: KpiJson[] }; warnings: Array<{ code: string; row?: number | null; value?: string | null; file?: string | null }> }

const kpiOf = (e: { kpis: KpiJson[] } | undefined, metric: string): KpiJson => {
  const k = e?.kpis.find((x) => x.metric === metric);
  if (!k) throw new Error(`no ${metric}`);
  return k;
};
const emp = (j: ScoreJson, id: string) => j.employees.find((e) => e.id === id);
const countCodes = (j: ScoreJson) => {
  const c: Record<string, number> = {};
  for (const w of j.warnings) c[w.code] = (c[w.code] ?? 0) + 1;
  return c;
};

/** One row of validate's per-source table: rows read, kept, the excluded lines, the date range. */
interface SourceRow { source: string; encoding: string; read: number; kept: number; excluded: string[]; dates: string }

/** Reads the cli-table3 box of `kpi validate` (a cell may span lines: continuation rows have no source). */
function sourcesTable(stdout: string): Record<string, SourceRow> {
  const out: Record<string, SourceRow> = {};
  let cur: SourceRow | null = null;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('│')) continue;
    const cells = line.split('│').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'source') continue;
    if (cells[0]) {
      cur = { source: cells[0], encoding: cells[2], read: Number(cells[3]), kept: Number(cells[4]), excluded: [], dates: cells[6] };
      out[cur.source] = cur;
    }
    if (cur && cells[5] && cells[5] !== '—') cur.excluded.push(cells[5]);
  }
  return out;
}

/** A plain RFC 4180 reader (quotes, "" escapes, CRLF or LF, line breaks inside quotes). */
function parseCsv(text: string): Array<Record<string, string>> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [], field = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else q = false; } else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(head.map((h, k) => [h, r[k] ?? ''])));
}
const csv = (folder: string, file: string, enc = 'utf-8') =>
  parseCsv(new TextDecoder(enc).decode(readFileSync(path.join(DATA, folder, file))));

/** Money as the exports write it, to ten-thousandths half-up (kpi's documented precision). */
const money = (v: string | number) => new Decimal(String(v)).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
const sum = (xs: Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
const cents = (d: Decimal) => Number(d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('cn_bicycle_sales'))('cn_bicycle_sales: xlsx, Chinese headers, Excel dates', () => {
  interface Line { order: string; customer: string; rep: string; day: string; amount: number }
  const lines: Line[] = [];
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(DATA, 'cn_bicycle_sales', '销售记录.xlsx'));
    const ws = wb.worksheets[0];
    const head = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (h: string) => head.indexOf(h);
    const [o, c, r, d, a] = ['订单编号', '客户ID', '销售代表ID', '下单日期', '金额'].map(col);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      lines.push({ order: String(v[o]), customer: String(v[c]), rep: String(v[r]), day: (v[d] as Date).toISOString().slice(0, 10), amount: v[a] as number });
    });
  });

  it('the export holds 15,092 data rows, 6,554 orders, 5,108 customers, 14 reps (independent read)', () => {
    // The data README says 15,091 lines; the sheet has 15,093 rows = header + 15,092 data rows.
    expect(lines.length).toBe(15092);
    expect(new Set(lines.map((l) => l.order)).size).toBe(6554);
    expect(new Set(lines.map((l) => l.customer)).size).toBe(5108);
    expect(new Set(lines.map((l) => l.rep)).size).toBe(14);
  });

  it('validate: exit 0, every row read and kept, all 14 reps in the roster', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('cn_bicycle_sales')]);
    expect(r.code, r.stderr).toBe(0);
    const t = sourcesTable(r.stdout);
    expect(t.sales).toMatchObject({ read: 15092, kept: 15092, excluded: [], dates: '2015-01-01 – 2016-12-31' });
    expect(r.stdout).toContain('14 in the roster, 14 found in the data; none unknown');
    expect(r.stdout).toContain('ok: 0 errors, 0 warnings');
  });

  it('score 2016: every rep\'s revenue and orders equal an independent sum', () => {
    const j = scoreJson('cn_bicycle_sales', '2016');
    expect(j.employees).toHaveLength(14);
    for (const e of j.employees) {
      const mine = lines.filter((l) => l.rep === e.id && l.day.startsWith('2016'));
      expect(kpiOf(e, 'revenue').actual, e.id).toBe(cents(sum(mine.map((l) => money(l.amount)))));
      expect(kpiOf(e, 'orders').actual, e.id).toBe(new Set(mine.map((l) => l.order)).size);
    }
    expect(kpiOf(emp(j, '213'), 'revenue').actual).toBe(2597491.45);
    expect(kpiOf(j.company, 'revenue').actual).toBe(cents(sum(lines.filter((l) => l.day.startsWith('2016')).map((l) => money(l.amount)))));
  });

  it('score 2015: new customers of rep 213 (first positive line in history, by date then order)', () => {
    const sorted = [...lines].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const first = new Map<string, Line>();
    for (const l of sorted) if (l.amount > 0 && !first.has(l.customer)) first.set(l.customer, l);
    const expected = [...first.values()].filter((l) => l.rep === '213' && l.day.startsWith('2015')).length;
    expect(expected).toBe(590);
    const j = scoreJson('cn_bicycle_sales', '2015');
    expect(kpiOf(emp(j, '213'), 'new_customers').actual).toBe(expected);
  });

  it('payout 2015: rep 213\'s marginal commission to the cent', () => {
    const rev = sum(lines.filter((l) => l.rep === '213' && l.day.startsWith('2015')).map((l) => money(l.amount)));
    // 1% to 2,000,000, 1.5% to 4,000,000, 2% above.
    const commission = new Decimal(20000).plus(30000).plus(rev.minus(4000000).times('0.02'));
    const r = kpi(['payout', '--plan', plan('cn_bicycle_sales'), '--period', '2015', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as { employees: Array<{ id: string; components: Array<{ type: string; amount: number }>; total: number }> };
    const e = p.employees.find((x) => x.id === '213')!;
    expect(e.components.find((c) => c.type === 'commission')!.amount).toBe(cents(commission));
    expect(cents(commission)).toBe(119600.75);
    expect(e.components.find((c) => c.type === 'per_unit')!.amount).toBe(590 * 50);
  });
});

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('support_tickets_anirudhbabu'))('support_tickets: one CSV as complaints and as surveys', () => {
  const FOLDER = 'support_tickets_anirudhbabu';
  let rows: Array<Record<string, string>> = [];
  beforeAll(() => { rows = csv(FOLDER, 'customer_support_tickets.csv'); });

  it('validate: exit 0; surveys keep the 3,724 resolved tickets, the others excluded by status', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('support_tickets')]);
    expect(r.code, r.stderr).toBe(0);
    const t = sourcesTable(r.stdout);
    expect(t.complaints).toMatchObject({ read: 5000, kept: 5000, dates: '2024-01-01 – 2024-12-30' });
    expect(t.surveys).toMatchObject({ read: 5000, kept: 3724 });
    expect(t.surveys.excluded).toEqual(['status In Progress: 1056', 'status Escalated: 220']);
    expect(t.sales).toBeUndefined(); // a service-only plan reads no sales export
    expect(r.stdout).toContain('0 in the roster, 25 found in the data');
    expect(r.stderr).not.toContain('header_only');
  });

  it('score 2024Q3: every agent\'s resolution, escalation, resolution hours and CSAT match the file', () => {
    const j = scoreJson('support_tickets', '2024Q3');
    const agents = [...new Set(rows.map((x) => x.agent))];
    expect(j.employees.map((e) => e.id).sort()).toEqual(agents.sort());
    const inQ3 = (s: string) => s.slice(0, 10) >= '2024-07-01' && s.slice(0, 10) <= '2024-09-30';
    const secs = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') / 1000;
    for (const e of j.employees) {
      const mine = rows.filter((x) => x.agent === e.id && inQ3(x.created_date));
      const resolved = mine.filter((x) => x.resolved_date !== '' && x.resolved_date.slice(0, 10) <= '2024-09-30');
      const rr = kpiOf(e, 'resolution_rate');
      expect([rr.variance?.numerator, rr.variance?.denominator], e.id).toEqual([resolved.length, mine.length]);
      expect(kpiOf(e, 'escalation_rate').variance?.numerator, e.id).toBe(mine.filter((x) => x.status === 'Escalated').length);
      const hours = resolved.reduce((a, x) => a + (secs(x.resolved_date) - secs(x.created_date)) / 3600, 0) / resolved.length;
      // kpi keeps whole seconds; the export's resolved_date has microseconds.
      expect(kpiOf(e, 'avg_resolution_hours').actual!, e.id).toBeCloseTo(hours, 3);
      const answered = mine.filter((x) => x.csat_score !== '');
      const csat = kpiOf(e, 'csat');
      expect([csat.variance?.counts?.satisfied, csat.variance?.counts?.responses], e.id)
        .toEqual([answered.filter((x) => Number(x.csat_score) >= 4).length, answered.length]);
    }
    // Only the handler attribution is in use: no unattributed_complaint noise.
    expect(countCodes(j)).toEqual({ unknown_employee: 25 });
    const a18 = kpiOf(emp(j, 'Agent_018'), 'resolution_rate');
    expect([a18.variance?.numerator, a18.variance?.denominator]).toEqual([33, 46]);
  });

  it('payout 2024Q3 exits 0', () => {
    const r = kpi(['payout', '--plan', plan('support_tickets'), '--period', '2024Q3', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('avg_first_response_hours from the first_response_minutes duration column: every agent\'s mean matches the file', () => {
    const j = scoreJson('support_tickets', '2024Q3');
    const inQ3 = (s: string) => s.slice(0, 10) >= '2024-07-01' && s.slice(0, 10) <= '2024-09-30';
    for (const e of j.employees) {
      const mins = rows.filter((x) => x.agent === e.id && inQ3(x.created_date) && x.first_response_minutes !== '')
        .map((x) => Number(x.first_response_minutes));
      const k = kpiOf(e, 'avg_first_response_hours');
      // kpi adds each duration to created_date to the millisecond.
      expect(k.actual!, e.id).toBeCloseTo(mins.reduce((a, m) => a + m, 0) / mins.length / 60, 5);
      expect(k.variance?.denominator, e.id).toBe(mins.length);
    }
    expect(kpiOf(emp(j, 'Agent_018'), 'avg_first_response_hours').actual!).toBeCloseTo(1.084788608080605, 5);
  });
});

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('nps_field_service'))('nps_field_service: surveys joined to appointments for the technician', () => {
  const FOLDER = 'nps_field_service';
  let answers: Array<Record<string, string>> = [];
  let techOf = new Map<string, string>();
  beforeAll(() => {
    answers = csv(FOLDER, 'nps.csv');
    techOf = new Map(csv(FOLDER, 'serviceappointments.csv').map((a) => [a.serviceappointment_id, a.serviceresource_id]));
  });

  it('validate: exit 3 on the two 11.0 scores, naming file lines 2450 and 2882', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('nps_field_service')]);
    expect(r.code).toBe(3);
    const bad = answers.map((a, i) => ({ a, line: i + 2 })).filter(({ a }) => Number(a.nps) > 10).map(({ line }) => line);
    expect(bad).toEqual([2450, 2882]);
    for (const line of bad) expect(r.stderr).toMatch(new RegExp(`nps\\.csv:${line} column "nps" value "11\\.0"`));
    expect(r.stdout).toContain('2 errors');
  });

  it('validate --skip-invalid: exit 0, 3,145 read, 3,143 kept, 2 skipped; the repeated response_id is warned', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('nps_field_service'), '--skip-invalid']);
    expect(r.code, r.stderr).toBe(0);
    const t = sourcesTable(r.stdout);
    expect(t.surveys).toMatchObject({ read: 3145, kept: 3143, excluded: ['invalid: 2'], dates: '2022-09-30 – 2022-12-25' });
    expect(r.stderr).toMatch(/duplicate_survey_id\] \S*nps\.csv:84 value "g3mdud2lsjjghhma3g3mdudppsnp8ldg"/);
  });

  it('score 2022Q4: company and per-technician NPS equal an independent count (5.0-style scores read)', () => {
    const j = scoreJson('nps_field_service', '2022Q4', ['--skip-invalid']);
    const q4 = answers.filter((a) => a.submitted_at.slice(0, 10) >= '2022-10-01' && a.submitted_at.slice(0, 10) <= '2022-12-31' && Number(a.nps) <= 10);
    const counts = (xs: typeof q4) => ({
      promoters: xs.filter((a) => Number(a.nps) >= 9).length,
      passives: xs.filter((a) => Number(a.nps) >= 7 && Number(a.nps) <= 8).length,
      detractors: xs.filter((a) => Number(a.nps) <= 6).length,
    });
    const all = counts(q4);
    expect(all).toEqual({ promoters: 630, passives: 939, detractors: 1573 });
    const company = kpiOf(j.company, 'nps');
    expect(company.variance?.counts).toMatchObject(all);
    expect(company.actual!).toBeCloseTo((100 * (630 - 1573)) / 3142, 9);
    for (const e of j.employees) {
      const mine = q4.filter((a) => techOf.get(a.serviceappointment_id) === e.id);
      if (mine.length === 0) continue;
      expect(kpiOf(e, 'nps').variance?.counts, e.id).toMatchObject(counts(mine));
      expect(kpiOf(e, 'survey_responses').actual, e.id).toBe(mine.length);
    }
  });
});

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('olist_subset_bravida'))('olist: order items joined to orders; reviews attributed through order_id', () => {
  const FOLDER = 'olist_subset_bravida';
  let items: Array<Record<string, string>> = [];
  let reviews: Array<Record<string, string>> = [];
  let orders = new Map<string, Record<string, string>>();
  beforeAll(() => {
    orders = new Map(csv(FOLDER, 'olist_orders_dataset.csv').map((o) => [o.order_id, o]));
    items = csv(FOLDER, 'olist_order_items_dataset.csv');
    reviews = csv(FOLDER, 'olist_order_reviews_dataset.csv');
  });
  const kept = () => items.filter((i) => !['canceled', 'unavailable'].includes(orders.get(i.order_id)!.order_status));
  const inQ1 = (s: string) => s.slice(0, 10) >= '2018-01-01' && s.slice(0, 10) <= '2018-03-31';

  it('validate: exit 0; 549 cancelled/unavailable lines excluded; all 8,225 reviews read despite multi-line comments', () => {
    expect(reviews).toHaveLength(8225);
    expect(reviews.filter((r) => /[\r\n]/.test(r.review_comment_message + r.review_comment_title)).length).toBe(436);
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('olist')]);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    const t = sourcesTable(r.stdout);
    expect(t.sales).toMatchObject({ read: 8365, kept: 7816, excluded: ['status canceled: 542', 'status unavailable: 7'], dates: '2016-09-04 – 2018-09-03' });
    expect(t.surveys).toMatchObject({ read: 8225, kept: 8225, dates: '2016-10-02 – 2018-08-31' });
    expect(kept()).toHaveLength(7816);
  });

  it('score 2018Q1: revenue (price + freight_value), orders and CSAT of the company and of the top seller', () => {
    const j = scoreJson('olist', '2018Q1');
    const q = kept().filter((i) => inQ1(orders.get(i.order_id)!.order_purchase_timestamp));
    const paid = (i: Record<string, string>) => money(i.price).plus(money(i.freight_value));
    expect(kpiOf(j.company, 'revenue').actual).toBe(cents(sum(q.map(paid))));
    expect(kpiOf(j.company, 'orders').actual).toBe(new Set(q.map((i) => i.order_id)).size);
    const keptOrders = new Set(kept().map((i) => i.order_id));
    const rq = reviews.filter((r) => inQ1(r.review_creation_date) && keptOrders.has(r.order_id));
    expect(kpiOf(j.company, 'csat').variance?.counts).toMatchObject({ satisfied: rq.filter((r) => Number(r.review_score) >= 4).length, responses: rq.length });

    const S = '4869f7a5dfa277a7dca6462dcf3b52b2';
    const mine = q.filter((i) => i.seller_id === S);
    expect(kpiOf(emp(j, S), 'revenue').actual).toBe(cents(sum(mine.map(paid))));
    expect(cents(sum(mine.map((i) => money(i.price))))).toBe(5806.2); // of which the items' prices
    expect(kpiOf(emp(j, S), 'orders').actual).toBe(22);
    const sellerOrders = new Set(kept().filter((i) => i.seller_id === S).map((i) => i.order_id));
    const sr = rq.filter((r) => sellerOrders.has(r.order_id));
    expect(kpiOf(emp(j, S), 'csat').variance?.counts).toMatchObject({ satisfied: sr.filter((r) => Number(r.review_score) >= 4).length, responses: sr.length });
  });

  it('warnings: each repeated review_id, and every review of an order with no kept item is unattributed', () => {
    const j = scoreJson('olist', '2018Q1');
    const c = countCodes(j);
    const seen = new Set<string>();
    let dupes = 0;
    for (const r of reviews) { if (seen.has(r.review_id)) dupes++; seen.add(r.review_id); }
    expect(c.duplicate_survey_id).toBe(dupes);
    const keptOrders = new Set(kept().map((i) => i.order_id));
    expect(c.unattributed_survey).toBe(reviews.filter((r) => !keptOrders.has(r.order_id)).length);
    expect(c.unknown_employee).toBe(new Set(kept().map((i) => i.seller_id)).size);
    // Row numbers are file lines even after multi-line quoted cells.
    expect(j.warnings.some((w) => w.code === 'duplicate_survey_id' && w.row === 1262 && w.value === '72a1098d5b410ae50fbc0509d26daeb9')).toBe(true);
  });

  it('customer = customer_unique_id through a chained join (items → orders → customers): repeat buyers are one customer', () => {
    const unique = new Map(csv(FOLDER, 'olist_customers_dataset.csv').map((c) => [c.customer_id, c.customer_unique_id]));
    const j = scoreJson('olist', '2018Q1');
    const q = kept().filter((i) => inQ1(orders.get(i.order_id)!.order_purchase_timestamp));
    const ordersOf = new Map<string, Set<string>>();
    for (const i of q) {
      const who = unique.get(orders.get(i.order_id)!.customer_id)!;
      expect(who).toBeDefined();
      if (!ordersOf.has(who)) ordersOf.set(who, new Set());
      ordersOf.get(who)!.add(i.order_id);
    }
    const repeat = [...ordersOf.values()].filter((o) => o.size >= 2).length;
    const k = kpiOf(j.company, 'repeat_purchase_rate');
    expect([k.variance?.numerator, k.variance?.denominator]).toEqual([repeat, ordersOf.size]);
    // With the per-order customer_id every customer would have exactly one order.
    expect(repeat).toBeGreaterThan(0);
    expect(ordersOf.size).toBeLessThan(new Set(q.map((i) => orders.get(i.order_id)!.customer_id)).size);
  });
});

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('cn_orders_marketmind'))('cn_orders_marketmind: GBK and UTF-8-with-BOM CSVs', () => {
  const FOLDER = 'cn_orders_marketmind';

  it('order_1 (GBK): validate detects gb18030, 77 Cancelled excluded; score 2024-01 matches the file', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('marketmind_order_1')]);
    expect(r.code, r.stderr).toBe(0);
    const t = sourcesTable(r.stdout);
    expect(t.sales).toMatchObject({ read: 1693, kept: 1616, excluded: ['status Cancelled: 77'], dates: '2024-01-01 – 2024-01-31' });
    expect(t.sales.encoding).toMatch(/^gb18030/);
    expect(r.stdout).toContain('10 found in the data');

    const rows = csv(FOLDER, 'order_1.csv', 'gbk').filter((x) => x.order_status !== 'Cancelled');
    const j = scoreJson('marketmind_order_1', '2024-01');
    expect(j.employees).toHaveLength(10);
    for (const e of j.employees) {
      const mine = rows.filter((x) => x.shipping_city === e.id);
      expect(kpiOf(e, 'revenue').actual, e.id).toBe(cents(sum(mine.map((x) => money(x.amount)))));
      expect(kpiOf(e, 'orders').actual, e.id).toBe(new Set(mine.map((x) => x.order_id)).size);
    }
    expect(kpiOf(emp(j, '北京市'), 'revenue').actual).toBe(240468.09);
  });

  it('order_2 (UTF-8 BOM): validate reads all 9,959 lines; score 2023 matches the file', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('marketmind_order_2')]);
    expect(r.code, r.stderr).toBe(0);
    expect(sourcesTable(r.stdout).sales).toMatchObject({ read: 9959, kept: 9959, excluded: [] });
    const rows = csv(FOLDER, 'order_2.csv').filter((x) => x['订单日期'].startsWith('2023/'));
    const j = scoreJson('marketmind_order_2', '2023');
    expect(j.employees).toHaveLength(6);
    for (const e of j.employees) {
      const mine = rows.filter((x) => x['地区'] === e.id);
      expect(kpiOf(e, 'revenue').actual, e.id).toBe(cents(sum(mine.map((x) => money(x['销售额'])))));
      expect(kpiOf(e, 'active_customers').actual, e.id).toBe(new Set(mine.map((x) => x['客户 ID'])).size);
      // No cost column: cost = 销售额 − 利润, so the margin is Σ 利润 / Σ 销售额.
      expect(kpiOf(e, 'gross_margin').actual!, e.id)
        .toBeCloseTo(sum(mine.map((x) => money(x['利润']))) / sum(mine.map((x) => money(x['销售额']))), 12);
    }
    expect(kpiOf(emp(j, '华东'), 'revenue').actual).toBe(1335210.84);
  });
});

// ------------------------------------------------------------------------------------------

describe.skipIf(!has('online_retail_uci_sample'))('online_retail: quoted CRLF CSV with NA customers', () => {
  let rows: Array<Record<string, string>> = [];
  beforeAll(() => { rows = csv('online_retail_uci_sample', 'online_retail_sample.csv'); });
  const badCount = () => {
    const na = rows.filter((x) => x.CustomerID === 'NA').length;
    const seen = new Set<string>();
    let dup = 0;
    for (const x of rows) {
      if (x.CustomerID === 'NA') continue;
      const k = JSON.stringify(x);
      if (seen.has(k)) dup++; else seen.add(k);
    }
    return { na, dup };
  };

  it('validate: exit 3 listing NA customers (missing_value) and exact repeats (duplicate_order_line)', () => {
    const { na, dup } = badCount();
    expect([na, dup]).toEqual([5078, 7]);
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('online_retail')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`${na + dup} errors`);
    expect(r.stderr).toMatch(/online_retail_sample\.csv:2 column "CustomerID" value "NA": customer_id is empty/);
  });

  it('validate --skip-invalid: exit 0, 20,000 read, 5,085 skipped', () => {
    const r = kpi(['validate', '--lang', 'en', '--plan', plan('online_retail'), '--skip-invalid']);
    expect(r.code, r.stderr.slice(0, 2000)).toBe(0);
    const { na, dup } = badCount();
    expect(sourcesTable(r.stdout).sales).toMatchObject({ read: 20000, kept: 20000 - na - dup, excluded: [`invalid: ${na + dup}`], dates: '2010-12-01 – 2011-12-09' });
  });

  it('score 2011Q4 --skip-invalid: revenue = Σ Quantity × UnitPrice (cancellations net), orders and active customers per country match the file', () => {
    const j = scoreJson('online_retail', '2011Q4', ['--skip-invalid']);
    // The kept lines: not NA, not an exact repeat of an earlier line.
    const seen = new Set<string>();
    const kept = rows.filter((x) => {
      if (x.CustomerID === 'NA') return false;
      const k = JSON.stringify(x);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const q4 = kept.filter((x) => x.InvoiceDate >= '2011-10-01' && x.InvoiceDate < '2012-01-01');
    // Cents, exactly: every UnitPrice in the file has at most 2 decimals and Quantity is whole.
    const cents = (x: Record<string, string>) => Math.round(Number(x.Quantity) * Number(x.UnitPrice) * 1000) / 10;
    for (const country of ['United Kingdom', 'Germany', 'France']) {
      const mine = q4.filter((x) => x.Country === country);
      const net = (key: 'CustomerID' | 'InvoiceNo') => {
        const m = new Map<string, number>();
        for (const x of mine) m.set(x[key], (m.get(x[key]) ?? 0) + cents(x));
        return [...m.values()].filter((v) => v > 0).length;
      };
      const revenue = mine.reduce((a, x) => a + cents(x), 0) / 100;
      expect(kpiOf(emp(j, country), 'revenue').actual, country).toBeCloseTo(revenue, 2);
      expect(kpiOf(emp(j, country), 'orders').actual, country).toBe(net('InvoiceNo'));
      expect(kpiOf(emp(j, country), 'active_customers').actual, country).toBe(net('CustomerID'));
    }
    expect(mineHasCancellations(q4)).toBe(true);
  });
});

/** Whether some kept lines are cancellations (a C invoice with a negative quantity). */
function mineHasCancellations(lines: Array<Record<string, string>>): boolean {
  return lines.some((x) => x.InvoiceNo.startsWith('C') && Number(x.Quantity) < 0);
}

// The examples README documents exactly these plans.
describe('examples/public', () => {
  it('has a README naming every plan', () => {
    const readme = readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
    for (const p of ['cn_bicycle_sales', 'support_tickets', 'nps_field_service', 'olist', 'marketmind_order_1', 'marketmind_order_2', 'online_retail']) {
      expect(existsSync(path.join(EXAMPLES, `${p}.yaml`)), p).toBe(true);
      expect(readme).toContain(`${p}.yaml`);
    }
  });
});
