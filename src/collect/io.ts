// The injected I/O of collection: the live host and a sysroot implement it; tests can fake it.
export interface FileStat {
  isDir: boolean;
  isFile: boolean;
  mtimeMs: number;
}

export interface RunResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** The command does not exist on this host. */
  missing: boolean;
  timedOut: boolean;
}

/** A log as the lane kept it: the kept lines (joined), each one's number in the file, and what was left out. */
export interface LaneLog {
  text: string;
  lineNos: number[];
  /** `older`: lines before the part read of a log too big to read whole (its newest part). */
  skipped: { dropped: number; folded: number; other: number; older?: number };
}

export interface HostIO {
  /** File content, or undefined when it does not exist; throws only for "exists but cannot be read" (with code). */
  readFile(path: string, maxBytes?: number): Promise<string | undefined>;
  readBytes(path: string, maxBytes?: number): Promise<Buffer | undefined>;
  readDir(path: string): Promise<string[] | undefined>;
  /** Target of a symlink, undefined when not a link or missing. */
  readLink(path: string): Promise<string | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * The records of a record device such as /dev/kmsg (one read() each), read without blocking until none is left;
   * undefined when it does not exist; throws (with code) when it cannot be opened or read. Live host only.
   */
  readRecords?(path: string, maxRecords: number): Promise<string[] | undefined>;
  /**
   * A kernel log file read through the log lane (parse/log-lane.ts): in pieces, by two threads when it is big, only
   * the lines that can matter kept, with their numbers. Undefined when the file is missing or empty, or the lane
   * steps aside or passes its limits (then readFile reads it whole). Sysroot only.
   */
  readLog?(path: string): Promise<LaneLog | undefined>;
  /** Run a command (argv, never a shell string); undefined when commands are not run (sysroot). */
  run?(argv: string[], timeoutMs: number): Promise<RunResult>;
  euid(): number | undefined;
  /** A label for notes: "this host" or the sysroot path. */
  readonly label: string;
}

/**
 * The synchronous twin of a HostIO call, when the implementation has one (a sysroot's calls are synchronous
 * underneath): thousands of tiny reads skip the promise machinery through it. A replaced call (a test's fake, a
 * wrapper) has no twin, so the replacement is what gets called.
 */
export function syncTwin<A extends unknown[], R>(f: (...a: A) => Promise<R>): ((...a: A) => R) | undefined {
  return (f as { sync?: (...a: A) => R }).sync;
}

/** An async HostIO call made from a synchronous one, which stays reachable as its twin. */
export function withSync<A extends unknown[], R>(sync: (...a: A) => R): ((...a: A) => Promise<R>) & { sync: (...a: A) => R } {
  return Object.assign(async (...a: A) => sync(...a), { sync });
}
