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
import { tr } from '../../i18n/lang';

export async function vmCommand(args: Args, io: CliIO): Promise<number> {
  const [first, ...rest] = args.positional;
  const format = first && (VM_FORMATS as readonly string[]).includes(first) ? (first as VmFormat) : undefined;
  const files = format ? rest : args.positional;
  if (!format && files.length > 1) throw new UsageError(tr(`unknown VM format "${first}" (formats: ${VM_FORMATS.join(', ')})`, `未知的虚拟机格式 "${first}"（可选：${VM_FORMATS.join('、')}）`));
  if (files.length > 1) throw new UsageError(tr('vm takes one FILE (a paste or bundle of the host)', 'vm 只接受一个 FILE（宿主机的粘贴内容或诊断包）'));
  let sources;
  if (files[0] !== undefined) {
    const { text, name, lineNos, skipped } = readInput(files[0], io.stdin, io.stdinRead);
    if (!text.trim()) throw new UsageError(tr(`${name === '-' ? 'standard input' : name} is empty`, `${name === '-' ? '标准输入' : name} 是空的`));
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
  const about = tr(`Passthrough target ${shortBdf(t.target)} (${t.reason}); functions to pass: ${t.bdfs.map(shortBdf).join(', ')}.`, `直通目标 ${shortBdf(t.target)}（${t.reason}）；要直通的功能：${t.bdfs.map(shortBdf).join('、')}。`);
  for (const f of formats) {
    const c = f === 'libvirt' ? (s: string) => `<!-- ${s.replace(/--/g, '- -')} -->` : (s: string) => `# ${s}`;
    if (formats.length > 1)
      lines.push(
        c(
          f === 'libvirt'
            ? tr('libvirt: inside <devices> (virsh edit NAME)', 'libvirt：放在 <devices> 里（virsh edit NAME）')
            : f === 'proxmox'
              ? tr('Proxmox VE: qm set (VMID is the VM number)', 'Proxmox VE：qm set（VMID 是虚拟机编号）')
              : f === 'virt-install'
                ? tr('virt-install: add to the command that creates the VM', 'virt-install：加到创建虚拟机的命令里')
                : tr('QEMU command line (q35)', 'QEMU 命令行（q35）'),
        ),
      );
    const guestNote = f === 'libvirt' && !t.guest ? [tr('Guest address bus 0x00 slot 0x10 is a choice: change it if the VM already uses that slot.', '虚拟机内地址 bus 0x00 slot 0x10 只是一个选择：如果虚拟机已经用了这个插槽，请换一个。')] : [];
    lines.push(c(about), ...[...t.notes, ...guestNote].map(c), out[f]!, '');
  }
  io.stdout(`${lines.join('\n').trimEnd()}\n`);
  return 0;
}
