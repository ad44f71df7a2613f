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

const RULES: [string, RegExp, string | ((m: string) => string)][] = [
  ['MAC addresses', /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi, 'XX:XX:XX:XX:XX:XX'],
  ['UUIDs', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, 'REDACTED-UUID'],
  // root=UUID=…, PARTUUID=…, short FAT volume ids (ABCD-1234)
  ['UUIDs', /\b((?:PART)?UUID=)[0-9A-Fa-f-]{4,}/g, '$1REDACTED'],
  ['serial numbers', /\b((?:serial(?:\s*number)?|SerialNumber|product_serial|board_serial|chassis_serial|Serial No\.?)\s*[:=]\s*)\S+/gi, '$1REDACTED'],
  ['serial numbers', /\b(Device Serial Number\s+)[0-9a-f-]+/gi, '$1REDACTED'],
  ['user names in paths', /(\/home\/|\/Users\/)[^/\s'"]+/g, '$1USER'],
  ['IP addresses', /\b(?!127\.0\.0\.1\b)(?!0\.0\.0\.0\b)(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b/g, 'X.X.X.X'],
];

export function redact(text: string, opts: RedactOptions = {}): Redacted {
  const kinds = new Set<string>();
  let out = text;
  for (const h of (opts.hostnames ?? []).filter((h) => h && h.length > 1 && h !== 'localhost')) {
    const re = new RegExp(`\\b${esc(h)}\\b`, 'g');
    if (re.test(out)) {
      kinds.add('host name');
      out = out.replace(re, 'HOSTNAME');
    }
  }
  for (const u of (opts.users ?? []).filter((u) => u && u.length > 2 && u !== 'root')) {
    const re = new RegExp(`(?<=[\\s/=:(@'"]|^)${esc(u)}(?=[\\s/)'":@]|$)`, 'gm');
    if (re.test(out)) {
      kinds.add('user names');
      out = out.replace(re, 'USER');
    }
  }
  for (const [kind, re, rep] of RULES) {
    re.lastIndex = 0;
    if (!re.test(out)) continue;
    re.lastIndex = 0;
    kinds.add(kind);
    out = out.replace(re, rep as string);
  }
  return { text: out, kinds };
}
