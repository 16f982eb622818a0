/**
 * Problems are data. Every reader, the plan loader and the engine return `Diagnostic`s; only the
 * CLI turns them into text and exit codes. Wording lives in the `message`; the `code` is stable
 * and is what tests and scripts match on (see fixtures/errors/<code>/ for one reproducer each).
 */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable snake_case code, e.g. `bad_date`, `missing_column`, `plan_invalid`. */
  code: string;
  severity: Severity;
  message: string;
  /** Path of the file at fault, as the user wrote it (relative to the plan's folder when possible). */
  file?: string;
  sheet?: string;
  /** CSV: line where the record starts (header = 1). XLSX: the sheet's row number. */
  row?: number;
  /** Header text of the column at fault, or a plan path such as `roles.sales.kpis[2].weight`. */
  column?: string;
  /** The offending raw value, as read. */
  value?: string;
  /** Plan file line/column (1-based) for plan problems. */
  line?: number;
  col?: number;
}

/** Exit codes of §10. */
export const EXIT = { ok: 0, internal: 1, usage: 2, data: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown only to leave the program with an exit code after diagnostics were collected. */
export class KpiExit extends Error {
  constructor(
    readonly exitCode: ExitCode,
    readonly diagnostics: Diagnostic[] = [],
    message?: string,
  ) {
    // Capped: a diagnostic may quote a huge value (a 20-million-column header), and the Error's own
    // message is only for debugging; the diagnostics are printed from the list.
    super(message ?? diagnostics.slice(0, 20).map((d) => d.message.slice(0, 500)).join('\n'));
  }
}

/** A place in an input file, kept on records so explanations and errors can cite their source. */
export interface SourceRef {
  file: string;
  sheet?: string;
  row: number;
}

export function errorCount(ds: readonly Diagnostic[]): number {
  let n = 0;
  for (const d of ds) if (d.severity === 'error') n++;
  return n;
}

/** One line of text for a diagnostic: `file:row [column] value: message (code)`. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.sheet) where += `[${d.sheet}]`;
  if (d.line !== undefined) where += `:${d.line}${d.col !== undefined ? `:${d.col}` : ''}`;
  else if (d.row !== undefined) where += `:${d.row}`;
  const parts: string[] = [];
  if (where) parts.push(where);
  if (d.column !== undefined && d.line === undefined) parts.push(`column ${JSON.stringify(d.column)}`);
  if (d.column !== undefined && d.line !== undefined) parts.push(d.column);
  if (d.value !== undefined) parts.push(`value ${JSON.stringify(truncate(d.value, 60))}`);
  const head = parts.length ? parts.join(' ') + ': ' : '';
  return `${d.severity}[${d.code}] ${head}${d.message}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
