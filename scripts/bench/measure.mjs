// Runs a command as a child and reports wall seconds and peak RSS (GNU time's %M, in KiB).
import { spawnSync } from 'node:child_process';

export function measure(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '__RSS__%M', cmd, ...args], {
    env: { ...process.env, ...env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const err = r.stderr.toString();
  const m = /__RSS__(\d+)/.exec(err);
  return { wall, rssMB: m ? Number(m[1]) / 1024 : NaN, code: r.status, stdout: r.stdout.toString(), stderr: err.replace(/__RSS__\d+\s*/, '') };
}
