// The chat's `vm [FORMAT]`: what to add to a VM for the passthrough target's group, and how to load it into libvirt.
import { vmTargetDevices } from '../../vm/target';
import { generate, VM_FORMATS, type VmFormat } from '../../vm/generate';
import { shortBdf } from '../../pci/bdf';
import { paragraph, span, type Block } from '../../render/blocks';
import { blocksToLines } from './blocks';
import { para, type Line } from '../lines';
import type { Current } from '../chat-state';

const TITLE: Record<VmFormat, string> = {
  libvirt: 'libvirt: <hostdev> elements for <devices>',
  proxmox: 'Proxmox VE: qm set lines (VMID is the VM number)',
  qemu: 'QEMU command line (q35)',
  'virt-install': 'virt-install: options for the command that creates the VM',
};

/** One <hostdev> element per string: `virsh attach-device` takes one device per file. */
export const hostdevElements = (xml: string): string[] => xml.split(/\n(?=<hostdev\b)/);

export function vmConfigLines(cur: Current, format: VmFormat | undefined, w: number): Line[] {
  const t = vmTargetDevices(cur.host);
  if ('error' in t) return para(`I cannot say what to give the VM: ${t.error.replace(/; name it with --gpu BDF$/, '')}. Choose the card with gpu BDF first.`, w);
  const blocks: Block[] = [paragraph(span('Passthrough target ', 'strong'), span(shortBdf(t.target), 'code'), ` (${t.reason}); the VM needs ${t.bdfs.map(shortBdf).join(', ')}.`)];
  for (const n of t.notes) blocks.push({ kind: 'paragraph', text: [span(n)], role: 'warning' });
  for (const f of format ? [format] : VM_FORMATS) {
    const text = generate(f, { bdfs: t.bdfs, guest: t.guest });
    blocks.push(paragraph(span(TITLE[f], 'strong')), { kind: 'file', content: text });
    if (f === 'libvirt') {
      const els = hostdevElements(text);
      blocks.push(
        paragraph(
          `To add them without editing the definition by hand, save each element in its own file (virsh attach-device takes one device per file) and attach it to the saved definition; it applies at the VM's next start:`,
        ),
        ...els.map((_, i): Block => ({ kind: 'command', line: `virsh attach-device DOMAIN hostdev-${i}.xml --config` })),
      );
      if (!t.guest) blocks.push(paragraph(span('Guest slot 0x10 is a choice: change it if the VM already uses that slot.', 'dim')));
    }
  }
  return blocksToLines(blocks, w, '');
}
