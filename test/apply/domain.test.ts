// A libvirt domain changed the supported way: dump (backup), edit a copy, virt-xml-validate, virsh define; undo defines the backup.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare } from '../../src/apply/prepare';
import { applyPrepared } from '../../src/apply/apply';
import { sysrootApplyIO } from '../../src/apply/fs-io';
import { planUndo, undo } from '../../src/apply/undo';
import type { ApplyIO } from '../../src/apply/io';
import type { Fix } from '../../src/schema/fix';
import { domainPaste } from '../vm-pastes';
import { snapshot } from './tree';

const now = new Date('2026-12-06T22:00:00Z');
// The domain as libvirt keeps it: the dumpxml text without the paste's "$ virsh dumpxml" line.
const xml = domainPaste({ hostdevs: [['01:00.0', 5, 0, true], ['01:00.1', 6, 0]] }).split('\n').slice(1).join('\n');

const fix = (op: Extract<Fix['steps'][number], { kind: 'domain' }>['op']): Fix => ({
  id: 'vm-functions-split/one-slot',
  title: 'one slot',
  recommended: true,
  needsReboot: false,
  needsInitramfs: false,
  warnings: [],
  steps: [{ kind: 'domain', domain: 'win10', op, description: 'Put every function on one guest slot' }],
});
const oneSlot = fix({ type: 'replace-hostdevs', bdfs: ['0000:01:00.0', '0000:01:00.1'], guest: { bus: 0, slot: 5 } });

function sysroot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vfd-domain-'));
  mkdirSync(join(root, 'etc/libvirt/qemu'), { recursive: true });
  writeFileSync(join(root, 'etc/libvirt/qemu/win10.xml'), xml);
  return root;
}

/** The live shape: virsh answers through capture/run, recorded; `fail` makes one command fail. */
function liveLike(root: string, opts: { fail?: RegExp; current?: string } = {}): { io: ApplyIO; ran: string[][]; defined: string[] } {
  const base = sysrootApplyIO(root);
  const ran: string[][] = [];
  const defined: string[] = [];
  const io: ApplyIO = {
    ...base,
    capture: async (argv) => (ran.push(argv), { exitCode: 0, missing: false, stdout: opts.current ?? xml }),
    run: async (argv) => {
      ran.push(argv);
      if (opts.fail?.test(argv.join(' '))) return { exitCode: 1, missing: false, tail: 'error: failed' };
      // The file virsh would define, read through the sysroot (the backup folder lives there).
      if (argv[0] === 'virsh' && argv[1] === 'define') defined.push((await base.read(argv[2]!)).content!.toString('utf8'));
      return { exitCode: 0, missing: false, tail: '' };
    },
  };
  return { io, ran, defined };
}

describe('domain fixes through virsh define', () => {
  it('sysroot: the dry run changes nothing; apply saves both definitions and lists validate + define, never touching /etc/libvirt/qemu', async () => {
    const root = sysroot();
    const io = sysrootApplyIO(root);
    const before = snapshot(root, { dirs: true });
    const p = await prepare(oneSlot, io);
    expect(snapshot(root, { dirs: true })).toEqual(before);
    expect(p.domains).toHaveLength(1);
    expect(p.domains[0]!.diff).toMatch(/-.*slot='0x06'/);
    expect(p.domains[0]!.after).toMatch(/bus='0x01' slot='0x00' function='0x1'\/>\n\s*<\/source>\n\s*<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x1'\/>/);
    const r = await applyPrepared(p, io, { now, version: 'test' });
    expect(r.ok).toBe(true);
        expect(readFileSync(join(root, 'etc/libvirt/qemu/win10.xml'), 'utf8')).toBe(xml); // only the backup store got files
    expect(r.notRun.map((c) => c.slice(0, 2).join(' '))).toEqual(['virt-xml-validate ' + r.backupDir + '/libvirt-win10.new.xml', 'virsh define']);
    expect(readFileSync(join(root, r.backupDir!, 'libvirt-win10.xml'), 'utf8')).toBe(xml);
    expect(readFileSync(join(root, r.backupDir!, 'libvirt-win10.new.xml'), 'utf8')).toBe(p.domains[0]!.after);
    // Undo on a sysroot names the command that puts the old definition back.
    const plan = await planUndo(io);
    const log = await undo(io, plan.entry!);
    expect(log.join('\n')).toMatch(new RegExp(`virsh define ${r.backupDir}/libvirt-win10\\.xml`));
  });

  it('live: dumpxml is the backup, validate runs before define, undo defines the backup', async () => {
    const root = sysroot();
    const { io, ran, defined } = liveLike(root);
    const p = await prepare(oneSlot, io);
    expect(ran[0]).toEqual(['virsh', 'dumpxml', '--inactive', '--security-info', 'win10']);
    const r = await applyPrepared(p, io, { now, version: 'test' });
    expect(r.ok).toBe(true);
    expect(ran.slice(1).map((c) => c.slice(0, 2).join(' '))).toEqual(['virt-xml-validate ' + r.backupDir + '/libvirt-win10.new.xml', 'virsh define']);
    expect(defined).toEqual([p.domains[0]!.after]);
    const plan = await planUndo(io);
    await undo(io, plan.entry!);
    expect(defined.at(-1)).toBe(xml);
  });

  it('live: a definition virt-xml-validate rejects is never defined; nothing changes', async () => {
    const root = sysroot();
    const { io, defined } = liveLike(root, { fail: /^virt-xml-validate/ });
    const r = await applyPrepared(await prepare(oneSlot, io), io, { now, version: 'test' });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatch(/virt-xml-validate/);
    expect(defined).toEqual([]);
  });

  it('a definition that already has the change: nothing to do', async () => {
    const root = sysroot();
    const { io } = liveLike(root, { current: domainPaste().split('\n').slice(1).join('\n') });
    const q = await prepare(fix({ type: 'set-managed', bdfs: ['0000:01:00.0'] }), io);
    expect(q.domains).toEqual([]);
  });

  it('refuses a domain missing from the sysroot and an option-like name', async () => {
    const root = sysroot();
    const io = sysrootApplyIO(root);
    await expect(prepare({ ...oneSlot, steps: [{ ...(oneSlot.steps[0] as object), domain: 'other' } as Fix['steps'][number]] }, io)).rejects.toThrow(/not in/);
    await expect(prepare({ ...oneSlot, steps: [{ ...(oneSlot.steps[0] as object), domain: '--all' } as Fix['steps'][number]] }, io)).rejects.toThrow(/not a domain name/);
    expect(existsSync(join(root, 'var/backups'))).toBe(false);
  });
});
