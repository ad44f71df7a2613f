// Domain edits on real-shaped definitions: only the targeted lines change, the result parses back to the intended VM
// model, and it passes libvirt's schema (virt-xml-validate) when the tool is installed.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editDomainXml, DomainEditError } from '../../src/vm/domain-edit';
import { readDomain } from '../../src/parse/libvirt-domain-xml';
import { domainPaste } from '../vm-pastes';
import { fixture } from '../harness';

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const hasValidator = onPath('virt-xml-validate') && onPath('xmllint');
const body = (paste: string) => paste.split('\n').filter((l) => l.trimStart().startsWith('<')).join('\n') + '\n';
const vmOf = (xml: string) => readDomain(xml.split('\n').map((text, i) => ({ text, no: i + 1, source: 't' })))!;

function validates(xml: string): void {
  if (!hasValidator) return;
  const dir = mkdtempSync(join(tmpdir(), 'vfd-dom-'));
  try {
    const f = join(dir, 'd.xml');
    writeFileSync(f, xml);
    const r = spawnSync('virt-xml-validate', [f, 'domain'], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toMatch(/ validates$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('editDomainXml', () => {
  it('replace-hostdevs: split functions move to one slot with multifunction, the rest of the definition is kept', () => {
    const xml = body(fixture('vm/win10-split-slots.xml'));
    const out = editDomainXml(xml, { type: 'replace-hostdevs', bdfs: ['0000:01:00.0', '0000:01:00.1'], guest: { bus: 0, slot: 5 } });
    const vm = vmOf(out);
    expect(vm.hostdevs.map((h) => [h.bdf, h.guest?.slot, h.guest?.function, h.guest?.multifunction])).toEqual([
      ['0000:01:00.0', 5, 0, true],
      ['0000:01:00.1', 5, 1, undefined],
    ]);
    // Every line that is not a hostdev's is still there, in order.
    const keep = (s: string) => s.split('\n').filter((l) => !/hostdev|<source>|<\/source>|<address|<alias|<rom/.test(l));
    expect(keep(out)).toEqual(keep(xml));
    validates(out);
  });

  it('replace-hostdevs: adds the missing audio function to a VM that had only the GPU', () => {
    const xml = body(domainPaste({ hostdevs: [['01:00.0', 5, 0]] }));
    const out = editDomainXml(xml, { type: 'replace-hostdevs', bdfs: ['0000:01:00.0', '0000:01:00.1'], guest: { bus: 0, slot: 5 } });
    expect(vmOf(out).hostdevs.map((h) => h.bdf)).toEqual(['0000:01:00.0', '0000:01:00.1']);
    validates(out);
  });

  it('set-managed: only the managed attribute of the named hostdev changes', () => {
    const xml = body(domainPaste({ unmanaged: true }));
    const out = editDomainXml(xml, { type: 'set-managed', bdfs: ['0000:01:00.1'] });
    expect(vmOf(out).hostdevs.map((h) => h.managed)).toEqual([false, true]);
    expect(out.split('\n').filter((l, i) => l !== xml.split('\n')[i])).toHaveLength(1);
    validates(out);
  });

  it('remove-xvga: the -set pair goes, the empty <qemu:commandline> too', () => {
    const xml = body(domainPaste({ xvgaAlias: 'hostdev0' }));
    const out = editDomainXml(xml, { type: 'remove-xvga', aliases: ['hostdev0'] });
    expect(out).not.toMatch(/x-vga|qemu:commandline|'-set'/);
    expect(vmOf(out).hostdevs.every((h) => !h.xVga)).toBe(true);
    validates(out);
  });

  it('remove-xvga on the fixture keeps other qemu:arg lines', () => {
    const xml = body(fixture('vm/win10-split-slots.xml'));
    const out = editDomainXml(xml, { type: 'remove-xvga', aliases: ['hostdev0'] });
    expect(out).not.toMatch(/x-vga/);
    expect(vmOf(out).complete).toBe(true);
    validates(out);
  });

  it('refuses what it cannot find, and a snippet', () => {
    const xml = body(domainPaste());
    expect(() => editDomainXml(xml, { type: 'remove-xvga', aliases: ['hostdev0'] })).toThrow(DomainEditError);
    expect(() => editDomainXml(xml, { type: 'set-managed', bdfs: ['0000:02:00.0'] })).toThrow(DomainEditError);
    expect(() => editDomainXml("<hostdev mode='subsystem' type='pci'/>", { type: 'set-managed', bdfs: ['0000:01:00.0'] })).toThrow(DomainEditError);
  });
});
