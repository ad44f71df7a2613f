// Small process helpers for the boot harness: run a command (throws with its output on failure), log with a clock.
import { spawnSync } from 'node:child_process';

const t0 = Date.now();

/** A line on stderr with the seconds since the harness started. */
export function log(msg) {
  process.stderr.write(`[boot ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${msg}\n`);
}

/** Run argv; returns stdout. Throws with the tail of stderr when it fails. `quiet: false` streams the output. */
export function run(argv, { input, quiet = true, env, cwd, allowFail = false } = {}) {
  const r = spawnSync(argv[0], argv.slice(1), {
    input,
    env: env ? { ...process.env, ...env } : process.env,
    cwd,
    stdio: quiet ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'inherit', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (r.error) {
    if (allowFail) return null;
    throw new Error(`${argv[0]}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    if (allowFail) return null;
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${argv.join(' ').slice(0, 200)} exited ${r.status}\n${tail}`);
  }
  return r.stdout ?? '';
}

/** Run a shell script inside a chroot (with /proc, /sys, /dev mounted by the caller). */
export function chroot(root, script, opts = {}) {
  return run(['chroot', root, '/bin/sh', '-ec', script], { ...opts, env: { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...(opts.env ?? {}) } });
}

export const have = (cmd) => run(['sh', '-c', `command -v ${cmd}`], { allowFail: true }) !== null;
