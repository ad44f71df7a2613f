// Whether stdout shows OSC 8 hyperlinks, decided as the supports-hyperlinks package does (FORCE_HYPERLINK first, then
// only a colour TTY of a terminal known to support them); a link is always printed as its URL, so nothing is lost.
import type { CliIO } from './io';

/** "3.1.0" or VTE's "5202" (0.52.2) as [major, minor]. */
function version(v: string | undefined): [number, number] {
  if (v && /^\d{3,4}$/.test(v)) return [0, Number(v.slice(0, -2))];
  const [a, b] = (v ?? '').split('.').map((n) => Number.parseInt(n, 10));
  return [a || 0, b || 0];
}

const atLeast = (v: [number, number], major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);

export function supportsHyperlinks(env: Record<string, string | undefined>, isTTY: boolean, color: boolean): boolean {
  const force = env.FORCE_HYPERLINK;
  if (force !== undefined) return !(force.length > 0 && Number.parseInt(force, 10) === 0);
  // No colour (NO_COLOR, --no-color, a pipe) means no escapes of any kind; TERM=dumb shows them as garbage.
  if (!color || !isTTY || env.TERM === 'dumb') return false;
  if ('CI' in env || 'TEAMCITY_VERSION' in env) return false;
  if ('WT_SESSION' in env) return true;
  const v = version(env.TERM_PROGRAM_VERSION);
  switch (env.TERM_PROGRAM) {
    case 'iTerm.app':
      return atLeast(v, 3, 1);
    case 'WezTerm':
      return v[0] >= 20200620;
    case 'vscode':
      return atLeast(v, 1, 72);
    case 'ghostty':
      return true;
  }
  if (env.TERM === 'xterm-kitty' || env.TERM === 'xterm-ghostty' || env.TERM === 'alacritty') return true;
  // VTE 0.50.0 had the support but crashed on it.
  if (env.VTE_VERSION !== undefined) return env.VTE_VERSION !== '0.50.0' && atLeast(version(env.VTE_VERSION), 0, 50);
  return false;
}

export const wantsHyperlinks = (io: Pick<CliIO, 'env' | 'stdoutIsTTY'>, color: boolean) => supportsHyperlinks(io.env, io.stdoutIsTTY, color);
