// Explains vfio-pci's "Invalid PCI ROM header signature" line: expected for Intel iGPUs, usually harmless for cards.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import { describeDevice } from '../../src/engine/describe';
import { shortBdf } from '../../src/parse/bdf';
import { zh } from './zh';

const ID = 'vfio-rom-header-invalid';

// drivers/pci/rom.c pci_get_rom_size(): pci_info(pdev, "Invalid PCI ROM header signature: expecting 0xaa55, got %#06x\n")
// (newer kernels print the expected value with %#06x too: the same text). Printed when something maps the ROM
// (pci_map_rom) — for a vfio-pci device, QEMU reading the ROM region at VM start.
const LINE = /^vfio-pci ((?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): Invalid PCI ROM header signature: expecting 0xaa55, got (0x[0-9a-f]{1,4})/;

type Rom = { name: string; got: string; guessed: boolean };
export const messages = {
  igpu: ({ name, got, guessed }: Rom) =>
    `${name}${guessed ? ' (00:02.0 is where Intel iGPUs sit; if this is one)' : ''}: vfio-pci read no option ROM from the device (got ${got} instead of the 0xaa55 signature). That is expected for an Intel iGPU: it has no ROM of its own, its video BIOS is part of the system firmware. It is not an error and not why passthrough fails. Only for a picture from the VM's firmware (GVT-d with OVMF) does QEMU need a ROM file with the iGPU's GOP driver (e.g. built with VfioIgdPkg); the guest's Intel driver works without it.`,
  card: ({ name, got }: Omit<Rom, 'guessed'>) =>
    `${name}: vfio-pci read no valid option ROM through the device's ROM BAR (got ${got} instead of the 0xaa55 signature). This is common and usually harmless: the boot GPU's ROM is often shadowed by the firmware, some cards expose no readable ROM BAR. It does not by itself explain a VM that fails to start or Code 43. It matters only when the VM shows nothing until its OS driver loads (a black screen in OVMF): then the VM needs a ROM file (dumped from the card while it is not the boot GPU, or the vendor's image).`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'vfio-pci found no valid option ROM on the device (usually harmless)',
    severity: 'info',
    category: 'boot-gpu',
    summary: '"Invalid PCI ROM header signature" from vfio-pci means the ROM read through the device had no option ROM image: expected on Intel iGPUs, common on a boot GPU; it matters only when the VM shows nothing before its OS driver loads.',
    docs: ['https://docs.kernel.org/driver-api/vfio.html', 'https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF'],
    keywords: ['rom', 'vbios', 'romfile', 'option rom', '0xaa55', 'rom header', 'black screen', 'gop'],
    requires: ['kernelLogAfterVm'],
    reads: { log: [LINE] },
    messages,
    zh,
  },
  check(host) {
    const lines = host.log(LINE);
    if (lines.length === 0) return [];
    const out: DraftOf<typeof messages>[] = [];
    for (const bdf of [...new Set(lines.map((l) => LINE.exec(l.message)![1]!.toLowerCase()))]) {
      const mine = lines.filter((l) => LINE.exec(l.message)![1]!.toLowerCase() === bdf);
      const got = LINE.exec(mine[0]!.message)![2]!;
      const dev = host.device(bdf);
      const name = dev ? describeDevice(dev) : shortBdf(bdf);
      // An Intel iGPU: vendor 8086 display controller on the root bus, or (no lspci) the iGPU's usual address 00:02.0.
      const known = dev?.vendor !== undefined;
      const igpu = known ? dev!.vendor === '8086' && (dev!.classCode === undefined || dev!.classCode.startsWith('03')) && /(?:^|:)00:02\.\d$/.test(bdf) : /(?:^|:)00:02\.0$/.test(bdf);
      const data = { name, got };
      const draft = igpu ? { messageId: 'igpu' as const, data: { ...data, guessed: !known } } : { messageId: 'card' as const, data };
      out.push({ ...draft, evidence: mine.slice(0, 1).map((l) => l.evidence), devices: [bdf] });
    }
    return out;
  },
});
