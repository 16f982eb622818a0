/**
 * A first plan drafted from a company's own exports (`kpi init --from`): the sources as found,
 * the people found in them with a role each, and roles with the KPIs those exports can measure —
 * targets left empty for the user to fill in. Pure: the CLI reads the files and passes the facts.
 */
import type { Lang } from './types.js';

export type DraftKind = 'sales' | 'complaints' | 'surveys';

export interface DraftSource {
  kind: DraftKind;
  /** The path as the plan will say it (relative to the plan's folder). */
  path: string;
  sheet?: string;
  rows: number;
  /** First and last date in the file (YYYY-MM-DD), when any row has one. */
  first?: string;
  last?: string;
  /** Canonical fields found in the file's header. */
  fields: readonly string[];
  /** Status words in the file that read as cancelled / void (sales): excluded by the draft. */
  cancelled?: readonly string[];
  /** The currency most of the file's marked amounts are in (`¥1,234.50` → CNY, `$5` → USD), if any are. */
  currency?: string;
}

/** Status words that mean an order did not happen. */
export const CANCELLED_WORDS = ['已取消', '取消', '已作废', '作废', '无效', 'cancelled', 'canceled', 'void', 'voided'];

export interface DraftPerson {
  id: string;
  name?: string;
  role: 'sales' | 'service';
}

export interface DraftInput {
  sources: readonly DraftSource[];
  people: readonly DraftPerson[];
  lang: Lang;
}

/** A YAML scalar: plain when unambiguous, else a JSON (double-quoted) string, which YAML reads alike. */
function q(s: string): string {
  return /^[\p{L}\p{N}_][\p{L}\p{N}_./-]*$/u.test(s) && !/^(true|false|null|yes|no|on|off|~|[\d.+-].*)$/i.test(s) ? s : JSON.stringify(s);
}

/** KPIs a role can be measured on, given the exports present: [metric, weight, zh note, en note]. */
function kpisFor(role: 'sales' | 'service', has: (k: DraftKind, field?: string) => boolean): [string, number, string, string][] {
  const out: [string, number, string, string][] = [];
  if (role === 'sales') {
    out.push(['revenue', 40, '销售额', 'revenue'], ['new_customers', 20, '新客户数', 'new customers'],
      ['repeat_purchase_rate', 20, '复购率', 'repeat purchase rate'], ['churn_rate', 20, '客户流失率，越低越好', 'churn rate, lower is better']);
  } else {
    if (has('complaints')) out.push(['resolution_rate', 40, '问题解决率', 'resolution rate']);
    if (has('complaints', 'first_response_at') || has('complaints', 'first_response_minutes') || has('complaints', 'first_response_hours')) {
      out.push(['avg_first_response_hours', 30, '平均响应时长(小时)，越低越好', 'hours to first response, lower is better']);
    }
    if (has('surveys', 'csat')) out.push(['csat', 30, '客户满意度', 'CSAT']);
    else if (has('surveys', 'nps')) out.push(['nps', 30, '净推荐值', 'NPS']);
  }
  // Weights that sum to 100 whatever was dropped.
  const total = out.reduce((s, k) => s + k[1], 0);
  let left = 100;
  return out.map((k, i) => {
    const w = i === out.length - 1 ? left : Math.round((k[1] * 100) / total);
    left -= w;
    return [k[0], w, k[2], k[3]];
  });
}

/** The quarter of the latest date in the exports (`2024Q3`), for the next command to try; 2024Q3 without dates. */
export function latestQuarter(sources: readonly DraftSource[]): string {
  const last = sources.map((s) => s.last).filter((x): x is string => x !== undefined).sort().at(-1);
  return last ? `${last.slice(0, 4)}Q${Math.ceil(Number(last.slice(5, 7)) / 3)}` : '2024Q3';
}

