/**
 * The run's language (PRODUCT.md §2: `--lang`, default from the plan, then from LANG). A small
 * module of its own: main.ts declares every --lang option from LANGS without loading the data
 * pipeline, and `kpi metrics` resolves its language the same way as the data commands.
 */
import { EXIT, KpiExit } from '../diagnostics.js';
import type { Lang, Plan } from '../plan/types.js';

/** The languages of --lang and the plan's `language:`. */
export const LANGS = ['zh', 'en'] as const satisfies readonly Lang[];

/**
 * The language LANG names: `zh_CN.UTF-8`, `zh_TW` → zh; any other language (`en_US.UTF-8`,
 * `fr_FR`) → en; null when it names none (unset, empty, `C`, `C.UTF-8`, `POSIX`).
 */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang | null {
  const v = (env.LANG ?? '').trim();
  if (/^zh(?:[_.@-]|$)/i.test(v)) return 'zh';
  if (/^(?!posix)[a-z]{2,3}(?:[_.@-]|$)/i.test(v)) return 'en';
  return null;
}

/** --lang, else the plan's `language:`, else the language LANG names, else zh. */
export function resolveLang(flag: string | undefined, plan: Pick<Plan, 'language'> | null, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag !== undefined) {
    if (!(LANGS as readonly string[]).includes(flag)) {
      throw new KpiExit(EXIT.usage, [{ code: 'usage', severity: 'error', message: `--lang ${flag}: expected ${LANGS.join(' or ')}` }]);
    }
    return flag as Lang;
  }
  return plan?.language ?? langFromEnv(env) ?? 'zh';
}
