/**
 * `kpi init --from FILE…`: drafts kpi.yaml from a company's own exports instead of copying the
 * sample. Each file's kind (sales, complaints, surveys) is told by its header — the kind whose
 * required fields its columns map, as `kpi score` would map them — and its rows are read once to
 * find the people in it (sales: employee_id, with a name column when there is one; complaints:
 * handler_id; surveys: employee_id) and its date range. The plan text itself is plan/draft.ts.
 */
import path from 'node:path';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import { isoDay } from '../../engine/calendar.js';
import { FIELDS, headerList, mapColumns, normHeader, ONE_OF, type ExportKind } from '../../ingest/columns.js';
import { cellText, currencyOfAmount, isBlank, parseDate, parseId } from '../../ingest/values.js';
import { openTable, TableError } from '../../io/table-source.js';
import { CANCELLED_WORDS, draftPlan, latestQuarter, type DraftKind, type DraftPerson, type DraftSource } from '../../plan/draft.js';
import type { Lang } from '../../plan/types.js';
import { displayPath } from '../pipeline.js';
import { resolveLang } from '../lang.js';
import type { CommandContext } from './context.js';
import { shellArg } from './init.js';

/** Headers that hold a salesperson's or agent's name beside their id. */
const NAME_HEADERS = ['销售员', '业务员', '销售员姓名', '业务员姓名', '销售代表', '员工姓名', '姓名', '处理人姓名', '客服姓名',
  'salesperson', 'sales rep name', 'employee name', 'agent name', 'name'].map(normHeader);

/** The field holding each kind's person, and the date field. */
const PERSON: Record<DraftKind, string> = { sales: 'employee_id', complaints: 'handler_id', surveys: 'employee_id' };
const DATE: Record<DraftKind, string> = { sales: 'date', complaints: 'opened_at', surveys: 'date' };


/** How many fields a kind requires: its required fields, and one of each either-or group (surveys: nps or csat). */
const requiredCount = (kind: DraftKind): number =>
  FIELDS[kind].filter((d) => d.required).length + (ONE_OF[kind]?.length ?? 0);

interface Found {
  source: DraftSource;
  people: Map<string, string | undefined>;
}

async function readExport(file: string, shown: string, rel: string): Promise<Found | Diagnostic> {
  let table;
  try {
    table = await openTable({ path: file, displayPath: shown, encoding: 'auto', delimiter: 'auto' });
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    // openTable words a missing file for a plan's sources; --from paths are the command line's.
    return e.diagnostic.code === 'file_missing'
      ? { ...e.diagnostic, message: `file not found (looked for ${file}; --from paths are relative to the current folder)` }
      : e.diagnostic;
  }
  const header = table.info.header;
  const kinds = ['sales', 'complaints', 'surveys'] as const;
  // The required fields each kind lacks, as `kpi score` would map the header.
  const tried = kinds.map((k) => ({ k, missing: mapColumns(k as ExportKind, header, {}, shown).missing }));
  const kind = tried.find((t) => t.missing.length === 0)?.k;
  if (kind === undefined) {
    await table.close();
    const present = headerList(header);
    // The kind it comes closest to, when it lacks only a field or two (a sales export with no
    // salesperson column, say): name them, so the user knows what to add or map.
    const near = [...tried].sort((a, b) => a.missing.length - b.missing.length)[0];
    const coverage = requiredCount(near.k) - near.missing.length;
    return {
      code: 'missing_column', severity: 'error', file: shown,
      message: near.missing.length <= 2 && coverage >= 2
        ? `${shown} looks like a ${near.k} export but has no column for ${near.missing.join(', ')}: write the plan by hand (kpi init) and name that column under columns:, or add it to the export; headers present: ${present}`
        : `${shown} reads as none of sales (订单号, 日期, 客户, 业务员, 金额), complaints (投诉编号, 受理时间) or surveys (日期 and 推荐值 or 满意度); headers present: ${present}`,
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
  const amountAt = kind === 'sales' ? index.amount ?? -1 : -1;
  const currencies = new Map<string, number>();
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
      const amt = amountAt >= 0 ? row[amountAt] : undefined;
      if (typeof amt === 'string') {
        const c = currencyOfAmount(amt);
        if (c !== null) currencies.set(c, (currencies.get(c) ?? 0) + 1);
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
      kind, path: rel, ...(table.info.sheet !== undefined ? { sheet: table.info.sheet } : {}), rows,
      ...(first !== null && last !== null ? { first: isoDay(first), last: isoDay(last) } : {}),
      fields: Object.keys(index),
      ...(cancelled.size ? { cancelled: [...cancelled].sort() } : {}),
      ...(currencies.size ? { currency: [...currencies].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0] } : {}),
    },
    people,
  };
}

