// Entry point: wires the real process into run() and is the only place that exits.
import { readFileSync } from 'node:fs';
import { run } from './cli/run';

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  stdin: () => readFileSync(0),
  stdoutIsTTY: !!process.stdout.isTTY,
  stdinIsTTY: !!process.stdin.isTTY,
  columns: process.stdout.columns,
  env: process.env,
  ask: async (question: string) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // `vfio-doctor … | head` closes the pipe early: that is not an error.
  if (e.code === 'EPIPE') process.exit(0);
});

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`vfio-doctor: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
