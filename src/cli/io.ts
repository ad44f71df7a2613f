// The process edges the command line needs, injected so tests can run commands in-process.
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Buffer;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  columns?: number;
  env: Record<string, string | undefined>;
  /** Ask a question on the terminal and return the answer (only used when stdin is a TTY). */
  ask?: (question: string) => Promise<string>;
}
