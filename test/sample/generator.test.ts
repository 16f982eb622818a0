/**
 * The bundled sample company (fixtures/sample) and the encoding fixtures (fixtures/encodings):
 * the generator is deterministic, the files really are in the encodings they claim, the plan
 * matches the §3 schema, and the 2024Q3 story the demos rely on holds in the data.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import ExcelJS from 'exceljs';
import { rawPlan } from '../../src/plan/schema.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = join(ROOT, 'fixtures/sample');
const ENC = join(ROOT, 'fixtures/encodings');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}
const rel = (base: string) => (p: string) => relative(base, p).split('\\').join('/');

/** A deliberately small CSV line splitter (quotes, doubled quotes; no multi-line fields here). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
const lines = (text: string) => text.split('\r\n').filter((l) => l.length > 0);
const stripBom = (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

describe('generator determinism', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'kpi-sample-'));
    // A different timezone on purpose: the output must not depend on it.
    execFileSync(process.execPath, ['scripts/gen-sample.mjs', '--out', join(tmp, 'sample'), '--encodings-out', join(tmp, 'enc'), '--quiet'], {
      cwd: ROOT, env: { ...process.env, TZ: 'America/New_York' },
    });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('rewrites fixtures/sample byte for byte', () => {
    const committed = listFiles(SAMPLE).map(rel(SAMPLE));
    const fresh = listFiles(join(tmp, 'sample')).map(rel(join(tmp, 'sample')));
    expect(fresh).toEqual(committed);
    expect(committed).toEqual(['README.md', 'data/complaints.xlsx', 'data/sales.csv', 'data/surveys.txt', 'expected-facts.json', 'kpi.yaml']);
    for (const f of committed) {
      const same = readFileSync(join(SAMPLE, f)).equals(readFileSync(join(tmp, 'sample', f)));
      expect(same, `${f} differs from a fresh run`).toBe(true);
    }
  });

  it('rewrites fixtures/encodings byte for byte', () => {
    const committed = listFiles(ENC).map(rel(ENC));
    expect(listFiles(join(tmp, 'enc')).map(rel(join(tmp, 'enc')))).toEqual(committed);
    for (const f of committed) {
      expect(readFileSync(join(ENC, f)).equals(readFileSync(join(tmp, 'enc', f))), `${f} differs`).toBe(true);
    }
  });
});

describe('sample exports are in the encodings they claim', () => {
  it('sales.csv is GB18030, not UTF-8, with Chinese headers', () => {
    const buf = readFileSync(join(SAMPLE, 'data/sales.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf)).toThrow();
    const text = new TextDecoder('gb18030', { fatal: true }).decode(buf);
    const header = csvFields(lines(text)[0]);
    expect(header).toEqual(['订单编号', '下单日期', '客户编号', '客户名称', '销售员编号', '销售员', '区域', '产品', '数量', '金额', '成本', '分成比例', '状态']);
    expect(text).toContain('苏州恒达电子有限公司');
  });

  it('sales.csv has the promised variety: refunds, cancellations, splits, ¥ amounts, two date styles', () => {
    const rows = lines(new TextDecoder('gb18030').decode(readFileSync(join(SAMPLE, 'data/sales.csv')))).slice(1).map(csvFields);
    expect(rows.length).toBeGreaterThanOrEqual(5000);
    expect(rows.length).toBeLessThanOrEqual(10000);
    expect(rows.every((r) => r.length === 13)).toBe(true);
    expect(rows.some((r) => r[12] === '退款' && r[9].startsWith('-'))).toBe(true);
    expect(rows.some((r) => r[12] === '已取消')).toBe(true);
    expect(rows.some((r) => r[12] === 'cancelled')).toBe(true);
    expect(rows.some((r) => r[11] === '50%')).toBe(true);
    expect(rows.some((r) => /^¥\d{1,3}(,\d{3})+\.\d\d$/.test(r[9]))).toBe(true);
    expect(rows.some((r) => /^\d+\.\d\d$/.test(r[9]))).toBe(true);
    expect(rows.some((r) => /^\d{4}\/\d{1,2}\/\d{1,2} \d\d:\d\d$/.test(r[1]))).toBe(true);
    expect(rows.some((r) => /^\d{4}-\d\d-\d\d$/.test(r[1]))).toBe(true);
    expect(new Set(rows.map((r) => r[2])).size).toBeGreaterThanOrEqual(250);
    // A refund booked in a later quarter than its order (the order's first row is dated earlier).
    const firstDay = new Map<string, string>();
    const day = (s: string) => s.split(' ')[0].replace(/\//g, '-').replace(/-(\d)(?=-|$)/g, '-0$1');
    for (const r of rows) if (!firstDay.has(r[0])) firstDay.set(r[0], day(r[1]));
    const quarter = (d: string) => `${d.slice(0, 4)}Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;
    expect(rows.some((r) => r[12] === '退款' && quarter(day(r[1])) !== quarter(firstDay.get(r[0])!))).toBe(true);
  });

  it('surveys.txt is UTF-16LE with a BOM, tab-separated', () => {
    const buf = readFileSync(join(SAMPLE, 'data/surveys.txt'));
    expect([buf[0], buf[1]]).toEqual([0xff, 0xfe]);
    const text = new TextDecoder('utf-16le').decode(buf.subarray(2));
    const rows = lines(text).map((l) => l.split('\t'));
    expect(rows[0]).toEqual(['调研编号', '日期', '客户编号', '订单编号', '员工编号', '推荐值', '满意度']);
    const data = rows.slice(1);
    expect(data.every((r) => r.length === 7)).toBe(true);
    expect(data.some((r) => r[4] === '' && r[3] !== '')).toBe(true); // via order only
    expect(data.some((r) => r[4] === '' && r[3] === '')).toBe(true); // via customer only
    expect(data.every((r) => r[5] === '' || (Number(r[5]) >= 0 && Number(r[5]) <= 10))).toBe(true);
    expect(data.every((r) => r[6] === '' || (Number(r[6]) >= 1 && Number(r[6]) <= 5))).toBe(true);
  });

  it('complaints.xlsx has sheet 投诉记录 with Chinese-formatted Excel date cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(SAMPLE, 'data/complaints.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('投诉记录');
    expect(ws).toBeDefined();
    const header = (ws!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['投诉编号', '受理时间', '客户编号', '订单编号', '处理人', '首次响应时间', '解决时间', '状态', '是否升级', '客户是否满意', '严重程度']);
    expect(ws!.rowCount - 1).toBeGreaterThanOrEqual(200);
    const cell = ws!.getRow(2).getCell(2);
    expect(cell.numFmt).toBe('yyyy"年"m"月"d"日" hh:mm');
    expect(typeof cell.value === 'number' || cell.value instanceof Date).toBe(true);
    const statuses = new Set<string>();
    ws!.eachRow((row, n) => { if (n > 1) statuses.add(String(row.getCell(8).value)); });
    expect(statuses).toEqual(new Set(['已解决', '已关闭', '处理中', '待处理']));
  });

  it('the whole sample stays under 2 MB', () => {
    const bytes = listFiles(SAMPLE).reduce((a, f) => a + statSync(f).size, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('the sample plan', () => {
  const text = readFileSync(join(SAMPLE, 'kpi.yaml'), 'utf8');
  const plan = parseYaml(text);

  it('validates against the §3 schema and points at files that exist', () => {
    const parsed = rawPlan.safeParse(plan);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    for (const key of ['sales', 'complaints', 'surveys']) {
      expect(existsSync(join(SAMPLE, plan.sources[key].path)), key).toBe(true);
    }
    expect(plan.sources.sales.exclude).toEqual({ status: ['已取消', 'cancelled'] });
  });

  it('has the company, a joiner and a leaver, three teams and two roles', () => {
    expect(plan.company).toBe('示例贸易有限公司');
    expect(plan.currency).toBe('CNY');
    expect(plan.people).toHaveLength(15);
    expect(new Set(plan.people.map((p: { team: string }) => p.team))).toEqual(new Set(['华东一组', '华南组', '客服部']));
    expect(plan.people.find((p: { id: string }) => p.id === 'S005').start_date).toBe('2024-07-24');
    expect(plan.people.find((p: { id: string }) => p.id === 'S009').end_date).toBe('2024-08-31');
    expect(Object.keys(plan.roles)).toEqual(['sales', 'service']);
    expect(plan.roles.service.payout_cap).toBe(5000);
    expect(plan.targets[0]).toEqual({ employee: 'S001', period: '2024Q3', metric: 'revenue', target: 1500000 });
  });
});

describe('the 2024Q3 story (expected-facts.json)', () => {
  const facts = JSON.parse(readFileSync(join(SAMPLE, 'expected-facts.json'), 'utf8'));
  const rev = facts.sales.revenue_2024Q3 as Record<string, number>;

  it('S001 revenue matches a third, independent sum over the CSV', () => {
    const rows = lines(new TextDecoder('gb18030').decode(readFileSync(join(SAMPLE, 'data/sales.csv')))).slice(1).map(csvFields);
    let cents = 0;
    for (const r of rows) {
      const d = r[1].split(' ')[0].split(/[-/]/).map(Number);
      const inQ3 = d[0] === 2024 && d[1] >= 7 && d[1] <= 9;
      if (!inQ3 || r[4] !== 'S001' || r[12] === '已取消' || r[12] === 'cancelled') continue;
      const amount = Math.round(Number(r[9].replace(/[¥,]/g, '')) * 100);
      cents += (amount * parseInt(r[11], 10)) / 100;
    }
    expect(Math.round(cents) / 100).toBe(rev.S001);
  });

  it('sales people land where the demos need them', () => {
    expect(rev.S001 / 1_500_000).toBeGreaterThan(0.6); // misses the raised target, but above threshold
    expect(rev.S001 / 1_500_000).toBeLessThan(0.8);
    expect(rev.S002).toBeGreaterThan(1_200_000); // beats target
    expect(rev.S007 / 1_200_000).toBeLessThan(0.6); // below the revenue threshold
    expect(facts.sales.lost_big_customers_2024Q3).toEqual({ S001: ['KH0001'] });
    expect(facts.sales.big_customers_as_of_2024_06_30).toHaveLength(6);
    expect(facts.complaints.by_account_owner_2024Q3.S003).toBeUndefined(); // no complaints at all
    expect(facts.sales.S005_first_sale >= '2024-07-24').toBe(true);
    expect(facts.sales.S009_last_sale <= '2024-08-31').toBe(true);
    expect(facts.sales.churn_2024Q3.S005).toBeUndefined(); // a joiner has no prior customers: churn has no value
  });

  it('service agents straddle the 85% CSAT bonus line and C001 reaches the payout cap', () => {
    const s = facts.surveys.by_employee_column_2024Q3;
    expect([s.C001.csat_satisfied, s.C001.csat_responses]).toEqual([43, 50]);
    expect([s.C002.csat_satisfied, s.C002.csat_responses]).toEqual([42, 50]);
    expect(s.C005.responses).toBeLessThan(30);
    const c = facts.complaints.by_handler_2024Q3;
    // 1000 bonus + 200 × resolved-satisfied − 300 × escalated exceeds the 5000 cap.
    expect(1000 + 200 * c.C001.resolved_satisfied - 300 * c.C001.escalated).toBeGreaterThan(5000);
    expect(c.C003.avg_first_response_hours).toBeGreaterThan(4); // slow responder
  });
});

describe('fixtures/encodings: one table, four forms', () => {
  const expected = JSON.parse(readFileSync(join(ENC, 'expected.json'), 'utf8'));

  it('the three text forms decode to the same cells', () => {
    const utf8 = readFileSync(join(ENC, 'sales.utf8.csv'));
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const gbBuf = readFileSync(join(ENC, 'sales.gb18030.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbBuf)).toThrow();
    const u16 = readFileSync(join(ENC, 'sales.utf16.tsv'));
    expect([u16[0], u16[1]]).toEqual([0xff, 0xfe]);

    const a = lines(stripBom(new TextDecoder('utf-8').decode(utf8))).map(csvFields);
    const b = lines(new TextDecoder('gb18030').decode(gbBuf)).map(csvFields);
    const c = lines(new TextDecoder('utf-16le').decode(u16.subarray(2))).map((l) => l.split('\t'));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a[0]).toEqual(expected.headers);
    expect(a.slice(1).map((r) => r[0])).toEqual(expected.records.map((r: { order_id: string }) => r.order_id));
    expect(a.slice(1).some((r) => r[5] === '收纳盒,大号')).toBe(true);
  });

  it('the xlsx form holds the same records as typed cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(ENC, 'sales.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('销售明细')!;
    expect(ws.rowCount).toBe(21);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const rec = expected.records[n - 2];
      expect(row.getCell(1).value).toBe(rec.order_id);
      const d = row.getCell(2).value as Date;
      expect(d.toISOString().slice(0, 10)).toBe(rec.date);
      expect(Math.round((row.getCell(8).value as number) * 100)).toBe(Math.round(Number(rec.amount) * 100));
    });
  });

  it('has one plan per form', () => {
    for (const form of ['utf8', 'gb18030', 'utf16', 'xlsx']) {
      const plan = parseYaml(readFileSync(join(ENC, `plan.${form}.yaml`), 'utf8'));
      expect(rawPlan.safeParse(plan).success).toBe(true);
      expect(existsSync(join(ENC, plan.sources.sales.path))).toBe(true);
    }
  });
});
