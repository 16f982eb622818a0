/** People export (roster) → Person records, and merging with the plan's `people:`. */
import type { Diagnostic } from '../diagnostics.js';
import type { Person, SourceStats } from '../model.js';
import type { PlanPerson, SourceSpec } from '../plan/types.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, e4ToDecimal, isBlank, parseDate, parseId, parseMoney } from './values.js';
import { isoDay } from '../engine/calendar.js';

export interface PeopleResult {
  ok: boolean;
  people: Person[];
  stats: SourceStats | null;
}

/** Reads a roster export. A repeated id is a row problem (`duplicate_person_id`). */
export async function ingestPeople(spec: SourceSpec, opts: ReadOptions, diags: Diagnostic[]): Promise<PeopleResult> {
  const people: Person[] = [];
  const seen = new Map<string, number>();
  const text = (ctx: RowContext, field: string) => {
    const c = ctx.get(field);
    return c === undefined || isBlank(c) ? '' : cellText(c).trim();
  };
  const day = (ctx: RowContext, field: string): number | null => {
    const c = ctx.get(field);
    if (c === undefined || isBlank(c)) return null;
    const d = parseDate(c, spec.dateFormat);
    if (!d.ok) { ctx.problems.push({ code: d.code, field, value: cellText(c), reason: d.reason }); return null; }
    return d.value.day;
  };
  const res = await readSource('people', spec, opts, diags, (ctx) => {
    const id = parseId(ctx.get('id'));
    if (id === null) ctx.problems.push({ code: 'missing_value', field: 'id', value: '', reason: 'employee id is empty' });
    let baseSalary: string | null = null;
    const sal = ctx.get('base_salary');
    if (sal !== undefined && !isBlank(sal)) {
      const m = parseMoney(sal, opts.currency);
      if (m.ok) baseSalary = e4ToDecimal(m.value);
      else ctx.problems.push({ code: m.code, field: 'base_salary', value: cellText(sal), reason: m.reason });
    }
    const start = day(ctx, 'start_date');
    const end = day(ctx, 'end_date');
    if (ctx.problems.length || id === null) return null;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      ctx.problems.push({ code: 'duplicate_person_id', field: 'id', value: id, reason: `employee ${id} already appears at row ${earlier}` });
      return null;
    }
    seen.set(id, ctx.rowNo);
    people.push({ id, name: text(ctx, 'name'), team: text(ctx, 'team'), role: text(ctx, 'role'), baseSalary, start, end });
    return null;
  });
  return { ok: res.ok, people, stats: res.stats };
}

/**
 * Merges the plan's `people:` with a roster export: per field the plan wins when it sets the
 * field; people only in one of them are kept. Order: the plan's people, then the export's others.
 * A missing name defaults to the id.
 */
export function mergePeople(plan: PlanPerson[], exported: Person[], diags: Diagnostic[] = [], exportFile?: string): Person[] {
  const byId = new Map(exported.map((p) => [p.id, p] as const));
  const out: Person[] = [];
  const done = new Set<string>();
  for (const p of plan) {
    const e = byId.get(p.id);
    if (e) {
      // Both say something different about a field that moves pay (team and role choose the
      // targets, the dates prorate, the salary is a payout base): say which one is used.
      const day = (d: number | null | undefined) => (d === null || d === undefined ? '' : isoDay(d));
      const pairs: [string, string, string][] = [
        ['team', p.team ?? '', e.team], ['role', p.role ?? '', e.role],
        ['start_date', day(p.start), day(e.start)], ['end_date', day(p.end), day(e.end)],
        ['base_salary', p.baseSalary ?? '', e.baseSalary ?? ''],
      ];
      const differ = pairs.filter(([k, a, b]) => a !== '' && b !== '' && (k === 'base_salary' ? Number(a) !== Number(b) : a !== b));
      if (differ.length) {
        diags.push({ code: 'person_conflict', severity: 'warning', file: exportFile, value: p.id,
          message: `employee ${p.id}: the plan says ${differ.map(([k, a]) => `${k} ${a}`).join(', ')}; the people export says ${differ.map(([k, , b]) => `${k} ${b}`).join(', ')}. The plan's values are used` });
      }
    }
    out.push({
      id: p.id,
      name: p.name ?? (e?.name || p.id),
      team: p.team ?? e?.team ?? '',
      role: p.role ?? e?.role ?? '',
      baseSalary: p.baseSalary ?? e?.baseSalary ?? null,
      start: p.start ?? e?.start ?? null,
      end: p.end ?? e?.end ?? null,
    });
    done.add(p.id);
  }
  for (const e of exported) {
    if (done.has(e.id)) continue;
    out.push({ ...e, name: e.name || e.id });
    done.add(e.id);
  }
  return out;
}

/**
 * Roster people without a role get `default_role` (one `no_role` warning naming them); people
 * whose role is not a role of the plan are warned (`unknown_role`): they cannot be scored, and
 * a silent empty report is the worst outcome for a month-end run.
 */
export function checkRoles(people: Person[], defaultRole: string | null, roles: ReadonlySet<string>, diags: Diagnostic[]): void {
  const list = (ids: string[]) => ids.slice(0, 10).join(', ') + (ids.length > 10 ? ` … (${ids.length} in all)` : '');
  const noRole: string[] = [];
  const unknown = new Map<string, string[]>();
  for (const p of people) {
    if (!p.role) {
      noRole.push(p.id);
      if (defaultRole) p.role = defaultRole;
    } else if (!roles.has(p.role)) {
      const ids = unknown.get(p.role) ?? [];
      ids.push(p.id);
      unknown.set(p.role, ids);
    }
  }
  if (noRole.length) {
    diags.push({
      code: 'no_role', severity: 'warning',
      message: defaultRole
        ? `${noRole.length} people in the roster have no role and are scored as default_role ${defaultRole}: ${list(noRole)}`
        : `${noRole.length} people in the roster have no role and are not scored (set role: or default_role): ${list(noRole)}`,
    });
  }
  for (const [role, ids] of unknown) {
    diags.push({
      code: 'unknown_role', severity: 'warning', value: role,
      message: `${ids.length} people have role ${JSON.stringify(role)}, which is not in the plan's roles (${[...roles].join(', ')}): not scored: ${list(ids)}`,
    });
  }
}
