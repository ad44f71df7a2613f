// The chat's phases (loading, ready, paste, confirm, busy, done) as a pure reducer: (state, event) → state + effects.
import { notUnderstood } from './language';
import type { Finding } from '../schema/finding';
import { hasAnyFacts } from '../facts/empty';
import { deviceView, deviceViews } from '../knowledge/devices';
import { recommendedIndex } from '../engine/recommended';
import { parseCommand, type ChatCommand, type FindingRef } from './command';
import type { ChatEvent, ChatState, Current, Effect, Purpose } from './chat-state';
import type { Reply } from './replies';
import { tableView } from './pages';
import { tr } from '../i18n/lang';

export interface Step {
  state: ChatState;
  effects: Effect[];
}

const say = (reply: Reply): Effect => ({ kind: 'say', reply });
const step = (state: ChatState, ...effects: Effect[]): Step => ({ state, effects });
/** Back to the prompt after a busy phase. */
const ready = (s: ChatState): ChatState => ({ ...s, phase: 'ready', busy: '' });

export function reduce(s: ChatState, e: ChatEvent): Step {
  // After bye nothing more is said: a write or an apply still finishing must not bring the prompt back.
  if (s.phase === 'done') return step(s);
  switch (e.kind) {
    case 'open':
      return step({ ...s, phase: 'loading' }, say({ kind: 'greeting' }), { kind: 'load', purpose: { kind: 'start' } });
    case 'progress': {
      const i = s.progress.findIndex((p) => p.id === e.event.id);
      const progress = i >= 0 ? s.progress.map((p, j) => (j === i ? e.event : p)) : [...s.progress, e.event];
      return step({ ...s, progress });
    }
    case 'loaded': {
      const { sources, source, live } = e.result;
      const diagnose: Effect = { kind: 'diagnose', purpose: e.purpose, sources, source, live, gpus: s.gpus, ...(s.applied?.length ? { applied: s.applied } : {}) };
      if (e.purpose.kind === 'reread') return step(s, say({ kind: 'looking-again' }), diagnose);
      return step(s, say({ kind: 'collection', progress: s.progress }), diagnose);
    }
    case 'load-failed':
      if (e.purpose.kind === 'reread') return step(ready(s), say({ kind: 'reread-failed', fixId: e.purpose.fixId, message: e.message }));
      return step(ready(s), say({ kind: 'collection', progress: s.progress }), say({ kind: 'load-failed', message: e.message }));
    case 'diagnosed':
      return diagnosed(s, e.purpose, e.diagnosis);
    case 'diagnose-failed':
      return diagnoseFailed(s, e.purpose, e.message);
    case 'line':
      return line(s, e.line);
    case 'begin-paste':
      return s.phase === 'ready' ? beginPaste(s, true) : step(s);
    case 'eof':
      if (s.phase === 'paste') return finishPaste(e.partial ? { ...s, pasteLines: [...s.pasteLines, e.partial] } : s);
      // Ctrl-D after text hands the text over, as Enter would; on an empty line it leaves (or says no).
      if (e.partial.trim() && (s.phase === 'ready' || s.phase === 'confirm')) return line(s, e.partial);
      if (s.phase === 'confirm') return confirm(s, false);
      if (s.phase === 'ready') return quit(s);
      return step(s);
    case 'interrupt':
      return quit(s);
    case 'exported':
      return step(ready(s), say({ kind: 'exported', format: e.format, where: e.where, bytes: e.bytes }));
    case 'export-failed':
      return step(ready(s), say({ kind: 'export-failed', file: e.file, message: e.message }));
    case 'applied':
      // Read the host again, as `fix --apply` does: what is now configured shows as "applied, pending reboot".
      if (e.outcome.ok) return step({ ...s, applied: [...(s.applied ?? []), e.fix] }, say({ kind: 'applied', fixId: e.fix.id, outcome: e.outcome }), { kind: 'load', purpose: { kind: 'reread', fixId: e.fix.id } });
      return step(ready(s), say({ kind: 'applied', fixId: e.fix.id, outcome: e.outcome }));
    case 'apply-failed':
      return step(ready(s), say({ kind: 'apply-failed', fixId: e.fix.id, message: e.message }));
    case 'undone':
      // Read the host again, as after apply: the restored files change what is configured.
      if (e.outcome.ok) return step({ ...s, applied: [] }, say({ kind: 'undone', outcome: e.outcome }), { kind: 'load', purpose: { kind: 'reread', fixId: 'undo' } });
      return step(ready(s), say({ kind: 'undone', outcome: e.outcome }));
    case 'undo-failed':
      return step(ready(s), say({ kind: 'undo-failed', message: e.message }));
  }
}

