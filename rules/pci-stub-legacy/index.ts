// E10: a device is held by pci-stub, the placeholder driver that predates vfio-pci's own ids= parameter.
import { defineRule } from '../../src/engine/rule';
import type { Evidence } from '../../src/schema/evidence';
import { paramValues } from '../../src/parse/cmdline';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { describeDevice } from '../../src/engine/describe';
import { idOf } from '../../src/facts/targets';
import { slotOf } from '../../src/parse/bdf';
import { zh } from './zh';
import { tr } from '../../src/i18n/lang';

const ID = 'pci-stub-legacy';

const LOG = /^pci-stub(?::| \S+:) (?:add |claimed by stub)/;

export const messages = {
  stub: ({ held, ids, movable, shared }: { held: string[]; ids: string[]; movable: string[]; shared: string[] }) =>
    `${held.length ? `${held.join(', ')} ${held.length > 1 ? 'are' : 'is'} held by pci-stub` : `pci-stub is set up to claim ${ids.join(', ') || 'devices'}`}. That works — pci-stub keeps host drivers off the card and libvirt (managed hostdev) rebinds it to vfio-pci when the VM starts — but it is the method from before vfio-pci had its own ids= parameter: pci-stub does no power management or reset handling, and the card sits in an unmanaged state until the VM starts.${shared.length && !movable.length ? '' : ` vfio-pci.ids=${movable.join(',') || 'vvvv:dddd'} binds it to vfio-pci directly at boot.`}${
      shared.length
        ? ` ${shared.join(', ')} ${shared.length > 1 ? 'are' : 'is'} shared by identical cards in different slots: binding by ID takes every one of them, so ${shared.length > 1 ? 'these IDs stay' : 'this ID stays'} out of vfio-pci.ids — bind the passthrough card by address instead (see identical-gpus-id-collision).`
        : ''
    }`,
  // A device list without drivers (an IOMMU group listing) says nothing about pci-stub.
  noDrivers: () => 'neither the kernel command line, the drivers in use (lspci -nnk) nor the kernel log was given',
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E10',
    title: 'The device is held by pci-stub (legacy)',
    severity: 'info',
    category: 'binding',
    summary: 'pci-stub only keeps host drivers away; vfio-pci.ids does the same and also manages power states, resets and VGA for the VM.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Isolating_the_GPU'],
    keywords: ['pci-stub', 'pci_stub.ids', 'claimed by stub', 'legacy'],
    requires: [{ anyOf: ['cmdline', 'lspci', 'kernelLog'] }],
    reads: { log: [LOG] },
    messages,
    zh,
  },
  check(host, ctx) {
    const f = host.facts;
    const stubbed = f.pci.filter((d) => d.driver === 'pci-stub');
    const cmdIds = paramValues(f.cmdline, 'pci_stub.ids');
    const opts = f.modprobe.filter((d) => d.kind === 'options' && d.module === 'pci_stub' && /ids=/.test(d.args));
    const log = host.log(LOG);
    if (!stubbed.length && !cmdIds.length && !opts.length && !log.length) {
      if (!f.cmdline && !f.pci.some((d) => d.driver !== undefined) && !f.kernelLogSeen) return f.pci.length ? ctx.unable('noDrivers') : [];
      return [];
    }
    const ids = [...new Set([...cmdIds.flatMap((v) => v.split(',')), ...opts.flatMap((d) => /ids=(\S+)/.exec(d.args)![1]!.split(','))].map((s) => s.trim().toLowerCase()).filter(Boolean))];
    const evidence: Evidence[] = [...(cmdIds.length && f.cmdline ? [f.cmdline.evidence] : []), ...opts.map((d) => d.evidence), ...log.map((l) => l.evidence), ...stubbed.flatMap((d) => d.evidence.filter((e) => /pci-stub/.test(e.text)).slice(0, 1))];
    const rawStub = f.cmdline?.params.filter((p) => p.key === 'pci_stub.ids').map((p) => p.raw) ?? [];
    // An ID that cards in two slots share (identical GPUs, one kept by the host) must not move to vfio-pci.ids: that
    // hands the host's card to vfio-pci for good. It stays as it is; identical-gpus-id-collision binds by address.
    const shared = ids.filter((id) => new Set(f.pci.filter((d) => idOf(d) === id).map((d) => slotOf(d.bdf))).size > 1);
    const movable = ids.filter((id) => !shared.includes(id));
    const fixes =
      rawStub.length && movable.length
        ? cmdlineFixes(host, ID, tr('Replace pci-stub.ids with vfio-pci.ids', '用 vfio-pci.ids 代替 pci-stub.ids'), {
            remove: rawStub,
            add: [`vfio-pci.ids=${movable.join(',')}`, ...(shared.length ? [`pci-stub.ids=${shared.join(',')}`] : [])],
          })
        : [];
    return [
      {
        messageId: 'stub',
        data: { held: stubbed.map((d) => describeDevice(d)), ids, movable, shared },
        evidence,
        fixes,
        devices: stubbed.map((d) => d.bdf),
      },
    ];
  },
});
