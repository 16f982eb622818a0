/**
 * `kpi init --from FILE…`: drafts kpi.yaml from a company's own exports instead of copying the
 * sample. Each file's kind (sales, complaints, surveys) is told by its header — the kind whose
 * required fields its columns map, as `kpi score` would map them — and its rows are read once to
 * find the people in it (sales: employee_id, with a name column when there is one; complaints:
 * handler_id; surveys: employee_id) and its date range. The plan text itself is plan/draft.ts.
 */
import path from 'node:path';
import { stat, writeFile } from 'node:fs/promises';
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import { isoDay } from '../../engine/calendar.js';
import { mapColumns, normHeader, type ExportKind } from '../../ingest/columns.js';
import { cellText, isBlank, parseDate, parseId } from '../../ingest/values.js';
import { openTable, TableError } from '../../io/table-source.js';
import { CANCELLED_WORDS, draftPlan, type DraftKind, type DraftPerson, type DraftSource } from '../../plan/draft.js';
import type { Lang } from '../../plan/types.js';
import { displayPath } from '../pipeline.js';
import type { CommandContext } from './context.js';

/** Headers that hold a salesperson's or agent's name beside their id. */
const NAME_HEADERS = ['销售员', '业务员', '销售员姓名', '业务员姓名', '销售代表', '员工姓名', '姓名', '处理人姓名', '客服姓名',
  'salesperson', 'sales rep name', 'employee name', 'agent name', 'name'].map(normHeader);

/** The field holding each kind's person, and the date field. */
const PERSON: Record<DraftKind, string> = { sales: 'employee_id', complaints: 'handler_id', surveys: 'employee_id' };
const DATE: Record<DraftKind, string> = { sales: 'date', complaints: 'opened_at', surveys: 'date' };

interface Found {
  source: DraftSource;
  people: Map<string, string | undefined>;
}

async function readExport(file: string, shown: string): Promise<Found | Diagnostic> {
  let table;
  try {
    table = await openTable({ path: file, displayPath: shown, encoding: 'auto', delimiter: 'auto' });
  } catch (e) {
    if (e instanceof TableError) return e.diagnostic;
    throw e;
  }
  const header = table.info.header;
  const kind = (['sales', 'complaints', 'surveys'] as const).find((k) => mapColumns(k as ExportKind, header, {}, shown).diagnostics.length === 0);
  if (kind === undefined) {
    await table.close();
    return {
      code: 'missing_column', severity: 'error', file: shown,
      message: `${shown} reads as none of sales (订单号, 日期, 客户, 业务员, 金额), complaints (投诉编号, 受理时间) or surveys (日期 and 推荐值 or 满意度); headers present: ${header.map((h) => JSON.stringify(h)).join(', ')}`,
    };
  }
  const { index } = mapColumns(kind, header, {}, shown).map;
  const personAt = index[PERSON[kind]] ?? -1;
  const dateAt = index[DATE[kind]];
  const used = new Set(Object.values(index));
  const nameAt = header.findIndex((h, i) => !used.has(i) && NAME_HEADERS.includes(normHeader(h)));
  const people = new Map<string, string | undefined>();
  const statusAt = kind === 'sales' ? index.status ?? -1 : -1;
  const cancelled = new Set<string>();
  let rows = 0, first: number | null = null, last: number | null = null;
  for await (const batch of table.batches) {
    for (const row of batch.rows) {
      rows++;
      const d = parseDate(row[dateAt] ?? null);
      if (d.ok) {
        if (first === null || d.value.day < first) first = d.value.day;
        if (last === null || d.value.day > last) last = d.value.day;
      }
      if (statusAt >= 0) {
        const st = row[statusAt];
        if (st !== undefined && st !== null && !isBlank(st) && CANCELLED_WORDS.includes(cellText(st).trim().toLowerCase())) cancelled.add(cellText(st).trim());
      }
      const id = personAt >= 0 ? parseId(row[personAt] ?? null) : null;
      if (id !== null && !people.get(id)) {
        const n = nameAt >= 0 ? row[nameAt] : undefined;
        people.set(id, n === undefined || n === null || isBlank(n) ? undefined : cellText(n).trim());
      }
    }
  }
  return {
    source: {
      kind, path: shown, ...(table.info.sheet !== undefined ? { sheet: table.info.sheet } : {}), rows,
      ...(first !== null && last !== null ? { first: isoDay(first), last: isoDay(last) } : {}),
      fields: Object.keys(index),
      ...(cancelled.size ? { cancelled: [...cancelled].sort() } : {}),
    },
    people,
  };
}

/** `kpi init --from FILE… [DIR]`: writes DIR/kpi.yaml drafted from the exports. */
export async function runInitFrom(ctx: CommandContext, dir: string, files: string[], opts: { force?: boolean; lang?: string }): Promise<void> {
  const target = path.resolve(ctx.cwd, dir);
  const planFile = path.join(target, 'kpi.yaml');
  const exists = await stat(planFile).then(() => true, () => false);
  if (exists && !opts.force) {
    throw new KpiExit(EXIT.usage, [{ code: 'init_exists', severity: 'error', file: displayPath(planFile, ctx.cwd),
      message: 'would overwrite kpi.yaml; use --force or choose another folder' }]);
  }
  const found: Found[] = [];
  const problems: Diagnostic[] = [];
  for (const f of files) {
    const abs = path.resolve(ctx.cwd, f);
    // Paths in the plan are relative to the plan's folder.
    const rel = path.relative(target, abs).split(path.sep).join('/');
    const r = await readExport(abs, rel);
    if ('code' in r) problems.push(r); else found.push(r);
  }
  if (problems.length) throw new KpiExit(EXIT.data, problems);
  const people: DraftPerson[] = [];
  const seen = new Set<string>();
  // Salespeople first (from sales), then agents (complaint handlers, survey employees).
  for (const kind of ['sales', 'complaints', 'surveys'] as const) {
    for (const f of found.filter((x) => x.source.kind === kind)) {
      for (const [id, name] of f.people) {
        if (seen.has(id)) continue;
        seen.add(id);
        people.push({ id, ...(name ? { name } : {}), role: kind === 'sales' ? 'sales' : 'service' });
      }
    }
  }
  const lang: Lang = opts.lang === 'en' ? 'en' : 'zh';
  await writeFile(planFile, draftPlan({ sources: found.map((f) => f.source), people, lang }), { flag: opts.force ? 'w' : 'wx' });
  if (!ctx.quiet) {
    const cd = target === path.resolve(ctx.cwd) ? '' : `cd ${displayPath(target, ctx.cwd)} && `;
    ctx.streams.err(
      `wrote ${displayPath(planFile, ctx.cwd)} from ${found.length} exports:\n`
        + found.map((f) => `  ${f.source.kind.padEnd(10)} ${f.source.path}${f.source.sheet ? ` [${f.source.sheet}]` : ''}: ${f.source.rows} rows, ${f.people.size} people`).join('\n')
        + `\n\nnext: fill in the targets (target: null) and check people and roles, then\n  ${cd}kpi validate\n  ${cd}kpi score --period <P>`,
    );
  }
}