/** Everything said about a report: summary, one card per finding, what could not be checked, what to type next. */
export function reportReplies(cur: Current): Effect[] {
  const fs = cur.report.findings;
  const first = fs.findIndex((f) => f.severity === 'error' && f.fixes.length);
  const k = first >= 0 ? first : fs.findIndex((f) => f.fixes.length);
  const n = k >= 0 ? numberAt(cur, k) : 0;
  return [
    say({ kind: 'summary', cur }),
    ...fs.map((finding, i) => say({ kind: 'finding', finding, n: numberAt(cur, i), report: cur.report, numbers: cur.numbers })),
    say({ kind: 'unable', report: cur.report }),
    say({ kind: 'next-step', n }),
  ];
}

function diagnosed(s: ChatState, purpose: Purpose, d: Current): Step {
  switch (purpose.kind) {
    case 'start':
      return step({ ...s, cur: d, phase: 'ready' }, ...reportReplies(d));
    case 'reread': {
      // The same host after a change: findings that are still there keep their place, so `fix 4` means what it meant.
      const kept = s.cur ? keepNumbers(s.cur.report.findings, d, s.cur.numbers) : d;
      return step({ ...ready(s), cur: kept, walk: undefined }, ...reportReplies(kept));
    }
    case 'paste':
      if (!hasAnyFacts(d.host.facts)) return step(s, say({ kind: 'paste-unrecognised', lines: purpose.lines, kept: !!s.cur }));
      // The paste is another machine: the GPU chosen for the previous input means nothing there.
      return step({ ...s, cur: d, gpus: [], pager: undefined }, say({ kind: 'paste-taken', lines: purpose.lines }), ...reportReplies(d));
    case 'gpu':
      return step({ ...s, cur: d }, say({ kind: 'target-changed', before: purpose.before, cur: d, chosen: purpose.chosen }), ...reportReplies(d));
  }
}

const findingKey = (f: Finding) => `${f.id}|${f.candidate ?? ''}|${f.devices.join(',')}`;

/** The session's number of finding `i` of the current report. */
export const numberAt = (cur: Pick<Current, 'numbers'>, i: number): number => cur.numbers?.[i] ?? i + 1;

/**
 * Order a re-read report's findings as before: those seen before first, in their old order, then the new ones. Each
 * keeps the number it had; a new one gets the next number never used, so `fix 4` never comes to mean another finding.
 */
export function keepNumbers(before: readonly Finding[], d: Current, beforeNumbers?: number[]): Current {
  const old = new Map(before.map((f, i) => [findingKey(f), i] as const));
  const rank = (f: Finding) => old.get(findingKey(f)) ?? before.length;
  const findings = d.report.findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  let next = Math.max(0, before.length, ...(beforeNumbers ?? [])) + 1;
  const numbers = findings.map((f) => {
    const i = old.get(findingKey(f));
    return i === undefined ? next++ : (beforeNumbers?.[i] ?? i + 1);
  });
  return { ...d, report: { ...d.report, findings }, numbers };
}

