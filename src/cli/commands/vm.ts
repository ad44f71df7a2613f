// `vfio-doctor vm [libvirt|proxmox|qemu|virt-install] [FILE|-]`: what to add to a VM for the passthrough target's card and group.
import type { Args } from '../args';
import { UsageError } from '../args';
import type { CliIO } from '../io';
import { readInput } from '../input';
import { resolveSources } from '../sources';
import { diagnoseFull } from '../../index';
import { VM_FORMATS, generate, type VmFormat } from '../../vm/generate';
import { vmTargetDevices } from '../../vm/target';
import { shortBdf } from '../../pci/bdf';

export async function vmCommand(args: Args, io: CliIO): Promise<number> {
  const [first, ...rest] = args.positional;
  const format = first && (VM_FORMATS as readonly string[]).includes(first) ? (first as VmFormat) : undefined;
  const files = format ? rest : args.positional;
  if (!format && files.length > 1) throw new UsageError(`unknown VM format "${first}" (formats: ${VM_FORMATS.join(', ')})`);
  if (files.length > 1) throw new UsageError('vm takes one FILE (a paste or bundle of the host)');
  let sources;
  if (files[0] !== undefined) {
    const { text, name, lineNos, skipped } = readInput(files[0], io.stdin, io.stdinRead);
    if (!text.trim()) throw new UsageError(`${name === '-' ? 'standard input' : name} is empty`);
    sources = [{ source: 'pasted text', text, lineNos, skipped }];
  } else sources = (await resolveSources(args, io)).sources;
  const { host } = diagnoseFull(sources, { gpus: args.gpus, live: false });
  const t = vmTargetDevices(host);
  if ('error' in t) throw new UsageError(t.error);
  const formats = format ? [format] : [...VM_FORMATS];
  const out = Object.fromEntries(formats.map((f) => [f, generate(f, { bdfs: t.bdfs, guest: t.guest })]));
  if (args.json) {
    io.stdout(`${JSON.stringify({ target: t.target, devices: t.bdfs, reason: t.reason, notes: t.notes, ...out }, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  const about = `Passthrough target ${shortBdf(t.target)} (${t.reason}); functions to pass: ${t.bdfs.map(shortBdf).join(', ')}.`;
  for (const f of formats) {
    const c = f === 'libvirt' ? (s: string) => `<!-- ${s.replace(/--/g, '- -')} -->` : (s: string) => `# ${s}`;
    if (formats.length > 1) lines.push(c(f === 'libvirt' ? 'libvirt: inside <devices> (virsh edit NAME)' : f === 'proxmox' ? 'Proxmox VE: qm set (VMID is the VM number)' : f === 'virt-install' ? 'virt-install: add to the command that creates the VM' : 'QEMU command line (q35)'));
    const guestNote = f === 'libvirt' && !t.guest ? ['Guest address bus 0x00 slot 0x10 is a choice: change it if the VM already uses that slot.'] : [];
    lines.push(c(about), ...[...t.notes, ...guestNote].map(c), out[f]!, '');
  }
  io.stdout(`${lines.join('\n').trimEnd()}\n`);
  return 0;
}
