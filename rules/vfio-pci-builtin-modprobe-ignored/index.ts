// E3: vfio-pci is built into the kernel, so "options vfio-pci …" in /etc/modprobe.d never reaches it.
import { defineRule, type DraftOf } from '../../src/engine/rule';
import type { Host } from '../../src/facts/host';
import type { PciDevice } from '../../src/schema/facts';
import { plainFix } from '../../src/engine/fixes/manual';
import { describeDevice } from '../../src/engine/describe';
import type { Evidence } from '../../src/schema/evidence';
import { hasParam } from '../../src/parse/cmdline';
import { splitIds } from '../../src/facts/vfio-config';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { targetFunctions, idOf } from '../../src/facts/targets';
import { zh } from './zh';

const ID = 'vfio-pci-builtin-modprobe-ignored';

export const messages = {
  overrideBinding: ({ seen, said, guess, ids }: { seen: string[]; said?: string; guess?: string; ids: string[] }) => {
    const how = seen.length
      ? `${seen.join(', ')} ${seen.length > 1 ? 'have' : 'has'} driver_override=vfio-pci and no driver`
      : `you bind the card by writing vfio-pci to driver_override ("${said}"; stated, not seen in sysfs)`;
    const builtinWhy = guess === undefined ? 'vfio-pci is built into this kernel' : `vfio-pci is probably built into this kernel — ${guess}`;
    return `${how[0]!.toUpperCase()}${how.slice(1)}, and ${builtinWhy}. Writing driver_override does not bind anything by itself: the kernel only probes the device when a driver registers (or on drivers_probe). A built-in vfio-pci registered at boot, before any script ran, and "modprobe vfio-pci" does nothing for a built-in driver — so the override keeps the GPU driver off the card and nothing binds vfio-pci: the card is left without a driver. This is the setup that worked while vfio-pci was a module (Ubuntu before 20.04). Bind by ID on the kernel command line instead (vfio-pci.ids=${ids.length ? ids.join(',') : 'VENDOR:DEVICE,…'}), which a built-in vfio-pci reads when it registers — right whether it is built in or a module.`;
  },
  probablyBuiltin: ({ guess, options, add }: { guess: string; options: string[]; add: string[] }) =>
    `vfio-pci is probably built into this kernel — ${guess}. If it is, ${options.map((o) => `"${o}"`).join(', ')} never reaches it: modprobe does not load or configure a built-in driver. ${add.length ? `Putting ${add.join(' ')} on the kernel command line works either way (built in or module), so do that.` : 'The command line already carries these options, which works either way.'}`,
  builtin: ({ seenBy, options, files, add, working }: { seenBy: 'config' | 'modprobe'; options: string[]; files: string[]; add: string[]; working: boolean }) => {
    const what = options.length
      ? `${options.map((o) => `"${o}"`).join(', ')} in ${files.join(', ')} ${options.length > 1 ? 'have' : 'has'} no effect: modprobe never loads a built-in driver, so it never passes these options.`
      : `"modprobe: FATAL: Module vfio_pci is builtin." means vfio-pci is compiled into this kernel: modprobe cannot load, unload (modprobe -r) or configure it.`;
    return `vfio-pci is built into this kernel (${seenBy === 'config' ? 'modules.builtin / kernel config' : 'modprobe says so'}), as on Ubuntu 20.04 and later. ${what} It registers early at boot and reads its parameters only from the kernel command line: ${add.length ? `put ${add.join(' ')} there` : 'use vfio-pci.ids=… there'}. softdep lines for vfio-pci are unnecessary with a built-in driver (it is always first), and hook scripts should unbind devices through sysfs instead of "modprobe -r vfio_pci".${working ? ' The card is on vfio-pci anyway (bound another way), so these options are dead configuration.' : ''}`;
  },
  nothingGiven: () => 'neither /etc/modprobe.d nor whether vfio-pci is built in was given',
  builtinUnknown: () => '"options vfio-pci" is set in /etc/modprobe.d, but whether vfio-pci is built into this kernel is unknown (paste: grep vfio /lib/modules/$(uname -r)/modules.builtin)',
  modprobeNotGiven: () => 'vfio-pci is built in; /etc/modprobe.d was not given to see whether options for it are set there',
};
type Draft = DraftOf<typeof messages>;

