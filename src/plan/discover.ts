/**
 * Which plan file to use (PRODUCT.md §2): `--plan FILE`, else ./kpi.yaml, ./kpi.yml, ./kpi.json
 * in the working folder, else $KPI_PLAN. Never falls back to sample data.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** Plan file names looked for in the working folder, in order. */
export const PLAN_FILE_NAMES = ['kpi.yaml', 'kpi.yml', 'kpi.json'] as const;

/**
 * Absolute path of the plan to load, or null when there is none. An explicit path (or $KPI_PLAN)
 * is returned even if it does not exist, so the loader can report `plan_not_found` naming it.
 */
export function findPlanFile(cwd: string, env: NodeJS.ProcessEnv, explicit?: string): string | null {
  if (explicit !== undefined && explicit !== '') return path.resolve(cwd, explicit);
  for (const name of PLAN_FILE_NAMES) {
    const p = path.join(cwd, name);
    if (isFile(p)) return path.resolve(p);
  }
  const fromEnv = env.KPI_PLAN;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(cwd, fromEnv.trim());
  return null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
