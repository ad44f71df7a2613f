// Binding devices to vfio-pci: by ID (cmdline or modprobe.d) or by address (early driver_override script).
import type { Fix, FixStep } from '../../schema/fix';
import { hasParam } from '../../parse/cmdline';
import type { PciDevice, InitramfsGenerator } from '../../schema/facts';
import type { Host } from '../../facts/host';
import { shortBdf } from '../../pci/bdf';
import { cmdlineFixes } from './cmdline';
import { createOrAppend, createFile, setOption } from './file-steps';
import { earlyVfioSteps, generatorsOf, rebuildStep, verifyInitramfsStep, GENERATOR_LABEL } from './initramfs';
import { idOf, isGpu } from '../../facts/targets';
import { nixosEarlyVfioStep, nixosModprobeSteps, nixosOverrideSteps, nixosSystemdInitrdWarning } from './nixos';
import { boosterImageModules, boosterOverrideSteps, boosterNoOverride } from './booster';
import { isAudioClass, isDisplayClass, isUcsiClass, isUsbClass } from '../../pci/pci-class';
import { GPU_DRIVERS_BY_VENDOR } from '../../pci/drivers';
import { isVfioDriver } from '../describe';
import { tr } from '../../i18n/lang';

/** The module a driver is loaded from (xhci_hcd comes with xhci_pci, nvidia-gpu is i2c_nvidia_gpu), with underscores. */
export const moduleOfDriver = (drv: string) => (drv === 'xhci_hcd' ? 'xhci_pci' : drv === 'nvidia-gpu' ? 'i2c_nvidia_gpu' : drv.replace(/-/g, '_'));

/** Drivers that could grab these functions before vfio-pci: the ones lspci names, else the usual ones for the vendor. */
export function hostDriversFor(devs: PciDevice[]): string[] {
  const out = new Set<string>();
  for (const d of devs) {
    for (const m of d.modules ?? []) if (!/^(vfio|nvidiafb|pci_stub)/.test(m)) out.add(m);
    if (d.driver && !isVfioDriver(d.driver)) out.add(d.driver === 'nvidia-gpu' ? 'i2c_nvidia_gpu' : d.driver === 'xhci_hcd' ? 'xhci_pci' : d.driver);
    if (!d.modules && d.vendor && isDisplayClass(d.classCode)) for (const m of GPU_DRIVERS_BY_VENDOR[d.vendor] ?? []) out.add(m);
    if (!d.modules && isAudioClass(d.classCode)) out.add('snd_hda_intel');
    if (!d.modules && isUsbClass(d.classCode)) out.add('xhci_pci');
    if (!d.modules && isUcsiClass(d.classCode) && d.vendor === '10de') out.add('i2c_nvidia_gpu');
  }
  return [...out].map((m) => m.replace(/-/g, '_')).sort();
}

interface GpuSituation {
  boot: boolean;
  onlyOne: boolean;
  /** A per-candidate report with no boot_vga known: any candidate may be the card the host boots on. */
  bootUnknownCandidate?: boolean;
  wholeBus: boolean;
}

/** Whether these functions include the boot display, or the only GPU in the input (and whether the input is the whole bus). */
function gpuSituation(host: Host, devs: PciDevice[]): GpuSituation {
  const gpus = devs.filter((d) => isDisplayClass(d.classCode));
  // Whether the input has exactly one GPU: counting stops at the second (a server lists thousands of functions).
  let allGpus = 0;
  if (gpus.length === 1) for (const d of host.facts.pci) if (isGpu(d) && ++allGpus > 1) break;
  const bootUnknownCandidate = host.targets.perCandidate === true && gpus.length > 0 && !host.facts.pci.some((d) => isGpu(d) && d.bootVga !== undefined);
  return { boot: gpus.some((d) => d.bootVga === true), onlyOne: allGpus === 1 && gpus.length === 1, wholeBus: host.facts.pciComplete, bootUnknownCandidate };
}

