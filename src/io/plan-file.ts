/**
 * Reads the plan file's bytes and decodes them to text. No parsing here (see plan/load.ts).
 *
 * Plans are normally UTF-8 (a BOM is stripped); a file saved as GBK/GB18030 by an older Chinese
 * editor is not valid UTF-8 and is decoded as GB18030 instead, so 张伟 still reads as 张伟.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics.js';

/** Largest plan file accepted, in bytes; a plan is hand-written configuration. */
export const MAX_PLAN_BYTES = 10 * 1024 * 1024;

export type PlanFileResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Reads and decodes a plan file; `display` is the path as the user wrote it, for messages. */
export async function readPlanFile(file: string, display: string = file): Promise<PlanFileResult> {
  let bytes: Buffer;
  try {
    const st = await stat(file);
    if (st.isDirectory()) return fail('plan_not_found', display, `${display} is a folder, not a plan file`);
    if (st.size > MAX_PLAN_BYTES) return fail('plan_syntax', display, `the plan file is larger than ${MAX_PLAN_BYTES} bytes`);
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail('plan_not_found', display, `plan file not found: ${display} (run \`kpi init\` to write a sample plan, or try \`--demo\`)`);
    }
    return fail('plan_not_found', display, `cannot read the plan file ${display}: ${(e as Error).message}`);
  }
  return { ok: true, text: decodePlanBytes(bytes) };
}

/** UTF-8 (BOM stripped), UTF-16 by BOM, else GB18030 when the bytes are not valid UTF-8. */
export function decodePlanBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function fail(code: string, file: string, message: string): PlanFileResult {
  return { ok: false, diagnostic: { code, severity: 'error', file, message } };
}
