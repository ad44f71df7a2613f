// The injected I/O of apply/: the live host and a sysroot implement it; tests use a sysroot copy.
export interface FileState {
  exists: boolean;
  content?: Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** What lstat says about a path, without following a link. */
export interface PathInfo {
  kind: 'file' | 'dir' | 'link' | 'other' | 'missing';
  mode?: number;
  size?: number;
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
  /**
   * Write via a temporary file (mode and owner set on its descriptor, fsynced) and rename, then fsync the folder.
   * Missing parent folders are created 0755. Refuses to write through a symlink.
   */
  writeAtomic(path: string, content: Buffer, mode: number, uid?: number, gid?: number): Promise<void>;
  /** Create a file only if it does not exist (O_EXCL), fsynced; false when it exists. For the lock. */
  createExclusive(path: string, content: Buffer, mode: number): Promise<boolean>;
  /** Remove a file (never a link's target) and fsync its folder; a missing file is fine. */
  remove(path: string): Promise<void>;
  /** Create a folder with exactly this mode (missing parents 0755); false when it already existed. */
  mkdir(path: string, mode: number): Promise<boolean>;
  /** Remove an empty folder. */
  rmdir(path: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  /** lstat of one path (inside the root), links not followed. */
  info(path: string): Promise<PathInfo>;
  /**
   * Every folder from the root down to `path`'s parent, as the writer would walk it (links followed only where the
   * writer follows them), and the path itself: a reason when something on the way is not to be trusted.
   */
  checkPath(path: string, trusted: (uid: number) => boolean): Promise<string | undefined>;
  /** Users whose files and folders undo trusts: root, and the euid (live) or the owner of DIR (sysroot). */
  trustedUids(): Promise<number[]>;
  /** This process, for the lock; and whether a recorded lock holder still runs. */
  pid(): number;
  pidAlive(pid: number): boolean;
  /** This boot of the machine (the kernel's boot_id): a lock from another boot is stale whatever runs under its pid now. */
  bootId(): string | undefined;
  /** Run a command with its output streamed; absent on a sysroot, where commands are listed, not run. */
  run?(argv: string[], onOutput: (line: string) => void): Promise<CommandResult>;
  /** Run a read-only command and return its whole output (virsh dumpxml); absent on a sysroot. */
  capture?(argv: string[]): Promise<{ exitCode: number | undefined; missing: boolean; stdout: string }>;
  euid(): number | undefined;
}