/** The boot display or the only GPU would go to vfio-pci: apply/ then asks for an explicit yes. */
function bootGpuRisk(g: GpuSituation): 'boot-gpu' | 'only-gpu' | undefined {
  return g.boot ? 'boot-gpu' : g.onlyOne && g.wholeBus ? 'only-gpu' : undefined;
}

function bootGpuWarnings(g: GpuSituation): string[] {
  const w: string[] = [];
  if (g.bootUnknownCandidate)
    w.push(
      tr(
        'Which card the host boots on is not known here (paste `grep . /sys/bus/pci/devices/*/boot_vga`). If it is this one, the host loses its display after this change: make sure another GPU (or the iGPU) drives the host first.',
        '这里看不出宿主机从哪张显卡启动（请粘贴 `grep . /sys/bus/pci/devices/*/boot_vga`）。如果就是这张，改完后宿主机将失去显示输出：请先确保有另一张显卡（或核显）负责宿主机的显示。',
      ),
    );
  if (g.boot)
    w.push(
      tr(
        'This card is the boot display. After this change the host has no console on it: make sure another GPU (or the iGPU) drives the host, or plan a single-GPU setup with hook scripts. If the screen stays black, an older boot entry does not help (every entry gets the change): press e at the boot menu (GRUB or systemd-boot) and add module_blacklist=vfio_pci to the linux line (or remove vfio-pci.ids= from it), or undo from a live USB with vfio-doctor undo --root /mnt.',
        '这张显卡是启动显卡。改完后宿主机在它上面不再有控制台：请确保有另一张显卡（或核显）负责宿主机的显示，或者改用配合 hook 脚本的单显卡直通方案。如果屏幕一直黑屏，换旧的启动项也没用（每个启动项都带上了这项修改）：在启动菜单（GRUB 或 systemd-boot）按 e，在 linux 那一行加上 module_blacklist=vfio_pci（或删掉其中的 vfio-pci.ids=）；也可以从 Live USB 启动，运行 vfio-doctor undo --root /mnt 撤销。',
      ),
    );
  if (g.onlyOne)
    w.push(
      g.wholeBus
        ? tr('This is the only GPU the host has. The host will boot without a display; keep SSH access ready before you reboot.', '这是宿主机唯一的显卡。宿主机将在没有显示输出的情况下启动；重启前请准备好 SSH 访问。')
        : tr(
            'No other GPU appears in what was given. If this is the host\'s only GPU, the host will boot without a display: keep SSH access ready before you reboot.',
            '提供的内容里没有其他显卡。如果这是宿主机唯一的显卡，宿主机将在没有显示输出的情况下启动：重启前请准备好 SSH 访问。',
          ),
    );
  return w;
}

function verifyBound(devs: PciDevice[]): FixStep {
  const slot = devs[0] ? shortBdf(devs[0].bdf).replace(/\.\d$/, '') : '';
  return { kind: 'verify', description: tr(`After the reboot, every function of ${slot} shows "Kernel driver in use: vfio-pci"`, `重启后，${slot} 的每个功能都显示 "Kernel driver in use: vfio-pci"`), argv: ['lspci', '-nnk', '-s', slot], expect: 'Kernel driver in use: vfio-pci' };
}

