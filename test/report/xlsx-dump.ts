/** Reads an xlsx back with exceljs and dumps every sheet's non-empty cells (value + numFmt) for review. */
import ExcelJS from 'exceljs';

export interface CellDump { v: unknown; fmt?: string; fill?: string }

export async function dumpXlsx(buf: Buffer): Promise<Record<string, Record<string, CellDump>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, Record<string, CellDump>> = {};
  wb.eachSheet((ws) => {
    const cells: Record<string, CellDump> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const d: CellDump = { v: cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.value };
        if (cell.numFmt) d.fmt = cell.numFmt;
        const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
        if (fill?.fgColor?.argb && row.number > 1 && fill.fgColor.argb !== 'FFD9E1F2') d.fill = fill.fgColor.argb;
        cells[cell.address] = d;
      });
    });
    out[ws.name] = cells;
  });
  return out;
}

/** Sheet view/filter facts: frozen rows, autofilter ref, column widths, conditional formats. */
export async function sheetFacts(buf: Buffer): Promise<Record<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, unknown> = {};
  wb.eachSheet((ws) => {
    out[ws.name] = {
      views: ws.views.map((v) => ({ state: v.state, ySplit: (v as { ySplit?: number }).ySplit, xSplit: (v as { xSplit?: number }).xSplit })),
      autoFilter: ws.autoFilter,
      widths: ws.columns?.map((c) => c.width) ?? [],
      cf: (ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings?.length ?? 0,
    };
  });
  return out;
}
