/**
 * Column and heading words of the score reports, in Chinese and English. One table so that a
 * wording change is made once for table, CSV, XLSX and the JSON `name` fields.
 */
import type { Lang } from '../plan/types.js';
import { metricDef } from '../engine/metrics/registry.js';

const WORDS = {
  title: { zh: 'KPI 考核得分', en: 'KPI scores' },
  period: { zh: '期间', en: 'Period' },
  as_of: { zh: '截至', en: 'as of' },
  role: { zh: '岗位', en: 'Role' },
  rank: { zh: '排名', en: 'Rank' },
  id: { zh: '工号', en: 'ID' },
  name: { zh: '姓名', en: 'Name' },
  team: { zh: '团队', en: 'Team' },
  members: { zh: '成员', en: 'Members' },
  score: { zh: '得分', en: 'Score' },
  total_score: { zh: '总分', en: 'Total' },
  rating: { zh: '评级', en: 'Rating' },
  metric: { zh: '指标', en: 'Metric' },
  metric_id: { zh: '指标代码', en: 'Metric ID' },
  unit: { zh: '单位', en: 'Unit' },
  actual: { zh: '实际', en: 'Actual' },
  target: { zh: '目标', en: 'Target' },
  target_source: { zh: '目标来源', en: 'Target source' },
  achievement: { zh: '达成率', en: 'Achievement' },
  weight: { zh: '权重', en: 'Weight' },
  threshold: { zh: '门槛', en: 'Threshold' },
  cap: { zh: '封顶', en: 'Cap' },
  met: { zh: '达标', en: 'Met' },
  missing: { zh: '缺数据', en: 'Missing' },
  prorated: { zh: '目标折算', en: 'Prorated' },
  proration: { zh: '在职比例', en: 'Proration' },
  entity_type: { zh: '对象类型', en: 'Entity' },
  employee: { zh: '员工', en: 'Employee' },
  team_subtotal: { zh: '团队小计', en: 'Team subtotal' },
  subtotal: { zh: '小计', en: 'subtotal' },
  company: { zh: '全公司', en: 'Company' },
  explanation: { zh: '说明', en: 'Explanation' },
  actual_target: { zh: '实际 / 目标', en: 'actual / target' },
  ach_score: { zh: '达成率 · 得分', en: 'achv. · score' },
  legend_prorated: { zh: '* 目标按在职天数折算', en: '* target prorated to days employed' },
  legend_missing: { zh: '∅ 无数据或无目标(权重重新分配;标注“计0分”者按 0 分计)', en: '∅ no value or no target (weight redistributed; "scored 0" where the plan says missing: zero)' },
  scored_zero: { zh: '计0分', en: 'scored 0' },
  no_data: { zh: '无数据', en: 'no value' },
  no_target: { zh: '无目标', en: 'no target' },
  warnings: { zh: '条警告(见标准错误输出)', en: 'warning(s) (see stderr)' },
  gap: { zh: '差额', en: 'Gap' },
  gap_pct: { zh: '差额%', en: 'Gap %' },
  prior: { zh: '上期', en: 'Prior period' },
  last_year: { zh: '去年同期', en: 'Same period last year' },
  bridge_new: { zh: '新增成交客户', en: 'Customers gained' },
  bridge_lost: { zh: '流失客户', en: 'Lost customers' },
  bridge_existing: { zh: '存量客户', en: 'Existing customers' },
  bridge_other: { zh: '其他', en: 'Other' },
  volume_effect: { zh: '量效应', en: 'Volume effect' },
  price_effect: { zh: '价效应', en: 'Price effect' },
  numerator: { zh: '分子', en: 'Numerator' },
  denominator: { zh: '分母', en: 'Denominator' },
  low_sample: { zh: '样本不足', en: 'Low sample' },
  severity: { zh: '级别', en: 'Severity' },
  code: { zh: '代码', en: 'Code' },
  file: { zh: '文件', en: 'File' },
  sheet: { zh: '工作表', en: 'Sheet' },
  row: { zh: '行', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  value: { zh: '值', en: 'Value' },
  message: { zh: '信息', en: 'Message' },
  source: { zh: '数据源', en: 'Source' },
  encoding: { zh: '编码', en: 'Encoding' },
  sha256: { zh: 'SHA-256', en: 'SHA-256' },
  rows_read: { zh: '读取行数', en: 'Rows read' },
  rows_kept: { zh: '保留行数', en: 'Rows kept' },
  rows_excluded: { zh: '排除行数', en: 'Rows excluded' },
  excluded_detail: { zh: '排除原因', en: 'Excluded (reason: rows)' },
  first_date: { zh: '最早日期', en: 'First date' },
  last_date: { zh: '最晚日期', en: 'Last date' },
  plan: { zh: '考核方案', en: 'Plan' },
  line: { zh: '行号', en: 'Line' },
  text: { zh: '内容', en: 'Text' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },

  payout_title: { zh: '提成与奖金', en: 'Payout' },
  total: { zh: '合计', en: 'Total' },
  payout_subtotal: { zh: '小计', en: 'Subtotal' },
  grand_total: { zh: '总计', en: 'Grand total' },
  employees: { zh: '人', en: 'employees' },
  cap_adjustment: { zh: '封顶/保底调整', en: 'cap adjustment' },
  payout_warnings: { zh: '条警告', en: 'warning(s)' },
  salary: { zh: '基本工资', en: 'Base salary' },
  payout_target: { zh: '折算目标', en: 'Prorated target' },
  totals: { zh: '总计', en: 'Totals' },
  payout_cap: { zh: '封顶', en: 'payout cap' },
  payout_floor: { zh: '保底', en: 'payout floor' },
  component: { zh: '项目', en: 'Component' },
  type: { zh: '类型', en: 'Type' },
  parameter: { zh: '参数', en: 'Parameter' },
  bound: { zh: '界限 / x', en: 'Bound / x' },
  rule_value: { zh: '费率 / 比例 / 金额', en: 'Rate / pct / amount' },
  basis: { zh: '计算依据', en: 'Basis' },
  amount: { zh: '金额', en: 'Amount' },
  cell: { zh: '单元格', en: 'Cell' },
  input: { zh: '输入值', en: 'Input value' },
  mismatch: { zh: '公式与引擎金额不一致,已写入引擎金额', en: 'formula does not reproduce the engine amount; the amount is written as a value' },
  statement_title: { zh: '绩效奖金结算单', en: 'Payout statement' },
  kpis: { zh: '考核指标', en: 'KPIs' },
  payout: { zh: '奖金明细', en: 'Payout' },
  statement_total: { zh: '应发合计', en: 'Total payable' },
  statement_total_score: { zh: '总分', en: 'Total score' },
  note: { zh: '备注', en: 'Note' },
  note_not_counted: { zh: '无数据，不计入；权重由其余指标分摊', en: 'no value: not counted, its weight spread over the others' },
  note_scored_zero: { zh: '无数据，按方案计0分', en: 'no value: scored 0 as the plan says' },
  note_below_threshold: { zh: '未过门槛，计0分', en: 'below the threshold: scored 0' },
  note_prorated: { zh: '目标按在职天数折算', en: 'target prorated to days employed' },
  note_renormalised: { zh: '总分 = Σ(权重 × 得分) ÷ 计分指标的权重之和', en: 'total = Σ(weight × score) ÷ the weights of the KPIs counted' },
  currency: { zh: '币种', en: 'Currency' },
} as const;

export type LabelKey = keyof typeof WORDS;

/** The word for `key` in `lang`. */
export function label(lang: Lang, key: LabelKey): string {
  return WORDS[key][lang];
}

/** Display name of a metric in `lang`; the id itself for an unknown metric. */
export function metricLabel(lang: Lang, id: string): string {
  const def = metricDef(id);
  return def ? def[lang] : id;
}

/** `metricLabel` with the CLI's argument order: `metricName('revenue', 'zh')` → "销售额". */
export function metricName(id: string, lang: Lang): string {
  return metricLabel(lang, id);
}
