// A fix plan as plain lines: numbered steps, commands as they would be typed, diffs verbatim.
import type { Fix, FixStep } from '../schema/fix';
import { type Style, wrapText } from './style';
import { safeFix } from './safe-report';

/** "The new command line…" → "the new command line…" after a dash; names like "vfio-pci" or "GRUB" stay as they are. */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: string[], root = true): string {
  return `${root ? 'sudo ' : ''}${argv.map(shellQuote).join(' ')}`;
}

/** The file an edit step changes, when its description does not already name it (every renderer shows it then). */
export function unnamedPath(step: Extract<FixStep, { kind: 'edit' }>): string | undefined {
  return step.description.includes(step.path) ? undefined : step.path;
}

/** What a line of a unified diff is, for colouring: an added line, a removed line, or context and headers. */
export function diffLineKind(l: string): 'add' | 'del' | 'ctx' {
  return l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : 'ctx';
}

export function stepLines(step: FixStep, n: number, width: number, s: Style, indent: string): string[] {
  const head = `${indent}${n}. `;
  const sub = indent + ' '.repeat(String(n).length + 2);
  const out: string[] = [];
  const para = (t: string) => {
    const w = wrapText(t, width, sub);
    w[0] = head + w[0]!.slice(sub.length);
    out.push(...w);
  };
  switch (step.kind) {
    case 'edit': {
      if (step.noop) {
        para(`${step.description} — already done.`);
        break;
      }
      const path = unnamedPath(step);
      para(`${step.description}${path ? ` (${path})` : ''}${step.mode ? `, mode ${step.mode}` : ''}${step.diff || step.content ? ':' : ''}`);
      const paint = { add: s.green, del: s.red, ctx: s.dim };
      if (step.diff) for (const l of step.diff.split('\n')) out.push(sub + paint[diffLineKind(l)](l));
      else if (step.content) for (const l of step.content.replace(/\n$/, '').split('\n')) out.push(`${sub}${l}`);
      break;
    }
    case 'command':
      para(`${step.description}:`);
      out.push(`${sub}${s.cyan(`$ ${commandLine(step.argv, step.root)}`)}`);
      break;
    case 'reboot':
      para(`${s.bold('Reboot')} — ${lowerFirst(step.description)}`);
      break;
    case 'manual':
      para(step.description);
      break;
    case 'verify':
      para(`Check: ${step.description}`);
      if (step.argv) out.push(`${sub}${s.cyan(`$ ${commandLine(step.argv, step.root === true)}`)}${step.expect ? s.dim(`   # expect: ${step.expect}`) : ''}`);
      break;
  }
  return out;
}

/** What a fix variant is for and what it entails, for its heading: "GRUB, rebuilds the initramfs, needs a reboot". */
export function fixTags(fix: Fix): string[] {
  return [fix.variant, fix.needsInitramfs ? 'rebuilds the initramfs' : undefined, fix.needsReboot ? 'needs a reboot' : undefined].filter((x): x is string => !!x);
}

export function fixLines(plan: Fix, width: number, s: Style, indent = '  '): string[] {
  // Paths and lines in a plan can come from the host: escaped before colour is added (`fix FIX-ID` prints only this).
  const fix = safeFix(plan);
  const out: string[] = [];
  const tags = fixTags(fix).join(', ');
  out.push(...wrapText(`${s.bold(`Fix: ${fix.title}`)}${tags ? ` (${tags})` : ''}`, width, indent));
  out.push(`${indent}${s.dim(`fix id: ${fix.id}`)}`);
  for (const w of fix.warnings) out.push(...wrapText(`! ${w}`, width, `${indent}  `).map((l) => s.yellow(l)));
  fix.steps.forEach((st, i) => out.push(...stepLines(st, i + 1, width, s, indent)));
  return out;
}
