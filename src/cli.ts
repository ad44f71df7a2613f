// Entry point: wires the real process into run() and is the only place that exits.
import { run } from './cli/run';
import { readFdCapped } from './cli/input';

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  // Never more than the input cap (plus one byte, to know it was exceeded), however much is piped in.
  stdin: () => readFdCapped(0),
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