/** Bind every given function by vendor:device ID. */
export function bindByIdFixes(host: Host, ruleId: string, devs: PciDevice[], title = tr('Bind the card to vfio-pci by ID', '按 ID 把显卡绑定到 vfio-pci')): Fix[] {
  const ids = [...new Set([...host.vfioIds.vfio, ...devs.map(idOf).filter((x): x is string => !!x)])];
  if (ids.length === 0) return [];
  const param = `vfio-pci.ids=${ids.join(',')}`;
  const drivers = hostDriversFor(devs);
  const softdeps = drivers.map((d) => `softdep ${d} pre: vfio-pci`);
  // Every variant hands over the same functions: one look at the GPUs serves them all.
  const gpu = gpuSituation(host, devs);
  const warnings = bootGpuWarnings(gpu);
  const risk = bootGpuRisk(gpu);
  const fixes: Fix[] = [];
  const gens = generatorsOf(host);
  // A user who already binds through /etc/modprobe.d gets that method first (unless vfio-pci is built in).
  const modprobeFirst = host.vfioPciBuiltin !== true && host.vfioIds.entries.some((e) => e.via === 'modprobe');
  // Edit the file that already configures vfio-pci, not a second one beside it.
  const existing = host.vfioIds.entries.find((e) => e.via === 'modprobe' && e.evidence.source.startsWith('/etc/modprobe.d/'));
  const modprobePath = existing?.evidence.source ?? '/etc/modprobe.d/vfio.conf';
  const moduleSteps = (gen: InitramfsGenerator): FixStep[] =>
    host.vfioPciBuiltin === true
      ? []
      : gen === 'nixos'
        ? // NixOS: /etc/modprobe.d is generated from boot.extraModprobeConfig (see nixos.ts).
          [...nixosModprobeSteps(softdeps), nixosEarlyVfioStep(), rebuildStep(gen)]
        : [
            createOrAppend(host, modprobePath, softdeps, LOAD_FIRST()),
            ...earlyVfioSteps(host, gen),
            rebuildStep(gen),
          ];
  // The binding needs an IOMMU. On Intel it is off unless intel_iommu=on (or a kernel built with it on) says so; when
  // the input does not tell whether it is on, add the switch with the IDs: harmless if it is already on, needed if not.
  const iommuUnknownIntel = host.iommu.state === 'unknown' && host.cpuVendor === 'intel' && !hasParam(host.facts.cmdline, 'intel_iommu', 'on');
  const add = iommuUnknownIntel ? ['intel_iommu=on', param] : [param];
  const cmdWarnings = iommuUnknownIntel
    ? [
        ...warnings,
        tr(
          'Whether the IOMMU is on is not in the input, so intel_iommu=on is added too: passthrough needs it, and it changes nothing where the IOMMU is already on.',
          '输入中看不出 IOMMU 是否已开启，所以一并加上 intel_iommu=on：直通需要它，而 IOMMU 已开启时它不会改变任何东西。',
        ),
      ]
    : warnings;
  // The command line works whether vfio-pci is built in or a module.
  for (const f of cmdlineFixes(host, `${ruleId}/ids`, title, { add }, { warnings: cmdWarnings, verify: [verifyBound(devs)], after: moduleSteps(gens[0]!) }))
    fixes.push({ ...f, recommended: modprobeFirst ? false : f.recommended, risk });
  if (host.vfioPciBuiltin !== true) {
    for (const [i, gen] of gens.entries()) {
      fixes.push({
        id: `${ruleId}/modprobe-${gen}`,
        title: tr(`${title} (modprobe.d)`, `${title}(modprobe.d)`),
        variant: gen === 'nixos' ? 'boot.extraModprobeConfig (NixOS)' : `/etc/modprobe.d + ${GENERATOR_LABEL[gen]}`,
        recommended: modprobeFirst && i === 0,
        needsReboot: true,
        needsInitramfs: true,
        risk,
        warnings: [
          ...warnings,
          ...(host.vfioPciBuiltin === undefined
            ? [tr('Only works when vfio-pci is a module; if it is built in (Ubuntu kernels 5.4–5.19), use the command-line variant.', '只在 vfio-pci 是模块时有效；如果它编译进了内核（Ubuntu 5.4–5.19 的内核），请改用内核命令行的方案。')]
            : []),
          // booster.ts: only "options" lines of /etc/modprobe.d reach the image; modules_force_load orders the loading there.
          ...(gen === 'booster'
            ? [
                tr(
                  'booster copies only the "options vfio-pci ids=" line into its image (softdep lines act after the switch to the real root); modules_force_load makes it load vfio-pci first.',
                  'booster 只把 "options vfio-pci ids=" 这一行复制进镜像（softdep 行要到切换到真正的根文件系统之后才起作用）；modules_force_load 让它先加载 vfio-pci。',
                ),
              ]
            : []),
        ],
        steps: [
          ...(gen === 'nixos'
            ? [...nixosModprobeSteps([`options vfio-pci ids=${ids.join(',')}`, ...softdeps]), nixosEarlyVfioStep()]
            : [
                setOption(host, modprobePath, 'vfio-pci', 'ids', ids.join(','), tr('Give vfio-pci the IDs of every function', '把每个功能的 ID 交给 vfio-pci')),
                createOrAppend(host, modprobePath, softdeps, LOAD_FIRST()),
                ...earlyVfioSteps(host, gen),
              ]),
          rebuildStep(gen),
          { kind: 'reboot', description: tr('vfio-pci claims the card at the next boot.', '下次启动时 vfio-pci 接管显卡。') },
          verifyInitramfsStep(gen, host.kernel?.release, host.facts.cmdline),
          verifyBound(devs),
        ],
      });
    }
  }
  return modprobeFirst ? [...fixes.filter((f) => f.recommended), ...fixes.filter((f) => !f.recommended)] : fixes;
}

