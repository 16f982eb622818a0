/**
 * `kpi validate`: checks the plan and reads every export once, reporting per source what was
 * read, kept and excluded (and why), the date range, the employees found, and every problem.
 * Row problems are collected across all sources (not just the first); exit 3 when any remain
 * and --skip-invalid was not given, exit 2 for plan errors.
 */
import Table from 'cli-table3';
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import { isoDay } from '../../engine/calendar.js';
import { resolvePlanFile, loadCheckedPlan, resolvePeriods, resolveLang, complaintModes, type CommonOptions } from '../pipeline.js';
import { attribute } from '../../engine/attribution.js';
import { SalesIndex } from '../../engine/metrics/index.js';
import { loadDataset } from '../../ingest/load.js';
import { printDiagnostics } from '../io-streams.js';
import { makeProgress } from '../progress.js';
import type { CommandContext } from './context.js';
import type { Dataset } from '../../model.js';
import type { Period } from '../../engine/types.js';
import type { Lang } from '../../plan/types.js';
import { FIELDS, type ExportKind } from '../../ingest/columns.js';
import { partLabel } from '../../ingest/source-reader.js';

/** The summary's words in the run's language (diagnostics stay English, as everywhere). */
type Say = (zh: string, en: string) => string;

interface ValidateOptions extends CommonOptions {
  period?: string;
}

