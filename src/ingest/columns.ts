/**
 * Canonical fields of each export (PRODUCT.md §4) and the header synonyms that find them.
 * Matching ignores case, spaces, punctuation and full-width forms; the plan's `columns:` wins.
 */
import type { Diagnostic } from '../diagnostics.js';
import { METRICS } from '../engine/metrics/registry.js';
import { toHalfWidth } from './values.js';

export type ExportKind = 'sales' | 'complaints' | 'surveys' | 'people' | 'targets';

export interface FieldDef {
  field: string;
  zh: string;
  required: boolean;
  synonyms: string[];
}

const f = (field: string, zh: string, required: boolean, synonyms: string): FieldDef =>
  ({ field, zh, required, synonyms: [field, ...synonyms.split('|')] });

/** Field definitions per export, in matching order (earlier fields claim headers first). */
export const FIELDS: Record<ExportKind, FieldDef[]> = {
  sales: [
    f('order_id', '订单号', true, '订单号|订单编号|订单id|订单 id|单号|单据编号|销售单号|order id|order no|order number|orderid|invoice|invoice no|invoiceno|invoice number'),
    f('date', '日期', true, '下单日期|订单日期|下单时间|订单时间|成交日期|销售日期|交易日期|日期|date|order date|order time|order_time|orderdate|invoice date|invoicedate|purchase date|order purchase timestamp'),
    f('customer_id', '客户编号', true, '客户编号|客户id|客户代码|客户号|客户|customer id|customer|customer no|customerid|client id|user id|buyer id'),
    f('employee_id', '员工编号', true, '销售员编号|销售员工号|销售员id|业务员编号|业务员id|销售代表编号|销售代表id|员工编号|员工id|工号|销售代表|销售员|业务员|员工|负责人|sales rep|sales rep id|salesperson|seller id|seller|employee id|employee|rep id|owner id'),
    f('amount', '金额', true, '金额|销售额|实收金额|销售金额|成交金额|订单金额|收入|amount|sales|revenue|total|line total|net amount'),
    f('status', '状态', false, '状态|订单状态|status|order status'),
    f('cost', '成本', false, '成本|成本金额|cost|cost amount|cogs'),
    // Only read when there is no cost column: cost = amount − profit (see DERIVED).
    f('profit', '毛利', false, '毛利|毛利额|毛利润|利润|gross profit|profit|margin amount'),
    f('split', '分成比例', false, '分成比例|业绩比例|分配比例|提成比例|split|credit split|share|credit share'),
    f('quantity', '数量', false, '数量|件数|quantity|qty'),
    // Only read when there is no amount column: amount = quantity × unit_price (see DERIVED).
    f('unit_price', '单价', false, '单价|销售单价|成交单价|含税单价|unit price|unitprice|price each'),
    f('product', '产品', false, '产品名称|产品|商品|商品名称|product|product name|item'),
    f('region', '区域', false, '区域|地区|大区|region|area'),
    f('channel', '渠道', false, '渠道|销售渠道|channel'),
  ],
  complaints: [
    f('complaint_id', '投诉编号', true, '投诉编号|投诉单号|投诉id|工单号|工单编号|工单id|单号|ticket id|ticket|ticket no|case id|case number|complaint id'),
    f('opened_at', '受理时间', true, '受理时间|投诉时间|投诉日期|创建时间|登记时间|提交时间|created date|created at|created|opened at|opened|open date|created time|date'),
    f('customer_id', '客户编号', false, '客户编号|客户id|客户|customer id|customer'),
    f('order_id', '订单号', false, '订单号|订单编号|订单id|order id|order no'),
    f('handler_id', '处理人', false, '处理人编号|处理人工号|处理人id|处理人|客服编号|客服工号|客服id|客服|经办人|受理人|agent|agent id|handler|handler id|assignee|handled by'),
    f('owner_id', '客户负责人', false, '客户负责人编号|客户负责人|客户经理编号|客户经理|销售代表|业务员|account owner|owner|owner id|account manager'),
    f('first_response_at', '首次响应时间', false, '首次响应时间|首响时间|响应时间|first response at|first response|first response time|responded at'),
    f('resolved_at', '解决时间', false, '解决时间|结案时间|关闭时间|完成时间|resolved at|resolved date|resolved|closed at|closed date|resolution date'),
    // Durations, for exports that give how long instead of when (used only without the timestamp;
    // the unit must be in the header or the plan's field name, never guessed).
    f('first_response_minutes', '首次响应时长(分钟)', false, '首次响应时长(分钟)|首响时长(分钟)|响应时长(分钟)|首次响应用时(分钟)|first response minutes|first response time (minutes)|first response time minutes|response minutes'),
    f('first_response_hours', '首次响应时长(小时)', false, '首次响应时长(小时)|首响时长(小时)|响应时长(小时)|first response hours|first response time (hours)|response hours'),
    f('resolution_minutes', '解决时长(分钟)', false, '解决时长(分钟)|处理时长(分钟)|resolution minutes|resolution time (minutes)'),
    f('resolution_hours', '解决时长(小时)', false, '解决时长(小时)|处理时长(小时)|resolution hours|resolution time (hours)|hours to resolve'),
    f('status', '状态', false, '状态|处理状态|工单状态|status'),
    f('escalated', '是否升级', false, '是否升级|升级|escalated|is escalated|escalation'),
    f('satisfied', '是否满意', false, '客户是否满意|是否满意|满意|客户满意|satisfied|is satisfied|satisfaction'),
    f('severity', '严重程度', false, '严重程度|等级|级别|优先级|severity|priority|level'),
  ],
  surveys: [
    f('date', '日期', true, '调研日期|调查日期|评价日期|回访日期|提交时间|日期|date|survey date|submitted at|response date|review creation date|created date'),
    f('nps', '推荐值', false, 'nps|推荐值|推荐意愿|推荐分|净推荐值|nps score|recommend score|likelihood to recommend'),
    f('csat', '满意度', false, 'csat|满意度|满意度评分|满意分|评分|csat score|satisfaction score|rating|review score|score'),
    f('response_id', '问卷编号', false, '问卷编号|调研编号|回访编号|response id|survey id|review id|id'),
    f('customer_id', '客户编号', false, '客户编号|客户id|客户|customer id|customer'),
    f('order_id', '订单号', false, '订单号|订单编号|订单id|order id|order no'),
    f('employee_id', '员工编号', false, '员工编号|员工id|工号|销售员编号|销售代表id|客服编号|处理人编号|员工|销售代表|客服|处理人|employee id|employee|agent|seller id|technician|serviceresource id'),
  ],
  people: [
    f('id', '员工编号', true, '员工编号|员工id|工号|编号|employee id|employee|emp id|staff id|id'),
    f('name', '姓名', false, '姓名|员工姓名|名字|name|employee name|full name'),
    f('team', '团队', false, '团队|小组|组别|部门|team|group|department'),
    f('role', '角色', false, '角色|岗位|职位|role|position|job'),
    f('base_salary', '基本工资', false, '基本工资|底薪|月薪|base salary|salary|base'),
    f('start_date', '入职日期', false, '入职日期|入职时间|开始日期|start date|hire date|hired|start'),
    f('end_date', '离职日期', false, '离职日期|离职时间|结束日期|end date|leave date|termination date|end'),
  ],
  targets: [
    f('metric', '指标', true, '指标|指标名称|kpi|metric'),
    f('target', '目标值', true, '目标值|目标|target|goal|target value'),
    f('employee', '员工编号', false, '员工编号|员工工号|工号|员工id|员工|employee|employee id'),
    f('team', '团队', false, '团队|小组|team'),
    f('role', '角色', false, '角色|岗位|role'),
    f('period', '期间', false, '期间|周期|考核期|period'),
  ],
};

