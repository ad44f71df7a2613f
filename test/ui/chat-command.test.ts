// chatCommand refuses cleanly without a terminal (never an Ink raw-mode error).
import { it, expect } from 'vitest';
import { chatCommand } from '../../src/cli/commands/chat';
import { parseArgs, UsageError } from '../../src/cli/args';

it('refuses without a TTY with a usage error', async () => {
  const io = { stdout: () => {}, stderr: () => {}, stdin: () => Buffer.from(''), stdoutIsTTY: false, stdinIsTTY: true, env: {} };
  await expect(chatCommand(parseArgs(['--demo']), io)).rejects.toBeInstanceOf(UsageError);
  await expect(chatCommand(parseArgs(['--demo']), { ...io, stdoutIsTTY: true, stdinIsTTY: false })).rejects.toThrow(/needs a terminal/);
});
