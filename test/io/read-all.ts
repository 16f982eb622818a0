/** Opens a table and reads every batch: its info, rows and row numbers (for the io tests). */
import { openTable, type Cell, type TableSpec } from '../../src/io/table-source.js';

export async function readAll(spec: TableSpec) {
  const t = await openTable(spec);
  const rows: Cell[][] = [];
  const nums: number[] = [];
  for await (const b of t.batches) { rows.push(...b.rows); nums.push(...b.rowNumbers); }
  return { info: t.info, rows, nums };
}