/**
 * Binding by driver_override (a script writes "vfio-pci" to /sys/bus/pci/devices/BDF/driver_override, then runs
 * modprobe vfio-pci) with vfio-pci built in. Documentation/ABI/testing/sysfs-bus-pci (driver_override): writing it
 * "does not automatically unbind the device from its current driver or make any attempt to automatically load the
 * specified driver" — the device is only probed when a driver registers or on drivers_probe/bind. A built-in vfio-pci
 * registered at boot, before any initramfs script, and modprobe of a built-in module loads nothing (kmod treats it as
 * present), so the override keeps the GPU driver off the card and nothing binds vfio-pci: the card is left without a driver.
 */
function overrideBinding(host: Host, builtinEv: Evidence[] | undefined): Draft[] | undefined {
  const f = host.facts;
  if (host.vfioPciBuiltin === false) return undefined;
  const guess = builtinEv ? undefined : host.vfioPciBuiltinGuess;
  if (!builtinEv && !guess?.builtin) return undefined;
  const said = f.mentions['driver-override-vfio'];
  const saidBdfs = Object.keys(f.mentions).filter((k) => k.startsWith('driver-override@')).map((k) => k.slice('driver-override@'.length));
  // Seen: the override is set and the card has no driver (a host driver on it means the override came too late).
  const seen = f.pci.filter((d) => d.driverOverride === 'vfio-pci' && d.driver === null);
  if (!said && seen.length === 0) return undefined;
  if (seen.length === 0 && saidBdfs.some((b) => host.device(b)?.driver === 'vfio-pci')) return undefined; // it binds after all
  const bdfs = [...new Set([...seen.map((d) => d.bdf), ...saidBdfs])];
  const ids = [...new Set(bdfs.map((b) => host.device(b)).filter((d): d is PciDevice => !!d).map(idOf).filter((x): x is string => !!x))];
  const short = (b: string) => b.replace(/^0000:/, '');
  const add = ids.length ? [`vfio-pci.ids=${ids.join(',')}`] : [];
  const probeStep = { kind: 'manual' as const, description: `If you keep the driver_override script: after writing the override, make the kernel probe the device — echo ${bdfs.length ? bdfs.map(short).join(' / ') : 'BDF'} (full address, 0000:…) > /sys/bus/pci/drivers_probe — instead of modprobe vfio-pci, which does nothing for a built-in driver.` };
  const fixes = add.length
    ? cmdlineFixes(host, ID, `Put ${add.join(' ')} on the kernel command line (works whether vfio-pci is built in or not)`, { add })
    : [
        plainFix(`${ID}/ids`, 'Bind by ID on the kernel command line instead of driver_override', 'kernel command line', [
          { kind: 'manual', description: `Find the vendor:device IDs of the card and its audio function (lspci -nn${bdfs.length ? ` -s ${short(bdfs[0]!).replace(/\.\d$/, '')}` : ''}) and put vfio-pci.ids=VENDOR:DEVICE,VENDOR:DEVICE on the kernel command line${host.bootLoader.value === 'kernelstub' ? " (sudo kernelstub -a 'vfio-pci.ids=…')" : ''}; a built-in vfio-pci reads its parameters only from there.` },
          probeStep,
          { kind: 'reboot', description: 'vfio-pci claims the IDs when it registers at boot.' },
          { kind: 'verify', description: 'The card is on vfio-pci', argv: ['sh', '-c', 'lspci -nnk | grep -B2 "in use: vfio-pci"'] },
        ], { needsReboot: true }),
      ];
  return [
    {
      severity: 'warning',
      messageId: 'overrideBinding',
      data: {
        seen: seen.map((d) => describeDevice(d)),
        said: seen.length ? undefined : `${said!.text.trim().slice(0, 160)}${said!.text.trim().length > 160 ? '…' : ''}`,
        guess: builtinEv ? undefined : guess!.reason,
        ids,
      },
      evidence: [...(builtinEv ?? guess!.evidence), ...seen.flatMap((d) => d.evidence.slice(0, 1)), ...(said && seen.length === 0 ? [said] : []), ...saidBdfs.map((b) => f.mentions[`driver-override@${b}`]!).filter((e) => e !== said)],
      fixes,
      devices: bdfs,
    },
  ];
}

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E3',
    title: 'vfio-pci is built in: its /etc/modprobe.d options are ignored',
    severity: 'warning',
    category: 'binding',
    summary: 'With vfio-pci built into the kernel (Ubuntu 20.04 and later), "options vfio-pci ids=…" never applies; the IDs must go on the kernel command line.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Binding_vfio-pci_via_device_ID'],
    keywords: ['built-in', 'builtin', 'modules.builtin', 'CONFIG_VFIO_PCI=y', 'options vfio-pci', 'modprobe.d ignored', 'Module vfio_pci is builtin', 'ubuntu'],
    // No requires: which of /etc/modprobe.d and "is it built in" is missing depends on the other; its reasons say which.
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const options = f.modprobe.filter((d) => d.kind === 'options' && d.module === 'vfio_pci');
    const fatal = f.qemuErrors.filter((q) => q.kind === 'builtin-modprobe');
    const builtinEv: Evidence[] = [];
    if (f.modulesBuiltin?.includes('vfio_pci')) builtinEv.push({ source: `/lib/modules/${host.kernel?.release ?? '$(uname -r)'}/modules.builtin`, text: 'kernel/drivers/vfio/pci/vfio-pci.ko' });
    else if (f.kconfig?.VFIO_PCI === 'y') builtinEv.push({ source: `/boot/config-${host.kernel?.release ?? '$(uname -r)'}`, text: 'CONFIG_VFIO_PCI=y' });
    builtinEv.push(...fatal.map((q) => q.evidence));
    const builtin = host.vfioPciBuiltin === true || fatal.length > 0;
    const modprobeSeen = f.modprobe.length > 0 || f.collected || f.paths.some((p) => p.startsWith('/etc/modprobe.d/'));
    if (options.length === 0 && fatal.length === 0) {
      const override = overrideBinding(host, builtin ? builtinEv : undefined);
      if (override) return override;
    }
    if (!builtin) {
      if (host.vfioPciBuiltin === false) return [];
      if (options.length === 0) return modprobeSeen ? [] : ctx.unable('nothingGiven');
      const guess = host.vfioPciBuiltinGuess;
      if (!guess?.builtin) return ctx.unable('builtinUnknown');
      // Probably built in (the distribution says so, the kernel was not asked): the command line works either way,
      // so the fix puts the options there — right whether vfio-pci turns out to be built in or a module.
      const add = options.flatMap((d) => d.args.split(/\s+/).filter((w) => w.includes('=') && !hasParam(f.cmdline, `vfio_pci.${w.split('=')[0]}`))).map((w) => `vfio-pci.${w}`);
      return [
        {
          severity: 'warning',
          messageId: 'probablyBuiltin',
          data: { guess: guess.reason, options: options.map((d) => d.evidence.text.trim()), add },
          evidence: [...guess.evidence, ...options.map((d) => d.evidence)],
          fixes: add.length ? cmdlineFixes(host, ID, `Put ${add.join(' ')} on the kernel command line (works whether vfio-pci is built in or not)`, { add }) : [],
        },
      ];
    }
    if (options.length === 0 && fatal.length === 0) return modprobeSeen ? [] : ctx.unable('modprobeNotGiven');

    // Every "key=value" of the options lines, and which of them the command line already carries.
    const params = options.flatMap((d) => d.args.split(/\s+/).filter((w) => w.includes('=')).map((w) => ({ w, ev: d.evidence })));
    const cmdIds = new Set(host.vfioIds.entries.filter((e) => e.via === 'cmdline').map((e) => e.id));
    const missing = params
      .map((p) => {
        // ids: only the IDs the command line lacks (the edit merges ID lists); other options: by name.
        if (!p.w.startsWith('ids=')) return hasParam(f.cmdline, `vfio_pci.${p.w.split('=')[0]}`) ? undefined : p;
        const ids = splitIds(p.w.slice(4)).filter((e) => e.valid && !cmdIds.has(e.id)).map((e) => e.id);
        return ids.length ? { ...p, w: `ids=${ids.join(',')}` } : undefined;
      })
      .filter((p) => !!p);
    if (options.length > 0 && missing.length === 0 && f.cmdline) return [];
    const add = missing.map((p) => `vfio-pci.${p.w}`);
    const onVfio = targetFunctions(host).filter((d) => d.classCode?.startsWith('03'));
    const working = onVfio.length > 0 && onVfio.every((d) => d.driver === 'vfio-pci');
    const fixes = add.length
      ? cmdlineFixes(host, ID, `Put ${add.join(' ')} on the kernel command line`, { add }, {
          verify: [{ kind: 'verify', description: 'After the reboot the kernel log has a "vfio_pci: add [vvvv:dddd[…" line per ID', argv: ['sh', '-c', 'dmesg | grep vfio_pci'] }],
        })
      : [];
    return [
      {
        severity: working ? 'info' : 'warning',
        messageId: 'builtin',
        data: {
          seenBy: host.vfioPciBuiltin === true ? ('config' as const) : ('modprobe' as const),
          options: options.map((d) => d.evidence.text.trim()),
          files: [...new Set(options.map((d) => d.evidence.source))],
          add,
          working,
        },
        evidence: [...builtinEv, ...options.map((d) => d.evidence)],
        fixes,
      },
    ];
  },
});
