// A5: /dev/kvm is missing: the kvm module is not loaded (or cannot load).
import { plainFix } from '../../src/engine/fixes/manual';
import { defineRule } from '../../src/engine/rule';
import { moduleAbsent } from '../../src/engine/fixes/finish';
import { moduleListCovers } from '../../src/parse/modules';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'kvm-unavailable';

interface Missing {
  /** The vendor module to load (or both, the vendor unknown). */
  module: string;
  /** What shows the vendor modules absent: a collected /proc/modules, a filtered lsmod (its patterns), or nothing. */
  seen: 'modules' | 'grep' | 'none';
  filters: string[];
  /** Why there is no module to load (`# CONFIG_KVM_AMD is not set`). */
  absent?: string;
  /** The module whose modprobe failed with "not supported". */
  failedModule?: string;
}

export const messages = {
  missing: ({ module, seen, filters, absent, failedModule }: Missing) =>
    `/dev/kvm does not exist${seen === 'modules' ? `, and /proc/modules lists no ${module}` : seen === 'grep' ? `: the filtered module list (pattern "${filters.join('", "')}") shows kvm loaded but no kvm_intel or kvm_amd, and only they create /dev/kvm` : ''}. QEMU would run without acceleration and libvirt refuses KVM domains. ${
      absent
        ? `There is nothing to load: ${absent}. Boot a kernel built with it (the distribution's standard kernel has it).`
        : failedModule
        ? `modprobe ${failedModule} fails: hardware virtualisation is disabled in the firmware or missing (see cpu-virt-ext-absent); enable VT-x / SVM Mode first.`
        : `Load ${module}; if modprobe fails with "Operation not supported", virtualisation is disabled in the firmware (see cpu-virt-ext-absent).`
    }`,
  unknown: () => 'whether /dev/kvm exists is unknown (paste `ls -l /dev/kvm`, or run vfio-doctor on the host)',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'A5',
    title: 'KVM is not available (/dev/kvm is missing)',
    severity: 'error',
    category: 'environment',
    summary: 'Without /dev/kvm QEMU can only emulate: the kvm_intel or kvm_amd module is not loaded.',
    docs: ['https://www.linux-kvm.org/page/FAQ'],
    keywords: ['/dev/kvm', 'kvm_intel', 'kvm_amd', 'modprobe kvm', 'kvm module'],
    consequenceOf: ['vtx-disabled-by-bios', 'svm-disabled-by-bios', 'cpu-virt-ext-absent', 'running-inside-vm', 'arm-hyp-mode-unavailable'],
    // No `requires`: no input kind is "/dev/kvm exists"; a collected host, a QEMU error or a telling lsmod each decide it.
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    if (f.devKvm === true) return [];
    const loaded = f.modulesLoaded;
    const builtin = f.modulesBuiltin ?? [];
    const kvmMods = ['kvm_intel', 'kvm_amd'];
    const hasKvm = loaded?.some((m) => kvmMods.includes(m)) || builtin.some((m) => kvmMods.includes(m));
    // Other layers saying /dev/kvm is missing: Proxmox, libvirt, QEMU (README: Messages matched).
    const said = f.qemuErrors.filter((q) => q.kind === 'kvm-missing');
    // `lsmod | grep kvm` listing kvm as a module but neither vendor module: the grep would have shown them, and a
    // modular kvm means they cannot be built in. /dev/kvm only exists once kvm_intel/kvm_amd registered it
    // (virt/kvm/kvm_main.c kvm_init() → misc_register(&kvm_dev), called from vmx_init()/svm_init()).
    const grepShowsNoVendor = !!loaded?.includes('kvm') && !hasKvm && moduleListCovers(f, 'kvm_intel') && moduleListCovers(f, 'kvm_amd');
    if (f.devKvm === undefined && said.length === 0) {
      // A pasted lsmod may be grep'ed: only a collected module list, or a grep that would have shown them, proves kvm is absent.
      if (loaded === undefined || (!f.collected && !grepShowsNoVendor)) return ctx.unable('unknown');
      if (hasKvm) return [];
    }
    const failed = f.buildMessages.filter((m) => (m.tool === 'modprobe' || m.tool === 'systemd-modules-load') && /^kvm/.test(m.module ?? ''));
    const notSupported = failed.some((m) => /Operation not supported|Input\/output error|Invalid argument/i.test(m.evidence.text));
    const mod = host.cpuVendor === 'amd' ? 'kvm_amd' : host.cpuVendor === 'intel' ? 'kvm_intel' : 'kvm_intel (Intel) or kvm_amd (AMD)';
    const modName = host.cpuVendor === 'amd' ? 'kvm_amd' : 'kvm_intel';
    // `# CONFIG_KVM_AMD is not set`: there is no module to load, and the engine drops the modprobe plan (fixes/finish.ts).
    const absent = host.cpuVendor ? moduleAbsent(host, modName) : undefined;
    return [
      {
        messageId: 'missing',
        data: {
          module: mod,
          seen: loaded && f.collected ? ('modules' as const) : grepShowsNoVendor ? ('grep' as const) : ('none' as const),
          filters: f.modulesLoadedFilters,
          ...(absent ? { absent } : {}),
          ...(notSupported ? { failedModule: failed[0]!.module! } : {}),
        },
        evidence: [
          ...f.probes.filter((e) => /\/dev\/kvm/.test(e.text)),
          ...said.map((q) => q.evidence),
          ...failed.map((m) => m.evidence),
          ...(f.collected ? [{ source: '/dev/kvm', text: tr('(missing)', '（不存在）') }] : []),
          ...(grepShowsNoVendor && !f.collected ? [{ source: `lsmod | grep ${f.modulesLoadedFilters[0]}`, text: `${(loaded ?? []).join(', ')} ${tr('(no kvm_intel, no kvm_amd)', '（没有 kvm_intel，也没有 kvm_amd）')}` }] : []),
        ],
        fixes: [
          plainFix(`${ID}/modprobe`, tr(`Load ${modName} now and at every boot`, `立即加载 ${modName}，并在每次开机时加载`), 'modules-load.d', [
              { kind: 'command', argv: ['modprobe', modName], description: tr('Load the module now', '立即加载模块'), root: true },
              { kind: 'edit', path: '/etc/modules-load.d/kvm.conf', description: tr('Load it at every boot', '每次开机时加载'), op: { type: 'append-lines', lines: [modName] }, diff: `+${modName}` },
              { kind: 'verify', description: tr('/dev/kvm exists', '/dev/kvm 已存在'), argv: ['ls', '-l', '/dev/kvm'] },
            ], { needsReboot: false }),
        ],
      },
    ];
  },
});
