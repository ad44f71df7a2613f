// K1: a laptop's muxless (Optimus / AMD hybrid) dGPU: no outputs, vBIOS in ACPI, runtime D3cold — passthrough with caveats.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { describeDevice } from '../../src/engine/describe';
import { isIntegratedOrBmc } from '../../src/facts/targets';
import { isDisplayClass } from '../../src/parse/pci-class';
import { hasParam } from '../../src/parse/cmdline';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'laptop-muxless-dgpu';
const LAPTOP_NAME = /\b(?:Mobile|Max-Q|Laptop GPU|Notebook)\b|\b\d{3,4}M\b/i;

const NVRM = /NVRM: Attempting to remove device \S+ with non-zero usage count/;

type Power = 'd3cold' | 'header127' | undefined;
/** What both messages say after naming the card: the vBIOS, runtime PM when it shows, and the MUX switch. */
const caveats = (power: Power) =>
  [
    'On muxless designs the guest driver needs the vBIOS, which the laptop keeps in its ACPI tables (_ROM), so NVIDIA guests commonly stop with Code 43 unless you supply a ROM file and fake-battery/ACPI tweaks; the picture only reaches a screen through Looking Glass or a remote desktop.',
    ...(power ? [`Runtime power management ${power === 'd3cold' ? 'has the card in D3cold' : 'left the card unreadable (libvirt read header type 127)'}, so vfio-pci cannot read it until it is woken.`] : []),
    'Check the firmware for a MUX switch ("dGPU only" / "discrete graphics" mode): with it, the card behaves like a desktop GPU.',
  ].join(' ');

