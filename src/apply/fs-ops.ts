// The file-system calls apply/ makes, one function per system call, so tests can kill a run at any one of them.
import { promises as fs, constants, type Stats } from 'node:fs';

/** An open file or folder: every change to it goes through the descriptor (fchmod, fchown, fsync), never the path. */
export interface Fd {
  write(content: Buffer): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  chown(uid: number, gid: number): Promise<void>;
  close(): Promise<void>;
}

export interface FsOps {
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  /** O_CREAT|O_EXCL|O_WRONLY|O_NOFOLLOW: a new file only. */
  create(path: string, mode: number): Promise<Fd>;
  /** A folder opened read-only, not through a link: for fsync and fchmod. */
  openDir(path: string): Promise<Fd>;
  rename(from: string, to: string): Promise<void>;
  /** A second name for a file; fails with EEXIST when `to` exists (the lock is taken this way, complete or not at all). */
  link(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, mode: number): Promise<void>;
  rmdir(path: string): Promise<void>;
}

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function wrap(h: fs.FileHandle): Fd {
  return {
    write: async (b) => void (await h.writeFile(b)),
    sync: () => h.sync(),
    chmod: (m) => h.chmod(m),
    chown: (u, g) => h.chown(u, g),
    close: () => h.close(),
  };
}

export const nodeFsOps: FsOps = {
  lstat: (p) => fs.lstat(p),
  stat: (p) => fs.stat(p),
  readFile: async (p) => {
    // Opened without waiting (a FIFO would block the open) and checked on the descriptor: a file swapped for a FIFO or
    // a device after its lstat is refused, not waited on or read forever.
    const h = await fs.open(p, constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await h.stat()).isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: 'EINVAL' });
      return await h.readFile();
    } finally {
      await h.close();
    }
  },
  readdir: (p) => fs.readdir(p),
  create: async (p, mode) => wrap(await fs.open(p, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | NOFOLLOW, mode)),
  openDir: async (p) => wrap(await fs.open(p, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | NOFOLLOW)),
  rename: (a, b) => fs.rename(a, b),
  link: (a, b) => fs.link(a, b),
  unlink: (p) => fs.unlink(p),
  mkdir: (p, mode) => fs.mkdir(p, { mode }).then(() => undefined),
  rmdir: (p) => fs.rmdir(p),
};