const LOAD_FIRST = () => tr('Load vfio-pci before the host drivers of these functions', '让 vfio-pci 先于这些功能的宿主机驱动加载');
const BY_SCRIPT = () => tr('Script that sets driver_override for each function, then loads vfio-pci', '为每个功能设置 driver_override、然后加载 vfio-pci 的脚本');

const OVERRIDE_SCRIPT = '/usr/local/bin/vfio-pci-override.sh';

/**
 * initramfs-tools runs scripts/init-top in the order of `tsort` over PREREQ pairs, which leaves scripts without
 * PREREQ in name order (hook-functions: get_prereq_pairs, cache_run_scripts). Its `udev` script starts udevd, which
 * loads the GPU drivers in the image: the override must run before it, so the name sorts first ("vfio-override" ran
 * after udev and the card stayed on its driver in the boot test).
 */
export const INIT_TOP_OVERRIDE = '/etc/initramfs-tools/scripts/init-top/00-vfio-override';

/** Shell lines: after driver_override, release a driver bound already (built in) and ask for a probe when none is. */
function overrideLoop(bdfs: string[], probe: boolean): string[] {
  return [
    `for dev in ${bdfs.join(' ')}; do`,
    '  sys="/sys/bus/pci/devices/$dev"',
    '  [ -e "$sys/driver_override" ] || continue',
    '  echo vfio-pci > "$sys/driver_override"',
    '  # driver_override only matters at the next probe: a driver bound already (built in) keeps the function until it lets go.',
    '  drv=$(readlink "$sys/driver" 2>/dev/null)',
    '  if [ -n "$drv" ] && [ "${drv##*/}" != vfio-pci ]; then echo "$dev" > "$sys/driver/unbind"; fi',
    ...(probe
      ? [
          '  # vfio-pci built in (or loaded already) does not look at the function again by itself; as a module it binds when it loads.',
          '  [ -e "$sys/driver" ] || echo "$dev" > /sys/bus/pci/drivers_probe 2>/dev/null',
        ]
      : []),
    'done',
  ];
}

export function overrideScript(bdfs: string[], initramfsTools: boolean): string {
  if (initramfsTools)
    return [
      '#!/bin/sh',
      '# vfio-doctor: hand these PCI functions to vfio-pci by address (identical cards share vendor:device IDs).',
      '# Named to run first in init-top (no PREREQ: name order), before the udev script lets GPU drivers bind.',
      'PREREQ=""',
      'prereqs() { echo "$PREREQ"; }',
      'case "$1" in',
      '  prereqs) prereqs; exit 0 ;;',
      'esac',
      ...overrideLoop(bdfs, true),
      'exit 0',
      '',
    ].join('\n');
  return [
    '#!/bin/sh',
    '# vfio-doctor: hand these PCI functions to vfio-pci by address (identical cards share vendor:device IDs).',
    '# Run by modprobe (see /etc/modprobe.d/vfio.conf) whenever vfio-pci is loaded; vfio-pci binds them as it registers.',
    ...overrideLoop(bdfs, false),
    'exec modprobe -i vfio-pci "$@"',
    '',
  ].join('\n');
}