export const messages = {
  stated: ({ device, muxless, quote, power }: { device: string; muxless: boolean; quote: string; power?: Power }) =>
    `${device} is a 3D controller (no display outputs of its own), and you describe the machine as ${muxless ? 'muxless/Optimus hybrid graphics' : 'a laptop'} ("${quote.slice(0, 120)}${quote.length > 120 ? '…' : ''}"; stated, not read from the firmware): that is a laptop's hybrid-graphics dGPU, whose picture goes out through the integrated GPU (not in the paste). ${caveats(power)}`,
  looks: ({ device, threeD, integrated, chassis, power }: { device: string; threeD: boolean; integrated: string[]; chassis?: string; power?: Power }) =>
    `${device} looks like a laptop's hybrid-graphics dGPU${threeD ? ' (class 3D controller: no display outputs of its own)' : ''} beside the integrated ${integrated.join(', ')}${chassis ? `, and the chassis is a ${chassis}` : ''}. ${caveats(power)}`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'K1',
    title: 'Laptop dGPU without its own outputs (muxless Optimus / hybrid graphics)',
    severity: 'warning',
    category: 'boot-gpu',
    summary: 'A 3D-controller dGPU beside an integrated boot GPU on a laptop: its vBIOS lives in ACPI, runtime PM parks it in D3cold, and guests often show Code 43.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF'],
    keywords: ['laptop', 'optimus', 'muxless', 'hybrid graphics', '3d controller', 'mux switch', 'd3cold', 'header type 127', 'vbios', 'acpi _rom'],
    requires: ['lspci'],
    reads: { log: [NVRM] },
    messages,
    zh,
  },
  check(host) {
    const f = host.facts;
    if (f.pci.length === 0) return [];
    const gpus = f.pci.filter((d) => isDisplayClass(d.classCode) && d.bdf.endsWith('.0'));
    const integrated = gpus.filter((d) => isIntegratedOrBmc(d) && d.vendor !== '1a03' && d.vendor !== '102b');
    const dgpus = gpus.filter((d) => (d.vendor === '10de' || d.vendor === '1002') && !isIntegratedOrBmc(d));
    const chassis = f.chassis;
    const laptop = chassis ? ['laptop', 'convertible', 'tablet'].includes(chassis.kind) : undefined;
    if (laptop === false) return [];
    // The user calls the machine a laptop, or its graphics muxless/Optimus, in prose: weaker than the chassis, so it
    // only stands in for the integrated GPU a paste left out, and only for a 3D controller (no outputs of its own).
    const said = laptop === undefined ? [f.mentions.muxless, f.mentions.laptop].filter((e) => e !== undefined) : [];
    const out: DraftOf<typeof messages>[] = [];
    for (const d of dgpus) {
      const threeD = d.classCode?.startsWith('0302') ?? false;
      const nameHint = LAPTOP_NAME.test(d.name ?? '');
      const byProse = integrated.length === 0 && threeD && said.length > 0;
      // A 3D controller next to an iGPU is the muxless layout; a VGA dGPU needs the chassis or its name to say laptop.
      if (!byProse && (integrated.length === 0 || !(threeD || laptop || nameHint))) continue;
      if (!laptop && !threeD && !nameHint) continue;
      if (integrated.some((i) => i.bootVga === false) && integrated.every((i) => i.bootVga !== true)) continue;
      const d3 = d.powerState === 'D3cold';
      const header = f.qemuErrors.filter((e) => e.kind === 'header-127' && (!e.bdf || e.bdf === d.bdf));
      const nvrm = host.log(NVRM);
      const evidence: Evidence[] = [...d.evidence.slice(0, 1), ...integrated.flatMap((i) => i.evidence.slice(0, 1)), ...(chassis ? [chassis.evidence] : []), ...(byProse ? said : []), ...header.map((e) => e.evidence), ...nvrm.map((l) => l.evidence)];
      const power: Power = d3 ? 'd3cold' : header.length ? 'header127' : undefined;
      const fixes = [
        {
          id: `${ID}/prepare`,
          title: tr('Prepare the laptop dGPU for passthrough', '为直通准备笔记本独显'),
          recommended: true,
          needsReboot: false,
          needsInitramfs: false,
          warnings: [tr('Passthrough of muxless laptop GPUs works only with caveats; a MUX switch in the firmware is the reliable route.', '无 MUX 笔记本显卡的直通有诸多限制；固件里的 MUX 开关才是可靠的办法。')],
          steps: [
            { kind: 'manual' as const, description: tr('In the firmware setup, look for a MUX / "discrete graphics only" option and enable it if present.', '在固件设置中找 MUX / "仅独立显卡"选项，有的话就打开。') },
            { kind: 'command' as const, argv: ['sh', '-c', `echo on > /sys/bus/pci/devices/${d.bdf}/power/control`], description: tr('Keep the dGPU out of runtime D3cold (until reboot)', '让独显不进入运行时 D3cold（重启前有效）'), root: true },
            { kind: 'manual' as const, description: tr('Extract the vBIOS (from the laptop BIOS update or the ACPI _ROM method) and pass it to the VM with <rom file=…/> in the <hostdev>; add a fake battery (SSDT) for NVIDIA guests.', '提取 vBIOS（从笔记本的 BIOS 更新包或 ACPI _ROM 方法），在 <hostdev> 里用 <rom file=…/> 交给虚拟机；NVIDIA 虚拟机还要加一块假电池（SSDT）。') },
            { kind: 'manual' as const, description: tr('Keep nvidia/nouveau (or amdgpu) off the card: bind it to vfio-pci at boot (see gpu-bound-to-host-driver).', '不让 nvidia/nouveau（或 amdgpu）碰这张卡：开机时把它绑定到 vfio-pci（见 gpu-bound-to-host-driver）。') },
          ],
        },
        ...(hasParam(f.cmdline, 'vfio_pci.disable_idle_d3', '1') ? [] : cmdlineFixes(host, ID, tr('Keep idle vfio-pci devices in D0 (vfio-pci.disable_idle_d3=1)', '让空闲的 vfio-pci 设备保持在 D0(vfio-pci.disable_idle_d3=1)'), { add: ['vfio-pci.disable_idle_d3=1'] }).map((x) => ({ ...x, recommended: false }))),
      ];
      const rest = { evidence, fixes, devices: [d.bdf] };
      out.push(
        byProse
          ? { ...rest, messageId: 'stated', data: { device: describeDevice(d), muxless: !!f.mentions.muxless, quote: said[0]!.text.trim(), ...(power ? { power } : {}) } }
          : { ...rest, messageId: 'looks', data: { device: describeDevice(d), threeD, integrated: integrated.map((i) => describeDevice(i, false)), ...(chassis ? { chassis: chassis.kind } : {}), ...(power ? { power } : {}) } },
      );
    }
    return out;
  },
});
