// The engine's machinery: idempotent edits, exact diffs, rule isolation and root-cause linking.
import { describe, it, expect } from 'vitest';
import { editCmdline, editGrubVar, appendLines, applyOp, editKernelCmdlineFile } from '../src/engine/edit-ops';
import { unifiedDiff } from '../src/engine/diff';
import { runRules } from '../src/engine/run';
import type { Rule } from '../src/engine/rule';
import { hostFrom, paste } from './harness';

describe('command line edits', () => {
  const cases: [string, string, string[], string[], string][] = [
    ['adds a parameter', 'quiet splash', ['intel_iommu=on'], [], 'quiet splash intel_iommu=on'],
    ['replaces a key instead of duplicating it', 'quiet vfio-pci.ids=10de:2204', ['vfio-pci.ids=10de:2204,10de:1aef'], [], 'quiet vfio-pci.ids=10de:2204,10de:1aef'],
    ['treats - and _ as the same key', 'quiet vfio_pci.ids=10de:2204', ['vfio-pci.ids=10de:2204,10de:1aef'], [], 'quiet vfio-pci.ids=10de:2204,10de:1aef'],
    ['merges an ID list given twice into one, keeping every ID', 'vfio-pci.ids=10de:2204 quiet vfio_pci.ids=10de:1aef', ['vfio-pci.ids=10de:2204,1002:73bf'], [], 'vfio-pci.ids=10de:2204,10de:1aef,1002:73bf quiet'],
    ['replaces other keys', 'iommu=soft quiet', ['iommu=pt'], [], 'iommu=pt quiet'],
    ['removes by key', 'quiet intel_iommu=off splash', [], ['intel_iommu'], 'quiet splash'],
    ['removes an exact token only', 'amd_iommu=on amd_iommu=force_isolation', [], ['amd_iommu=on'], 'amd_iommu=force_isolation'],
    ['keeps quoted values', 'quiet dyndbg="file vfio* +p"', ['iommu=pt'], [], 'quiet dyndbg="file vfio* +p" iommu=pt'],
  ];
  for (const [name, before, add, remove, after] of cases) it(name, () => expect(editCmdline(before, add, remove)).toBe(after));

  it('edits the last GRUB assignment, keeps quoting and comments, and is idempotent', () => {
    const file = ['# comment', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"', "GRUB_CMDLINE_LINUX_DEFAULT='quiet splash' # later wins", 'GRUB_CMDLINE_LINUX=""', ''].join('\n');
    const once = editGrubVar(file, 'GRUB_CMDLINE_LINUX_DEFAULT', ['intel_iommu=on']);
    expect(once.split('\n')[2]).toBe("GRUB_CMDLINE_LINUX_DEFAULT='quiet splash intel_iommu=on' # later wins");
    expect(once.split('\n')[1]).toBe('GRUB_CMDLINE_LINUX_DEFAULT="quiet"');
    expect(editGrubVar(once, 'GRUB_CMDLINE_LINUX_DEFAULT', ['intel_iommu=on'])).toBe(once);
  });

  it('adds a missing GRUB variable at the end', () => {
    expect(editGrubVar('GRUB_TIMEOUT=5\n', 'GRUB_CMDLINE_LINUX_DEFAULT', ['iommu=pt'])).toBe('GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="iommu=pt"\n');
  });

  it('keeps /etc/kernel/cmdline a single line', () => {
    expect(editKernelCmdlineFile('root=ZFS=rpool/ROOT/pve-1 boot=zfs\n', ['intel_iommu=on'])).toBe('root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on\n');
  });

  it('appends lines once', () => {
    const once = appendLines('vfio\n', ['vfio', 'vfio_pci']);
    expect(once).toBe('vfio\nvfio_pci\n');
    expect(appendLines(once, ['vfio', 'vfio_pci'])).toBe(once);
    expect(applyOp(undefined, { type: 'append-lines', lines: ['softdep nvidia pre: vfio-pci'] }, '/etc/modprobe.d/vfio.conf')).toBe('softdep nvidia pre: vfio-pci\n');
  });
});

describe('unifiedDiff', () => {
  it('shows changed lines with context and line numbers', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\n';
    expect(unifiedDiff('/x', before, after)).toBe(['--- /x', '+++ /x', '@@ -1,7 +1,7 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g'].join('\n'));
  });
  it('diffs a new file against /dev/null', () => {
    expect(unifiedDiff('/new', undefined, 'x\n')).toBe(['--- /dev/null', '+++ /new', '@@ -0,0 +1,1 @@', '+x'].join('\n'));
  });
  it('is empty when nothing changes', () => expect(unifiedDiff('/x', 'a\n', 'a\n')).toBe(''));
});