function diagnoseFailed(s: ChatState, purpose: Purpose, message: string): Step {
  switch (purpose.kind) {
    case 'start':
      return step(ready(s), say({ kind: 'load-failed', message }));
    case 'reread':
      return step(ready(s), say({ kind: 'reread-failed', fixId: purpose.fixId, message }));
    default:
      return step(s, say({ kind: 'went-wrong', message }));
  }
}

function line(s: ChatState, text: string): Step {
  if (s.phase === 'paste') {
    if (text.trim() === '.') return finishPaste(s);
    return step({ ...s, pasteLines: [...s.pasteLines, text] });
  }
  if (s.phase === 'confirm') {
    const answered = confirm(s, /^\s*(y|yes)\s*$/i.test(text));
    return { state: answered.state, effects: [say({ kind: 'echo', text }), ...answered.effects] };
  }
  if (s.phase !== 'ready') return step(s);
  const cmd = parseCommand(text, (id) => !!s.cur && findingById(s.cur.report.findings, id) !== undefined);
  if (cmd.kind === 'blank') return step(s);
  if (cmd.kind === 'output') {
    const p = beginPaste(s, true);
    return { state: { ...p.state, pasteLines: [text] }, effects: p.effects };
  }
  const r = command(s, cmd);
  return { state: r.state, effects: [say({ kind: 'echo', text: text.trim() }), ...r.effects] };
}

/** One command in the ready phase. */
export function command(s: ChatState, c: Exclude<ChatCommand, { kind: 'blank' | 'output' }>): Step {
  switch (c.kind) {
    case 'quit':
      return quit(s);
    case 'help':
      return step(s, say({ kind: 'help', session: s.cur ? (s.cur.source.kind === 'live' ? 'live' : s.cur.source.kind === 'sysroot' ? 'sysroot' : 'bundle') : undefined, canApply: s.canApply }));
    case 'findings':
      return s.cur ? step(s, ...reportReplies(s.cur)) : step(s, say({ kind: 'no-report' }));
    case 'fix': {
      const a = findingArg(s, c.ref, 'fix');
      if ('reply' in a) return step(s, say(a.reply));
      if (!a.f.fixes.length) return step(s, say({ kind: 'no-fix-plan', finding: a.f, n: a.n }));
      return step(s, say({ kind: 'fix-plan', finding: a.f, n: a.n, variant: a.variant ?? recommendedIndex(a.f) }));
    }
    case 'apply':
      return apply(s, c.ref);
    case 'why': {
      const a = findingArg(s, c.ref, 'why');
      if ('reply' in a) return step(s, say(a.reply));
      return step(s, say({ kind: 'why', finding: a.f, n: a.n, report: s.cur!.report, numbers: s.cur!.numbers }));
    }
    case 'page':
      return page(s, c.table, c.page);
    case 'more':
      return s.pager ? page(s, s.pager.table, s.pager.page + 1) : step(s, say({ kind: 'nothing-more' }));
    case 'walk':
      // "next" while a table is being paged is its next page, as before.
      if (!c.restart && s.pager && s.walk === undefined) return page(s, s.pager.table, s.pager.page + 1);
      return walk(s, c.restart);
    case 'gpu':
      return gpu(s, c.choice);
    case 'paste':
      return beginPaste(s, false);
    case 'export': {
      if (!s.cur) return step(s, say({ kind: 'no-report' }));
      if (!c.format) return step(s, say({ kind: 'export-which-format' }));
      return step({ ...s, phase: 'busy', busy: tr(`writing ${c.file}`, `正在写入 ${c.file}`) }, { kind: 'export', cur: s.cur, format: c.format, file: c.file });
    }
    case 'rules':
      return step(s, say({ kind: 'rules', report: s.cur?.report }));
    case 'undo':
      // Undo changes this machine: only where apply could have (a live host or sysroot with an undoer).
      if (!s.canUndo || !s.cur?.live) return step(s, say({ kind: 'undo-not-here', source: s.cur?.source }));
      return step({ ...s, phase: 'confirm', pendingUndo: true }, say({ kind: 'confirm-undo' }));
    case 'vm':
      if (c.bad !== undefined) return step(s, say({ kind: 'vm-bad-format', text: c.bad }));
      return s.cur ? step(s, say({ kind: 'vm-config', cur: s.cur, format: c.format })) : step(s, say({ kind: 'no-report' }));
    case 'question':
      return step(s, say(notUnderstood(c.text) ? { kind: 'english-only' } : { kind: 'answer', question: c.text, cur: s.cur }));
  }
}

