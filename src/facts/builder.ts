// Accumulates facts from many parsers: merges devices by address and keeps every piece of evidence.
import type { Facts, PciDevice, Cmdline } from '../schema/facts';
import { emptyFacts } from './empty';
import { registerLogGpus } from './log-devices';
import type { Evidence } from '../schema/evidence';
import type { Vm } from '../schema/vm';
import { mergeVms } from '../vm/merge';
import { LOG_DRIVERS } from '../pci/drivers';
import type { FactsSink } from '../schema/facts-sink';
import { tr } from '../i18n/lang';

/**
 * Add `ev` to what a device is known from, unless the same line is there already. A loop, not some() with a closure:
 * it runs for every function of every listing and log line, in a sysroot without V8's optimising compiler.
 */
function addEvidence(d: PciDevice, ev: Evidence): void {
  const list = d.evidence;
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (e.source === ev.source && e.line === ev.line && e.text === ev.text) return;
  }
  list.push(ev);
}

export class FactsBuilder implements FactsSink {
  readonly facts: Facts = emptyFacts();
  private readonly devices = new Map<string, PciDevice>();
  /** Groups as read from listings; dmesg-derived groups are kept apart (corroboration only). */
  private readonly groups = new Map<number, Set<string>>();
  private groupsKnown = false;
  readonly logGroups = new Map<number, Set<string>>();

  device(bdf: string): PciDevice {
    let d = this.devices.get(bdf);
    if (!d) {
      d = { bdf, evidence: [] };
      this.devices.set(bdf, d);
    }
    return d;
  }

  /** Merge fields into a device, never replacing a known value with an unknown one. */
  mergeDevice(bdf: string, fields: Partial<Omit<PciDevice, 'bdf' | 'evidence'>>, ev?: Evidence): PciDevice {
    const d = this.device(bdf);
    // for…in, not Object.entries: thousands of devices are merged several times each, and the pairs are garbage.
    for (const k in fields) {
      const v = (fields as Record<string, unknown>)[k];
      if (v !== undefined) (d as Record<string, unknown>)[k] = v;
    }
    if (ev) addEvidence(d, ev);
    return d;
  }

  /** Record a listing of groups; an empty listing is knowledge too (no groups). */
  markGroupsKnown(ev?: Evidence): void {
    this.groupsKnown = true;
    if (ev) this.facts.groupsEvidence.push(ev);
  }

  /** Group members from a listing that may leave devices out (lspci -v -s, a grep'ed listing). */
  private partialGroupSources = 0;
  private completeGroupSources = 0;

  groupListing(complete: boolean): void {
    if (complete) this.completeGroupSources++;
    else this.partialGroupSources++;
  }