/**
 * The code a field's parser gives a value it cannot read — what an xlsx error cell (`#DIV/0!`) in
 * the field's column is reported as (source-reader.ts): bad_date, bad_amount, bad_number,
 * bad_percent, bad_boolean; missing_value for ids and text, which read anything but a blank.
 * A summed column (`amount#1`, see mapColumns) is its field's.
 */
export function badValueCode(field: string): string {
  return BAD_VALUE_CODES.get(field.replace(/#\d+$/, '')) ?? 'missing_value';
}

const BAD_VALUE_CODES = new Map<string, string>([
  ...['date', 'opened_at', 'first_response_at', 'resolved_at', 'start_date', 'end_date'].map((f) => [f, 'bad_date'] as const),
  ...['amount', 'cost', 'profit', 'unit_price', 'base_salary'].map((f) => [f, 'bad_amount'] as const),
  ...['quantity', 'nps', 'csat', 'target', 'first_response_minutes', 'first_response_hours', 'resolution_minutes',
    'resolution_hours'].map((f) => [f, 'bad_number'] as const),
  ['split', 'bad_percent'], ['escalated', 'bad_boolean'], ['satisfied', 'bad_boolean'],
]);

/** Groups of fields of which at least one must be present (§4: "nps or csat", "one of employee/team/role"). */
export const ONE_OF: Partial<Record<ExportKind, string[][]>> = {
  surveys: [['nps', 'csat']],
  targets: [['employee', 'team', 'role']],
};

/** A metric's id, Chinese and English names in header normal form → the metric id. */
let metricByHeader: Map<string, string> | null = null;

/**
 * The columns of a *wide* targets sheet — one row per person, one column per metric, as HR keeps
 * them (`工号 | 销售额目标 | 新客户数 | 客户满意度`): each header that is a metric's id or its zh/en
 * name, with or without `目标` / `目标值` / `target` around it. Returns [column, metric id] pairs.
 */
export function wideMetricColumns(header: readonly string[]): Array<{ idx: number; metric: string }> {
  if (metricByHeader === null) {
    metricByHeader = new Map();
    for (const m of METRICS) for (const name of [m.id, m.zh, m.en]) metricByHeader.set(normHeader(name), m.id);
  }
  const out: Array<{ idx: number; metric: string }> = [];
  header.forEach((h, idx) => {
    const n = normHeader(h).replace(/^(目标值|目标|target)/, '').replace(/(目标值|目标|target|goal)$/, '');
    const metric = metricByHeader!.get(n);
    if (metric !== undefined && !out.some((o) => o.metric === metric)) out.push({ idx, metric });
  });
  return out;
}

/**
 * The headers of a file as a message lists them: the first 30 non-blank, each cut at 40
 * characters, then how many more — a one-line binary file or a 10,000-column export must not
 * turn one error into megabytes of stderr.
 */
export function headerList(header: readonly string[]): string {
  const all = header.filter((h) => h !== '');
  const shown = all.slice(0, 30).map((h) => JSON.stringify(h.length > 40 ? `${h.slice(0, 40)}…` : h)).join(', ');
  return all.length > 30 ? `${shown}, … and ${all.length - 30} more` : shown;
}

/**
 * Header normal form: full-width → ASCII, lower case, no spaces/punctuation/underscores, and no
 * bracketed unit that only names the currency (`金额(元)`, `销售额（人民币）`, `Amount (CNY)` read as
 * `金额`, `销售额`, `amount`). A unit that scales (`金额(万元)`) or measures time (`时长(小时)`) stays,
 * so it never matches a plain field by accident.
 */
export function normHeader(h: string): string {
  return toHalfWidth(h).normalize('NFKC').toLowerCase()
    .replace(/[(（[【]\s*(?:元|人民币|rmb|cny|¥|￥)\s*[)）\]】]/g, '')
    .replace(/[\s_\-./\\()（）\[\]【】:：#'"`,，、]+/g, '');
}

/** canonical field → column index, plus the header each was read from. */
export interface ColumnMap {
  index: Record<string, number>;
  mapping: Record<string, string>;
}

/**
 * Fields an export may compute from other columns instead: a sales file without an amount
 * column but with quantity and unit price has amount = quantity × unit_price per line, and one
 * without cost but with a profit column has cost = amount − profit (ingest/sales.ts). A file with
 * the field's own column uses it, whatever else it has.
 */
export const DERIVED: Partial<Record<ExportKind, Record<string, readonly string[]>>> = {
  sales: { amount: ['quantity', 'unit_price'], cost: ['profit'] },
};

/**
 * Maps canonical fields to header columns: the plan's `columns:` first (exact, then normalised
 * match; a named header that is absent is an error), then synonyms in priority order, each header
 * used once. `provided` fields (filled by a join) need no column. Returns the map and the
 * diagnostics (one `missing_column` for all missing required fields).
 */
export function mapColumns(
  kind: ExportKind, header: string[], planColumns: Record<string, string>, file: string,
  opts: { sheet?: string; provided?: Set<string>; sums?: Record<string, string[]> } = {},
): { map: ColumnMap; diagnostics: Diagnostic[]; missing: string[] } {
  const defs = FIELDS[kind];
  const norm = header.map(normHeader);
  const used = new Set<number>();
  const index: Record<string, number> = {};
  const mapping: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  const present = headerList(header);

  const findHeader = (name: string): number => {
    let i = header.findIndex((h, k) => !used.has(k) && h.trim() === name.trim());
    if (i < 0) i = norm.findIndex((h, k) => !used.has(k) && h === normHeader(name));
    return i;
  };
  const take = (field: string, i: number) => {
    index[field] = i;
    mapping[field] = header[i];
    used.add(i);
  };

  /** A header the plan names (`columns.<field> names|adds the header …`) that the file lacks. */
  const absent = (field: string, name: string, verb: string) => diagnostics.push({
    code: 'missing_column', severity: 'error', file, sheet: opts.sheet, column: name,
    message: `columns.${field} ${verb} the header ${JSON.stringify(name)}, which ${file} does not have; headers present: ${present}`,
  });

  const planned = Object.entries(planColumns);
  for (const [field, name] of planned) {
    if (opts.provided?.has(field)) continue;
    const i = findHeader(name);
    if (i < 0) absent(field, name, 'names');
    else take(field, i);
  }
  // A field summed from several headers (`columns: { amount: [货款, 运费] }`): the further headers
  // are `field#1`, `field#2`, … in the index, and the mapping reads "货款 + 运费".
  for (const [field, names] of Object.entries(opts.sums ?? {})) {
    names.forEach((name, k) => {
      const i = findHeader(name);
      if (i < 0) { absent(field, name, 'adds'); return; }
      index[`${field}#${k + 1}`] = i;
      used.add(i);
      if (field in mapping) mapping[field] += ` + ${header[i]}`;
    });
  }
  for (const def of defs) {
    if (def.field in index || def.field in planColumns) continue;
    for (const syn of def.synonyms) {
      const n = normHeader(syn);
      const i = norm.findIndex((h, k) => !used.has(k) && h === n);
      if (i >= 0) { take(def.field, i); break; }
    }
  }
  const has = (fld: string) => fld in index || fld in planColumns || !!opts.provided?.has(fld);
  // A wide targets sheet (metric columns instead of metric + target): see wideMetricColumns.
  const wide = kind === 'targets' && !has('metric') && !has('target') && wideMetricColumns(header).length > 0;
  const derived = (fld: string) => (wide && (fld === 'metric' || fld === 'target'))
    || ((DERIVED[kind]?.[fld] ?? []).length > 0 && DERIVED[kind]![fld].every(has));
  const missing = defs.filter((d) => d.required && !has(d.field) && !derived(d.field));
  for (const group of ONE_OF[kind] ?? []) {
    if (!group.some(has)) missing.push({ field: group.join(' or '), zh: group.map((g) => defs.find((d) => d.field === g)?.zh ?? g).join('/'), required: true, synonyms: [] });
  }
  if (missing.length) {
    const names = missing.map((d) => `${d.field} (${d.zh})`).join(', ');
    diagnostics.push({
      code: 'missing_column', severity: 'error', file, sheet: opts.sheet, column: missing.map((d) => d.field).join(', '),
      message: `${file} has no column for ${names}; headers present: ${present}. Name the header in the plan, e.g. \`columns: { ${missing[0].field.split(' ')[0]}: "<header>" }\``,
    });
  }
  return { map: { index, mapping }, diagnostics, missing: missing.map((d) => `${d.field} (${d.zh})`) };
}
