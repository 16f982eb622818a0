/**
 * The `kpi` command line (commander). This is the only layer that touches process, stdout/stderr,
 * colour and exit codes; every command reads its inputs, calls the pure engine, renders and
 * writes.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, KpiExit } from '../diagnostics.js';
import { TableError } from '../io/table-source.js';
import { colorLevel, makeChalk } from './color.js';
import { LANGS } from './lang.js';
import { progressWanted } from './progress.js';
import { processStreams, printDiagnostics } from './io-streams.js';
import type { CommandContext } from './commands/context.js';

function context(opts: { color?: boolean; quiet?: boolean }): CommandContext {
  const level = colorLevel({ noColorFlag: opts.color === false, env: process.env, isTTY: !!process.stdout.isTTY });
  const errLevel = colorLevel({ noColorFlag: opts.color === false, env: process.env, isTTY: !!process.stderr.isTTY });
  return {
    streams: processStreams,
    chalk: makeChalk(level),
    errChalk: makeChalk(errLevel),
    quiet: !!opts.quiet,
    stdoutIsTTY: !!process.stdout.isTTY,
    progress: progressWanted({ quiet: !!opts.quiet, stdoutIsTTY: !!process.stdout.isTTY, stderrIsTTY: !!process.stderr.isTTY, stderrColorLevel: errLevel }),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** --lang on every command, validated by commander against LANGS (exit 2, error[usage]). */
function langOption(description: string): Option {
  return new Option('--lang <lang>', description).choices(LANGS);
}

function common(cmd: Command, withData = true): Command {
  cmd
    .option('--plan <file>', 'plan file (default ./kpi.yaml, ./kpi.yml, ./kpi.json, then $KPI_PLAN)')
    .option('--demo', 'use the bundled sample company instead of a plan')
    .addOption(langOption('language of the output (default: the plan\'s language:, then LANG, then zh)'))
    .option('--quiet', 'no warnings or progress on stderr')
    .option('--no-color', 'no colour (also NO_COLOR=1)');
  if (withData) cmd.option('--skip-invalid', 'skip bad rows (listed as warnings) instead of stopping with exit 3');
  return cmd;
}

/**
 * A command's run function, imported only when that command runs: startup then loads just the
 * code (and libraries: exceljs, jszip, cli-table3 …) the command and its output format need.
 */
function lazy<A extends unknown[]>(load: () => Promise<(ctx: CommandContext, ...args: A) => Promise<void>>) {
  return async (ctx: CommandContext, ...args: A): Promise<void> => (await load())(ctx, ...args);
}

/** Runs an action, turning a KpiExit into printed diagnostics and an exit code. */
function action<A extends unknown[]>(fn: (ctx: CommandContext, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as { color?: boolean; quiet?: boolean };
    const ctx = context(opts);
    try {
      await fn(ctx, ...args);
    } catch (e) {
      if (e instanceof KpiExit) {
        printDiagnostics(ctx.streams, e.diagnostics, ctx.errChalk, ctx.quiet);
        if (e.diagnostics.length === 0 && e.message) ctx.streams.err(e.message);
        process.exitCode = e.exitCode;
        return;
      }
      // A reader's file-level problem that escaped as an exception (e.g. field_too_large met
      // while streaming) is still a data error naming the file: exit 3, never an internal error.
      if (e instanceof TableError) {
        printDiagnostics(ctx.streams, [e.diagnostic], ctx.errChalk, ctx.quiet);
        process.exitCode = EXIT.data;
        return;
      }
      throw e;
    }
  };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('kpi')
    .description('Customer KPIs, scores, variance explanations and payouts from raw sales, complaint and survey exports')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(`error[usage] ${str.replace(/^error: /, '')}`) })
    .exitOverride();

  common(program.command('score').description("score every employee's KPIs against target for a period"))
    .requiredOption('--period <P>', 'period: 2024, 2024H1, 2024Q3, 2024-07, 2024-W27 or 2024-07-01..2024-09-30')
    .option('--team <team>', 'only this team')
    .option('--employee <id>', 'only this employee')
    .option('--as-of <date>', 'figures up to this day inside the period, with a projection to its end')
    .addOption(new Option('--format <format>', 'output format (default: from --out, else table)').choices(['table', 'json', 'csv', 'xlsx']))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .action(action(lazy(async () => (await import('./commands/score.js')).runScore)));

  common(program.command('explain').description('why one employee (or team) differs from target, in words'))
    .argument('<id>', 'employee id or team name')
    .requiredOption('--period <P>', 'period')
    .option('--as-of <date>', 'figures up to this day inside the period, with a projection to its end')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(action(lazy(async () => (await import('./commands/explain.js')).runExplain)));

  common(program.command('payout').description('compute payouts to the cent'))
    .requiredOption('--period <P>', 'period')
    .addOption(new Option('--format <format>', 'output format (default: from --out, else table)').choices(['table', 'json', 'csv', 'xlsx']))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--statements <dir>', 'also write one statement xlsx per employee into this folder')
    .action(action(lazy(async () => (await import('./commands/payout.js')).runPayout)));

  common(program.command('validate').description('check the plan and the exports'))
    .option('--period <P>', 'also report what falls in this period')
    .action(action(lazy(async () => (await import('./commands/validate.js')).runValidate)));

  program
    .command('init')
    .description('write a commented sample plan and a sample company\'s exports')
    .argument('[dir]', 'folder to write into (created when missing)', '.')
    // --from takes every argument after it, so the folder must come first: put it in the usage
    // line (commander's own advice for a variadic option beside a command-argument).
    .usage('[dir] [--from <files...>] [options]')
    .option('--force', 'overwrite existing files')
    .option('--from <files...>', 'draft DIR/kpi.yaml from your own exports (sales, complaints, surveys) instead of the sample; DIR goes before --from')
    .addOption(langOption('output language written into the plan (the sample\'s, or the drafted one; default: zh for the sample, LANG then zh with --from)'))
    .option('--quiet', 'print nothing on success')
    .option('--no-color', 'no colour')
    .addHelpText('after', [
      '',
      'Examples:',
      '  kpi init ~/mycompany                               # the sample company',
      '  kpi init ~/mycompany --from sales.xlsx tickets.csv  # a plan drafted from your own exports',
      '  kpi init --from sales.xlsx tickets.csv              # the same, into the current folder',
    ].join('\n'))
    .action(action(lazy(async () => (await import('./commands/init.js')).runInit)));

  program
    .command('metrics')
    .description('the metric catalogue: id, zh/en name, formula, direction')
    .addOption(langOption('language (default: LANG, then zh)'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--no-color', 'no colour')
    .action(action(lazy(async () => (await import('./commands/metrics.js')).runMetrics)));

  return program;
}

/** Entry point used by bin/kpi.js. Never calls process.exit(): it sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`kpi: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.internal;
  }
}