/** Bind exactly these functions by address, for each initramfs generator (the detected one first). */
export function bindByAddressFixes(host: Host, ruleId: string, devs: PciDevice[], title = tr('Bind the card to vfio-pci by address (driver_override)', '按 PCI 地址把显卡绑定到 vfio-pci(driver_override)')): Fix[] {
  const bdfs = devs.map((d) => d.bdf);
  const gpu = gpuSituation(host, devs);
  const risk = bootGpuRisk(gpu);
  const warnings = [
    ...bootGpuWarnings(gpu),
    tr('The script names PCI addresses: if you move the card to another slot, update the addresses.', '脚本里写的是 PCI 地址：如果把显卡换到别的插槽，记得更新地址。'),
  ];
  return generatorsOf(host).map((gen, i): Fix => {
    const steps: FixStep[] = [];
    const extraWarnings: string[] = [];
    if (gen === 'initramfs-tools') {
      steps.push(createFile(host, INIT_TOP_OVERRIDE, overrideScript(bdfs, true), tr('Early-boot script, run before udev loads GPU drivers, that sets driver_override for each function', '早期启动脚本：在 udev 加载显卡驱动之前，为每个功能设置 driver_override'), '0755'));
      steps.push(...earlyVfioSteps(host, gen));
    } else if (gen === 'nixos') {
      // preDeviceCommands run after boot.initrd.kernelModules are loaded (see nixos.ts): vfio-pci goes after the overrides.
      steps.push(...nixosOverrideSteps(bdfs));
      extraWarnings.push(nixosSystemdInitrdWarning());
    } else if (gen === 'booster') {
      // booster runs neither scripts nor modprobe install lines (see booster.ts): override from the real root instead.
      steps.push(createFile(host, OVERRIDE_SCRIPT, overrideScript(bdfs, false), BY_SCRIPT(), '0755'));
      steps.push(...boosterOverrideSteps(host, OVERRIDE_SCRIPT));
      const inImage = boosterImageModules(host);
      extraWarnings.push(boosterNoOverride());
      if (inImage.length)
        extraWarnings.push(
          tr(
            `/etc/booster.yaml loads ${inImage.join(', ')} in the image: remove ${inImage.length > 1 ? 'them' : 'it'} from modules_force_load (and modules), then run /usr/lib/booster/regenerate_images, or the card is claimed before the script runs.`,
            `/etc/booster.yaml 让镜像加载 ${inImage.join('、')}:请把${inImage.length > 1 ? '它们' : '它'}从 modules_force_load（以及 modules）中删掉，然后运行 /usr/lib/booster/regenerate_images，否则脚本还没运行显卡就已被占用。`,
          ),
        );
    } else {
      steps.push(createFile(host, OVERRIDE_SCRIPT, overrideScript(bdfs, false), BY_SCRIPT(), '0755'));
      steps.push(createOrAppend(host, '/etc/modprobe.d/vfio.conf', [`install vfio-pci ${OVERRIDE_SCRIPT}`], tr('Run the script whenever vfio-pci is loaded', '每次加载 vfio-pci 时运行该脚本')));
      steps.push(...earlyVfioSteps(host, gen, [OVERRIDE_SCRIPT]));
    }
    // booster's image does not change: the override runs from the real root.
    if (gen !== 'booster') steps.push(rebuildStep(gen));
    steps.push({ kind: 'reboot', description: tr('The script runs at the next boot, before any GPU driver loads.', '脚本在下次启动时、任何显卡驱动加载之前运行。') });
    steps.push(verifyBound(devs));
    return {
      id: `${ruleId}/override-${gen}`,
      title,
      variant: GENERATOR_LABEL[gen],
      recommended: i === 0,
      needsReboot: true,
      needsInitramfs: gen !== 'booster',
      warnings: [...warnings, ...extraWarnings],
      risk,
      steps,
    };
  });
}
