// Every PCI function from /sys/bus/pci/devices, as one `BDF key=value …` line each (the bundle's sysfs section).
import { syncTwin, type HostIO } from './io';
import { pciNames } from './pci-ids';
import { parseUevent, type PciUevent } from './uevent';
import { escapeLine } from '../text/sanitize';
import type { PciRecord } from '../schema/raw-source';

/** What is read of one function; strings as the attribute files hold them (trimmed). */
interface PciFunction extends Omit<PciUevent, 'complete'> {
  bdf: string;
  dir: string;
  /** The uevent file said whether a driver is bound. */
  driverKnown: boolean;
  driverOverride?: string;
  group?: string;
  resetMethod?: string;
  bootVga?: string;
  powerState?: string;
}

/**
 * Reads asked for in batches, one batch per step for every function at once: a sysroot answers through its
 * synchronous calls (no promise per read), the live host through promises, a few dozen in flight.
 */
interface Reader {
  /** Trimmed text of each file; undefined when it is missing or unreadable (unknown, not false). */
  files(paths: string[]): Promise<(string | undefined)[]>;
  links(paths: string[]): Promise<(string | undefined)[]>;
  /** files() of the same names in each folder, answers by folder; a sysroot resolves each folder once for them. */
  filesIn?(dirs: string[], names: readonly string[]): (string | undefined)[][];
}

/** A sysroot's readFile answers for several files of one folder at once (collect/sysroot-io.ts). */
type TrimmedIn = (dir: string, names: readonly string[], maxBytes: number) => (string | undefined)[];

function readerOf(io: HostIO): Reader {
  const readFile = syncTwin(io.readFile);
  const readLink = syncTwin(io.readLink);
  const trimmedIn = (io.readFile as { trimmedIn?: TrimmedIn }).trimmedIn;
  if (readFile && readLink)
    return {
      filesIn: trimmedIn && ((dirs, names) => dirs.map((d) => trimmedIn(d, names, 4096))),
      files: async (paths) =>
        paths.map((p) => {
          try {
            return readFile(p, 4096)?.trim();
          } catch {
            return undefined;
          }
        }),
      links: async (paths) => paths.map((p) => readLink(p)),
    };
  return {
    files: (paths) => mapLimited(paths, 64, (p) => io.readFile(p, 4096).then((t) => t?.trim(), () => undefined)),
    links: (paths) => mapLimited(paths, 64, (p) => io.readLink(p)),
  };
}

/** Run `fn` over `items` with at most `limit` in flight: thousands of reads at once only make the GC work. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Read the same attributes of many functions in one batch; answers by attribute, in the order of `fns`. */
async function attrs(read: (paths: string[]) => Promise<(string | undefined)[]>, fns: PciFunction[], names: string[], inDirs?: Reader['filesIn']): Promise<(string | undefined)[][]> {
  if (inDirs) {
    const byFn = inDirs(fns.map((f) => f.dir), names);
    return names.map((_, j) => byFn.map((vals) => vals[j]));
  }
  const paths: string[] = [];
  for (const f of fns) for (const n of names) paths.push(`${f.dir}/${n}`);
  const flat = paths.length ? await read(paths) : [];
  return names.map((_, j) => fns.map((_, i) => flat[i * names.length + j]));
}