describe('runRules', () => {
  const meta = (id: string, extra: Partial<Rule['meta']> = {}): Rule['meta'] => ({ id, title: id, severity: 'error', category: 'iommu', summary: '', docs: [], ...extra });
  const host = hostFrom(paste('BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=off'));

  it('isolates a rule that throws and reports it as unable to check', () => {
    const boom: Rule = { meta: meta('boom'), check: () => { throw new Error('kaput'); } };
    const ok: Rule = { meta: meta('ok'), check: () => [{ message: 'found', evidence: [] }] };
    const r = runRules([boom, ok], host);
    expect(r.findings.map((f) => f.id)).toEqual(['ok']);
    expect(r.unableToCheck).toEqual([{ id: 'boom', title: 'boom', reason: 'internal error in this rule: kaput' }]);
  });

  it('links a consequence to its root cause and lists the cause first', () => {
    const symptom: Rule = { meta: meta('symptom', { consequenceOf: ['cause'] }), check: () => [{ message: 's', evidence: [] }] };
    const cause: Rule = { meta: meta('cause'), check: () => [{ message: 'c', evidence: [] }] };
    const r = runRules([symptom, cause], host);
    expect(r.findings.map((f) => [f.id, f.rootCause])).toEqual([
      ['cause', undefined],
      ['symptom', 'cause'],
    ]);
  });

  it('orders by severity and honours --only / --ignore', () => {
    const info: Rule = { meta: meta('i', { severity: 'info' }), check: () => [{ message: 'i', evidence: [] }] };
    const err: Rule = { meta: meta('e'), check: () => [{ message: 'e', evidence: [] }] };
    expect(runRules([info, err], host).findings.map((f) => f.id)).toEqual(['e', 'i']);
    expect(runRules([info, err], host, { only: ['i'] }).findings.map((f) => f.id)).toEqual(['i']);
    expect(runRules([info, err], host, { ignore: ['i'] }).findings.map((f) => f.id)).toEqual(['e']);
  });
});

describe('modprobe options', () => {
  it('merges IDs into the existing options line instead of adding a second one', () => {
    const before = 'options vfio-pci ids=10de:1e87,10de:10f8 disable_vga=1\nsoftdep nouveau pre: vfio-pci\n';
    const after = applyOp(before, { type: 'modprobe-option', module: 'vfio-pci', param: 'ids', value: '10de:1e87,10de:10f8,10de:1ad8,10de:1ad9' }, '/etc/modprobe.d/vfio.conf');
    expect(after).toBe('options vfio-pci ids=10de:1e87,10de:10f8,10de:1ad8,10de:1ad9 disable_vga=1\nsoftdep nouveau pre: vfio-pci\n');
    expect(applyOp(after, { type: 'modprobe-option', module: 'vfio-pci', param: 'ids', value: '10de:1ad8' }, '/x')).toBe(after);
  });
  it('matches vfio_pci and vfio-pci alike, and adds a line when there is none', () => {
    expect(applyOp('options vfio_pci ids=10de:1b80\n', { type: 'modprobe-option', module: 'vfio-pci', param: 'ids', value: '10de:10f0' }, '/x')).toBe('options vfio_pci ids=10de:1b80,10de:10f0\n');
    expect(applyOp(undefined, { type: 'modprobe-option', module: 'vfio-pci', param: 'ids', value: '10de:10f0' }, '/x')).toBe('options vfio-pci ids=10de:10f0\n');
  });
});