/**
 * The order a walk takes: root causes before what they cause, errors before warnings before notes; a note with no fix
 * is left out (there is nothing to do about it). Numbers stay the report's, so `fix N` still means the same finding.
 */
export function walkOrder(fs: readonly Finding[], numbers?: number[]): { f: Finding; n: number }[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return fs
    .map((f, i) => ({ f, n: numbers?.[i] ?? i + 1 }))
    .filter(({ f }) => f.fixes.length > 0 || f.severity !== 'info')
    .sort((a, b) => Number(!!a.f.rootCause) - Number(!!b.f.rootCause) || rank[a.f.severity] - rank[b.f.severity] || a.n - b.n);
}

function walk(s: ChatState, restart: boolean): Step {
  if (!s.cur) return step(s, say({ kind: 'no-report' }));
  const order = walkOrder(s.cur.report.findings, s.cur.numbers);
  if (!order.length) return step({ ...s, walk: undefined }, say({ kind: 'walk-nothing' }));
  const i = restart || s.walk === undefined ? 0 : s.walk;
  if (i >= order.length) return step({ ...s, walk: undefined }, say({ kind: 'walk-done', total: order.length }));
  const { f, n } = order[i]!;
  const body = f.fixes.length ? say({ kind: 'fix-plan', finding: f, n, variant: recommendedIndex(f) }) : say({ kind: 'why', finding: f, n, report: s.cur.report, numbers: s.cur.numbers });
  return step({ ...s, walk: i + 1 }, say({ kind: 'walk-step', k: i + 1, total: order.length, finding: f, n }), body, say({ kind: 'walk-next', k: i + 1, total: order.length }));
}

function quit(s: ChatState): Step {
  return step({ ...s, phase: 'done' }, say({ kind: 'bye' }));
}

/** A fix id (identical-gpus-id-collision/override-initramfs-tools) or a rule id → that finding, numbered from 1. */
export function findingById(findings: readonly Finding[], id: string, numbers?: number[]): { f: Finding; n: number; variant?: number } | undefined {
  for (const [i, f] of findings.entries()) {
    const v = f.fixes.findIndex((x) => x.id === id);
    const n = numbers?.[i] ?? i + 1;
    if (v >= 0) return { f, n, variant: v };
    if (f.id === id) return { f, n };
  }
  return undefined;
}

type Resolved = { f: Finding; n: number; variant?: number } | { reply: Reply };

function findingArg(s: ChatState, ref: FindingRef | undefined, verb: 'fix' | 'apply' | 'why'): Resolved {
  if (!s.cur) return { reply: { kind: 'no-report' } };
  const fs = s.cur.report.findings;
  if (!fs.length) return { reply: { kind: 'no-findings' } };
  if (!ref) return { reply: { kind: 'which-finding', verb, count: fs.length } };
  const numbers = s.cur.numbers;
  if (ref.kind === 'id') return findingById(fs, ref.id, numbers) ?? { reply: { kind: 'which-finding', verb, count: fs.length } };
  const f = fs[numbers ? numbers.indexOf(ref.n) : ref.n - 1];
  if (!f) return { reply: { kind: 'no-such-finding', n: ref.n, count: fs.length, ...(numbers ? { numbers } : {}) } };
  return { f, n: ref.n, variant: ref.variant };
}

