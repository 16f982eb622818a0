/** Reads a written workbook back with exceljs and recalculates its formulas with formula-eval. */
import ExcelJS from 'exceljs';
import { D, gridEvaluator, type GridCell, type Value } from '../../src/report/formula-eval.js';

export interface ReadCell { formula?: string; result?: unknown; value?: unknown }

export async function readWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** A grid view of the workbook: formulas WITHOUT their cached results, values as written. */
export function gridOf(wb: ExcelJS.Workbook): (sheet: string, col: number, row: number) => GridCell | undefined {
  return (sheet, col, row) => {
    const ws = wb.getWorksheet(sheet);
    if (!ws) throw new Error(`no sheet ${sheet}`);
    const v = ws.getRow(row).getCell(col).value as unknown;
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'object' && v !== null && 'formula' in v) return { formula: (v as { formula: string }).formula };
    if (typeof v === 'object' && v !== null && 'sharedFormula' in v) throw new Error('shared formula not expected');
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return { value: v };
    throw new Error(`unexpected cell value at ${sheet}!${col},${row}: ${JSON.stringify(v)}`);
  };
}

/** Every formula cell of a sheet: address, formula, cached result and the independent recalculation. */
export function recalcSheet(wb: ExcelJS.Workbook, sheet: string): { addr: string; row: number; col: number; formula: string; cached: unknown; computed: Value }[] {
  const ev = gridEvaluator(gridOf(wb));
  const ws = wb.getWorksheet(sheet)!;
  const out: { addr: string; row: number; col: number; formula: string; cached: unknown; computed: Value }[] = [];
  ws.eachRow((row, r) => row.eachCell((cell, c) => {
    const v = cell.value as unknown;
    if (typeof v === 'object' && v !== null && 'formula' in v) {
      out.push({ addr: cell.address, row: r, col: c, formula: (v as { formula: string }).formula,
        cached: (v as { result?: unknown }).result, computed: ev.value(sheet, c, r) });
    }
  }));
  return out;
}

export function dec(v: unknown): string {
  if (v instanceof D) return v.toFixed(2);
  if (typeof v === 'number') return new D(String(v)).toFixed(2);
  return String(v);
}

/**
 * Cached results of formula cells straight from the sheet XML (exceljs's reader drops a cached 0):
 * address → <v> text ('' when absent).
 */
export async function cachedFromXml(buf: Buffer, sheetFile = 'xl/worksheets/sheet1.xml'): Promise<Map<string, string>> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file(sheetFile)!.async('string');
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?<!\/)>(.*?)<\/c>/g)) {
    if (!m[2].includes('<f>')) continue;
    const v = /<v>(.*?)<\/v>/.exec(m[2]);
    out.set(m[1], v ? v[1] : '');
  }
  return out;
}
