/**
 * A plain-text dump of an xlsx for golden files a person can read in a diff: one line per
 * non-empty row, `A1=value` cells separated by tabs, formulas as `=FORMULA→cached`, number
 * formats in brackets the first time a column uses them.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/**
 * Cached formula results straight from the sheet XML: exceljs's reader loses some of them (a
 * formula whose result is 0, and sometimes the cell after it), which would make a golden file lie.
 */
async function cachedResults(buf: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buf);
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const out = new Map<string, string>();
  for (const m of wbXml.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]*)"`).exec(rels) ?? new RegExp(`Target="([^"]*)"[^>]*Id="${m[2]}"`).exec(rels);
    if (!target) continue;
    const file = zip.file('xl/' + target[1].replace(/^\/?xl\//, ''));
    if (!file) continue;
    const xml = await file.async('string');
    for (const c of xml.matchAll(/<c r="([A-Z]+[0-9]+)"[^>]*?(?:\/>|>(.*?)<\/c>)/g)) {
      if (!c[2]?.includes('<f')) continue;
      const v = /<v>(.*?)<\/v>/.exec(c[2]);
      out.set(`${m[1].replace(/&amp;/g, '&')}!${c[1]}`, v ? v[1] : '');
    }
  }
  return out;
}

function show(v: ExcelJS.CellValue, cached?: string): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const f = (v as { formula?: string; sharedFormula?: string }).formula ?? `(shared ${(v as { sharedFormula: string }).sharedFormula})`;
      return `=${f}→${cached ?? '?'}`;
    }
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: string }).text);
    if ('error' in v) return String((v as { error: string }).error);
    return JSON.stringify(v);
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const cached = await cachedResults(buf);
  const lines: string[] = [];
  wb.eachSheet((ws) => {
    const view = (ws.views[0] ?? {}) as { ySplit?: number; xSplit?: number };
    const titles = [ws.pageSetup.printTitlesRow, ws.pageSetup.printTitlesColumn].filter(Boolean).join(', ');
    lines.push(`## ${ws.name}  (frozen rows: ${view.ySplit ?? 0}, columns: ${view.xSplit ?? 0}; print titles: ${titles || 'none'}; autofilter: ${JSON.stringify(ws.autoFilter ?? null)})`);
    const fmtSeen = new Set<string>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        let s = `${cell.address}=${show(cell.value, cached.get(`${ws.name}!${cell.address}`))}`;
        const key = `${cell.col}:${cell.numFmt ?? ''}`;
        if (cell.numFmt && !fmtSeen.has(key)) {
          fmtSeen.add(key);
          s += ` [${cell.numFmt}]`;
        }
        cells.push(s);
      });
      lines.push(cells.join('\t'));
    });
    lines.push('');
  });
  return lines.join('\n');
}
