// The chat as a person sees it: opening, fixes, paste, questions, export, target choice, exit.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startChat, demoSources, pasteSources, after, tick, numberOf } from './helpers';
import { SATA_GROUP_HOST } from './hosts';
import type { OnProgress } from '../../src/collect/types';

afterEach(() => cleanup());

describe('opening', () => {
  it('greets, shows live progress per source, then the summary and one message per finding', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = startChat({
      loader: async (p: OnProgress) => {
        p({ id: 'cmdline', label: '/proc/cmdline', status: 'started' });
        p({ id: 'cmdline', label: '/proc/cmdline', status: 'done' });
        p({ id: 'kernel-log', label: 'kernel log (dmesg)', status: 'failed', detail: 'permission denied' });
        p({ id: 'pci', label: 'PCI devices (/sys/bus/pci)', status: 'started' });
        await gate;
        p({ id: 'pci', label: 'PCI devices (/sys/bus/pci)', status: 'done' });
        return demoSources();
      },
    });
    let f = await c.waitFor('PCI devices (/sys/bus/pci)');
    expect(f).toContain('GPU passthrough check-up');
    expect(f).toContain('✓ /proc/cmdline');
    expect(f).toContain('✗ kernel log (dmesg) — permission denied');
    expect(f).not.toContain('Found');
    release();
    f = await c.waitFor('Found 1 problem');
    expect(f).toContain('Read 2 sources: /proc/cmdline, PCI devices (/sys/bus/pci)');
    expect(f).toContain('✗ kernel log (dmesg): permission denied');
    expect(f).toContain('[1] ✖ PROBLEM Identical cards share a vendor:device ID');
    // The key line is cut around what the finding is about (vfio-pci.ids=…), not at its start.
    expect(f).toMatch(/\/proc\/cmdline:\d+ +….*vfio-pci\.ids=10de:2203/);
    expect(f).toContain('→ fix 1 · why 1');
    expect(f).toContain('Passthrough target: 01:00.0');
    expect(f).toMatch(/^›\s*$/m);
  });

  it('says so when the input cannot be read, and still takes a paste', async () => {
    const c = startChat({ loader: async () => { throw new Error('collection is not available'); } });
    const f = await c.waitFor('I could not read the input');
    expect(f).toContain('collection is not available');
    expect(f).toContain('paste');
  });
});

describe('fixes', () => {
  it('fix 1 shows the exact diffs, commands, reboot and check', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('fix 1\r');
    const f = after(await c.waitFor('apply 1'), '› fix 1');
    expect(f).toContain('Fix for [1] Identical cards share a vendor:device ID');
    expect(f).toContain('-GRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on');
    expect(f).toContain('+++ /etc/initramfs-tools/scripts/init-top/00-vfio-override');
    expect(f).toContain('+  echo vfio-pci > "$sys/driver_override"');
    expect(f).toContain('$ sudo update-grub');
    expect(f).toContain('$ sudo update-initramfs -u -k all');
    expect(f).toContain('Reboot — ');
    expect(f).toContain('Check: After the reboot');
    expect(f).toContain('$ lspci -nnk -s 01:00');
  });

  it('a bare number picks a finding, and other variants are listed and shown', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'] });
    const n = numberOf(await c.waitFor('Found 3 problems'), 'The passthrough GPU is owned by a host driver');
    await c.type(`${n}\r`);
    const f = after(await c.waitFor('Other variants'), `› ${n}`);
    expect(f).toContain(`Fix for [${n}] The passthrough GPU is owned by a host driver`);
    expect(f).toMatch(new RegExp(`fix ${n}\\.2 +/etc/modprobe\\.d`));
    await c.type(`fix ${n}.2\r`);
    await c.waitFor((x) => after(x, `› fix ${n}.2`).includes(`apply ${n}.2`));
    expect(after(c.frame(), `› fix ${n}.2`)).toContain('softdep nvidia pre: vfio-pci');
  });

  it('apply N without an applier gives the plan and the commands to copy, with no stale "not built" text', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('apply 1\r');
    const f = after(await c.waitFor('The commands alone, to copy'), '› apply 1');
    expect(f).toContain('The plan to do by hand, in order:');
    expect(f).not.toMatch(/can't apply fixes from the chat yet|isn't built/);
    expect(f).toContain('$ sudo update-grub');
    expect(f).toContain('$ sudo update-initramfs -u -k all');
  });

  it('apply N goes through an injected applier after confirmation on a live host, then looks again', async () => {
    const applyFix = vi.fn(async () => ({ ok: true, lines: ['backed up /etc/default/grub'] }));
    const loader = vi.fn(async () => pasteSources(SATA_GROUP_HOST, true));
    const c = startChat({ loader, gpus: ['04:00.0'], applyFix });
    const n = numberOf(await c.waitFor('Found'), 'The passthrough GPU is owned by a host driver');
    await c.type(`apply ${n}\r`);
    await c.waitFor('Apply this plan now?');
    await c.type('yes\r');
    await c.waitFor('Applied gpu-bound-to-host-driver/ids/grub');
    expect(applyFix).toHaveBeenCalledTimes(1);
    expect(c.frame()).toContain('backed up /etc/default/grub');
    await c.waitFor('Looking at the host again after the change');
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('why N shows the whole message, all evidence and the root cause', async () => {
    // Two candidate GPUs: choose the AMD card so each finding appears once.
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['0a:00.0'] });
    const f0 = await c.waitFor('Found 2 problems');
    const n = numberOf(f0, 'The IOMMU group is not viable');
    const cause = numberOf(f0, 'The passthrough GPU is owned by a host driver');
    await c.type(`why ${n}\r`);
    const f = after(await c.waitFor('Evidence (1):'), `› why ${n}`);
    expect(f).toContain(`[${n}] ✖ PROBLEM The IOMMU group is not viable`);
    expect(f).toContain(`Root cause: this is a consequence of [${cause}] The passthrough GPU is owned by a host driver`);
    expect(f).toContain('Kernel driver in use: amdgpu');
  });
});

