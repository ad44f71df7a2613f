// H1: an AMD GPU from a family that cannot reset itself between VM runs (the "AMD reset bug"), and its log symptoms.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import { kernelAtLeast } from '../../src/facts/host';
import type { Fix, FixStep } from '../../src/schema/fix';
import { describeDevice } from '../../src/engine/describe';
import { createFile, createOrAppend } from '../../src/engine/fixes/file-steps';
import { generatorsOf, mkinitcpioAppendSteps, rebuildStep } from '../../src/engine/fixes/initramfs';
import { shortBdf } from '../../src/pci/bdf';
import { resetFamilyOf, resetFamilyOfTag } from './vendor-reset-devices';
import { zh } from './zh';

const ID = 'amd-reset-bug';
// vfio_pci_config.c vfio_bar_restore(); pci.c pci_dev_wait() and pci_power_up(); older: "vfio_bar_restore: 0000:… reset recovery - restoring bars".
const SYMPTOMS = [
  /vfio_bar_restore: (?:[0-9a-f:.]+ )?reset recovery - restoring (?:BARs|bars)/,
  /not ready \d+ms after (?:FLR|bus reset|resume|PM D3hot->D0|\S+); giving up/,
  /Unable to change power state from D3(?:hot|cold) to D0, device inaccessible/,
  // gnif/vendor-reset itself failing (src/vendor-reset-dev.c vendor_reset_dev_locked(): vr_warn "failed to reset
  // device", vr_info "reset result = %d"; vr_* is pci_info/pci_warn with the family tag, e.g. "AMD_POLARIS10: "), and
  // the family resets' own warnings after which the reset returns an error (README: Messages matched): navi10.c
  // amd_navi10_reset(), vega20.c amd_vega20_reset(), polaris10.c amd_polaris10_reset().
  /^\S+ [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]: AMD_\w+: (?:failed to reset device|reset result = -?[1-9]\d*|PSP did not acknowledger? reset|timed out waiting for PSP bootloader to respond after reset|(?:enter|exit) BACO failed|Failed to (?:enter|exit) BACO: -?\d+|Reset via PCI config failed: -?\d+)$/,
];
// The kernel refusing "device_specific" in reset_method (drivers/pci/pci.c reset_method_store(): pci_err, pci_warn
// before 5.16, "Unsupported reset method '%s'"): the device-specific reset probe failed, i.e. no device-specific reset
// is registered for the card — for a GPU, vendor-reset was not loaded when the udev rule wrote it, or its device table
// does not have the card.
const DS_REFUSED = /^\S+ ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): Unsupported reset method 'device_specific'$/;
// Any vendor-reset message about a card: its tag names the card's family (device-db.h DEVICE_INFO).
const VR_TAG = /^\S+ ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): (AMD_[A-Z0-9]+): /;
// vendor-reset at work: its hook installed (src/hook.c vendor_reset_hook_init(): "vendor_reset_hook: installed") or a
// reset of this card that returned 0.
const VR_HOOK = /^vendor_reset_hook: installed/;
const VR_OK = /^\S+ ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]): AMD_\w+: reset result = 0$/;

type LogLine = Host['facts']['kernelLog'][number];

/** A reset family as the messages name it (vendor-reset-devices.ts). */
export type Family = { family: string; cards: string };