const BUS = '/sys/bus/pci/devices';
/** The attribute files that say what uevent says, for trees without it. */
const FALLBACK = [
  ['vendor', 'vendor'],
  ['device', 'device'],
  ['class', 'class'],
  ['subVendor', 'subsystem_vendor'],
  ['subDevice', 'subsystem_device'],
] as const;
const base = (p: string | undefined) => (p ? p.slice(p.lastIndexOf('/') + 1) : undefined);
const quote = (v: string) => (/^[^\s"]*$/.test(v) ? v : `"${v.replace(/"/g, "'")}"`);
// Without a regex: seven values a function, thousands of functions, run without V8's optimising compiler in a sysroot.
const hex = (v?: string) => (v === undefined ? undefined : (v.charCodeAt(0) === 0x30 && v.charCodeAt(1) === 0x78 ? v.slice(2) : v).toLowerCase());
const slotOf = (bdf: string) => bdf.slice(0, bdf.lastIndexOf('.'));
/** Display functions (and those whose class is unknown) are the ones boot_vga and power_state matter for. */
const displayish = (f: PciFunction) => f.class === undefined || /^(?:0x)?(?:03|0001)/i.test(f.class);

/**
 * Where each function's attributes are read from. /sys/bus/pci/devices/BDF is a link like
 * ../../../devices/pci0000:00/BDF; when the folders above it are real folders, that target names the same place as
 * the link, and reading through it saves resolving the link again for each attribute.
 */
async function locate(io: HostIO, r: Reader, fns: PciFunction[]): Promise<void> {
  const plainBus = (await Promise.all(['/sys', '/sys/bus', '/sys/bus/pci', BUS].map((p) => io.readLink(p)))).every((t) => t === undefined);
  if (!plainBus) return;
  const targets = await r.links(fns.map((f) => f.dir));
  for (let i = 0; i < fns.length; i++) {
    const t = targets[i];
    // ../../../devices/… whose components after the three ".." are none of "", "." and "..".
    if (t && /^(?:\.\.\/){3}devices\/[^\0]*$/.test(t) && !/\/\.{0,2}(?:\/|$)/.test(t.slice(8))) fns[i]!.dir = `/sys/${t.slice(9)}`;
  }
}

/**
 * @param groups BDF → IOMMU group from the /sys/kernel/iommu_groups listing, when it was read: each function's
 * iommu_group link names the group whose listing holds it (the kernel makes both together), so only functions
 * missing from it have their link read.
 */
export async function collectPci(io: HostIO, groups?: ReadonlyMap<string, string>): Promise<{ text: string; count: number; records: PciRecord[] } | undefined> {
  const names = await io.readDir(BUS);
  if (!names) return undefined;
  const r = readerOf(io);
  const fns: PciFunction[] = names.map((bdf) => ({ bdf, dir: `${BUS}/${bdf}`, driverKnown: false }));
  await locate(io, r, fns);
  // IDs, class and driver from `uevent` when the kernel wrote it whole (every real sysfs has one); driver_override
  // for every function; reset_method too (absent on 5.15+ when there is none, and --gpu may name any function).
  const [uevents = [], overrides = [], resets = []] = await attrs(r.files, fns, ['uevent', 'driver_override', 'reset_method'], r.filesIn);
  fns.forEach((f, i) => {
    useUevent(f, uevents[i]);
    f.driverOverride = overrides[i];
    f.resetMethod = resets[i];
  });
  // Hand-made and older trees: the separate attribute files and links for what uevent did not say.
  for (const [key, file] of FALLBACK) {
    const need = fns.filter((f) => f[key] === undefined);
    const [vals] = await attrs(r.files, need, [file]);
    need.forEach((f, i) => (f[key] = vals![i]));
  }
  const driverUnknown = fns.filter((f) => !f.driverKnown);
  const [drivers] = await attrs(r.links, driverUnknown, ['driver']);
  driverUnknown.forEach((f, i) => (f.driver = base(drivers![i])));
  // The group from the listing; a function it does not hold (or a sysroot without one) answers through its own link.
  for (const f of fns) f.group = groups?.get(f.bdf);
  const ungrouped = fns.filter((f) => f.group === undefined);
  const [links] = await attrs(r.links, ungrouped, ['iommu_group']);
  ungrouped.forEach((f, i) => (f.group = base(links![i])));
  // boot_vga exists only for display functions; power_state is read for them and the other functions of their card.
  const display = fns.filter(displayish);
  const cards = new Set(display.map((f) => slotOf(f.bdf)));
  const [bootVga] = await attrs(r.files, display, ['boot_vga']);
  display.forEach((f, i) => (f.bootVga = bootVga![i]));
  const card = fns.filter((f) => cards.has(slotOf(f.bdf)));
  const [power] = await attrs(r.files, card, ['power_state']);
  card.forEach((f, i) => (f.powerState = power![i]));
  const ids = fns.filter((f) => f.vendor && f.device).map((f) => ({ vendor: f.vendor!.replace(/^0x/, ''), device: f.device!.replace(/^0x/, '') }));
  const nameOf = await pciNames(io, ids);
  const records: PciRecord[] = [];
  const lines = fns.map((f) => {
    const kv: string[] = [];
    const r: PciRecord = { bdf: f.bdf, line: '', driver: f.driver ?? '-' };
    if (f.vendor) kv.push(`vendor=${(r.vendor = hex(f.vendor))}`);
    if (f.device) kv.push(`device=${(r.device = hex(f.device))}`);
    if (f.class) kv.push(`class=${(r.classCode = hex(f.class))}`);
    if (f.subVendor && f.subDevice) {
      r.subsystem = [hex(f.subVendor)!, hex(f.subDevice)!];
      kv.push(`subsystem=${r.subsystem[0]}:${r.subsystem[1]}`);
    }
    kv.push(`driver=${r.driver}`);
    if (f.driverOverride !== undefined) kv.push(`driver_override=${quote((r.driverOverride = f.driverOverride))}`);
    if (f.bootVga !== undefined) kv.push(`boot_vga=${(r.bootVga = f.bootVga)}`);
    if (f.group) kv.push(`iommu_group=${(r.group = f.group)}`);
    if (f.resetMethod !== undefined) kv.push(`reset_method=${quote((r.resetMethod = f.resetMethod.replace(/\s+/g, ',')))}`);
    if (f.powerState !== undefined) kv.push(`power_state=${(r.powerState = f.powerState)}`);
    const name = nameOf.get(`${r.vendor}:${r.device}`);
    if (name) kv.push(`name=${quote((r.name = name))}`);
    // One line per function, whatever a folder name, a link or pci.ids holds (text/sanitize.ts).
    r.line = escapeLine(`${f.bdf} ${kv.join(' ')}`);
    records.push(r);
    return r.line;
  });
  return { text: lines.join('\n'), count: lines.length, records };
}

function useUevent(f: PciFunction, text: string | undefined): void {
  if (text === undefined) return;
  const u = parseUevent(text);
  f.vendor = u.vendor;
  f.device = u.device;
  f.class = u.class;
  f.subVendor = u.subVendor;
  f.subDevice = u.subDevice;
  // A whole uevent without DRIVER= is an unbound function; a partial one says nothing.
  if (u.complete) {
    f.driver = u.driver;
    f.driverKnown = true;
  }
}