describe('paste', () => {
  it('takes a whole paste arriving in one chunk, ended by a dot, and switches to it', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type(`paste\r${SATA_GROUP_HOST.replace(/\n/g, '\r')}\r.\r`);
    const f = await c.waitFor('Switching to the pasted input');
    expect(f).toContain(`Got ${SATA_GROUP_HOST.split('\n').length} pasted lines`);
    // Two discrete GPUs and nothing naming one: a verdict for each.
    expect(after(f, 'Switching')).toContain('Found 5 problems, 1 note on the pasted text');
    expect(after(f, 'Switching')).toContain('Verdict per candidate GPU: 04:00.0');
    expect(after(f, 'Switching')).toContain('Navi 23');
  });

  it('takes a paste in several chunks split mid-line, ended by Ctrl-D', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('paste\r');
    await c.waitFor('Paste now');
    const text = SATA_GROUP_HOST.replace(/\n/g, '\r');
    const cuts = [0, 37, 400, 401, 900, 1500, text.length];
    for (let i = 0; i + 1 < cuts.length; i++) await c.type(text.slice(cuts[i], cuts[i + 1]));
    expect(c.frame()).toMatch(/pasting — \d+ lines so far/);
    await c.type('\x04');
    const f = await c.waitFor('Switching to the pasted input');
    expect(f).toContain(`Got ${SATA_GROUP_HOST.split('\n').length} pasted lines`);
    expect(after(f, 'Switching')).toContain('IOMMU active');
  });

  it('recognises pasted output typed at the prompt without `paste`', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type(`${SATA_GROUP_HOST.split('\n').slice(2).join('\r')}\r`);
    await c.waitFor('looks like output from a machine');
    await c.type('.\r');
    const f = await c.waitFor('Switching to the pasted input');
    expect(after(f, 'Switching')).toContain('Navi 23');
  });

  it('keeps the previous input when the paste is not diagnostics', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('paste\rhello there\rjust some words\r.\r');
    const f = await c.waitFor("couldn't recognise anything");
    expect(f).toContain('stayed on the previous input');
  });
});

describe('questions', () => {
  it('answers with the host\'s own facts: the GPU shares group 13 with the SATA controller', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'] });
    await c.waitFor('Found 3 problems');
    await c.type('why is my gpu in the same group as my sata controller\r');
    const f = after(await c.waitFor('What you can do here'), '› why is my gpu');
    expect(f).toMatch(/Your GPU at 04:00\.0 shares IOMMU group 13 with the USB controller at\s+01:00\.0/);
    expect(f).toMatch(/the SATA\s+controller at 01:00\.1/);
    expect(f).toMatch(/ACS/);
    expect(f).toMatch(/CPU-attached slot/);
    expect(f).toContain(`fix ${numberOf(c.frame(), 'The GPU shares its IOMMU group with unrelated devices')}`);
  });

  it('says when it has no answer and suggests what to ask or paste', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('what is the weather like in paris\r');
    const f = after(await c.waitFor("I don't have an answer"), '› what is the weather');
    expect(f).toContain('You could ask, for example');
    expect(f).toContain('paste');
    expect(f).toContain('help');
  });

  it('under a question nothing answers, lists the host\'s problems with their why and fix', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'] });
    await c.waitFor('Found 3 problems');
    const n = numberOf(c.frame(), 'The GPU shares its IOMMU group with unrelated devices');
    await c.type('why is my gpu not working\r');
    const f = after(await c.waitFor('What I found on this host'), '› why is my gpu not working');
    expect(f).toContain("I don't have an answer");
    expect(f).toMatch(new RegExp(`\\[${n}\\] The GPU shares its IOMMU group with unrelated devices\\s+→ why ${n} · fix ${n}`));
    expect(f).toContain('You could ask, for example');
  });

  it('answers general questions from the articles', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('is the acs override safe?\r');
    const f = after(await c.waitFor('peer-to-peer'), '› is the acs');
    expect(f).toContain('ACS and the ACS override patch');
  });
});