export const messages = {
  restoringBars: ({ bdf }: { bdf: string }) =>
    `${bdf} failed to reset (vfio-pci had to restore its BARs after a reset): the classic sign of the AMD reset bug on Polaris, Vega and Navi 10/12/14 cards. If this is one of them, gnif/vendor-reset gives it a working reset; otherwise reboot the host between VM runs.`,
  vendorResetFailed: ({ bdf, family, tag, said }: { bdf: string; family?: Family; tag?: string; said: string }) =>
    `${bdf}${family ? ` is an AMD ${family.family} card (${family.cards}; vendor-reset's ${tag} tag names it) and it` : ''} failed to reset even with gnif/vendor-reset (its reset reported "${said}"): the AMD reset bug is not worked around for this card. Update vendor-reset, keep amdgpu off the card (bind it to vfio-pci at boot), and reboot the host between VM runs when it hangs.`,
  deviceSpecificRefused: ({ bdf }: { bdf: string }) =>
    `The kernel refused reset_method "device_specific" for ${bdf}: no device-specific reset is registered for it. For an AMD GPU that reset comes from gnif/vendor-reset, so either vendor-reset was not loaded when reset_method was written (load it first; its udev rule runs modprobe vendor-reset before writing), or the card is not in vendor-reset's device table (Polaris, Vega and Navi 10/12/14 only: the RX 6000 and 7000 series are not supported upstream), and then nothing resets the card between VM runs (the AMD reset bug): reboot the host after a VM shutdown, or use a vendor-reset fork that supports the card. lspci -nn -s ${bdf} and lsmod | grep vendor_reset tell which.`,
  card: ({ device, family, tag, refused, symptoms, methods, notLoaded }: { device: string; family?: Family; tag?: string; refused: boolean; symptoms: boolean; methods?: string[]; notLoaded: boolean }) => {
    const parts = [
      family
        ? `${device} is an AMD ${family.family} card (${family.cards}${tag ? `; vendor-reset's ${tag} tag names it` : ''}), a family that cannot be reset reliably by the kernel: after the first VM shutdown the card often stays dead until the host reboots.`
        : refused
          ? `${device} is not in vendor-reset’s device table, so the kernel refused reset_method "device_specific" for it (no device-specific reset is registered): vendor-reset cannot reset this card. If it hangs after a VM shutdown (the AMD reset bug), only a vendor-reset fork that supports it or a host reboot between VM runs helps.`
          : `${device} shows reset failures in the kernel log; it is not in vendor-reset’s supported list, so only avoiding resets (host reboot between VM runs) helps.`,
    ];
    if (symptoms) parts.push('The kernel log shows failed resets of this card.');
    if (family && refused) parts.push('The kernel refused reset_method "device_specific" for it (no device-specific reset was registered): vendor-reset was not loaded when reset_method was written.');
    if (family && methods) parts.push(`vendor-reset is loaded, but reset_method is "${methods.join(' ')}", so the kernel tries its own reset first: set it to device_specific (vendor-reset's udev rule does this).`);
    if (family && notLoaded) parts.push('vendor-reset is not loaded.');
    return parts.join(' ');
  },
  idUnknown: ({ bdf }: { bdf: string }) => `the vendor:device ID of ${bdf} is unknown (paste lspci -nn)`,
};

/** The symptom lines that name this card (by its address without the domain). */
function symptomsOf(symptomLines: LogLine[], bdf: string) {
  return symptomLines.filter((l) => l.message.includes(bdf.slice(5)));
}

function fixFor(host: Host, bdf: string, device: string | undefined): Fix {
  const gen = generatorsOf(host)[0];
  const early: FixStep[] =
    gen === 'initramfs-tools'
      ? [createOrAppend(host, '/etc/initramfs-tools/modules', ['vendor-reset'], 'Load vendor-reset from the initramfs, before anything touches the card'), rebuildStep(gen)]
      : gen === 'mkinitcpio'
        ? [...mkinitcpioAppendSteps(host, 'MODULES', ['MODULES+=(vendor-reset)'], 'Load vendor-reset from the initramfs'), rebuildStep(gen)]
        : gen === 'dracut'
          ? [createOrAppend(host, '/etc/dracut.conf.d/20-vendor-reset.conf', ['force_drivers+=" vendor-reset "'], 'Load vendor-reset from the initramfs'), rebuildStep(gen)]
          : [];
  const steps: FixStep[] = [
    { kind: 'manual', description: 'Install gnif/vendor-reset as a DKMS module (git clone https://github.com/gnif/vendor-reset && sudo dkms install ., or your distribution’s vendor-reset-dkms package). The kernel needs CONFIG_FTRACE, CONFIG_KPROBES and CONFIG_FUNCTION_TRACER.' },
    createOrAppend(host, '/etc/modules-load.d/vendor-reset.conf', ['vendor-reset'], 'Load vendor-reset at every boot'),
    ...early,
  ];
  // Since 5.15 the kernel tries its own resets first unless reset_method says device_specific (vendor-reset's udev rule).
  if (kernelAtLeast(host, 5, 15) !== false)
    steps.push(
      createFile(
        host,
        '/etc/udev/rules.d/99-vendor-reset.rules',
        `ACTION=="add", SUBSYSTEM=="pci", ${device ? `ATTR{vendor}=="0x1002", ATTR{device}=="0x${device}"` : `KERNEL=="${bdf}"`}, RUN+="/bin/sh -c '/sbin/modprobe vendor-reset; echo device_specific > /sys$env{DEVPATH}/reset_method'"\n`,
        'Make the kernel use vendor-reset’s reset for this card (reset_method, kernel 5.15+)',
      ),
    );
  steps.push(
    { kind: 'reboot', description: 'vendor-reset loads before the card is first reset.' },
    { kind: 'verify', description: 'The card resets through vendor-reset', argv: ['cat', `/sys/bus/pci/devices/${bdf}/reset_method`], expect: 'device_specific' },
  );
  return {
    id: `${ID}/vendor-reset`,
    title: 'Install vendor-reset and load it early',
    recommended: true,
    needsReboot: true,
    needsInitramfs: early.length > 0,
    warnings: ['Keep amdgpu off the card (bind it to vfio-pci at boot); if the card still hangs, a host reboot between VM runs is the fallback.'],
    steps,
  };
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'H1',
    title: 'AMD GPU with the reset bug (needs vendor-reset)',
    severity: 'warning',
    category: 'reset-power',
    summary: 'Polaris, Vega and Navi 10/12/14 cards cannot be reset by the kernel between VM runs; gnif/vendor-reset provides a working reset.',
    docs: ['https://github.com/gnif/vendor-reset'],
    keywords: ['reset bug', 'vendor-reset', 'polaris', 'vega', 'navi', 'rx 580', 'rx 5700', 'radeon vii', 'restoring bars', 'reset_method', 'vm reboot'],
    // A reset failure in the log names its card; finding nothing needs the card meant for the VM.
    requires: ['targetGpu'],
    reads: {
      // The device lines start with the driver's name: their literals by hand (": AMD_" is vendor-reset's family tag).
      log: ['vfio_bar_restore: ', ' not ready ', 'Unable to change power state from D3', ': AMD_', "Unsupported reset method 'device_specific'", VR_HOOK],
    },
    messages,
    zh,
  },
  check(host, ctx) {
    const out: DraftOf<typeof messages>[] = [];
    // The whole log is scanned once; each card then only looks among these lines.
    const symptomLines = host.facts.kernelLog.filter((l) => SYMPTOMS.some((re) => re.test(l.message)));
    // A pasted reset-failure line alone: name the card by address and give the fix for it.
    const orphan = symptomLines.filter((l) => SYMPTOMS[0]!.test(l.message));
    const orphanBdfs = [...new Set(orphan.map((l) => /([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])/.exec(l.message)?.[1]).filter((b): b is string => !!b))].filter(
      // A card known only from log lines (its device ID unknown) is read from the line itself, target or not.
      (b) => host.device(b)?.device === undefined,
    );
    for (const bdf of orphanBdfs)
      out.push({
        messageId: 'restoringBars',
        data: { bdf: shortBdf(bdf) },
        evidence: orphan.filter((l) => l.message.includes(bdf.slice(5))).map((l) => l.evidence),
        fixes: [fixFor(host, bdf, undefined)],
        devices: [bdf],
      });
    // vendor-reset's tag on its lines about a card names the card's family, even when its device ID was not given.
    const tagged = host.log(VR_TAG);
    const tagFamily = (bdf: string) => {
      for (const l of tagged) {
        const m = VR_TAG.exec(l.message)!;
        const fam = m[1] === bdf ? resetFamilyOfTag(m[2]!) : undefined;
        if (fam) return { fam, tag: m[2]! };
      }
      return undefined;
    };
    // vendor-reset's own failure, pasted without the device list: the line names the card and its family.
    const vrFailed = symptomLines.filter((l) => SYMPTOMS[3]!.test(l.message));
    for (const bdf of new Set(vrFailed.map((l) => /([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])/.exec(l.message)![1]!)))
      if (host.device(bdf)?.device === undefined && !orphanBdfs.includes(bdf)) {
        const mine = vrFailed.filter((l) => l.message.includes(bdf));
        const t = tagFamily(bdf);
        const said = /: AMD_\w+: (.*)$/.exec(mine[0]!.message)![1]!;
        out.push({
          messageId: 'vendorResetFailed',
          data: { bdf: shortBdf(bdf), family: t ? { family: t.fam.family, cards: t.fam.cards } : undefined, tag: t?.tag, said },
          evidence: mine.map((l) => l.evidence),
          fixes: [],
          devices: [bdf],
        });
      }
    // The kernel refused reset_method "device_specific" for a card whose ID is unknown: say what each cause means.
    const refusedLines = host.log(DS_REFUSED);
    const refusedOf = (bdf: string) => refusedLines.filter((l) => DS_REFUSED.exec(l.message)![1] === bdf);
    for (const bdf of new Set(refusedLines.map((l) => DS_REFUSED.exec(l.message)![1]!))) {
      const dev = host.device(bdf);
      // A card of another vendor (device_specific has other users), or one the per-card check below reads.
      if ((dev?.vendor !== undefined && dev.vendor !== '1002') || dev?.device !== undefined || out.some((f) => f.devices?.includes(bdf))) continue;
      out.push({
        messageId: 'deviceSpecificRefused',
        data: { bdf: shortBdf(bdf) },
        evidence: refusedOf(bdf).map((l) => l.evidence),
        fixes: [],
        devices: [bdf],
      });
    }
    if (host.targets.gpus.length === 0) return out; // nothing found: the engine says why no GPU was picked
    for (const bdf of host.targets.gpus) {
      const gpu = host.device(bdf);
      if (!gpu) continue;
      const tagged = tagFamily(bdf);
      if ((gpu.vendor === undefined || gpu.device === undefined) && !tagged) {
        if (out.some((f) => f.devices?.includes(bdf))) continue; // already read from its own reset lines
        return ctx.unable('idUnknown', { bdf: shortBdf(bdf) });
      }
      if (out.some((f) => f.devices?.includes(bdf))) continue;
      if (gpu.vendor !== undefined && gpu.vendor !== '1002') continue;
      // The family from the ID, or else from vendor-reset's own tag for this card.
      const fam = resetFamilyOf(gpu.device) ?? tagged?.fam;
      const symptoms = symptomsOf(symptomLines, bdf);
      const refused = refusedOf(bdf);
      if (!fam && symptoms.length === 0 && refused.length === 0) continue;
      const resetOk = host.log(VR_OK).filter((l) => VR_OK.exec(l.message)![1] === bdf);
      // vendor-reset's own tagged lines about this card show it loaded too.
      const seen = host.log(VR_HOOK).length > 0 || resetOk.length > 0 || tagged !== undefined;
      const loaded = seen || host.facts.modulesLoaded?.includes('vendor_reset');
      // vendor-reset reset this card and nothing failed since: handled.
      if (fam && resetOk.length && symptoms.length === 0) continue;
      const methods = gpu.resetMethods;
      // vendor-reset loaded and the kernel told to use it: handled, unless the log still shows failed resets.
      if (fam && loaded && methods?.[0] === 'device_specific' && symptoms.length === 0 && refused.length === 0) continue;
      out.push({
        messageId: 'card',
        data: {
          device: describeDevice(gpu),
          family: fam ? { family: fam.family, cards: fam.cards } : undefined,
          tag: fam && gpu.device === undefined ? tagged!.tag : undefined,
          refused: refused.length > 0,
          symptoms: symptoms.length > 0,
          methods: loaded && methods && methods[0] !== 'device_specific' ? methods : undefined,
          notLoaded: loaded === false && host.facts.modulesLoadedComplete === true,
        },
        evidence: [...gpu.evidence.slice(0, 1), ...symptoms.map((l) => l.evidence), ...refused.map((l) => l.evidence)],
        fixes: fam ? [fixFor(host, bdf, gpu.device)] : [],
        devices: [bdf],
      });
    }
    return out;
  },
});