/** The plan text. */
export function draftPlan(d: DraftInput): string {
  const zh = d.lang === 'zh';
  const say = (z: string, e: string) => (zh ? z : e);
  const has = (k: DraftKind, field?: string) => d.sources.some((s) => s.kind === k && (field === undefined || s.fields.includes(field)));
  const lines: string[] = [];
  lines.push(say('# 由 kpi init --from 根据现有导出生成：请核对人员与岗位，并填写每个 target（目标）。',
    '# Drafted by kpi init --from from your exports: check people and roles, and fill in every target.'));
  const period = latestQuarter(d.sources);
  lines.push(say(`# 然后：kpi validate，再 kpi score --period ${period}。`, `# Then: kpi validate, and kpi score --period ${period}.`));
  // The sales amounts' own currency when they are marked (`$1,234.50`), else CNY: amounts marked
  // in another currency than the plan's are errors, so a USD export must not get a CNY draft.
  const currency = d.sources.find((s) => s.currency)?.currency ?? 'CNY';
  lines.push('version: 1', 'company: ""', `currency: ${currency}`, `language: ${d.lang}`, '', 'sources:');
  for (const kind of ['sales', 'complaints', 'surveys'] as const) {
    const list = d.sources.filter((s) => s.kind === kind);
    if (list.length === 0) continue;
    const sheets = [...new Set(list.map((s) => s.sheet).filter((x): x is string => x !== undefined))];
    const paths = [...new Set(list.map((s) => s.path))];
    const rows = list.reduce((n, s) => n + s.rows, 0);
    const first = list.map((s) => s.first).filter(Boolean).sort()[0];
    const last = list.map((s) => s.last).filter(Boolean).sort().at(-1);
    const note = say(`${rows} 行${first ? `，${first} – ${last}` : ''}`, `${rows} rows${first ? `, ${first} – ${last}` : ''}`);
    const pathText = paths.length === 1 ? q(paths[0]) : `[${paths.map(q).join(', ')}]`;
    const sheetText = sheets.length === 0 ? '' : `, sheet: ${sheets.length === 1 ? q(sheets[0]) : `[${sheets.map(q).join(', ')}]`}`;
    const cancelled = [...new Set(list.flatMap((s) => s.cancelled ?? []))];
    const exclude = cancelled.length ? `, exclude: { status: [${cancelled.map(q).join(', ')}] }` : '';
    lines.push(`  ${kind}: { path: ${pathText}${sheetText}${exclude} }   # ${note}`);
    if (cancelled.length) lines.push(say('    # 状态为取消/作废的订单不计入（exclude）', '    # cancelled / void orders are left out (exclude)'));
  }
  const roles: ('sales' | 'service')[] = [...new Set(d.people.map((p) => p.role))];
  const main: 'sales' | 'service' = roles.includes('sales') ? 'sales' : 'service';
  lines.push('', `default_role: ${main}   # ${say('数据中出现、名单里没有的人按此岗位考核', 'for people found in the data but not listed below')}`);
  lines.push('', `people:   # ${say('数据中找到的人员：补上 team（团队）与 base_salary（底薪）', 'found in the data: add team and base_salary')}`);
  const people = [...d.people].sort((a, b) => (a.role === b.role ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.role === 'sales' ? -1 : 1));
  for (const p of people) {
    lines.push(`  - { id: ${q(p.id)}${p.name ? `, name: ${q(p.name)}` : ''}, role: ${p.role} }`);
  }
  if (d.people.length === 0) lines.push('  []');
  lines.push('', 'roles:');
  for (const role of roles.length ? roles : [main]) {
    lines.push(`  ${role}:`);
    if (role === 'service') lines.push('    complaints_by: handler');
    lines.push('    kpis:');
    for (const [metric, weight, zhNote, enNote] of kpisFor(role, has)) {
      lines.push(`      - { metric: ${metric}, target: null, weight: ${weight} }   # ${say(`TODO 目标：${zhNote}`, `TODO target: ${enNote}`)}`);
    }
  }
  return lines.join('\n') + '\n';
}
