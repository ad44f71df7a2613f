// Live collection's commands: dmesg, the journalctl fallback when dmesg_restrict denies it, and failures as notes.
import { describe, it, expect } from 'vitest';
import { collectHost } from '../../src/collect/index';
import { sysrootIO } from '../../src/collect/sysroot-io';
import type { HostIO, RunResult } from '../../src/collect/io';
import { diagnose } from '../../src/index';
import { messageOf } from '../../src/engine/run';
import { fixturePath } from '../harness';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '', missing: false, timedOut: false });
const denied: RunResult = { exitCode: 1, stdout: '', stderr: 'dmesg: read kernel buffer failed: Operation not permitted', missing: false, timedOut: false };
const missing: RunResult = { exitCode: undefined, stdout: '', stderr: '', missing: true, timedOut: false };
const slow: RunResult = { exitCode: undefined, stdout: '', stderr: '', missing: false, timedOut: true };

/** The seed sysroot's files, with commands answered by a script and root or not. */
function fakeHost(answers: Record<string, RunResult>, euid = 1000): HostIO & { calls: string[] } {
  const base = sysrootIO(fixturePath('sysroots/seed-identical-3090ti'));
  const calls: string[] = [];
  return {
    ...base,
    calls,
    label: 'fake host',
    euid: () => euid,
    async run(argv: string[]) {
      calls.push(argv.join(' '));
      return answers[argv[0]!] ?? missing;
    },
  };
}

describe('live collection commands', () => {
  it('uses dmesg when it is readable', async () => {
    const io = fakeHost({ dmesg: ok('[    0.000000] Linux version 6.8.0-45-generic\n[    0.5] DMAR: Intel(R) Virtualization Technology for Directed I/O\n'), 'systemd-detect-virt': ok('none\n') });
    const sources = await collectHost({ io });
    expect(sources.map((s) => s.source)).toContain('dmesg');
    // systemd-detect-virt starts first, to run while the files are read.
    expect(io.calls).toEqual(['systemd-detect-virt', 'dmesg']);
  });

  it('falls back to journalctl -k -b when dmesg_restrict denies dmesg', async () => {
    const io = fakeHost({ dmesg: denied, journalctl: ok('[    0.512880] deskbox kernel: DMAR: Intel(R) Virtualization Technology for Directed I/O\n') });
    const sources = await collectHost({ io });
    expect(io.calls[2]).toBe('journalctl -k -b --no-pager -o short-monotonic');
    expect(sources.find((s) => s.source === 'journalctl -k -b')?.text).toContain('DMAR');
  });

  it('turns an unreadable log into a note and an info finding, and says what root would add', async () => {
    const io = fakeHost({ dmesg: denied, journalctl: { ...denied, stderr: 'No journal files were opened due to insufficient permissions.' } });
    const sources = await collectHost({ io });
    const host = sources.find((s) => s.source === 'host')!.text;
    expect(host).toContain('unavailable=kernel-log');
    expect(host).toMatch(/note=could not read the kernel log: dmesg: read kernel buffer failed: Operation not permitted; No journal files were opened.* Run as root/);
    expect(host).toMatch(/note=running without root/);
    const r = diagnose(sources, { live: true });
    const f = r.findings.find((x) => x.id === 'log-access-restricted');
    expect(f?.severity).toBe('info');
    expect(messageOf(f!)).toMatchObject({ messageId: 'unreadable', data: { note: expect.stringContaining('Operation not permitted') } });
    // sysfs still gives devices and groups without the log
    expect(r.findings.map((x) => x.id)).toContain('identical-gpus-id-collision');
  });

  it('survives missing and hanging commands', async () => {
    const io = fakeHost({ dmesg: slow, journalctl: missing, 'systemd-detect-virt': slow });
    const sources = await collectHost({ io });
    const host = sources.find((s) => s.source === 'host')!.text;
    expect(host).toMatch(/dmesg timed out; journalctl is not installed/);
    expect(host).not.toMatch(/systemd_detect_virt=/);
  });
});

describe('host facts from a hostile host', () => {
  it('keeps a DMI string with a newline on its own line, so it cannot forge another fact', async () => {
    const base = sysrootIO(fixturePath('sysroots/seed-identical-3090ti'));
    const io: HostIO = {
      ...base,
      async readFile(path, max) {
        if (path === '/sys/class/dmi/id/sys_vendor') return 'Evil Corp\nacpi_dmar=absent\niommu_class=';
        return base.readFile(path, max);
      },
    };
    const sources = await collectHost({ io });
    const host = sources.find((s) => s.source === 'host')!.text.split('\n');
    expect(host).toContain('dmi_sys_vendor=Evil Corp\\nacpi_dmar=absent\\niommu_class=');
    expect(host.filter((l) => l.startsWith('acpi_dmar='))).toEqual(['acpi_dmar=present']);
  });
});
