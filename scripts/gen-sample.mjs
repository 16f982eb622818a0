#!/usr/bin/env node
/**
 * Generates the bundled sample company 示例贸易有限公司 (fixtures/sample) and the small
 * encoding fixtures (fixtures/encodings). Deterministic: one seeded PRNG (mulberry32), no clock,
 * fixed xlsx dates and zip entry times, so every run writes the same bytes.
 *
 *   node scripts/gen-sample.mjs                       # rewrite fixtures/sample and fixtures/encodings
 *   node scripts/gen-sample.mjs --out DIR             # only the sample, into DIR
 *   node scripts/gen-sample.mjs --out DIR --encodings-out DIR2
 *   node scripts/gen-sample.mjs --quiet
 *
 * Story of 2024Q3 (what `kpi score --period 2024Q3` / `kpi explain S001` should show):
 * - S001 张伟 loses big customer KH0001 苏州恒达电子 after an escalated complaint in 2024Q2 and
 *   misses his raised 1,500,000 target; lost_big_customers = 1 triggers the penalty.
 * - S002 王芳 beats her target; S003 李强 has no complaints at all in 2024Q3.
 * - S005 黄勇 joins 2024-07-24 (proration 69/92); S009 周杰 leaves 2024-08-31 (62/92) and his
 *   accounts pass to S010 吴刚 on 2024-09-01.
 * - S007 杨磊 falls below the 60% revenue threshold.
 * - C001 李娜 CSAT 43/50 = 86% (gets the bonus, hits the role payout cap); C002 孙丽 42/50 = 84%
 *   (no bonus); C003 郑浩 is slow to respond; C005 何佳 has fewer than 30 survey responses.
 */
import { mkdirSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const iconv = require('iconv-lite');
const ExcelJS = require('exceljs');
const JSZip = require('jszip');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Determinism helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = 20240930;
let rnd = mulberry32(SEED);
const reseed = () => { rnd = mulberry32(SEED); };
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const noise = (lo, hi) => lo + rnd() * (hi - lo);
function shuffle(arr) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a calendar date (UTC arithmetic only). */
const dayOf = (y, m, d) => Date.UTC(y, m - 1, d) / DAY_MS;
const parts = (day) => {
  const dt = new Date(day * DAY_MS);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
};
const weekday = (day) => new Date(day * DAY_MS).getUTCDay();
const p2 = (n) => String(n).padStart(2, '0');
const iso = (day) => { const [y, m, d] = parts(day); return `${y}-${p2(m)}-${p2(d)}`; };
const slash = (day) => { const [y, m, d] = parts(day); return `${y}/${m}/${d}`; };
const compact = (day) => iso(day).replaceAll('-', '');

const START = dayOf(2023, 1, 1);
const END = dayOf(2024, 12, 31);
const NQ = 8; // 2023Q1 .. 2024Q4
const qStart = (q) => dayOf(2023 + Math.floor(q / 4), (q % 4) * 3 + 1, 1);
const qEnd = (q) => (q === NQ - 1 ? END : qStart(q + 1) - 1);
const quarterOf = (day) => { let q = 0; while (q < NQ - 1 && day > qEnd(q)) q++; return q; };
const Q3_2024 = 6;

/** A random day in [a, b], re-rolled (a few times) away from weekends. */
function workday(a, b) {
  let d = int(a, b);
  for (let i = 0; i < 4 && (weekday(d) === 0 || weekday(d) === 6); i++) d = int(a, b);
  return d;
}

// Money is handled in integer cents throughout.
const yuan = (cents) => {
  const neg = cents < 0;
  const a = Math.abs(cents);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${p2(a % 100)}`;
};
const yuanGrouped = (cents) => {
  const [i, f] = yuan(Math.abs(cents)).split('.');
  return `${cents < 0 ? '-' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
};
/** Cents as a JSON number with two decimals (exact for the magnitudes used here). */
const money = (cents) => Number(yuan(cents));

// ---------------------------------------------------------------------------------------------
// People, customers, products
// ---------------------------------------------------------------------------------------------

const PEOPLE = [
  { id: 'S001', name: '张伟', team: '华东一组', role: 'sales', base_salary: 12000, start: '2021-03-01' },
  { id: 'S002', name: '王芳', team: '华东一组', role: 'sales', base_salary: 12000, start: '2022-05-16' },
  { id: 'S003', name: '李强', team: '华东一组', role: 'sales', base_salary: 11000, start: '2022-08-01' },
  { id: 'S004', name: '刘洋', team: '华东一组', role: 'sales', base_salary: 10000, start: '2022-09-01' },
  { id: 'S005', name: '黄勇', team: '华东一组', role: 'sales', base_salary: 9000, start: '2024-07-24' },
  { id: 'S006', name: '陈静', team: '华南组', role: 'sales', base_salary: 12000, start: '2020-11-02' },
  { id: 'S007', name: '杨磊', team: '华南组', role: 'sales', base_salary: 10000, start: '2022-02-14' },
  { id: 'S008', name: '赵敏', team: '华南组', role: 'sales', base_salary: 11000, start: '2021-06-01' },
  { id: 'S009', name: '周杰', team: '华南组', role: 'sales', base_salary: 10000, start: '2021-09-01', end: '2024-08-31' },
  { id: 'S010', name: '吴刚', team: '华南组', role: 'sales', base_salary: 9000, start: '2022-12-01' },
  { id: 'C001', name: '李娜', team: '客服部', role: 'service', base_salary: 8000, start: '2021-04-01' },
  { id: 'C002', name: '孙丽', team: '客服部', role: 'service', base_salary: 7500, start: '2022-03-01' },
  { id: 'C003', name: '郑浩', team: '客服部', role: 'service', base_salary: 7500, start: '2022-07-01' },
  { id: 'C004', name: '冯雪', team: '客服部', role: 'service', base_salary: 7000, start: '2023-01-01' },
  { id: 'C005', name: '何佳', team: '客服部', role: 'service', base_salary: 7000, start: '2023-02-13' },
];
const parseIso = (s) => dayOf(+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10));
for (const p of PEOPLE) {
  p.startDay = parseIso(p.start);
  p.endDay = p.end ? parseIso(p.end) : Infinity;
}
const person = Object.fromEntries(PEOPLE.map((p) => [p.id, p]));
const SALES = PEOPLE.filter((p) => p.role === 'sales');
const employed = (id, day) => person[id].startDay <= day && day <= person[id].endDay;
const teammates = (id) => SALES.filter((p) => p.team === person[id].team && p.id !== id).map((p) => p.id);

/**
 * Intended net sales per person and quarter in thousands of yuan (what the story needs); the
 * generator calibrates non-big customers' spend to land near these (see `main`).
 */
const BASE_K = { S001: 1250, S002: 1150, S003: 1000, S004: 1050, S005: 0, S006: 1200, S007: 900, S008: 1100, S009: 1150, S010: 800 };
const Q3_2024_K = { S001: 1080, S002: 1420, S003: 1230, S004: 1010, S005: 620, S006: 1300, S007: 640, S008: 1190, S009: 760, S010: 980 };
const Q4_2024_K = { S005: 900, S009: 0, S010: 1500 };
const SEASON = [0.85, 1.0, 1.0, 1.15];
const seasonal = (q) => SEASON[q % 4] * (q >= 4 ? 1.06 : 1.0);
function desiredK(emp, q) {
  if (q === Q3_2024) return Q3_2024_K[emp];
  if (q === NQ - 1 && emp in Q4_2024_K) return Q4_2024_K[emp];
  return BASE_K[emp] * seasonal(q);
}

const PRODUCTS = [
  ['不锈钢保温杯', 4580], ['人体工学办公椅', 89900], ['A4复印纸（5包/箱）', 12850], ['激光打印机硒鼓', 35600],
  ['LED平板灯 600×600', 16800], ['工业除湿机', 328000], ['商用咖啡机', 689000], ['无线扫码枪', 23900],
  ['电动工具套装', 128000], ['劳保手套（12双装）', 3690], ['空气净化器', 219900], ['会议平板 65寸', 1280000],
  ['钢制文件柜', 76000], ['茶叶礼盒', 38800], ['不干胶标签纸', 5860], ['网络监控摄像头', 42000],
  ['碎纸机', 68800], ['UPS不间断电源', 156000],
];

const EAST = ['上海', '杭州', '苏州', '南京', '宁波', '无锡', '合肥', '常州'];
const SOUTH = ['广州', '深圳', '佛山', '东莞', '厦门', '珠海', '中山', '惠州'];
const CORE = ['恒达', '鑫源', '华信', '宏发', '博远', '瑞丰', '联创', '金桥', '永盛', '正泰', '天成', '汇通', '嘉禾',
  '盛世', '中科', '新锐', '德润', '安泰', '百川', '东方', '海纳', '卓越', '立信', '同创', '万嘉', '思源', '锦程', '华美'];
const TRADE = ['电子', '贸易', '科技', '机械', '物流', '建材', '食品', '医疗器械', '家具', '印务', '精密', '服饰', '餐饮管理'];

const BIG = [
  { id: 'KH0001', name: '苏州恒达电子有限公司', owner: 'S001', region: '华东', lastQ: 5, spend: 36_000_000 },
  { id: 'KH0002', name: '上海瑞丰精密机械有限公司', owner: 'S002', region: '华东', spend: 33_000_000 },
  { id: 'KH0003', name: '深圳海纳科技有限公司', owner: 'S006', region: '华南', spend: 35_000_000 },
  { id: 'KH0004', name: '广州金桥物流有限公司', owner: 'S008', region: '华南', spend: 31_000_000 },
  { id: 'KH0005', name: '杭州正泰建材有限公司', owner: 'S004', region: '华东', spend: 30_000_000 },
  { id: 'KH0006', name: '东莞永盛家具有限公司', owner: 'S009', region: '华南', spend: 32_000_000 },
];

/** New customers won per person in 2024Q3 (steers new_customers). */
const NEW_2024Q3 = { S001: 3, S002: 6, S003: 4, S004: 2, S005: 4, S006: 3, S007: 1, S008: 3, S009: 1, S010: 3 };

function buildCustomers() {
  const customers = [];
  const names = new Set(BIG.map((b) => b.name));
  const newName = (region) => {
    for (;;) {
      const n = `${pick(region === '华东' ? EAST : SOUTH)}${pick(CORE)}${pick(TRADE)}有限公司`;
      if (!names.has(n)) { names.add(n); return n; }
    }
  };
  const regionOf = (emp) => (person[emp].team === '华东一组' ? '华东' : '华南');
  const add = (c) => {
    c.id = `KH${String(customers.length + 1).padStart(4, '0')}`;
    customers.push(c);
    return c;
  };
  for (const b of BIG) {
    add({ name: b.name, region: b.region, size: 'big', spend: b.spend, activity: 1, firstQ: 0, firstDay: null,
      lastQ: b.lastQ ?? NQ - 1, owners: [{ from: START, emp: b.owner }] });
  }
  const initial = SALES.filter((p) => p.startDay <= START).map((p) => p.id);
  const sizes = shuffle([...Array(38).fill('medium'), ...Array(86).fill('small')]);
  sizes.forEach((size, i) => {
    const emp = initial[i % initial.length];
    add(newCustomer(size, emp, 0, null, regionOf(emp), newName));
  });
  for (let q = 1; q < NQ; q++) {
    for (const p of SALES) {
      const lo = Math.max(qStart(q), p.startDay);
      const hi = Math.min(qEnd(q), p.endDay);
      if (lo > hi) continue;
      const n = q === Q3_2024 ? NEW_2024Q3[p.id] : int(1, 4);
      for (let k = 0; k < n; k++) {
        const size = chance(0.22) ? 'medium' : 'small';
        add(newCustomer(size, p.id, q, workday(lo, hi), regionOf(p.id), newName));
      }
    }
  }
  return customers;
}

function newCustomer(size, emp, firstQ, firstDay, region, newName) {
  const spend = size === 'medium' ? int(7_000_000, 12_000_000) : int(1_200_000, 2_600_000);
  const activity = size === 'medium' ? 0.94 : 0.8;
  let lastQ = NQ - 1;
  if (firstQ < NQ - 1 && chance(0.22)) lastQ = int(firstQ, NQ - 2);
  return { name: newName(region), region, size, spend, activity, firstQ, firstDay, lastQ, owners: [{ from: START, emp }] };
}

const ownerAt = (c, day) => {
  let emp = c.owners[0].emp;
  for (const o of c.owners) if (o.from <= day) emp = o.emp;
  return emp;
};

/** Account moves: the leaver's book goes to a teammate; the joiner takes over a few of S002's. */
function transferAccounts(customers) {
  const sep1 = dayOf(2024, 9, 1);
  for (const c of customers) if (ownerAt(c, sep1 - 1) === 'S009') c.owners.push({ from: sep1, emp: 'S010' });
  const aug1 = dayOf(2024, 8, 1);
  const s002 = customers.filter((c) => c.size === 'small' && ownerAt(c, aug1) === 'S002' && c.firstQ < 5 && c.lastQ === NQ - 1);
  for (const c of s002.slice(0, 4)) c.owners.push({ from: aug1, emp: 'S005' });
}

// ---------------------------------------------------------------------------------------------
// Sales
// ---------------------------------------------------------------------------------------------

/** `mult(emp, q)` scales non-big customers' spend; it never changes how many PRNG draws are made. */
function buildOrders(customers, mult) {
  const orders = [];
  for (const c of customers) {
    for (let q = c.firstQ; q <= c.lastQ; q++) {
      if (q > c.firstQ && !chance(c.activity)) continue;
      const n = c.size === 'big' ? int(6, 10) : c.size === 'medium' ? int(2, 5) : int(1, 3);
      const spend = c.spend * seasonal(q) * noise(0.8, 1.2);
      const lo = q === c.firstQ && c.firstDay !== null ? c.firstDay : qStart(q);
      for (let k = 0; k < n; k++) {
        let day = k === 0 && q === c.firstQ && c.firstDay !== null ? c.firstDay : workday(lo, qEnd(q));
        let emp = ownerAt(c, day);
        if (!employed(emp, day)) continue;
        const amount = (spend / n) * noise(0.6, 1.4) * (c.size === 'big' ? 1 : mult(emp, q));
        orders.push({ customer: c, day, minute: int(8 * 60 + 30, 18 * 60 + 50), emp, lines: orderLines(amount) });
      }
    }
  }
  // Order ids by date: SO20240701-0003.
  orders.sort((a, b) => a.day - b.day || a.minute - b.minute || a.customer.id.localeCompare(b.customer.id));
  let seqDay = -1;
  let seq = 0;
  for (const o of orders) {
    if (o.day !== seqDay) { seqDay = o.day; seq = 0; }
    o.id = `SO${compact(o.day)}-${String(++seq).padStart(4, '0')}`;
  }
  return orders;
}

function orderLines(amountCents) {
  const n = 1 + (chance(0.45) ? 1 : 0) + (chance(0.2) ? 1 : 0);
  const used = new Set();
  const lines = [];
  for (let i = 0; i < n; i++) {
    const share = amountCents / n;
    const fits = PRODUCTS.filter(([name, price]) => price <= share / 1.5 && !used.has(name));
    const u = rnd(); // drawn either way, so amounts never shift the PRNG stream
    const [name, price] = fits.length ? fits[Math.floor(u * fits.length)] : PRODUCTS.filter(([nm]) => !used.has(nm)).sort((a, b) => a[1] - b[1])[0];
    used.add(name);
    const qty = Math.max(1, Math.round(share / price));
    const amount = qty * price;
    lines.push({ product: name, qty, price, amount, cost: Math.round(amount * noise(0.62, 0.86)) });
  }
  return lines;
}

/** Turns orders into export rows: cancellations, refunds (some across quarter ends), 50/50 splits. */
function buildSalesRows(orders) {
  const rows = [];
  const firstOrderOf = new Map();
  for (const o of orders) if (!firstOrderOf.has(o.customer.id)) firstOrderOf.set(o.customer.id, o.id);
  for (const o of orders) {
    const cancelled = chance(0.025) && firstOrderOf.get(o.customer.id) !== o.id;
    const status = cancelled ? (chance(0.2) ? 'cancelled' : '已取消') : o.day > END - 10 ? '已发货' : '已完成';
    o.cancelled = cancelled;
    o.split = false;
    const mates = teammates(o.emp).filter((t) => employed(t, o.day));
    for (const l of o.lines) {
      // The export shows some amounts as ¥1,234.50; both rows of a split line look alike.
      const base = { order: o.id, day: o.day, minute: o.minute, customer: o.customer, product: l.product, status, yen: chance(0.3) };
      const canSplit = !cancelled && mates.length && firstOrderOf.get(o.customer.id) !== o.id && o.customer.size !== 'big';
      if (canSplit && chance(0.012)) {
        // Two rows of the same line, each crediting 50%; keep the amount even in cents.
        const qty = l.qty % 2 === 0 || l.price % 2 === 0 ? l.qty : l.qty + 1;
        const amount = qty * l.price;
        const cost = Math.round(amount * 0.75 / 2) * 2;
        o.split = true;
        rows.push({ ...base, emp: o.emp, qty, amount, cost, split: '50%' });
        rows.push({ ...base, emp: pick(mates), qty, amount, cost, split: '50%' });
        continue;
      }
      rows.push({ ...base, emp: o.emp, qty: l.qty, amount: l.amount, cost: l.cost, split: '100%' });
      if (cancelled) continue;
      const nearEnd = qEnd(quarterOf(o.day)) - o.day < 10;
      if (chance(nearEnd ? 0.09 : 0.03)) {
        const rday = o.day + int(3, 30);
        if (rday > END || !employed(o.emp, rday)) continue;
        const rq = int(1, l.qty);
        rows.push({ ...base, day: rday, minute: int(9 * 60, 17 * 60 + 30), emp: o.emp, qty: -rq,
          amount: -rq * l.price, cost: -Math.round((l.cost * rq) / l.qty), split: '100%', status: '退款' });
      }
    }
  }
  rows.sort((a, b) => a.day - b.day || a.minute - b.minute || a.order.localeCompare(b.order));
  return rows;
}

const SALES_HEADERS = ['订单编号', '下单日期', '客户编号', '客户名称', '销售员编号', '销售员', '区域', '产品', '数量', '金额', '成本', '分成比例', '状态'];

function csvCell(s) {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function salesCsv(rows) {
  const lines = [SALES_HEADERS.join(',')];
  for (const r of rows) {
    const hm = `${p2(Math.floor(r.minute / 60))}:${p2(r.minute % 60)}`;
    // One date style per order (by its time of day), as if from two order channels.
    const date = r.minute % 5 < 3 ? `${slash(r.day)} ${hm}` : iso(r.day);
    const amount = r.amount > 0 && r.yen ? `¥${yuanGrouped(r.amount)}` : yuan(r.amount);
    lines.push([r.order, date, r.customer.id, r.customer.name, r.emp, person[r.emp].name, r.customer.region,
      r.product, String(r.qty), amount, yuan(r.cost), r.split, r.status].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// Complaints
// ---------------------------------------------------------------------------------------------

const SERVICE = ['C001', 'C002', 'C003', 'C004', 'C005'];
const PER_QUARTER = { C001: 20, C002: 14, C003: 12, C004: 12, C005: 7 };
const PER_Q3 = { C001: 24, C002: 15, C003: 14, C004: 13, C005: 8 };
const RESPONSE_MEAN_H = { C001: 1.6, C002: 2.8, C003: 8, C004: 2.4, C005: 3.6 };

/** Customers with a 50/50 split line: their "latest order" can name two people, so rows about them always carry an order id. */
const splitCustomers = (orders) => new Set(orders.filter((o) => o.split).map((o) => o.customer.id));

function buildComplaints(orders, customers) {
  const valid = orders.filter((o) => !o.cancelled && !o.split);
  const hasSplit = splitCustomers(orders);
  const touchedByS003 = new Set();
  for (const o of orders) if (o.emp === 'S003') touchedByS003.add(o.customer.id);
  const list = [];
  const add = (c) => list.push(c);
  // The story: KH0001 complains twice in 2024Q2, escalated and left unsatisfied.
  const kh1 = customers.find((c) => c.id === 'KH0001');
  for (const [day, minute, sev] of [[dayOf(2024, 5, 20), 612, '高'], [dayOf(2024, 6, 18), 905, '高']]) {
    const order = valid.filter((o) => o.customer === kh1 && o.day <= day).pop();
    add({ opened: day * 1440 + minute, customer: kh1, order: order?.id ?? null, handler: 'C004', firstResponse: day * 1440 + minute + 190,
      resolved: day * 1440 + minute + 71 * 60, escalated: true, satisfied: false, severity: sev });
  }
  for (let q = 0; q < NQ; q++) {
    for (const h of SERVICE) {
      const lo = Math.max(qStart(q), person[h].startDay);
      const n = q === Q3_2024 ? PER_Q3[h] : Math.max(1, Math.round(PER_QUARTER[h] * noise(0.75, 1.25) * (lo > qStart(q) ? 0.5 : 1)));
      for (let i = 0; i < n; i++) {
        const forced = q === Q3_2024 && h === 'C001';
        const hi = forced && i < 23 ? qEnd(q) - 6 : qEnd(q);
        const day = workday(lo, hi);
        const recent = valid.filter((o) => o.day <= day && o.day >= day - 60 && o.customer.id !== 'KH0001'
          && !(q === Q3_2024 && touchedByS003.has(o.customer.id)));
        const order = pick(recent);
        const opened = day * 1440 + int(8 * 60, 20 * 60);
        const responded = forced ? i !== 23 : chance(0.95);
        const firstResponse = responded ? opened + Math.max(5, Math.round(-RESPONSE_MEAN_H[h] * 60 * Math.log(1 - rnd() * 0.98))) : null;
        let resolved = null;
        if (responded && (forced ? i !== 23 : chance(0.93))) {
          const hours = chance(0.1) ? noise(49, 120) : noise(2, 40);
          resolved = firstResponse + Math.round(hours * 60);
        }
        const escalated = forced ? i === 22 : chance(h === 'C003' ? 0.14 : 0.07);
        const satisfied = resolved === null ? null : forced ? i < 22 : chance(h === 'C001' ? 0.92 : 0.8);
        const withOrder = chance(0.7) || hasSplit.has(order.customer.id);
        add({ opened, customer: order.customer, order: withOrder ? order.id : null, handler: h, firstResponse, resolved,
          escalated, satisfied, severity: pick(['低', '低', '中', '中', '中', '高']) });
      }
    }
  }
  // Nothing after the end of the data: later times simply did not happen yet.
  const endMin = (END + 1) * 1440;
  for (const c of list) {
    if (c.firstResponse !== null && c.firstResponse >= endMin) { c.firstResponse = null; c.resolved = null; c.satisfied = null; }
    if (c.resolved !== null && c.resolved >= endMin) { c.resolved = null; c.satisfied = null; }
  }
  list.sort((a, b) => a.opened - b.opened || a.handler.localeCompare(b.handler));
  const seqByMonth = new Map();
  list.forEach((c, idx) => {
    const ym = compact(Math.floor(c.opened / 1440)).slice(0, 6);
    const s = (seqByMonth.get(ym) ?? 0) + 1;
    seqByMonth.set(ym, s);
    c.id = `TS${ym}${String(s).padStart(3, '0')}`;
    // A resolved status with no recorded time, twice in 2023 (the §5 "resolved status with no time" case).
    c.status = c.resolved !== null ? (idx % 9 === 0 ? '已关闭' : '已解决') : c.firstResponse !== null ? '处理中' : '待处理';
    if (c.resolved !== null && (idx === 40 || idx === 90)) { c.dropResolvedTime = true; c.status = '已关闭'; }
  });
  return list;
}

const COMPLAINT_HEADERS = ['投诉编号', '受理时间', '客户编号', '订单编号', '处理人', '首次响应时间', '解决时间', '状态', '是否升级', '客户是否满意', '严重程度'];
const DATETIME_FMT = 'yyyy"年"m"月"d"日" hh:mm';
const excelDate = (minutes) => new Date(minutes * 60_000); // minutes since epoch, wall clock as UTC

async function complaintsXlsx(list) {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('投诉记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(COMPLAINT_HEADERS).font = { bold: true };
  ws.columns.forEach((col, i) => { col.width = [14, 22, 10, 18, 8, 22, 22, 8, 9, 12, 9][i]; });
  for (const c of list) {
    const row = ws.addRow([c.id, excelDate(c.opened), c.customer.id, c.order ?? null, c.handler,
      c.firstResponse === null ? null : excelDate(c.firstResponse),
      c.resolved === null || c.dropResolvedTime ? null : excelDate(c.resolved),
      c.status, c.escalated ? '是' : '否', c.satisfied === null ? null : c.satisfied ? '是' : '否', c.severity]);
    for (const col of [2, 6, 7]) if (row.getCell(col).value !== null) row.getCell(col).numFmt = DATETIME_FMT;
  }
  return stableXlsx(wb);
}

// ---------------------------------------------------------------------------------------------
// Surveys
// ---------------------------------------------------------------------------------------------

/** NPS that goes with a CSAT score (satisfied customers tend to recommend). */
function npsFor(csat) {
  if (csat === 5) return pick([8, 9, 9, 10, 10, 10]);
  if (csat === 4) return pick([7, 7, 8, 8, 9, 6]);
  if (csat === 3) return pick([4, 5, 6, 6, 7]);
  return pick([0, 1, 2, 3, 4, 5]);
}
const satisfiedCsat = () => (chance(0.55) ? 5 : 4);
const unsatisfiedCsat = () => pick([1, 2, 3, 3, 3]);

/** 2024Q3 survey counts per service agent: [responses, satisfied (csat ≥ 4)]. */
const SERVICE_Q3 = { C001: [50, 43], C002: [50, 42], C003: [40, 30], C004: [36, 32], C005: [18, 16] };

function buildSurveys(orders, customers) {
  const list = [];
  const hasSplit = splitCustomers(orders);
  const SAT = { S001: 0.82, S002: 0.88, S003: 0.86, S004: 0.8, S005: 0.85, S006: 0.84, S007: 0.74, S008: 0.86, S009: 0.78, S010: 0.83 };
  for (const o of orders) {
    if (o.cancelled || o.split || !chance(0.16)) continue;
    const day = o.day + int(2, 20);
    if (day > END) continue;
    const csat = chance(SAT[o.emp]) ? satisfiedCsat() : unsatisfiedCsat();
    let mode = chance(0.5) ? 'employee' : chance(0.6) ? 'order' : 'customer';
    if (mode === 'customer' && hasSplit.has(o.customer.id)) mode = 'order';
    // A few responses answer only one of the two questions, never neither.
    const only = chance(0.1) ? (chance(0.5) ? 'nps' : 'csat') : 'both';
    list.push({ day, customer: o.customer.id, order: mode === 'customer' ? '' : o.id, employee: mode === 'employee' ? o.emp : '',
      nps: only === 'csat' ? null : npsFor(csat), csat: only === 'nps' ? null : csat });
  }
  const active = customers.filter((c) => c.lastQ >= 0);
  for (let q = 0; q < NQ; q++) {
    for (const h of SERVICE) {
      const lo = Math.max(qStart(q), person[h].startDay);
      const [n, sat] = q === Q3_2024 ? SERVICE_Q3[h] : [int(28, 48), -1];
      const p = h === 'C003' ? 0.76 : 0.87;
      for (let i = 0; i < n; i++) {
        const ok = sat >= 0 ? i < sat : chance(p);
        const csat = ok ? satisfiedCsat() : unsatisfiedCsat();
        const c = pick(active.filter((x) => x.firstQ <= q));
        list.push({ day: workday(lo, qEnd(q)), customer: c.id, order: '', employee: h,
          nps: q === Q3_2024 || !chance(0.05) ? npsFor(csat) : null, csat });
      }
    }
  }
  list.sort((a, b) => a.day - b.day || a.customer.localeCompare(b.customer) || a.employee.localeCompare(b.employee));
  list.forEach((s, i) => { s.id = `DY${String(i + 1).padStart(6, '0')}`; });
  return list;
}

const SURVEY_HEADERS = ['调研编号', '日期', '客户编号', '订单编号', '员工编号', '推荐值', '满意度'];

function surveysText(list) {
  const lines = [SURVEY_HEADERS.join('\t')];
  for (const s of list) {
    const date = chance(0.8) ? iso(s.day) : slash(s.day);
    lines.push([s.id, date, s.customer, s.order, s.employee, s.nps ?? '', s.csat ?? ''].join('\t'));
  }
  return lines.join('\r\n') + '\r\n';
}

/** UTF-16LE with a BOM: what Excel's "Unicode text" export writes. */
const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf8bom = (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

// ---------------------------------------------------------------------------------------------
// Byte-stable xlsx
// ---------------------------------------------------------------------------------------------

const FIXED = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));

function newWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.creator = '示例贸易有限公司';
  wb.lastModifiedBy = '示例贸易有限公司';
  wb.created = FIXED;
  wb.modified = FIXED;
  wb.lastPrinted = FIXED;
  return wb;
}

/** exceljs stamps zip entries with the current time: re-zip every entry with a fixed date. */
async function stableXlsx(wb) {
  const raw = await wb.xlsx.writeBuffer();
  const src = await JSZip.loadAsync(raw);
  const out = new JSZip();
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  for (const name of names) {
    out.file(name, await src.files[name].async('uint8array'), { date: FIXED, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

function planYaml() {
  const flow = (p) => {
    const f = [`id: ${p.id}`, `name: ${p.name}`, `team: ${p.team}`, `role: ${p.role}`, `base_salary: ${p.base_salary}`, `start_date: ${p.start}`];
    if (p.end) f.push(`end_date: ${p.end}`);
    return `  - { ${f.join(', ')} }`;
  };
  const notes = { S005: '   # 2024-07-24 入职：2024Q3 按 69/92 天折算目标 (joiner: targets prorated 69/92)',
    S009: '   # 2024-08-31 离职，客户 9 月起转给 S010 (leaver: 62/92 of 2024Q3; accounts pass to S010)' };
  const people = PEOPLE.map((p) => flow(p) + (notes[p.id] ?? '')).join('\n');
  return `# 示例贸易有限公司 · 客户 KPI 考核方案 (sample KPI plan)
# 由 scripts/gen-sample.mjs 生成，请勿手工修改数据文件 (generated; edit the generator, not the data).
# 运行 / try it:  kpi score --period 2024Q3   ·   kpi explain S001 --period 2024Q3   ·   kpi payout --period 2024Q3
#
# 注意：下面所有目标都是"季度"目标。没有 period 的目标行对任何期间都按原值使用，不会按期间长短折算，
# 所以本方案用于季度考核 (all targets are QUARTERLY figures; a target row without a period applies
# as written to any period, so score this plan by quarter, e.g. --period 2024Q3).

version: 1
company: 示例贸易有限公司
currency: CNY
language: zh                          # 输出语言 zh | en (output language)
calendar: { fiscal_year_start_month: 1 }   # 财年从 1 月开始 (fiscal year = calendar year)

# 数据来源：路径相对于本文件 (data sources; paths are relative to this file)
sources:
  sales:
    path: data/sales.csv              # ERP 导出的销售明细，GB18030 编码 (ERP sales lines, GB18030-encoded)
    # 按月导出的多个文件也可：path: data/销售-*.csv 或 [data/销售-7月.csv, data/销售-8月.xlsx]
    # (several monthly files: a pattern or a list); 表头上方有标题行时加 header_row: 2 (title above the headers)
    encoding: gb18030                 # 也可写 auto 自动识别 (auto would detect it too)
    date_format: auto                 # 日期混有 2024/7/1 14:05 与 2024-07-01 (mixed date styles)
    delimiter: auto
    columns:                          # 标准字段 -> 导出表头 (canonical field -> header in the export)
      order_id: 订单编号
      date: 下单日期
      customer_id: 客户编号           # 不是"客户名称" (the id, not the name column)
      employee_id: 销售员编号         # 不是"销售员"姓名列 (the id, not the salesperson's name)
      amount: 金额                    # 含 ¥1,234.50 与 1234.50 两种写法；退款为负数 (refunds are negative)
      split: 分成比例                 # 合作订单各记 50% (shared order lines credit 50% each)
    exclude: { status: [已取消, cancelled] }   # 已取消订单不计入任何指标 (cancelled rows are dropped first)
  complaints:
    path: data/complaints.xlsx        # 客服系统导出的投诉记录 (complaint log from the service desk)
    sheet: 投诉记录
    columns:
      handler_id: 处理人              # 处理人列填的是员工编号 (the handler column holds employee ids)
      satisfied: 客户是否满意         # 是/否，未解决时为空 (yes/no; empty while unresolved)
  surveys:
    path: data/surveys.txt            # 问卷平台"Unicode 文本"导出：UTF-16LE、制表符分隔 (UTF-16 tab-separated)
    encoding: auto
    columns:
      nps: 推荐值                     # 0–10 推荐意愿 (likelihood to recommend)
      csat: 满意度                    # 1–5 满意度评分 (satisfaction score)

segments: { big_customer_min_annual_revenue: 1000000 }   # 近 365 天销售额 ≥ 100 万为大客户 (big customer)
survey:   { csat_scale: 5, min_sample: 30 }              # 5 分制；样本少于 30 提示样本不足 (low-sample flag)
service:  { sla_hours: 48 }                              # 投诉 48 小时内解决 (resolution SLA)
default_role: sales                   # 数据中出现但名单里没有的员工按销售考核 (and a warning is shown)

# 员工名单；base_salary 为月薪 (roster; base_salary is monthly)
people:
${people}

roles:
  sales:
    description: 销售岗位 (sales)
    complaints_by: account_owner      # 投诉记在客户负责人名下 (complaints count against the account owner)
    kpis:
      - { metric: revenue, target: 1200000, weight: 40, threshold: "60%", cap: "150%" }   # 销售额：低于 60% 不得分 (below 60% scores 0)
      - { metric: new_customers, target: 3, weight: 20 }               # 新客户数 (new customers)
      - { metric: churn_rate, target: "20%", weight: 15 }             # 客户流失率，越低越好 (lower is better)
      - { metric: repeat_purchase_rate, target: "70%", weight: 10 }   # 复购率 (repeat purchase rate)
      - { metric: complaint_rate, target: "15%", weight: 15 }         # 投诉率 = 投诉数 / 订单数，越低越好
    payout:
      - { type: commission, name: 销售提成, base: revenue, mode: marginal,   # 超额累进提成 (marginal tiers)
          tiers: [ { up_to: 500000, rate: "1%" }, { up_to: 1200000, rate: "2%" }, { rate: "3%" } ] }
      - { type: per_unit, name: 新客户奖励, metric: new_customers, amount: 500 }   # 每个新客户 500 元
      - { type: score_bonus, name: 绩效奖金, target_amount: 6000,      # 按总分的绩效奖金 (score-based bonus)
          curve: [ { score: 60, pct: 0 }, { score: 100, pct: 1.0 }, { score: 150, pct: 1.5 } ] }
      - { type: penalty, name: 大客户流失扣款, when: { metric: lost_big_customers, at_least: 1 }, pct_of_base_salary: "10%" }
  service:
    description: 客服岗位 (customer service)
    complaints_by: handler            # 投诉记在处理人名下 (complaints count against the handler)
    kpis:
      - { metric: csat, target: "85%", weight: 30 }                   # 客户满意度 (CSAT: share of 4–5 scores)
      - { metric: resolution_rate, target: "90%", weight: 25 }        # 问题解决率 (resolution rate)
      - { metric: avg_first_response_hours, target: 4, weight: 25 }   # 平均首次响应时长(小时)，越短越好
      - { metric: sla_breach_rate, target: "20%", weight: 20 }        # 逾期解决率，越低越好 (SLA breaches)
    payout:
      - { type: threshold_bonus, name: 满意度奖, metric: csat, at_least: "85%", amount: 1000 }   # 86% 得奖，84% 不得
      - { type: per_event, name: 满意解决奖励, event: complaint_resolved_satisfied, amount: 200 }
      - { type: per_event, name: 升级扣款, event: complaint_escalated, amount: -300 }
    payout_cap: 5000                  # 客服每季度奖金上限 (quarterly cap on the service payout)

# 目标覆盖：员工 > 团队 > 岗位；同一级别中写了 period 的行优先 (overrides: employee > team > role;
# within a level a row for the period beats a periodless row)
targets:
  - { employee: S001, period: 2024Q3, metric: revenue, target: 1500000 }   # 张伟 2024Q3 目标上调 (raised target)
  - { team: 华东一组, metric: new_customers, target: 4 }                  # 华东一组新客户目标 4 (team override)

# 评级：按总分从高到低取第一个满足的 (first row whose min_score ≤ score)
ratings:
  - { min_score: 110, label: S }
  - { min_score: 100, label: A }
  - { min_score: 80,  label: B }
  - { min_score: 60,  label: C }
  - { label: D }
`;
}

// ---------------------------------------------------------------------------------------------
// Expected facts: recomputed from the bytes written, by a deliberately tiny independent reader
// ---------------------------------------------------------------------------------------------

function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
const parseDay = (s) => { const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(s); return dayOf(+m[1], +m[2], +m[3]); };
const parseCents = (s) => {
  const t = s.replace(/[¥,]/g, '');
  const neg = t.startsWith('-');
  const [i, f = '0'] = t.replace('-', '').split('.');
  return (neg ? -1 : 1) * (Number(i) * 100 + Number(f.padEnd(2, '0')));
};

function salesFacts(buf) {
  const text = new TextDecoder('gb18030').decode(buf);
  const lines = text.split('\r\n').filter((l) => l.length);
  const H = parseCsvLine(lines[0]);
  const col = (name) => H.indexOf(name);
  const [cO, cD, cC, cE, cA, cS, cSt] = ['订单编号', '下单日期', '客户编号', '销售员编号', '金额', '分成比例', '状态'].map(col);
  const rows = lines.slice(1).map(parseCsvLine).map((f) => ({
    order: f[cO], day: parseDay(f[cD]), customer: f[cC], emp: f[cE], status: f[cSt], split: f[cS],
    // Credited amount in cents: amount × split (split rows are even cents, so this is exact).
    credit: (parseCents(f[cA]) * parseInt(f[cS], 10)) / 100,
  }));
  const kept = rows.filter((r) => r.status !== '已取消' && r.status !== 'cancelled');
  const q = (qi) => [qStart(qi), qEnd(qi)];
  const inP = (r, [a, b]) => r.day >= a && r.day <= b;
  const Q3 = q(Q3_2024), Q2 = q(5);
  const revenue = (P) => {
    const out = {};
    for (const r of kept) if (inP(r, P)) out[r.emp] = (out[r.emp] ?? 0) + r.credit;
    return sortObj(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v / 100])));
  };
  const netBy = (P, key) => {
    const m = new Map();
    for (const r of kept) if (inP(r, P)) { const k = key(r); m.set(k, (m.get(k) ?? 0) + r.credit); }
    return m;
  };
  const countPositive = (m) => {
    const out = {};
    for (const [k, v] of m) if (v > 0) { const e = k.split('|')[0]; out[e] = (out[e] ?? 0) + 1; }
    return sortObj(out);
  };
  // First positive row in history, ordered by (date, order_id).
  const first = new Map();
  for (const r of [...kept].filter((r) => r.credit > 0).sort((a, b) => a.day - b.day || a.order.localeCompare(b.order))) {
    if (!first.has(r.customer)) first.set(r.customer, r);
  }
  const newCust = {};
  for (const r of first.values()) if (inP(r, Q3)) newCust[r.emp] = (newCust[r.emp] ?? 0) + 1;
  // Big customers as of 2024-06-30: company-wide revenue over the 365 days ending that day.
  const bigAt = (end) => {
    const m = new Map();
    for (const r of kept) if (r.day >= end - 364 && r.day <= end) m.set(r.customer, (m.get(r.customer) ?? 0) + r.credit);
    return [...m].filter(([, v]) => v >= 100_000_000).map(([k]) => k).sort();
  };
  const big = bigAt(Q2[1]);
  const activeQ2 = netBy(Q2, (r) => `${r.emp}|${r.customer}`);
  const anyQ3 = netBy(Q3, (r) => r.customer);
  const lostBig = {};
  for (const [k, v] of activeQ2) {
    const [e, c] = k.split('|');
    if (v > 0 && big.includes(c) && !((anyQ3.get(c) ?? 0) > 0)) lostBig[e] = [...(lostBig[e] ?? []), c].sort();
  }
  // churn_rate: of e's active customers in Q2, those with no positive net amount in Q3 with anyone.
  const churn = {};
  for (const [k, v] of activeQ2) {
    if (!(v > 0)) continue;
    const [e, c] = k.split('|');
    const x = (churn[e] ??= { lost: 0, base: 0 });
    x.base++;
    if (!((anyQ3.get(c) ?? 0) > 0)) x.lost++;
  }
  // repeat_purchase_rate: e's active customers in Q3 with ≥ 2 counted orders (net > 0) with e.
  const orderNet = netBy(Q3, (r) => `${r.emp}|${r.customer}|${r.order}`);
  const custOrders = new Map();
  for (const [k, v] of orderNet) if (v > 0) { const ec = k.split('|').slice(0, 2).join('|'); custOrders.set(ec, (custOrders.get(ec) ?? 0) + 1); }
  const repeat = {};
  for (const [k, v] of netBy(Q3, (r) => `${r.emp}|${r.customer}`)) {
    if (!(v > 0)) continue;
    const x = (repeat[k.split('|')[0]] ??= { repeat: 0, active: 0 });
    x.active++;
    if ((custOrders.get(k) ?? 0) >= 2) x.repeat++;
  }
  const gross = {};
  for (const r of kept) if (inP(r, Q3) && r.credit > 0) gross[r.emp] = (gross[r.emp] ?? 0) + r.credit;
  const employeeDays = (e) => { const d = rows.filter((r) => r.emp === e).map((r) => r.day); return [iso(Math.min(...d)), iso(Math.max(...d))]; };
  return {
    facts: {
      file: 'data/sales.csv',
      encoding: 'gb18030',
      rows: rows.length,
      cancelled_rows: rows.length - kept.length,
      refund_rows: rows.filter((r) => r.status === '退款').length,
      split_rows: rows.filter((r) => r.split !== '100%').length,
      customers: new Set(rows.map((r) => r.customer)).size,
      first_day: iso(Math.min(...rows.map((r) => r.day))),
      last_day: iso(Math.max(...rows.map((r) => r.day))),
      S005_first_sale: employeeDays('S005')[0],
      S009_last_sale: employeeDays('S009')[1],
      revenue_2024Q3: revenue(Q3),
      revenue_2024Q2: revenue(Q2),
      company_revenue_2024Q3: Object.values(revenue(Q3)).reduce((a, b) => a + Math.round(b * 100), 0) / 100,
      gross_positive_sales_2024Q3: sortObj(Object.fromEntries(Object.entries(gross).map(([k, v]) => [k, v / 100]))),
      orders_2024Q3: countPositive(netBy(Q3, (r) => `${r.emp}|${r.order}`)),
      active_customers_2024Q3: countPositive(netBy(Q3, (r) => `${r.emp}|${r.customer}`)),
      new_customers_2024Q3: sortObj(newCust),
      big_customers_as_of_2024_06_30: big,
      lost_big_customers_2024Q3: sortObj(lostBig),
      churn_2024Q3: sortObj(churn),
      repeat_purchase_2024Q3: sortObj(repeat),
    },
    kept,
  };
}

async function complaintFacts(buf, kept) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const ws = wb.getWorksheet('投诉记录');
  const H = ws.getRow(1).values; // 1-based
  const ci = (name) => H.indexOf(name);
  // Date cells come back as a Date (UTC wall clock) or, for some formats, an Excel serial number.
  const minutes = (v) => (v == null ? null : v instanceof Date ? Math.round(v.getTime() / 60_000) : Math.round((v - 25569) * 1440));
  const list = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (name) => row.getCell(ci(name)).value;
    list.push({ id: v('投诉编号'), opened: minutes(v('受理时间')), customer: v('客户编号'), order: v('订单编号'), handler: v('处理人'),
      firstResponse: minutes(v('首次响应时间')), resolved: minutes(v('解决时间')), status: v('状态'),
      escalated: v('是否升级') === '是', satisfied: v('客户是否满意') === '是' });
  });
  const [a, b] = [qStart(Q3_2024), qEnd(Q3_2024)];
  const inQ3 = list.filter((c) => Math.floor(c.opened / 1440) >= a && Math.floor(c.opened / 1440) <= b);
  const byHandler = {};
  for (const c of inQ3) {
    const h = (byHandler[c.handler] ??= { complaints: 0, resolved_by_end: 0, resolved_satisfied: 0, escalated: 0, sla_breached: 0, responded: 0, first_response_minutes: 0 });
    h.complaints++;
    const resolvedByEnd = c.resolved !== null ? Math.floor(c.resolved / 1440) <= b : c.status === '已解决' || c.status === '已关闭';
    if (resolvedByEnd) h.resolved_by_end++;
    if (resolvedByEnd && c.satisfied) h.resolved_satisfied++;
    if (c.escalated) h.escalated++;
    // sla_breach_rate numerator: resolved later than 48 h, or still open (at 2024-09-30 24:00) and older than 48 h.
    const endMin = (b + 1) * 1440;
    const age = resolvedByEnd ? (c.resolved === null ? 0 : c.resolved - c.opened) : endMin - c.opened;
    if (age > 48 * 60) h.sla_breached++;
    if (c.firstResponse !== null) { h.responded++; h.first_response_minutes += c.firstResponse - c.opened; }
  }
  for (const h of Object.values(byHandler)) {
    h.avg_first_response_hours = Math.round((h.first_response_minutes / h.responded / 60) * 10000) / 10000;
    delete h.first_response_minutes;
  }
  // Account owner (sales roles): the employee of order_id, else the customer's latest positive row on or before the day.
  const orderEmp = new Map();
  for (const r of kept) if (r.credit > 0) orderEmp.set(r.order, r.emp);
  const sorted = kept.filter((r) => r.credit > 0).sort((x, y) => x.day - y.day || x.order.localeCompare(y.order));
  const byOwner = {};
  for (const c of inQ3) {
    let e = c.order ? orderEmp.get(c.order) : undefined;
    if (!e) { const day = Math.floor(c.opened / 1440); e = sorted.filter((r) => r.customer === c.customer && r.day <= day).pop()?.emp; }
    byOwner[e ?? '(none)'] = (byOwner[e ?? '(none)'] ?? 0) + 1;
  }
  return {
    file: 'data/complaints.xlsx',
    sheet: '投诉记录',
    rows: list.length,
    unresolved: list.filter((c) => c.resolved === null && c.status !== '已关闭' && c.status !== '已解决').length,
    escalated: list.filter((c) => c.escalated).length,
    without_order_id: list.filter((c) => !c.order).length,
    opened_2024Q3: inQ3.length,
    by_handler_2024Q3: sortObj(byHandler),
    by_account_owner_2024Q3: sortObj(byOwner),
  };
}

function surveyFacts(buf) {
  const text = new TextDecoder('utf-16le').decode(buf.subarray(2));
  const lines = text.split('\r\n').filter((l) => l.length);
  const rows = lines.slice(1).map((l) => l.split('\t'));
  const [a, b] = [qStart(Q3_2024), qEnd(Q3_2024)];
  const byEmp = {};
  for (const f of rows) {
    const day = parseDay(f[1]);
    if (day < a || day > b || !f[4]) continue;
    const e = (byEmp[f[4]] ??= { responses: 0, csat_responses: 0, csat_satisfied: 0 });
    e.responses++;
    if (f[6] !== '') { e.csat_responses++; if (Number(f[6]) >= 4) e.csat_satisfied++; }
  }
  for (const e of Object.values(byEmp)) e.csat = e.csat_satisfied / e.csat_responses;
  return {
    file: 'data/surveys.txt',
    encoding: 'utf-16le with BOM, tab-separated',
    rows: rows.length,
    with_employee_id: rows.filter((f) => f[4]).length,
    order_only: rows.filter((f) => !f[4] && f[3]).length,
    customer_only: rows.filter((f) => !f[4] && !f[3]).length,
    by_employee_column_2024Q3: sortObj(byEmp),
  };
}

function sortObj(o) {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// The encoding fixtures: one small table, four physical forms
// ---------------------------------------------------------------------------------------------

const ENC_HEADERS = ['订单编号', '下单日期', '客户编号', '客户名称', '销售员编号', '产品', '数量', '金额', '状态'];
/** [order, y, m, d, hh:mm|null, date text, customer, name, emp, product, qty, amount cents, amount text, status] */
const ENC_ROWS = [
  ['SO20240701-0001', 2024, 7, 1, '09:15', '2024/7/1 09:15', 'KH0001', '苏州恒达电子有限公司', 'S001', '会议平板 65寸', 2, 2560000, '¥25,600.00', '已完成'],
  ['SO20240701-0002', 2024, 7, 1, null, '2024-07-01', 'KH0002', '上海瑞丰精密机械有限公司', 'S002', '人体工学办公椅', 10, 899000, '8990.00', '已完成'],
  ['SO20240702-0001', 2024, 7, 2, '14:05', '2024/7/2 14:05', 'KH0103', '杭州鑫源贸易有限公司', 'S001', 'A4复印纸（5包/箱）', 20, 257000, '¥2,570.00', '已完成'],
  ['SO20240703-0001', 2024, 7, 3, null, '2024年7月3日', 'KH0104', '南京博远科技有限公司', 'S003', '激光打印机硒鼓', 5, 178000, '1780', '已完成'],
  ['SO20240705-0001', 2024, 7, 5, null, '2024-07-05', 'KH0105', '广州天成食品有限公司', 'S006', '茶叶礼盒', 12, 465600, '4,656.00', '已完成'],
  ['SO20240702-0001', 2024, 7, 8, '10:30', '2024/7/8 10:30', 'KH0103', '杭州鑫源贸易有限公司', 'S001', 'A4复印纸（5包/箱）', -4, -51400, '-514.00', '退款'],
  ['SO20240709-0001', 2024, 7, 9, null, '2024-07-09', 'KH0106', '深圳中科医疗器械有限公司', 'S007', '空气净化器', 3, 659700, '6597.00', '已取消'],
  ['SO20240710-0001', 2024, 7, 10, '16:45', '2024/7/10 16:45', 'KH0107', '佛山德润家具有限公司', 'S008', '钢制文件柜', 15, 1140000, '¥11,400.00', '已完成'],
  ['SO20240711-0001', 2024, 7, 11, null, '2024年7月11日', 'KH0108', '厦门海纳物流有限公司', 'S006', '商用咖啡机', 1, 689000, '6890.00', '已完成'],
  ['SO20240712-0001', 2024, 7, 12, null, '2024-07-12', 'KH0109', '宁波安泰机械有限公司', 'S004', '电动工具套装', 10, 1200000, '1.2万', '已完成'],
  ['SO20240715-0001', 2024, 7, 15, '08:50', '2024/7/15 08:50', 'KH0110', '无锡立信电子有限公司', 'S002', '收纳盒,大号', 40, 59600, '596.00', '已完成'],
  ['SO20240710-0001', 2024, 7, 16, null, '2024-07-16', 'KH0107', '佛山德润家具有限公司', 'S008', '钢制文件柜', -2, -152000, '(1,520.00)', '退款'],
  ['SO20240718-0001', 2024, 7, 18, '11:20', '2024/7/18 11:20', 'KH0111', '合肥同创建材有限公司', 'S003', 'LED平板灯 600×600', 30, 504000, '¥5,040.00', '已发货'],
  ['SO20240719-0001', 2024, 7, 19, null, '2024-07-19', 'KH0112', '东莞锦程服饰有限公司', 'S010', '劳保手套（12双装）', 100, 369000, '3690.00', '已完成'],
  ['SO20240722-0001', 2024, 7, 22, null, '2024年7月22日', 'KH0113', '珠海华美科技有限公司', 'S007', '无线扫码枪', 6, 143400, '¥1,434.00', '已完成'],
  ['SO20240723-0001', 2024, 7, 23, '15:00', '2024/7/23 15:00', 'KH0114', '中山思源印务有限公司', 'S009', '不干胶标签纸', 50, 293000, '2930.00', '已完成'],
  ['SO20240725-0001', 2024, 7, 25, null, '2024-07-25', 'KH0115', '常州万嘉精密有限公司', 'S005', 'UPS不间断电源', 2, 312000, '3,120.00', '已完成'],
  ['SO20240729-0001', 2024, 7, 29, '13:40', '2024/7/29 13:40', 'KH0116', '惠州宏发餐饮管理有限公司', 'S009', '不锈钢保温杯', 24, 109920, '¥1,099.20', '已完成'],
  ['SO20240730-0001', 2024, 7, 30, null, '2024-07-30', 'KH0117', '上海卓越贸易有限公司', 'S004', '碎纸机', 1, 68800, '688.00', '已取消'],
  ['SO20240731-0001', 2024, 7, 31, '17:55', '2024/7/31 17:55', 'KH0105', '广州天成食品有限公司', 'S006', '网络监控摄像头', 8, 336000, '¥3,360.00', '已完成'],
];

const ENC_PEOPLE = [...new Set(ENC_ROWS.map((r) => r[8]))].sort()
  .map((id) => `  - { id: ${id}, name: ${person[id].name}, team: ${person[id].team}, role: sales }`).join('\n');

async function writeEncodings(dir) {
  mkdirSync(dir, { recursive: true });
  const text = (sep) => [ENC_HEADERS.join(sep), ...ENC_ROWS.map((r) =>
    [r[0], r[5], r[6], r[7], r[8], r[9], String(r[10]), r[12], r[13]].map((c) => (sep === ',' ? csvCell(c) : c)).join(sep))].join('\r\n') + '\r\n';
  writeFileSync(join(dir, 'sales.utf8.csv'), utf8bom(text(',')));
  writeFileSync(join(dir, 'sales.gb18030.csv'), iconv.encode(text(','), 'gb18030'));
  writeFileSync(join(dir, 'sales.utf16.tsv'), utf16(text('\t')));
  const wb = newWorkbook();
  const ws = wb.addWorksheet('销售明细');
  ws.addRow(ENC_HEADERS).font = { bold: true };
  for (const r of ENC_ROWS) {
    const [hh, mm] = r[4] ? r[4].split(':').map(Number) : [0, 0];
    const row = ws.addRow([r[0], new Date(Date.UTC(r[1], r[2] - 1, r[3], hh, mm)), r[6], r[7], r[8], r[9], r[10], r[11] / 100, r[13]]);
    row.getCell(2).numFmt = r[4] ? DATETIME_FMT : 'yyyy"年"m"月"d"日"';
    row.getCell(8).numFmt = '"¥"#,##0.00;-"¥"#,##0.00';
  }
  writeFileSync(join(dir, 'sales.xlsx'), await stableXlsx(wb));
  const expected = ENC_ROWS.map((r) => ({
    order_id: r[0], date: `${r[1]}-${p2(r[2])}-${p2(r[3])}`, customer_id: r[6], customer_name: r[7], employee_id: r[8],
    product: r[9], quantity: r[10], amount: yuan(r[11]), status: r[13],
  }));
  writeFileSync(join(dir, 'expected.json'), JSON.stringify({
    note: 'The same 20 sales rows in four physical forms. Every reader must yield these records (amount as decimal text; 已取消 rows are kept here, exclusion is the plan\'s job). 2 of them (已取消) drop out under the plans\' exclude.',
    headers: ENC_HEADERS,
    records: expected,
    revenue_after_exclude: yuan(ENC_ROWS.filter((r) => r[13] !== '已取消').reduce((a, r) => a + r[11], 0)),
  }, null, 2) + '\n');
  const forms = [['utf8', 'sales.utf8.csv', 'UTF-8 with BOM, comma'], ['gb18030', 'sales.gb18030.csv', 'GB18030, comma'],
    ['utf16', 'sales.utf16.tsv', 'UTF-16LE with BOM, tab'], ['xlsx', 'sales.xlsx', 'xlsx, sheet 销售明细, Excel date cells']];
  for (const [key, file, what] of forms) {
    writeFileSync(join(dir, `plan.${key}.yaml`), `# Encoding fixture: ${what}. Same records as every other plan.*.yaml here.
version: 1
company: 编码测试
currency: CNY
language: zh
sources:
  sales:
    path: ${file}${key === 'xlsx' ? '\n    sheet: 销售明细' : '\n    encoding: auto\n    delimiter: auto'}
    columns: { order_id: 订单编号, date: 下单日期, customer_id: 客户编号, employee_id: 销售员编号, amount: 金额 }
    exclude: { status: [已取消, cancelled] }
people:
${ENC_PEOPLE}
roles:
  sales:
    kpis:
      - { metric: revenue, target: 100000, weight: 100 }
`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function folderBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    n += statSync(p).isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

function sampleReadme(facts) {
  const r = Object.fromEntries(Object.entries(facts.sales.revenue_2024Q3).map(([k, v]) => [k, yuanGrouped(Math.round(v * 100))]));
  return `# 示例贸易有限公司 — the bundled sample company

A fictional Chinese office- and industrial-supplies trading company: 10 salespeople in two teams
(华东一组, 华南组) and 5 service agents (客服部), ${facts.sales.customers} customers (6 big ones), two years of
data (2023-01-01 … 2024-12-31). \`kpi --demo\` and \`kpi init\` use it; golden tests run on it.

**Generated — do not edit by hand.** \`node scripts/gen-sample.mjs\` (deterministic: seeded PRNG, fixed
xlsx dates and zip entry times) rewrites this folder and \`fixtures/encodings/\`; a test checks that
a fresh run is byte-identical to what is committed.

| file | what | encoding / form |
| --- | --- | --- |
| \`kpi.yaml\` | the plan (PRODUCT.md §3), commented in Chinese with English glosses; quarterly targets | UTF-8 |
| \`data/sales.csv\` | ${facts.sales.rows} sales lines: refunds as negative 退款 rows (some across quarter ends), 已取消/cancelled orders, 50%/50% split lines, \`¥1,234.50\` and \`1234.50\` amounts, \`2024/7/1 14:05\` and \`2024-07-01\` dates | GB18030, comma, CRLF |
| \`data/complaints.xlsx\` | ${facts.complaints.rows} complaints, sheet 投诉记录; times are Excel date cells with format \`yyyy"年"m"月"d"日" hh:mm\`; 处理人 holds employee ids | xlsx |
| \`data/surveys.txt\` | ${facts.surveys.rows} survey responses: 推荐值 (NPS 0–10), 满意度 (CSAT 1–5); some rows carry only an order or only a customer | UTF-16LE with BOM, tab ("Unicode text") |
| \`expected-facts.json\` | totals recomputed by the generator from the bytes it wrote (a tiny independent reader) | JSON |

## The 2024Q3 story (\`kpi score --period 2024Q3\`)

- S001 张伟 lost big customer KH0001 苏州恒达电子 after two escalated complaints in 2024Q2:
  revenue ${r.S001} against a raised target of 1,500,000; lost_big_customers = 1 (penalty fires).
- S002 王芳 beats target (${r.S002}); S003 李强 has no complaints in 2024Q3.
- S005 黄勇 joins 2024-07-24 (targets × 69/92; new-customer target 4 × 69/92 = 3); S009 周杰 leaves
  2024-08-31 (× 62/92) and his accounts move to S010 吴刚 on 2024-09-01.
- S007 杨磊 stays under the 60% revenue threshold (${r.S007}).
- Service: C001 李娜 CSAT 43/50 = 86% (bonus; her payout hits the 5,000 cap), C002 孙丽 42/50 = 84% (no
  bonus), C003 郑浩 responds slowly, C005 何佳 has 18 responses (< min_sample 30).

## Facts a test can assert (see expected-facts.json for all)

- \`sales.revenue_2024Q3\`: Σ 金额 × 分成比例 over rows dated 2024-07-01 … 2024-09-30 whose 状态 is not
  已取消/cancelled (refunds included) — §5 \`revenue\` per 销售员编号.
- \`sales.orders_2024Q3\`, \`active_customers_2024Q3\`, \`new_customers_2024Q3\`, \`lost_big_customers_2024Q3\`
  follow the §5 definitions literally.
- \`complaints.by_handler_2024Q3\`: opened in Q3 per 处理人, resolved by 2024-09-30, resolved-and-satisfied
  and escalated counts (the per_event payouts), mean first-response hours.
- \`surveys.by_employee_column_2024Q3\`: responses whose 员工编号 is filled in, per employee.
`;
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const quiet = args.includes('--quiet');
  const outArg = opt('--out');
  const out = resolve(outArg ?? join(ROOT, 'fixtures/sample'));
  const encOutArg = opt('--encodings-out');
  const encOut = encOutArg ? resolve(encOutArg) : outArg ? null : join(ROOT, 'fixtures/encodings');

  // Pass 1 measures what the customers would buy; pass 2 (same seed, same draws) scales each
  // person's non-big customers so that the quarter lands near desiredK.
  const simulate = (mult) => {
    reseed();
    const customers = buildCustomers();
    transferAccounts(customers);
    return { customers, orders: buildOrders(customers, mult) };
  };
  const probe = simulate(() => 1);
  const sums = new Map();
  for (const o of probe.orders) {
    const k = `${o.emp}|${quarterOf(o.day)}|${o.customer.size === 'big' ? 'big' : 'rest'}`;
    sums.set(k, (sums.get(k) ?? 0) + o.lines.reduce((a, l) => a + l.amount, 0) / 100_000);
  }
  const mult = (emp, q) => {
    const rest = sums.get(`${emp}|${q}|rest`) ?? 0;
    return rest > 0 ? Math.max(0.2, (desiredK(emp, q) - (sums.get(`${emp}|${q}|big`) ?? 0)) / rest) : 1;
  };
  const { customers, orders } = simulate(mult);
  const salesRows = buildSalesRows(orders);
  const salesBuf = iconv.encode(salesCsv(salesRows), 'gb18030');
  const complaints = buildComplaints(orders, customers);
  const complaintsBuf = await complaintsXlsx(complaints);
  const surveysBuf = utf16(surveysText(buildSurveys(orders, customers)));

  mkdirSync(join(out, 'data'), { recursive: true });
  writeFileSync(join(out, 'kpi.yaml'), planYaml());
  writeFileSync(join(out, 'data/sales.csv'), salesBuf);
  writeFileSync(join(out, 'data/complaints.xlsx'), complaintsBuf);
  writeFileSync(join(out, 'data/surveys.txt'), surveysBuf);

  const { facts: sales, kept } = salesFacts(salesBuf);
  const facts = {
    generator: 'scripts/gen-sample.mjs',
    period: { id: '2024Q3', start: '2024-07-01', end: '2024-09-30', days: 92 },
    proration_2024Q3: { S005: { days: 69, of: 92 }, S009: { days: 62, of: 92 } },
    sales,
    complaints: await complaintFacts(complaintsBuf, kept),
    surveys: surveyFacts(surveysBuf),
  };
  writeFileSync(join(out, 'expected-facts.json'), JSON.stringify(facts, null, 2) + '\n');
  writeFileSync(join(out, 'README.md'), sampleReadme(facts));
  if (encOut) await writeEncodings(encOut);

  if (args.includes('--stats')) {
    const t = {};
    for (const r of kept) { const k = r.emp; (t[k] ??= Array(NQ).fill(0))[quarterOf(r.day)] += r.credit / 100; }
    for (const [k, v] of Object.entries(sortObj(t))) process.stderr.write(`${k} ${v.map((x) => String(Math.round(x / 1000)).padStart(6)).join('')}\n`);
  }
  if (!quiet) {
    process.stderr.write(`sample → ${out} (${(folderBytes(out) / 1024).toFixed(0)} KiB)\n`);
    if (encOut) process.stderr.write(`encodings → ${encOut}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
