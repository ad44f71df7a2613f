// The process edges the command line needs, injected so tests can run commands in-process.
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Buffer;
  /** Standard input piece by piece (0 at its end), so big input can be read without holding it whole. */
  stdinRead?: (buf: Buffer, off: number, len: number) => number;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  columns?: number;
  env: Record<string, string | undefined>;
  /** Ask a question on the terminal and return the answer (only used when stdin is a TTY). */
  ask?: (question: string) => Promise<string>;
}