  addGroupMember(group: number, bdf: string, ev?: Evidence): void {
    this.groupsKnown = true;
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Set()));
    g.add(bdf);
    // mergeDevice(bdf, { iommuGroup: group }, ev) without the object: once per function of every listing.
    const d = this.device(bdf);
    d.iommuGroup = group;
    if (ev) addEvidence(d, ev);
    if (ev && this.facts.groupsEvidence.length < 400) this.facts.groupsEvidence.push(ev);
  }

  /** A group known to exist whose members were not listed. */
  addGroupNumber(group: number, ev?: Evidence): void {
    if (!Number.isSafeInteger(group)) return;
    this.groupsKnown = true;
    if (!this.groups.has(group)) this.groups.set(group, new Set());
    if (ev && this.facts.groupsEvidence.length < 400) this.facts.groupsEvidence.push(ev);
  }

  addLogGroupMember(group: number, bdf: string): void {
    let g = this.logGroups.get(group);
    if (!g) this.logGroups.set(group, (g = new Set()));
    g.add(bdf);
  }

  setCmdline(c: Cmdline): void {
    const cur = this.facts.cmdline;
    if (!cur) {
      this.facts.cmdline = c;
      return;
    }
    if (normalizeCmdline(cur.raw) === normalizeCmdline(c.raw)) return;
    // One boot's two views: the kernel log's "Command line:" is what the boot loader passed, printed before x86's
    // setup_arch puts a built-in command line (CONFIG_CMDLINE_BOOL) in front of it (bootconfig's extra keys go in
    // front too: init/main.c, setup_command_line), so /proc/cmdline ends with it. One ending with the other is that
    // boot; the longer, what the kernel runs with, is kept. A line with a parameter added at its end (the usual edit
    // between two boots) does not end with the older one, and stays a different boot.
    if (sameBoot(cur.raw, c.raw)) {
      if (normalizeCmdline(c.raw).length > normalizeCmdline(cur.raw).length) this.facts.cmdline = c;
      return;
    }
    if (!this.facts.otherCmdlines.some((o) => normalizeCmdline(o.raw) === normalizeCmdline(c.raw))) this.facts.otherCmdlines.push(c);
  }

  unparsed(ev: Evidence): void {
    this.facts.unparsed.count++;
    if (this.facts.unparsed.sample.length < 20) this.facts.unparsed.sample.push(ev);
  }

  /**
   * "nvidia 0000:01:00.0: …" is printed by the driver bound to that device: when nothing better (lspci -k, sysfs)
   * said which driver owns a device, the last such line does.
   */
  private driversFromLog(): void {
    const re = new RegExp(`^(${LOG_DRIVERS.join('|')}) ([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]): `);
    const last = new Map<string, { driver: string; ev: Evidence }>();
    for (const l of this.facts.kernelLog) {
      const m = re.exec(l.message);
      if (!m || !this.devices.has(m[2]!)) continue;
      // "amdgpu 0000:07:00.0: probe with driver amdgpu failed with error -22" (drivers/base/dd.c, call_driver_probe) leaves it unbound.
      if (/probe with driver \S+ failed/.test(l.message)) last.delete(m[2]!);
      else last.set(m[2]!, { driver: m[1]!, ev: l.evidence });
    }
    for (const [bdf, { driver, ev }] of last) {
      const d = this.devices.get(bdf)!;
      if (d.driver !== undefined) continue;
      d.driver = driver;
      if (!d.evidence.includes(ev)) d.evidence.push(ev);
    }
  }

  addVm(vm: Vm): void {
    (this.facts.vms ??= []).push(vm);
  }

  private readonly autostart = new Map<string, Evidence>();
  vmAutostart(name: string, ev: Evidence): void {
    this.autostart.set(name, ev);
  }

  note(text: string): void {
    if (!this.facts.notes.includes(text)) this.facts.notes.push(text);
  }

  finish(): Facts {
    const f = this.facts;
    if (f.vms && f.vms.length > 1) f.vms = mergeVms(f.vms);
    for (const vm of f.vms ?? []) {
      const ev = vm.kind === 'libvirt' && vm.name ? this.autostart.get(vm.name) : undefined;
      if (ev && !vm.autostart) vm.autostart = { value: true, evidence: ev };
    }
    registerLogGpus(f, (bdf) => this.devices.get(bdf), (bdf, fields, ev) => this.mergeDevice(bdf, fields, ev));
    this.driversFromLog();
    // GRUB's BOOT_IMAGE names the kernel image, which carries the release when nothing else did.
    if (!f.kernelRelease && f.cmdline) {
      const m = /(?:^|\s)BOOT_IMAGE=\S*?vmlinu[xz]-(\d+\.\d+\S*)/.exec(f.cmdline.raw);
      if (m) f.kernelRelease = { value: m[1]!, evidence: f.cmdline.evidence };
    }
    if (this.groupsKnown) {
      // Listings count as complete unless every one of them was partial.
      f.groupsComplete = this.completeGroupSources > 0 || this.partialGroupSources === 0;
      f.groups = groupsRecord(this.groups);
    } else if (this.logGroups.size > 0) {
      f.groupsComplete = f.kernelLogComplete;
      // Only the kernel log told us about groups: use it, but say so.
      f.groups = groupsRecord(this.logGroups, (n, members) => {
        for (const bdf of members) {
          const d = this.device(bdf);
          if (d.iommuGroup === undefined) d.iommuGroup = n;
        }
      });
      f.notes.push(
        tr(
          'IOMMU groups were taken from "Adding to iommu group" lines in the kernel log; /sys/kernel/iommu_groups is the authoritative listing.',
          'IOMMU 组取自内核日志中的 "Adding to iommu group" 行；以 /sys/kernel/iommu_groups 的列表为准。',
        ),
      );
    }
    // Sorted last: the kernel log's groups may name devices nothing else did.
    f.pci = [...this.devices.values()].sort((a, b) => (a.bdf < b.bdf ? -1 : a.bdf > b.bdf ? 1 : 0));
    return f;
  }
}

/** Group number → sorted members, in order of number; `visit` sees each group's members in the same order. */
function groupsRecord(groups: Map<number, Set<string>>, visit?: (n: number, members: Set<string>) => void): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const n of [...groups.keys()].sort((a, b) => a - b)) {
    const members = groups.get(n)!;
    out[String(n)] = [...members].sort();
    visit?.(n, members);
  }
  return out;
}

function normalizeCmdline(s: string): string {
  return s.trim().split(/\s+/).join(' ');
}

/** Whether one command line ends with the other, on a word boundary (the shorter has a parameter at least). */
function sameBoot(a: string, b: string): boolean {
  const [x, y] = [` ${normalizeCmdline(a)}`, ` ${normalizeCmdline(b)}`];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.trim().length > 0 && long.endsWith(short);
}
