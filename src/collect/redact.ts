// Redaction for support bundles: host name, user names in paths, MACs, serials, UUIDs and IP addresses.
export interface RedactOptions {
  hostnames?: string[];
  users?: string[];
}

export interface Redacted {
  text: string;
  /** What kinds of data were replaced, for the bundle's header. */
  kinds: Set<string>;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Default host and user names that identify nobody but are also distribution ids the analysis reads
 * (`ID=fedora` in os-release, Fedora's default host name is "fedora"): never replaced.
 */
const GENERIC_NAMES = new Set(['localhost', 'localdomain', 'linux', 'ubuntu', 'debian', 'fedora', 'arch', 'archlinux', 'centos', 'rhel', 'rocky', 'almalinux', 'opensuse', 'suse', 'gentoo', 'manjaro', 'nixos', 'mint', 'kali', 'void', 'proxmox', 'unraid']);

// IPv6: the full eight groups, or a "::" form; never "::1" or "::". Not inside a longer token (PCI addresses,
// vendor:device IDs and times have no "::" and fewer than eight groups).
const IPV6 = /(?<![\w:.])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?![\w:])/gi;
const ipv6 = (m: string) => (m === '::' || m === '::1' || m.split(':').filter(Boolean).length > 8 ? m : 'X:X::X');

const RULES: [string, RegExp, string | ((m: string) => string)][] = [
  ['MAC addresses', /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi, 'XX:XX:XX:XX:XX:XX'],
  ['UUIDs', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'REDACTED-UUID'],
  // root=UUID=…, PARTUUID=…, short FAT volume ids (ABCD-1234)
  ['UUIDs', /\b((?:PART)?UUID=)[0-9A-Fa-f-]{4,}/g, '$1REDACTED'],
  ['serial numbers', /\b((?:serial(?:\s*number)?|SerialNumber|product_serial|board_serial|chassis_serial|Serial No\.?)\s*[:=]\s*)\S+/gi, '$1REDACTED'],
  ['serial numbers', /\b(Device Serial Number\s+)[0-9a-f-]+/gi, '$1REDACTED'],
  ['user names in paths', /(\/home\/|\/Users\/)[^/\s'"]+/g, '$1USER'],
  // Not part of a longer dotted number (a package version 5.15.0.119.119 is not an address).
  ['IP addresses', /(?<!\d\.)\b(?!127\.0\.0\.1\b)(?!0\.0\.0\.0\b)(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b(?!\.\d)/g, 'X.X.X.X'],
  ['IP addresses', IPV6, ipv6],
];

/**
 * Compile the name patterns once and return a redacting function: a report has thousands of strings, and building a
 * RegExp per name per string cost more than the redaction itself.
 */
export function redactor(opts: RedactOptions = {}): (text: string) => Redacted {
  // Not part of a longer name: the host "pve" is not the kernel flavour in "6.8.12-4-pve" nor "pve-manager".
  const hosts = (opts.hostnames ?? [])
    .filter((h) => h && h.length > 1 && !GENERIC_NAMES.has(h.toLowerCase()))
    .map((h) => new RegExp(`(?<![\\w-])${esc(h)}(?![\\w-])`, 'g'));
  const users = (opts.users ?? [])
    .filter((u) => u && u.length > 2 && u !== 'root' && !GENERIC_NAMES.has(u.toLowerCase()))
    .map((u) => new RegExp(`(?<=[\\s/=:(@'"]|^)${esc(u)}(?=[\\s/)'":@]|$)`, 'gm'));
  return (text) => {
    const kinds = new Set<string>();
    let out = text;
    for (const re of hosts) {
      // The patterns are global and shared between calls: test() starts at lastIndex.
      re.lastIndex = 0;
      if (re.test(out)) {
        kinds.add('host name');
        out = out.replace(re, 'HOSTNAME');
      }
    }
    for (const re of users) {
      re.lastIndex = 0;
      if (re.test(out)) {
        kinds.add('user names');
        out = out.replace(re, 'USER');
      }
    }
    for (const [kind, re, rep] of RULES) {
      re.lastIndex = 0;
      if (!re.test(out)) continue;
      re.lastIndex = 0;
      const before = out;
      out = out.replace(re, rep as string);
      if (out !== before) kinds.add(kind);
    }
    return { text: out, kinds };
  };
}

export function redact(text: string, opts: RedactOptions = {}): Redacted {
  return redactor(opts)(text);
}

/** Merge name lists (identity of a host, names seen in a paste). */
export function mergeNames(...all: (RedactOptions | undefined)[]): RedactOptions {
  const hostnames = new Set<string>();
  const users = new Set<string>();
  for (const o of all) {
    for (const h of o?.hostnames ?? []) hostnames.add(h);
    for (const u of o?.users ?? []) users.add(u);
  }
  return { hostnames: [...hostnames], users: [...users] };
}

// Where a paste names its machine and user: shell prompts, journal lines, uname -a.
const PROMPT_NAMES = /^[ \t]*(?:>[ \t]*)*(?:\([\w.-]+\)\s*)?\[?([a-z_][\w.-]{0,31})@([\w][\w.-]{0,62})[\s:\]][^\n]{0,200}?[$#%]/gim;
const JOURNAL_HOST = /^[ \t]*(?:>[ \t]*)*(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:[+-]\d{2}:?\d{2}|Z)?) ([\w][\w.-]{0,62}) (?:kernel|systemd|sudo|libvirtd|qemu)\S*[:[]/gm;
const UNAME_HOST = /^[ \t]*(?:>[ \t]*)*Linux ([\w][\w.-]{0,62}) \d+\.\d+/gm;

/** Guess the host and user names a paste shows (prompts, journal lines, uname -a), to redact a report of it. */
export function namesIn(text: string): RedactOptions {
  const hostnames = new Set<string>();
  const users = new Set<string>();
  // Prompts and journal prefixes are near line starts: scanning is linear, and a huge input is sampled per line.
  for (const m of text.matchAll(PROMPT_NAMES)) {
    users.add(m[1]!);
    hostnames.add(m[2]!);
  }
  for (const re of [JOURNAL_HOST, UNAME_HOST]) for (const m of text.matchAll(re)) hostnames.add(m[1]!);
  return { hostnames: [...hostnames].slice(0, 50), users: [...users].slice(0, 50) };
}

/**
 * Redact every string of a value (a report), keeping its shape: keys and non-string values are untouched, so the
 * result still validates against its schema. `kinds` collects what was replaced.
 */
export function redactDeep<T>(value: T, opts: RedactOptions = {}, kinds: Set<string> = new Set()): T {
  const scrub = redactor(opts);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = scrub(v);
      for (const k of r.kinds) kinds.add(k);
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
