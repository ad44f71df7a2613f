// The machine's chassis: /sys/class/dmi/id/chassis_type (an SMBIOS number) or hostnamectl's "Chassis:" line.
import { evidenceOf, type Line } from './line';
import type { Parser } from './parser';

/** SMBIOS chassis types (DSP0134 7.4.1), grouped the way systemd-hostnamed groups them. */
export function chassisKind(type: number): string {
  if ([8, 9, 10, 14].includes(type)) return 'laptop';
  if ([31, 32].includes(type)) return 'convertible';
  if (type === 30) return 'tablet';
  if ([3, 4, 6, 7, 13, 35, 36].includes(type)) return 'desktop';
  if ([17, 23, 28, 29].includes(type)) return 'server';
  if (type === 11) return 'handset';
  return 'other';
}

const HOSTNAMECTL = /^Chassis:\s+([a-z-]+)/i;
// `grep . /sys/class/dmi/id/chassis_type` prints "PATH:VALUE".
const GREPPED = /^\/sys\/class\/dmi\/id\/chassis_type:\s*(\d+)$/;

export const dmiParser: Parser = {
  kind: 'dmi',
  starts: (text) => {
    const t = text.trim();
    return HOSTNAMECTL.test(t) || GREPPED.test(t);
  },
  parse(lines, b, sectionSource) {
    const bad: Line[] = [];
    const hostnamectl = /hostnamectl/.test(sectionSource ?? '');
    for (const l of lines) {
      const t = l.text.trim();
      if (!t) continue;
      const h = HOSTNAMECTL.exec(t);
      if (h) {
        b.facts.chassis = { kind: h[1]!.toLowerCase(), evidence: evidenceOf(l) };
        continue;
      }
      const n = GREPPED.exec(t)?.[1] ?? (/^\d+$/.test(t) && /chassis_type/.test(sectionSource ?? '') ? t : undefined);
      if (n !== undefined) {
        b.facts.chassis = { type: Number(n), kind: chassisKind(Number(n)), evidence: evidenceOf(l) };
        continue;
      }
      // hostnamectl's other lines (host name, OS, kernel, hardware) carry nothing for us.
      if (hostnamectl && /^[\w -]+:\s/.test(t)) continue;
      bad.push(l);
    }
    return bad;
  },
};