/**
 * `--from` takes every argument after it, so `kpi init --from a.csv b.csv out` reads `out` as an
 * export. A folder among the files is refused (exit 2) with the order that works, before
 * anything is read; `suggest` is that command line.
 */
function suggest(dir: string, files: string[], folder: string): string {
  const rest = files.filter((f) => f !== folder);
  return dir === '.' && files.at(-1) === folder && rest.length
    ? `kpi init ${shellArg(folder)} --from ${rest.map(shellArg).join(' ')}`
    : 'kpi init DIR --from FILE…';
}

async function checkNoFolders(ctx: CommandContext, dir: string, files: string[]): Promise<void> {
  for (const f of files) {
    const st = await stat(path.resolve(ctx.cwd, f)).catch(() => null);
    if (!st?.isDirectory()) continue;
    throw new KpiExit(EXIT.usage, [{
      code: 'from_is_folder', severity: 'error',
      message: `--from ${f} is a folder, not an export: --from reads every argument after it as an export, so the folder to write the plan into goes before --from: ${suggest(dir, files, f)}`,
    }]);
  }
}

/** `kpi init [DIR] --from FILE…`: writes DIR/kpi.yaml drafted from the exports (DIR is created when missing). */
export async function runInitFrom(ctx: CommandContext, dir: string, files: string[], opts: { force?: boolean; lang?: string }): Promise<void> {
  await checkNoFolders(ctx, dir, files);
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
    const r = await readExport(abs, f, rel);
    if ('code' in r) {
      // `kpi init --from a.csv newdir`: the last "export" is missing and looks like a folder.
      if (r.code === 'file_missing' && f === files.at(-1) && files.length > 1 && dir === '.' && !path.extname(f)) {
        r.message += `; if ${f} is the folder to write the plan into, put it before --from: ${suggest(dir, files, f)}`;
      }
      problems.push(r);
    } else {
      found.push(r);
    }
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
  const lang: Lang = resolveLang(opts.lang, null, ctx.env);
  // Like `kpi init DIR`, the folder is created when missing — only now that the exports were read.
  await mkdir(target, { recursive: true });
  await writeFile(planFile, draftPlan({ sources: found.map((f) => f.source), people, lang }), { flag: opts.force ? 'w' : 'wx' });
  if (!ctx.quiet) {
    const cd = target === path.resolve(ctx.cwd) ? '' : `cd ${shellArg(displayPath(target, ctx.cwd))} && `;
    ctx.streams.err(
      `wrote ${displayPath(planFile, ctx.cwd)} from ${found.length} exports:\n`
        + found.map((f, i) => `  ${f.source.kind.padEnd(10)} ${files[i]}${f.source.sheet ? ` [${f.source.sheet}]` : ''}: ${f.source.rows} rows, ${f.people.size} people`).join('\n')
        + `\n\nnext: fill in the targets (target: null) and check people and roles, then\n  ${cd}kpi validate\n  ${cd}kpi score --period ${latestQuarter(found.map((f) => f.source))}`,
    );
  }
}