function apply(s: ChatState, ref: FindingRef | undefined): Step {
  const a = findingArg(s, ref, 'apply');
  if ('reply' in a) return step(s, say(a.reply));
  const cur = s.cur!;
  const fix = a.f.fixes[a.variant ?? recommendedIndex(a.f)];
  if (!fix) return step(s, say({ kind: 'no-fix-to-apply', finding: a.f, n: a.n }));
  const byHand = say({ kind: 'apply-by-hand', finding: a.f, n: a.n, variant: a.f.fixes.indexOf(fix) });
  if (!s.canApply) return step(s, byHand);
  // A report from pasted text or a bundle is about another machine: nothing is changed on this one.
  if (!cur.live) return step(s, say({ kind: 'not-this-machine', source: cur.source }), byHand);
  return step({ ...s, phase: 'confirm', pending: { finding: a.f, n: a.n, fix } }, say({ kind: 'confirm', finding: a.f, n: a.n, fix }));
}

function confirm(s: ChatState, yes: boolean): Step {
  if (s.pendingUndo) {
    const next = { ...s, pendingUndo: false };
    if (!yes) return step({ ...next, phase: 'ready' }, say({ kind: 'cancelled' }));
    return step({ ...next, phase: 'busy', busy: tr('restoring the last change', '正在恢复上一次修改') }, { kind: 'undo' });
  }
  const p = s.pending;
  const next = { ...s, pending: undefined };
  if (!p || !yes || !s.canApply || !s.cur) return step({ ...next, phase: 'ready' }, say({ kind: 'cancelled' }));
  return step({ ...next, phase: 'busy', busy: tr(`applying ${p.fix.id}`, `正在应用 ${p.fix.id}`) }, { kind: 'apply', fix: p.fix, report: s.cur.report, live: s.cur.live });
}

function page(s: ChatState, table: 'groups' | 'devices', wanted: number): Step {
  if (!s.cur) return step(s, say({ kind: 'no-report' }));
  const pages = tableView(table, s.cur, s.width, s.height).pages.length;
  const p = Math.min(Math.max(0, wanted), pages - 1);
  return step({ ...s, pager: p + 1 < pages ? { table, page: p } : undefined }, say({ kind: 'page', table, page: p, cur: s.cur }));
}

function gpu(s: ChatState, choice: Extract<ChatCommand, { kind: 'gpu' }>['choice']): Step {
  const cur = s.cur;
  if (!cur) return step(s, say({ kind: 'no-report' }));
  let gpus: string[];
  switch (choice.kind) {
    case 'list':
      return step(s, say(deviceViews(cur.host).some((d) => d.display) ? { kind: 'gpu-list', cur } : { kind: 'no-gpu-seen' }));
    case 'bad':
      return step(s, say({ kind: 'not-pci-address', text: choice.text }));
    case 'auto':
      gpus = [];
      break;
    case 'bdf':
      if (!cur.host.device(choice.bdf)) return step(s, say({ kind: 'no-device-at', bdf: choice.bdf, cur }));
      if (!deviceView(cur.host, choice.bdf).display) return step(s, say({ kind: 'not-a-gpu', bdf: choice.bdf, cur }));
      gpus = [choice.bdf];
      break;
  }
  return step({ ...s, gpus }, { kind: 'diagnose', purpose: { kind: 'gpu', before: cur.report, chosen: gpus.length > 0 }, sources: cur.sources, source: cur.source, live: cur.live, gpus });
}

function beginPaste(s: ChatState, auto: boolean): Step {
  return step({ ...s, phase: 'paste', pasteLines: [] }, say({ kind: 'paste-prompt', auto }));
}

function finishPaste(s: ChatState): Step {
  const lines = s.pasteLines;
  const next: ChatState = { ...s, phase: 'ready', pasteLines: [] };
  const text = lines.join('\n');
  if (!text.trim()) return step(next, say({ kind: 'nothing-pasted' }));
  return step(next, { kind: 'diagnose', purpose: { kind: 'paste', lines: lines.length }, sources: [{ source: 'pasted text', text }], source: { kind: 'bundle', path: 'pasted text' }, live: false, gpus: [] });
}
