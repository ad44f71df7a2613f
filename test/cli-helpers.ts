// Runs the command line in-process with captured output, as a person at a terminal (or a pipe) would see it.
import { run } from '../src/cli/run';
import type { CliIO } from '../src/cli/io';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], opts: { stdin?: string | Buffer; tty?: boolean; env?: Record<string, string>; answers?: string[] } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: () => (typeof opts.stdin === 'string' ? Buffer.from(opts.stdin) : (opts.stdin ?? Buffer.alloc(0))),
    stdoutIsTTY: opts.tty ?? false,
    stdinIsTTY: opts.tty ?? false,
    columns: 100,
    env: { ...(opts.env ?? {}) },
    ask: async (q) => {
      stderr += q;
      return opts.answers?.shift() ?? '';
    },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
