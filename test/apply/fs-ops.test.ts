// The system calls themselves: a read never hangs on (or follows) something that is not a regular file, even when a
// file is swapped for a FIFO or a device between the check (lstat) and the read.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFsOps } from '../../src/apply/fs-ops';

describe('nodeFsOps.readFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vfd-ops-'));
  it('reads a regular file', async () => {
    writeFileSync(join(dir, 'f'), 'GRUB_TIMEOUT=5\n');
    expect((await nodeFsOps.readFile(join(dir, 'f'))).toString()).toBe('GRUB_TIMEOUT=5\n');
  });
  it('a FIFO: refused at once, not waited on', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const t = Date.now();
    await expect(nodeFsOps.readFile(join(dir, 'fifo'))).rejects.toThrow(/not a regular file/);
    expect(Date.now() - t).toBeLessThan(2000);
  }, 10_000);
  it('a character device (endless /dev/zero): refused, not read', async () => {
    await expect(nodeFsOps.readFile('/dev/zero')).rejects.toThrow(/not a regular file/);
  }, 10_000);
  it('a link: not followed', async () => {
    symlinkSync(join(dir, 'f'), join(dir, 'link'));
    await expect(nodeFsOps.readFile(join(dir, 'link'))).rejects.toThrow();
  });
});