export async function runValidate(ctx: CommandContext, opts: ValidateOptions): Promise<void> {
  const planFile = resolvePlanFile(opts, ctx.cwd, ctx.env);
  const { plan, display, warnings: planDiags } = await loadCheckedPlan(planFile, ctx.cwd);
  // An empty --period ("$UNSET") is a bad period, as in score and payout — not "no period".
  const period = opts.period !== undefined ? resolvePeriods(opts.period, plan).period : null;
  const lang: Lang = resolveLang(opts.lang, plan, ctx.env);
  const say: Say = (zh, en) => (lang === 'zh' ? zh : en);
  const c = ctx.chalk;
  const progress = makeProgress(ctx.progress);
  let res;
  try {
    // Always read with skipping on, so every source is read and counted; whether skipped rows
    // are errors is decided below from the user's --skip-invalid.
    res = await loadDataset(plan, { skipInvalid: true, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const diags: Diagnostic[] = res.diagnostics.map((d) =>
    opts.skipInvalid ? d : d.code === 'row_skipped' ? unskip(d) : d.code === 'more_row_problems' ? { ...d, severity: 'error' as const } : d,
  );
  // Complaints and surveys no one can be credited with: `score` warns of them, so validate does too.
  const ds = res.dataset;
  if (ds && (ds.complaints.n > 0 || ds.surveys.n > 0)) diags.push(...attribute(ds, new SalesIndex(ds), complaintModes(plan)).warnings);
  const lines: string[] = [];
  const roles = Object.keys(plan.roles);
  lines.push(say(
    `${c.bold('方案')} ${display}：${roles.length} 个岗位（${roles.join(', ')}），方案中 ${plan.people.length} 人，${plan.targets.length} 条目标覆盖`,
    `${c.bold('plan')} ${display}: ${roles.length} roles (${roles.join(', ')}), ${plan.people.length} people in the plan, ${plan.targets.length} target overrides`));
  if (res.dataset) {
    lines.push(describeSources(res.dataset, c.level > 0, say), ...describeColumns(res.dataset, say),
      describePeople(res.dataset, period, plan.defaultRole, say));
  }
  if (res.dataset && period) lines.push(describePeriod(res.dataset, period, say));
  const all = [...planDiags, ...diags];
  const nErr = all.filter((d) => d.severity === 'error').length;
  const nWarn = all.filter((d) => d.severity === 'warning').length;
  const verdict = nErr === 0
    ? c.green(say(`通过：0 个错误，${nWarn} 个警告`, `ok: 0 errors, ${nWarn} warnings`))
    : c.red(say(`${nErr} 个错误，${nWarn} 个警告`, `${nErr} errors, ${nWarn} warnings`));
  lines.push(`${c.bold(say('结果', 'result'))} ${verdict}`);
  await ctx.streams.out(lines.join('\n') + '\n');
  printDiagnostics(ctx.streams, all, ctx.errChalk, ctx.quiet && nErr === 0);
  if (nErr > 0 || !res.dataset) throw new KpiExit(EXIT.data, []);
}

/**
 * Without --skip-invalid a rejected row is an error under its own code (bad_date, …), exactly as
 * `score` reports it; the reader was run in skipping mode only to count every source.
 */
function unskip(d: Diagnostic): Diagnostic {
  const m = /^row skipped \(([a-z0-9_]+)\): ([\s\S]*)$/.exec(d.message);
  return m ? { ...d, code: m[1], message: m[2], severity: 'error' } : { ...d, severity: 'error' };
}

const DELIMITER_NAMES: Record<string, [string, string]> = {
  ',': ['逗号', 'comma'], '\t': ['制表符', 'tab'], ';': ['分号', 'semicolon'], '|': ['竖线', 'pipe'],
};
const SOURCE_NAMES: Record<string, string> = { sales: '销售', complaints: '投诉', surveys: '调研', targets: '目标', people: '人员' };

function describeSources(ds: Dataset, color: boolean, say: Say): string {
  const t = new Table({
    head: [say('数据源', 'source'), say('文件', 'file'), say('编码', 'encoding'), say('读取行数', 'rows read'),
      say('保留', 'kept'), say('排除', 'excluded'), say('日期范围', 'dates')],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
  });
  for (const s of ds.stats) {
    const excluded = Object.entries(s.excluded).map(([why, n]) => `${why}: ${n}`).join('\n') || '—';
    const dates = s.minDay !== null && s.maxDay !== null ? `${isoDay(s.minDay)} – ${isoDay(s.maxDay)}` : '—';
    const delim = s.delimiter ? DELIMITER_NAMES[s.delimiter] : undefined;
    const enc = [s.encoding, s.delimiter ? (delim ? say(...delim) : JSON.stringify(s.delimiter)) : undefined].filter(Boolean).join(say('，', ', '));
    const source = say(SOURCE_NAMES[s.source] ?? s.source, s.source);
    t.push([source, partLabel(s.file, s.sheet), enc || '—', String(s.rowsRead), String(s.rowsKept), excluded, dates]);
  }
  return t.toString();
}

/**
 * Which header each field was read from, per file (`order_id ← 订单编号`): synonyms find most
 * columns without a plan entry, and this is where a wrong guess shows before anyone is paid.
 */
function describeColumns(ds: Dataset, say: Say): string[] {
  // Files (or sheets) of one source read the same way are listed together on one line.
  const groups: { source: string; parts: string[]; pairs: string }[] = [];
  for (const s of ds.stats) {
    const defs = FIELDS[s.source as ExportKind] ?? [];
    const name = (f: string) => say(defs.find((d) => d.field === f)?.zh ?? f, f);
    const pairs = Object.entries(s.mapping).map(([f, h]) => `${name(f)} ← ${h}`).join(say('，', ', '));
    const part = partLabel(s.file, s.sheet);
    const last = groups.at(-1);
    if (last && last.source === s.source && last.pairs === pairs) last.parts.push(part);
    else groups.push({ source: s.source, parts: [part], pairs });
  }
  return groups.map((g) => say(`${SOURCE_NAMES[g.source] ?? g.source} ${g.parts.join('、')} 列：${g.pairs}`,
    `${g.source} ${g.parts.join(', ')} columns: ${g.pairs}`));
}

function describePeople(ds: Dataset, period: Period | null, defaultRole: string | null, say: Say): string {
  const inData = new Set<number>();
  for (let i = 0; i < ds.sales.n; i++) inData.add(ds.sales.employee[i]);
  const cs = ds.complaints, ss = ds.surveys;
  for (let i = 0; i < cs.n; i++) {
    if (cs.handler[i] >= 0) inData.add(cs.handler[i]);
    if (cs.owner[i] >= 0) inData.add(cs.owner[i]);
  }
  for (let i = 0; i < ss.n; i++) if (ss.employee[i] >= 0) inData.add(ss.employee[i]);
  const roster = ds.people.filter((p) => !p.inferred);
  const unknown = ds.people.filter((p) => p.inferred).map((p) => p.id);
  const employed = period
    ? ds.people.filter((p) => (p.start === null || p.start <= period.end) && (p.end === null || p.end >= period.start)).length
    : null;
  let s = say(`员工：花名册 ${roster.length} 人，数据中出现 ${inData.size} 人`, `employees: ${roster.length} in the roster, ${inData.size} found in the data`);
  if (employed !== null && period) s += say(`，${period.id} 在职 ${employed} 人`, `, ${employed} employed in ${period.id}`);
  const ids = `${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}`;
  s += unknown.length
    ? say(`；不在花名册中：${unknown.length} 人（${ids}）${defaultRole ? `（按 ${defaultRole} 岗位考核）` : '（不考核：未设置 default_role）'}`,
      `; not in the roster: ${unknown.length} (${ids})${defaultRole ? ` (scored as ${defaultRole})` : ' (not scored: no default_role)'}`)
    : say('；无花名册外人员', '; none unknown');
  return s;
}

function describePeriod(ds: Dataset, p: Period, say: Say): string {
  let sales = 0;
  for (let i = 0; i < ds.sales.n; i++) if (ds.sales.day[i] >= p.start && ds.sales.day[i] <= p.end) sales++;
  const complaints = ds.complaints.openedDay.filter((d) => d >= p.start && d <= p.end).length;
  const surveys = ds.surveys.day.filter((d) => d >= p.start && d <= p.end).length;
  return say(`${p.id}（${isoDay(p.start)} – ${isoDay(p.end)}）：销售 ${sales} 行，投诉 ${complaints} 条，调研 ${surveys} 份`,
    `${p.id} (${isoDay(p.start)} – ${isoDay(p.end)}): ${sales} sales rows, ${complaints} complaints, ${surveys} surveys`);
}
