// E5: two cards share a vendor:device ID, so binding by ID takes both; bind the target by address instead.
import { defineRule } from '../../src/engine/rule';
import { describeDevice, isVfioDriver } from '../../src/engine/describe';
import { idCollisions, slotFunctions } from '../../src/engine/fixes/bind-choice';
import { bindByAddressFixes } from '../../src/engine/fixes/bind';
import { cmdlineFixes } from '../../src/engine/fixes/cmdline';
import { idOf } from '../../src/facts/targets';
import { shortBdf, slotOf } from '../../src/parse/bdf';
import type { FixStep } from '../../src/schema/fix';
import { tr } from '../../src/i18n/lang';
import { zh } from './zh';

const ID = 'identical-gpus-id-collision';

type Collision = {
  others: string[];
  ids: string[];
  targets: string[];
  bad: boolean;
  configured: string[];
  stubbed: string[];
  /** The host's twin functions already on vfio-pci (or pci-stub), and those drivers. */
  lost: string[];
  lostDrivers: string[];
  /** Why this card was taken as the target, when it was inferred. */
  inferred?: string;
};

export const messages = {
  collision: ({ others, ids, targets, bad, configured, stubbed, lost, lostDrivers, inferred }: Collision) =>
    `${others.join(', ')} ${others.length > 1 ? 'have' : 'has'} the same vendor:device ID (${ids.join(', ')}) as the passthrough card at ${targets.join(', ')}. ${
      bad
        ? `${configured.length ? `vfio-pci is configured by ID (${configured.join(', ')}), so it` : stubbed.length ? `pci-stub is configured by ID (pci-stub.ids: ${stubbed.join(', ')}), so it` : 'vfio-pci'} claims every card with that ID${lost.length ? ` — ${lost.join(', ')} ${lost.length > 1 ? 'are' : 'is'} on ${lostDrivers.join(' and ')} now and the host has lost ${lost.length > 1 ? 'them' : 'it'}` : ''}.`
        : 'Binding by ID (vfio-pci.ids) would take both cards.'
    } Bind the passthrough card by PCI address instead: an early-boot script writes "vfio-pci" to driver_override of each of its functions, and the other card stays with the host.${inferred !== undefined ? ` (Target ${targets.join(', ')}: ${inferred}.)` : ''}`,
};

export const rule = defineRule({
  meta: {
    id: ID,
    catalogue: 'E5',
    title: 'Identical cards share a vendor:device ID',
    severity: 'warning',
    category: 'binding',
    summary: 'vfio-pci.ids matches every card with that ID; the host loses its own card. Bind the target by PCI address.',
    docs: ['https://wiki.archlinux.org/title/PCI_passthrough_via_OVMF#Using_identical_guest_and_host_GPUs', 'https://docs.kernel.org/ABI/testing/sysfs-bus-pci.html'],
    keywords: ['identical', 'same gpu', 'two gpus', 'same model', 'same id', 'driver_override', 'both cards', 'no display', 'driverctl'],
    requires: ['targetGpu'],
    messages,
    zh,
  },
  check(host) {
    if (host.targets.gpus.length === 0) return []; // the engine says why no GPU was picked
    const targetSlots = new Set(host.targets.gpus.map(slotOf));
    const funcs = slotFunctions(host, host.targets.gpus);
    const others = idCollisions(host, funcs).filter((d) => !targetSlots.has(slotOf(d.bdf)));
    if (others.length === 0) return [];
    const ids = [...new Set(others.map(idOf))].filter((x): x is string => !!x);
    const configured = ids.filter((i) => host.vfioIds.vfio.has(i));
    // The seed's method 1 in its pci-stub form (pci-stub.ids=…) claims every card with the ID just the same.
    const stubbed = ids.filter((i) => host.vfioIds.entries.some((e) => e.via === 'pci-stub-cmdline' && e.valid && e.id === i));
    const hostCardsOnVfio = others.filter((d) => isVfioDriver(d.driver));
    const bad = configured.length > 0 || stubbed.length > 0 || hostCardsOnVfio.length > 0;
    // Bound by address already (target on vfio-pci, no ID binding, the twin with the host): solved, not a risk. The boot
    // test showed the warning staying after the fix had worked.
    if (!bad && funcs.length > 0 && funcs.every((d) => isVfioDriver(d.driver))) return [];
    const removeSteps: FixStep[] = [];
    const cmdIds = host.vfioIds.entries.filter((e) => e.via === 'cmdline' && configured.includes(e.id));
    const change = { remove: [] as string[], add: [] as string[] };
    if (cmdIds.length) {
      const tokens = (host.facts.cmdline?.params ?? []).filter((p) => p.key === 'vfio_pci.ids').map((p) => p.raw);
      change.remove.push(...(tokens.length ? tokens : ['vfio_pci.ids']));
    }
    if (stubbed.length) {
      // Only the colliding IDs leave pci-stub.ids: other devices the user stubs (a USB controller) stay stubbed.
      const tokens = (host.facts.cmdline?.params ?? []).filter((p) => p.key === 'pci_stub.ids');
      const keep = [...new Set(tokens.flatMap((p) => (p.value ?? '').split(',')).map((x) => x.trim()).filter((x) => x && !stubbed.includes(x.toLowerCase())))];
      change.remove.push(...tokens.map((p) => p.raw));
      if (keep.length) change.add.push(`pci-stub.ids=${keep.join(',')}`);
    }
    if (change.remove.length) {
      const rm = cmdlineFixes(host, ID, 'Remove the ID-based binding', change)[0]!;
      removeSteps.push(...rm.steps.filter((s) => s.kind === 'edit' || s.kind === 'command' || s.kind === 'manual'));
    }
    const modIds = host.vfioIds.entries.filter((e) => e.via === 'modprobe' && configured.includes(e.id));
    for (const e of modIds)
      removeSteps.push({
        kind: 'edit',
        path: e.evidence.source.startsWith('/') ? e.evidence.source : '/etc/modprobe.d/vfio.conf',
        description: tr('Remove the ID-based binding (it would take both cards)', '删除按 ID 的绑定（它会把两张卡都拿走）'),
        op: { type: 'remove-lines', match: ['^\\s*options\\s+vfio[-_]pci\\s+.*ids='] },
        diff: `-${e.evidence.text}`,
      });
    const fixes = bindByAddressFixes(host, ID, funcs).map((f) => ({ ...f, steps: [...removeSteps, ...f.steps] }));
    return [{
      severity: bad ? 'error' : 'warning',
      messageId: 'collision',
      data: {
        others: others.map((d) => describeDevice(d)),
        ids,
        targets: host.targets.gpus.map(shortBdf),
        bad,
        configured,
        stubbed,
        lost: hostCardsOnVfio.map((d) => shortBdf(d.bdf)),
        lostDrivers: [...new Set(hostCardsOnVfio.map((d) => String(d.driver)))],
        ...(host.targets.inferred ? { inferred: host.targets.reason } : {}),
      },
      evidence: [...new Set([...host.vfioIds.entries.filter((e) => configured.includes(e.id) || (e.via === 'pci-stub-cmdline' && stubbed.includes(e.id))).map((e) => e.evidence), ...others.flatMap((d) => d.evidence.slice(0, 1)), ...funcs.flatMap((d) => d.evidence.slice(0, 1))])],
      fixes,
      devices: [...funcs.map((d) => d.bdf), ...others.map((d) => d.bdf)],
    }];
  },
});