describe('commands', () => {
  it('export json calls the injected writer with the JSON report', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('export json out.json\r');
    await c.waitFor('Wrote the JSON report to /tmp/out.json');
    expect(c.written).toHaveLength(1);
    expect(c.written[0]!.path).toBe('out.json');
    const r = JSON.parse(c.written[0]!.text);
    expect(r.schemaVersion).toBe(1);
    expect(r.findings[0].id).toBe('identical-gpus-id-collision');
  });

  it('export markdown uses a default file name; a writer error is reported', async () => {
    const c = startChat({ writeFile: async () => { throw new Error('EACCES: permission denied'); } });
    await c.waitFor('Found 1 problem');
    await c.type('export markdown\r');
    await c.waitFor('Could not write vfio-doctor-report.md: EACCES');
  });

  it('gpu BDF changes the target and the findings', async () => {
    const c = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST) });
    // Nothing says which of the two is meant: each is checked, and its findings say "if you pass …".
    let f = await c.waitFor('Found 5 problems');
    expect(f).toContain('Passthrough target: not chosen');
    expect(f).toMatch(/Verdict per candidate GPU: 04:00\.0 \(NVIDIA[^)]*\]\): 3 problems;/);
    expect(f).toContain('If you pass 04:00.0');
    await c.type('gpu 0a:00.0\r');
    await c.waitFor((x) => after(x, '› gpu 0a:00.0').includes('Found 2 problems'));
    f = after(c.frame(), '› gpu 0a:00.0');
    expect(f).toContain('Passthrough target: 0a:00.0');
    expect(f).not.toContain('shares its IOMMU group');
    expect(f).not.toContain('If you pass');
    await c.type('gpu 04:00.0\r');
    f = after(await c.waitFor('Target is now 04:00.0'), '› gpu 04:00.0');
    await c.waitFor((x) => after(x, '› gpu 04:00.0').includes('Found 3 problems'));
    f = after(c.frame(), '› gpu 04:00.0');
    expect(f).toContain('Passthrough target: 04:00.0');
    expect(f).toContain('The GPU shares its IOMMU group with unrelated devices');
    await c.type('gpu 01:00.1\r');
    await c.waitFor('01:00.1 is a SATA controller, not a GPU');
  });

  it('groups marks the target and its co-members; narrow terminals get a list', async () => {
    const wide = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'] });
    await wide.waitFor('Found');
    await wide.type('groups\r');
    let f = after(await wide.waitFor('IOMMU groups (3)'), '› groups');
    expect(f).toMatch(/group +address +ids +driver +device/);
    expect(f).toMatch(/▶ 13 +04:00\.0/);
    expect(f).toMatch(/◆ 13 +01:00\.1 +1022:43eb ahci +SATA: AMD 500 Series/);
    expect(f).toMatch(/· 13 +01:00\.2/);
    cleanup();
    const narrow = startChat({ loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'], width: 60 });
    await narrow.waitFor('Found');
    await narrow.type('groups\r');
    f = after(await narrow.waitFor('IOMMU groups (3)'), '› groups');
    expect(f).toContain('Group 13  ◀ target');
    expect(f).toMatch(/◆ 01:00\.1 SATA controller/);
    for (const l of f.split('\n')) expect(l.length).toBeLessThanOrEqual(60);
  });

  it('devices, rules and help answer', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('devices\r');
    await c.waitFor('PCI devices (');
    await c.type('rules\r');
    await c.waitFor(/Rules \(\d+\)/);
    expect(c.frame()).toMatch(/✖ identical-gpus-id-collision/);
    await c.type('help\r');
    await c.waitFor('export json|markdown [FILE]');
  });

  it('up recalls the previous command', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('why 1\r');
    await c.waitFor('Evidence (');
    await c.type('\x1b[A');
    await tick();
    expect(c.frame()).toMatch(/› why 1 ?$/m);
  });

  it('quit and Ctrl-C leave cleanly', async () => {
    const c = startChat();
    await c.waitFor('Found 1 problem');
    await c.type('quit\r');
    await c.waitForAnyFrame('Bye');
    const d = startChat();
    await d.waitFor('Found 1 problem');
    await d.type('\x03');
    await d.waitForAnyFrame('Bye');
  });

  it('keeps every line within an 80-column terminal', async () => {
    const c = startChat({ width: 80, height: 24, loader: async () => pasteSources(SATA_GROUP_HOST), gpus: ['04:00.0'] });
    await c.waitFor('Found');
    for (const cmd of ['fix 1', 'why 1', 'groups', 'devices', 'why is my gpu in the same group as my sata controller']) await c.type(`${cmd}\r`);
    await c.waitFor('What you can do here');
    for (const l of c.frame().split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });
});
