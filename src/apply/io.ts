// The injected I/O of apply/: the live host and a sysroot implement it; tests use a sysroot copy.
export interface FileState {
  exists: boolean;
  content?: Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface CommandResult {
  exitCode: number | undefined;
  missing: boolean;
  /** The last lines it printed, for the failure message. */
  tail: string;
}

export interface ApplyIO {
  /** "this host" or the sysroot path, for messages. */
  readonly label: string;
  /** Where backups go (host path): /var/backups/vfio-doctor, inside DIR with --root. */
  readonly backupRoot: string;
  read(path: string): Promise<FileState>;
  /** Write via a temporary file and rename, keeping mode and owner. Refuses to write through a symlink. */
  writeAtomic(path: string, content: Buffer, mode: number, uid?: number, gid?: number): Promise<void>;
  remove(path: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  /** Run a command with its output streamed; absent on a sysroot, where commands are listed, not run. */
  run?(argv: string[], onOutput: (line: string) => void): Promise<CommandResult>;
  euid(): number | undefined;
}
