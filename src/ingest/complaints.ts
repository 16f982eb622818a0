/** Complaints export → Complaint records (PRODUCT.md §4). */
import type { Diagnostic } from '../diagnostics.js';
import { ComplaintTableBuilder, Interner, type ComplaintTable, type IdTable, type PackedInterner, type SourceStats } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, parseBool, parseDate, parseId } from './values.js';

const RESOLVED = new Set(['已解决', '已关闭', '解决', '关闭', '已完成', '完成', '已结案', '结案', 'resolved', 'closed', 'done', 'solved', 'completed', 'complete']);
const ESCALATED = new Set(['升级', '已升级', 'escalated']);

/** Whether a status word means resolved/closed (exact word, trimmed, case-insensitive). */
export function isResolvedStatus(status: string): boolean {
  return RESOLVED.has(status.trim().toLowerCase());
}

/** Whether a status word means escalated. */
export function isEscalatedStatus(status: string): boolean {
  return ESCALATED.has(status.trim().toLowerCase());
}

export interface ComplaintsResult {
  ok: boolean;
  complaints: ComplaintTable;
  stats: SourceStats | null;
}

/** Reads the complaints export. Problems go to `diags`. */
export async function ingestComplaints(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: PackedInterner },
  opts: ReadOptions, diags: Diagnostic[],
): Promise<ComplaintsResult> {
  const complaints = new ComplaintTableBuilder(spec.displayPath);
  // Complaint ids seen and their first row (an Interner: a Map of 10⁵ strings costs ~1 µs per insert).
  const ids = new Interner();
  const idRows: number[] = [];
  const file = spec.displayPath;

  const optDate = (ctx: RowContext, field: string): number | null => {
    const c = ctx.get(field);
    if (c === undefined || isBlank(c)) return null;
    const d = parseDate(c, spec.dateFormat);
    if (!d.ok) { ctx.problems.push({ code: d.code, field, value: cellText(c), reason: d.reason }); return null; }
    return d.value.instant;
  };
  const optId = (ctx: RowContext, field: string, interner: IdTable): number => {
    const id = parseId(ctx.get(field));
    return id === null ? -1 : interner.intern(id);
  };

  const res = await readSource('complaints', spec, opts, diags, (ctx) => {
    const { get, problems } = ctx;
    const id = parseId(get('complaint_id'));
    if (id === null) problems.push({ code: 'missing_value', field: 'complaint_id', value: '', reason: 'complaint_id is empty' });
    const o = parseDate(get('opened_at'), spec.dateFormat);
    if (!o.ok) problems.push({ code: o.code, field: 'opened_at', value: cellText(get('opened_at')), reason: o.code === 'missing_value' ? 'opened_at is empty' : o.reason });
    const firstResponse = optDate(ctx, 'first_response_at');
    const resolved = optDate(ctx, 'resolved_at');
    const statusCell = get('status');
    const status = statusCell === undefined || isBlank(statusCell) ? '' : cellText(statusCell);
    let escalated = isEscalatedStatus(status);
    const escCell = get('escalated');
    if (escCell !== undefined && !isBlank(escCell)) {
      const b = parseBool(escCell);
      if (b.ok) escalated = escalated || b.value;
      else problems.push({ code: b.code, field: 'escalated', value: cellText(escCell), reason: b.reason });
    }
    let satisfied: boolean | null = null;
    const satCell = get('satisfied');
    if (satCell !== undefined && !isBlank(satCell)) {
      const b = parseBool(satCell);
      if (b.ok) satisfied = b.value;
      else problems.push({ code: b.code, field: 'satisfied', value: cellText(satCell), reason: b.reason });
    }
    if (problems.length || !o.ok || id === null) return null;
    const seen = ids.size;
    const k = ids.intern(id);
    if (k < seen) {
      problems.push({ code: 'duplicate_complaint_id', field: 'complaint_id', value: id, reason: `complaint ${id} already appears at row ${idRows[k]}` });
      return null;
    }
    idRows.push(ctx.rowNo);
    const sev = get('severity');
    complaints.push({
      id,
      opened: o.value.instant,
      openedDay: o.value.day,
      customer: optId(ctx, 'customer_id', interners.customers),
      order: optId(ctx, 'order_id', interners.orders),
      handler: optId(ctx, 'handler_id', interners.employees),
      owner: optId(ctx, 'owner_id', interners.employees),
      firstResponse,
      resolved,
      statusResolved: isResolvedStatus(status),
      escalated,
      satisfied,
      severity: sev === undefined || isBlank(sev) ? null : cellText(sev).trim(),
      src: { file, row: ctx.rowNo },
    });
    return o.value.day;
  });
  return { ok: res.ok, complaints: complaints.finish(res.stats?.sheet), stats: res.stats };
}
