// E3: vfio-pci is built into the kernel, so "options vfio-pci …" in /etc/modprobe.d never reaches it.
import type { Rule } from '../../src/engine/rule';
import { unable } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { hasParam } from '../../src/parse/cmdline';
import { splitIds } from '../../src/facts/vfio-config';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { targetFunctions } from '../../src/facts/targets';

const ID = 'vfio-pci-builtin-modprobe-ignored';

export const rule: Rule = {
  meta: {
    id: ID,
    catalogue: 'E3',
    title: 'vfio-pci is built in: its /etc/modprobe.d options are ignored',
    severity: 'warning',
    category: 'binding',
    summary: 'With vfio-pci built into the kernel (Ubuntu 20.04 and later), "options vfio-pci ids=…" never applies; the IDs must go on the kernel command line.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Binding_vfio-pci_via_device_ID'],
    keywords: ['built-in', 'builtin', 'modules.builtin', 'CONFIG_VFIO_PCI=y', 'options vfio-pci', 'modprobe.d ignored', 'Module vfio_pci is builtin', 'ubuntu'],
  },
  check(host) {
    const f = host.facts;
    const options = f.modprobe.filter((d) => d.kind === 'options' && d.module === 'vfio_pci');
    const fatal = f.qemuErrors.filter((q) => q.kind === 'builtin-modprobe');
    const builtinEv: Evidence[] = [];
    if (f.modulesBuiltin?.includes('vfio_pci')) builtinEv.push({ source: `/lib/modules/${host.kernel?.release ?? '$(uname -r)'}/modules.builtin`, text: 'kernel/drivers/vfio/pci/vfio-pci.ko' });
    else if (f.kconfig?.VFIO_PCI === 'y') builtinEv.push({ source: `/boot/config-${host.kernel?.release ?? '$(uname -r)'}`, text: 'CONFIG_VFIO_PCI=y' });
    builtinEv.push(...fatal.map((q) => q.evidence));
    const builtin = host.vfioPciBuiltin === true || fatal.length > 0;
    const modprobeSeen = f.modprobe.length > 0 || f.collected || f.paths.some((p) => p.startsWith('/etc/modprobe.d/'));
    if (!builtin) {
      if (host.vfioPciBuiltin === false) return [];
      if (options.length === 0) return modprobeSeen ? [] : unable('neither /etc/modprobe.d nor whether vfio-pci is built in was given');
      const guess = host.vfioPciBuiltinGuess;
      if (!guess?.builtin) return unable('"options vfio-pci" is set in /etc/modprobe.d, but whether vfio-pci is built into this kernel is unknown (paste: grep vfio /lib/modules/$(uname -r)/modules.builtin)');
      // Probably built in (the distribution says so, the kernel was not asked): the command line works either way,
      // so the fix puts the options there — right whether vfio-pci turns out to be built in or a module.
      const add = options.flatMap((d) => d.args.split(/\s+/).filter((w) => w.includes('=') && !hasParam(f.cmdline, `vfio_pci.${w.split('=')[0]}`))).map((w) => `vfio-pci.${w}`);
      return [
        {
          severity: 'warning',
          message: `vfio-pci is probably built into this kernel — ${guess.reason}. If it is, ${options.map((d) => `"${d.evidence.text.trim()}"`).join(', ')} never reaches it: modprobe does not load or configure a built-in driver. ${add.length ? `Putting ${add.join(' ')} on the kernel command line works either way (built in or module), so do that.` : 'The command line already carries these options, which works either way.'}`,
          evidence: [...guess.evidence, ...options.map((d) => d.evidence)],
          fixes: add.length ? cmdlineFixes(host, ID, `Put ${add.join(' ')} on the kernel command line (works whether vfio-pci is built in or not)`, { add }) : [],
        },
      ];
    }
    if (options.length === 0 && fatal.length === 0) return modprobeSeen ? [] : unable('vfio-pci is built in; /etc/modprobe.d was not given to see whether options for it are set there');

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
    const what = options.length
      ? `${options.map((d) => `"${d.evidence.text.trim()}"`).join(', ')} in ${[...new Set(options.map((d) => d.evidence.source))].join(', ')} ${options.length > 1 ? 'have' : 'has'} no effect: modprobe never loads a built-in driver, so it never passes these options.`
      : `"modprobe: FATAL: Module vfio_pci is builtin." means vfio-pci is compiled into this kernel: modprobe cannot load, unload (modprobe -r) or configure it.`;
    const message = `vfio-pci is built into this kernel (${host.vfioPciBuiltin === true ? 'modules.builtin / kernel config' : 'modprobe says so'}), as on Ubuntu 20.04 and later. ${what} It registers early at boot and reads its parameters only from the kernel command line: ${add.length ? `put ${add.join(' ')} there` : 'use vfio-pci.ids=… there'}. softdep lines for vfio-pci are unnecessary with a built-in driver (it is always first), and hook scripts should unbind devices through sysfs instead of "modprobe -r vfio_pci".${working ? ' The card is on vfio-pci anyway (bound another way), so these options are dead configuration.' : ''}`;
    const fixes = add.length
      ? cmdlineFixes(host, ID, `Put ${add.join(' ')} on the kernel command line`, { add }, {
          verify: [{ kind: 'verify', description: 'After the reboot the kernel log has a "vfio_pci: add [vvvv:dddd[…" line per ID', argv: ['sh', '-c', 'dmesg | grep vfio_pci'] }],
        })
      : [];
    return [
      {
        severity: working ? 'info' : 'warning',
        message,
        evidence: [...builtinEv, ...options.map((d) => d.evidence)],
        fixes,
      },
    ];
  },
};
