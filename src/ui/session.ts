// The conversation as a plain object: commands in, transcript entries out. Ink (app.tsx) only renders it.
import type { ProgressEvent } from '../collect/types';
import type { Finding } from '../schema/finding';
import type { Fix } from '../schema/fix';
import type { RawSource } from '../schema/raw-source';
import type { ReportSource } from '../engine/report';
import { diagnoseFull, type Diagnosis } from '../index';
import { hasAnyFacts } from '../facts/empty';
import { normalizeBdf, shortBdf } from '../parse/bdf';
import { renderJson } from '../render/json';
import { renderMarkdown } from '../render/markdown';
import { answerQuestion, readmeParagraphs } from '../knowledge/answer';
import { deviceView, deviceViews } from '../knowledge/devices';
import type { ChatConfig } from './types';
import { seg, para, wrapSegs, type Line } from './lines';
import { summaryLines, findingCard, whyLines, unableLines, summaryWords } from './views/findings';
import { fixPlanLines, applyFallbackLines, confirmLines } from './views/fix';
import { recommendedIndex } from '../engine/recommended';
import { groupsView, devicesView, pageFooter, type Paged } from './views/tables';
import { helpLines, rulesLines, answerLines, collectionLines } from './views/misc';

export type Phase = 'loading' | 'ready' | 'paste' | 'confirm' | 'busy' | 'done';

export interface Entry {
  id: number;
  /** What the user typed (echoed) or what the assistant says. */
  kind: 'user' | 'bot';
  lines: Line[];
}

interface Current extends Diagnosis {
  sources: RawSource[];
  source: ReportSource;
  live: boolean;
}

/** A finding by number with an optional fix variant (2, #2, [2], 2.1, 2/1, "2 1"); one pattern so what `why N` treats as a reference is exactly what findingArg accepts. */
const FINDING_REF = /^#?\[?(\d+)\]?(?:[./ ](\d+))?$/;

/** A fix id (identical-gpus-id-collision/override-initramfs-tools) or a rule id → that finding, numbered from 1; shared for the same reason. */
function findingById(findings: readonly Finding[], id: string): { f: Finding; n: number; variant?: number } | undefined {
  for (const [i, f] of findings.entries()) {
    const v = f.fixes.findIndex((x) => x.id === id);
    if (v >= 0) return { f, n: i + 1, variant: v };
    if (f.id === id) return { f, n: i + 1 };
  }
  return undefined;
}

const COMMAND_WORDS = new Set(['fix', 'apply', 'why', 'findings', 'summary', 'groups', 'devices', 'gpu', 'paste', 'export', 'rules', 'help', 'more', 'quit', 'exit', 'q', 'bye']);

/** A line that is obviously program output (dmesg, lspci, group listing, bundle), not something typed to us. */
function looksLikeOutput(line: string): boolean {
  const t = line.trim();
  return (
    /^\[\s*\d+\.\d+\]/.test(t) ||
    /^(IOMMU\s+)?Group\s+\d+\b/i.test(t) ||
    /^([0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\s+\S/i.test(t) ||
    /^BOOT_IMAGE=|^# vfio-doctor support bundle|^=== .+ ===$/.test(t) ||
    /^\S+@\S+[:~].*[$#]\s/.test(t)
  );
}

export class Session {
  entries: Entry[] = [];
  phase: Phase = 'loading';
  /** Latest event per source, in the order sources started. */
  progress: ProgressEvent[] = [];
  pasteLines: string[] = [];
  busy = '';
  width = 80;
  height = 24;
  private nextId = 0;
  private version = 0;
  private listeners = new Set<() => void>();
  private cur?: Current;
  private gpus: string[];
  private pager?: { kind: 'groups' | 'devices'; page: number };
  private pending?: { finding: Finding; n: number; fix: Fix };

  constructor(readonly config: ChatConfig) {
    this.gpus = config.gpus ?? [];
  }

  // --- store plumbing for React's useSyncExternalStore ---
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  getVersion = () => this.version;
  private emit() {
    this.version++;
    for (const fn of this.listeners) fn();
  }
  private say(lines: Line[], kind: Entry['kind'] = 'bot') {
    this.entries.push({ id: this.nextId++, kind, lines });
  }
  private get w() {
    return Math.max(40, this.width - 1);
  }
  get report() {
    return this.cur?.report;
  }

  setSize(columns: number | undefined, rows: number | undefined) {
    if (columns) this.width = columns;
    if (rows) this.height = rows;
  }

  // --- opening ---
  async start(): Promise<void> {
    const w = this.w;
    this.say([
      [seg(`vfio-doctor ${this.config.version}`, 'heading'), seg(' — GPU passthrough check-up', 'bold')],
      ...para("Hi! I look at a KVM host, tell you what stands between it and a working GPU passthrough, show you the proof, and walk you through the fix. I don't change anything unless you ask.", w),
      ...(this.config.intro ? para(this.config.intro, w) : []),
    ]);
    this.emit();
    try {
      const res = await this.config.loader((e) => {
        const i = this.progress.findIndex((p) => p.id === e.id);
        if (i >= 0) this.progress[i] = e;
        else this.progress.push(e);
        this.emit();
      });
      const coll = collectionLines(this.progress, this.w);
      if (coll.length) this.say(coll);
      this.useInput(res.sources, res.source, res.live);
    } catch (e) {
      const coll = collectionLines(this.progress, this.w);
      if (coll.length) this.say(coll);
      this.say([
        ...wrapSegs([seg('✗ ', 'error'), seg(`I could not read the input: ${(e as Error)?.message ?? String(e)}`)], this.w, '  '),
        ...wrapSegs([seg('You can still '), seg('paste', 'cmd'), seg(' output from the machine, or ask me a question.')], this.w, ''),
      ]);
    }
    this.phase = 'ready';
    this.emit();
  }

  private diagnose(sources: RawSource[], source: ReportSource, live: boolean): Current {
    const d = diagnoseFull(sources, { gpus: this.gpus, only: this.config.only, ignore: this.config.ignore, source, live, now: this.config.now?.() });
    return { ...d, sources, source, live };
  }

  private useInput(sources: RawSource[], source: ReportSource, live: boolean) {
    this.cur = this.diagnose(sources, source, live);
    this.showReport();
  }

  private showReport() {
    const r = this.cur!.report;
    const w = this.w;
    this.say(summaryLines(r, this.cur!.host, w));
    r.findings.forEach((f, i) => this.say(findingCard(f, i + 1, r, w)));
    const unable = unableLines(r, w);
    if (unable.length) this.say(unable);
    const first = r.findings.findIndex((f) => f.severity === 'error' && f.fixes.length);
    const n = (first >= 0 ? first : r.findings.findIndex((f) => f.fixes.length)) + 1;
    this.say(
      wrapSegs(
        n > 0
          ? [seg('Type '), seg(`fix ${n}`, 'cmd'), seg(' to see how to fix it, '), seg(`why ${n}`, 'cmd'), seg(' for the details, or ask me anything. '), seg('help', 'cmd'), seg(' lists the commands.')]
          : [seg('Ask me anything about passthrough, look at the '), seg('groups', 'cmd'), seg(' or '), seg('devices', 'cmd'), seg(', or type '), seg('help', 'cmd'), seg('.')],
        w,
        '',
      ),
    );
  }

  // --- input ---
  /** Lines that arrived together (one stdin chunk): a multi-line chunk that is not a command is a paste. */
  submitMany(lines: string[]): string[] {
    const remembered: string[] = [];
    if (this.phase === 'ready' && lines.length >= 2 && !COMMAND_WORDS.has(firstWord(lines[0]!)) && lines.filter((l) => l.trim()).length >= 2) {
      this.beginPaste(true);
      for (const l of lines) this.submit(l);
      return remembered;
    }
    for (const l of lines) if (this.submit(l)) remembered.push(l);
    return remembered;
  }

  /** One line from the prompt; returns whether it belongs in the command history. */
  submit(line: string): boolean {
    if (this.phase === 'paste') {
      if (line.trim() === '.') void this.finishPaste();
      else this.pasteLines.push(line);
      this.emit();
      return false;
    }
    if (this.phase === 'confirm') {
      this.echo(line);
      void this.confirm(/^\s*(y|yes)\s*$/i.test(line));
      return false;
    }
    if (this.phase !== 'ready') return false;
    const t = line.trim();
    if (!t) return false;
    if (looksLikeOutput(t)) {
      this.beginPaste(true);
      this.pasteLines.push(line);
      this.emit();
      return false;
    }
    this.echo(t);
    try {
      this.command(t);
    } catch (e) {
      this.say(para(`Something went wrong: ${(e as Error)?.message ?? String(e)}`, this.w, '', 'error'));
    }
    this.emit();
    return true;
  }

  /** Ctrl-D: ends a paste; on an empty prompt it leaves. */
  eof(partial: string) {
    if (this.phase === 'paste') {
      if (partial) this.pasteLines.push(partial);
      void this.finishPaste();
    } else if (this.phase === 'confirm') void this.confirm(false);
    else if (this.phase === 'ready' && !partial.trim()) this.quit();
    this.emit();
  }

  interrupt() {
    this.quit();
    this.emit();
  }

  private quit() {
    this.say([[seg('Bye — good luck with the passthrough.', 'dim')]]);
    this.phase = 'done';
  }

  private echo(text: string) {
    this.say(wrapSegs([seg('› ', 'user'), seg(text, 'user')], this.w, '  '), 'user');
  }

  private needReport(): Current | undefined {
    if (!this.cur) this.say(wrapSegs([seg('There is no report yet. '), seg('paste', 'cmd'), seg(' some output from the machine first.')], this.w, ''));
    return this.cur;
  }

  private findingArg(arg: string | undefined, verb: string): { f: Finding; n: number; variant?: number } | undefined {
    const cur = this.needReport();
    if (!cur) return undefined;
    const r = cur.report;
    if (!r.findings.length) {
      this.say(para('There are no findings on this input, so there is nothing to fix. Ask me a question, or `paste` other output.', this.w));
      return undefined;
    }
    if (!arg) {
      this.say(wrapSegs([seg(`Which one? Give its number, e.g. `), seg(`${verb} 1`, 'cmd'), seg(` (1–${r.findings.length}).`)], this.w, ''));
      return undefined;
    }
    const m = FINDING_REF.exec(arg.trim());
    if (m) {
      const n = Number(m[1]);
      const f = r.findings[n - 1];
      if (!f) {
        this.say(para(`There is no finding ${n}; they are numbered 1–${r.findings.length}. \`findings\` lists them again.`, this.w));
        return undefined;
      }
      return { f, n, variant: m[2] ? Number(m[2]) - 1 : undefined };
    }
    const byId = findingById(r.findings, arg.trim());
    if (byId) return byId;
    this.say(para(`I don't know "${arg}". Use the number shown in brackets, e.g. \`${verb} 1\`.`, this.w));
    return undefined;
  }

  private command(t: string): void {
    const [word0, ...rest] = t.split(/\s+/);
    const word = word0!.toLowerCase();
    const arg = rest.join(' ');
    const w = this.w;
    if (/^\d+$/.test(t)) return this.command(`fix ${t}`);
    // "why is my GPU …" is a question, not `why N`.
    if ((word === 'why' || word === 'fix' || word === 'apply') && arg && !this.isFindingRef(arg)) return this.askQuestion(t);
    switch (word) {
      case 'quit':
      case 'exit':
      case 'q':
      case 'bye':
        return this.quit();
      case 'help':
      case '?':
        return this.say(helpLines(w));
      case 'findings':
      case 'summary': {
        if (this.needReport()) this.showReport();
        return;
      }
      case 'fix': {
        const a = this.findingArg(arg, 'fix');
        if (!a) return;
        if (!a.f.fixes.length) return this.say(para(`[${a.n}] ${a.f.title} has no fix plan: it explains something rather than asking for a change. \`why ${a.n}\` tells you more.`, w));
        return this.say(fixPlanLines(a.f, a.n, a.variant ?? recommendedIndex(a.f), w));
      }
      case 'apply': {
        const a = this.findingArg(arg, 'apply');
        if (!a) return;
        const fix = a.f.fixes[a.variant ?? recommendedIndex(a.f)];
        if (!fix) return this.say(para(`[${a.n}] ${a.f.title} has no fix to apply.`, w));
        if (!this.config.applyFix) return this.say(applyFallbackLines(a.f, a.n, a.f.fixes.indexOf(fix), w));
        if (!this.cur!.live) {
          this.say(para(`This report comes from ${this.cur!.source.kind === 'bundle' ? 'pasted text' : 'another source'}, not this machine, so I won't change anything here. The steps to run on that machine:`, w));
          return this.say(applyFallbackLines(a.f, a.n, a.f.fixes.indexOf(fix), w));
        }
        this.pending = { finding: a.f, n: a.n, fix };
        this.phase = 'confirm';
        return this.say(confirmLines(a.f, a.n, fix, w));
      }
      case 'why': {
        const a = this.findingArg(arg, 'why');
        if (!a) return;
        const md = this.config.knowledge.readme(a.f.id);
        return this.say(whyLines(a.f, a.n, this.cur!.report, w, md ? readmeParagraphs(md, /^Why it matters/i) : []));
      }
      case 'groups':
      case 'group':
      case 'devices':
      case 'device':
      case 'lspci': {
        const kind = word.startsWith('group') ? 'groups' : 'devices';
        const page = /^\d+$/.test(arg) ? Number(arg) - 1 : 0;
        return this.showPage(kind, page);
      }
      case 'more':
      case 'next': {
        if (!this.pager) return this.say(para('Nothing more to show. `groups` and `devices` show long tables page by page.', w));
        return this.showPage(this.pager.kind, this.pager.page + 1);
      }
      case 'gpu':
      case 'target':
        return this.chooseGpu(arg);
      case 'paste':
        return this.beginPaste(false);
      case 'export':
      case 'save':
        return void this.exportReport(rest);
      case 'rules':
        return this.say(rulesLines(this.config.rules, this.cur?.report, w));
      default:
        return this.askQuestion(t);
    }
  }

  private isFindingRef(arg: string): boolean {
    const a = arg.trim();
    if (FINDING_REF.test(a)) return true;
    return !!this.cur && findingById(this.cur.report.findings, a) !== undefined;
  }

  private askQuestion(t: string) {
    this.say(answerLines(answerQuestion(t, this.config.knowledge, this.cur ? { report: this.cur.report, host: this.cur.host } : undefined), this.w));
  }

  private showPage(kind: 'groups' | 'devices', page: number) {
    const cur = this.needReport();
    if (!cur) return;
    const rows = Math.max(8, this.height - 8);
    const view: Paged = kind === 'groups' ? groupsView(cur.report, cur.host, this.w, rows) : devicesView(cur.report, cur.host, this.w, rows);
    const p = Math.min(Math.max(0, page), view.pages.length - 1);
    this.pager = p + 1 < view.pages.length ? { kind, page: p } : undefined;
    this.say([...(p === 0 ? view.head : [[seg(`${kind === 'groups' ? 'IOMMU groups' : 'PCI devices'} (continued)`, 'bold')]]), ...view.pages[p]!, ...pageFooter(p, view.pages.length, kind)]);
  }

  private chooseGpu(arg: string) {
    const cur = this.needReport();
    if (!cur) return;
    const w = this.w;
    const displays = deviceViews(cur.host).filter((d) => d.display);
    const list = () =>
      displays.flatMap((d) =>
        wrapSegs(
          [seg(cur.report.targets.gpus.includes(d.bdf) ? '  ▶ ' : '    ', 'mark'), seg(d.short, 'bold'), seg(` ${d.name ?? d.className}${d.ids ? ` [${d.ids}]` : ''}, driver ${d.driver ?? 'none'}${d.bootVga ? ', boot display' : ''}`)],
          w,
          '      ',
        ),
      );
    if (!arg) {
      if (!displays.length) return this.say(para('I see no GPU in this input.', w));
      const mark = cur.report.targets.perCandidate ? '▶ = a candidate, each checked as the target' : '▶ = the passthrough target';
      return this.say([[seg(`GPUs in this input (${mark}):`, 'bold')], ...list(), ...wrapSegs([seg('Choose one with '), seg(`gpu ${displays[0]!.short}`, 'cmd'), seg(', or '), seg('gpu auto', 'cmd'), seg(' to let me infer it.')], w, '')]);
    }
    let gpus: string[];
    if (/^(auto|infer|default)$/i.test(arg)) gpus = [];
    else {
      const bdf = normalizeBdf(arg) ?? normalizeBdf(`${arg}.0`);
      if (!bdf) return this.say(para(`"${arg}" is not a PCI address. Write it like lspci does, e.g. gpu 01:00.0.`, w));
      const d = cur.host.device(bdf);
      if (!d) return this.say([...para(`There is no device at ${shortBdf(bdf)} in this input.${displays.length ? ' The GPUs are:' : ''}`, w), ...list()]);
      const v = deviceView(cur.host, bdf);
      if (!v.display) return this.say([...para(`${v.short} is ${v.className.toLowerCase().startsWith('a') ? 'an' : 'a'} ${v.className}, not a GPU. The GPUs are:`, w), ...list()]);
      gpus = [bdf];
    }
    this.gpus = gpus;
    const before = summaryWords(cur.report);
    this.cur = this.diagnose(cur.sources, cur.source, cur.live);
    const t = this.cur.report.targets.gpus.map((b) => deviceView(this.cur!.host, b));
    if (this.cur.report.targets.perCandidate)
      this.say(wrapSegs([seg('No single target: ', 'bold'), seg(`each of ${t.map((d) => d.short).join(', ')} is checked as the target`), seg(` (${this.cur.report.targets.reason})`, 'dim'), seg(`. Findings updated (before: ${before}).`, 'dim')], w, '  '));
    else this.say(wrapSegs([seg('Target is now ', 'bold'), seg(t.map((d) => `${d.short}${d.name ? ` ${d.name}` : ''}`).join(', ') || 'none', 'bold'), seg(gpus.length ? '' : ` (inferred: ${this.cur.report.targets.reason})`), seg(`. Findings updated (before: ${before}).`, 'dim')], w, '  '));
    this.showReport();
  }

  // --- paste ---
  private beginPaste(auto: boolean) {
    this.phase = 'paste';
    this.pasteLines = [];
    this.say(
      wrapSegs(
        auto
          ? [seg('That looks like output from a machine — I\'ll take it as a paste. ', 'bold'), seg('Paste the rest, then end with a line containing only '), seg('.', 'cmd'), seg(' or press '), seg('Ctrl-D', 'cmd'), seg('.')]
          : [
              seg('Paste now: ', 'bold'),
              seg('a bundle from `vfio-doctor collect`, or any of /proc/cmdline, dmesg, lspci -nnk, the IOMMU group listing, modprobe.d files. In one go or several. End with a line containing only '),
              seg('.', 'cmd'),
              seg(' or press '),
              seg('Ctrl-D', 'cmd'),
              seg('.'),
            ],
        this.w,
        '',
      ),
    );
  }

  private async finishPaste() {
    const lines = this.pasteLines;
    this.pasteLines = [];
    this.phase = 'ready';
    const text = lines.join('\n');
    const w = this.w;
    if (!text.trim()) {
      this.say(para('Nothing was pasted; still on the previous input.', w));
      return this.emit();
    }
    const source: ReportSource = { kind: 'bundle', path: 'pasted text' };
    const sources: RawSource[] = [{ source: 'pasted text', text }];
    const gpusBefore = this.gpus;
    this.gpus = [];
    const next = this.diagnose(sources, source, false);
    if (!hasAnyFacts(next.host.facts)) {
      this.gpus = gpusBefore;
      this.say([
        ...para(`I couldn't recognise anything in those ${lines.length} line${lines.length === 1 ? '' : 's'}${this.cur ? ', so I stayed on the previous input' : ''}.`, w),
        ...para('Paste the output of `cat /proc/cmdline`, `sudo dmesg`, `lspci -nnk` and the IOMMU group listing, or a bundle from `vfio-doctor collect`.', w, '', 'dim'),
      ]);
      return this.emit();
    }
    this.say(wrapSegs([seg('✓ ', 'ok'), seg(`Got ${lines.length} pasted lines. `), seg('Switching to the pasted input', 'bold'), seg(' — everything below is about that machine, not this one.')], w, '  '));
    this.cur = next;
    this.pager = undefined;
    this.showReport();
    this.emit();
  }

  // --- export / apply ---
  private async exportReport(args: string[]) {
    const cur = this.needReport();
    if (!cur) return;
    const fmt = (args[0] ?? '').toLowerCase();
    const kind = fmt === 'json' ? 'json' : fmt === 'markdown' || fmt === 'md' ? 'markdown' : undefined;
    if (!kind) return this.say(wrapSegs([seg('Say which format: '), seg('export json', 'cmd'), seg(' or '), seg('export markdown', 'cmd'), seg(', optionally followed by a file name.')], this.w, ''));
    const file = args.slice(1).join(' ') || (kind === 'json' ? 'vfio-doctor-report.json' : 'vfio-doctor-report.md');
    this.phase = 'busy';
    this.busy = `writing ${file}`;
    this.emit();
    try {
      const text = this.config.exportText
        ? await this.config.exportText(cur.report, kind, { sources: cur.sources, live: cur.live })
        : kind === 'json'
          ? renderJson(cur.report)
          : renderMarkdown(cur.report);
      const where = await this.config.writeFile(file, text);
      this.say(wrapSegs([seg('✓ ', 'ok'), seg(`Wrote the ${kind === 'json' ? 'JSON' : 'Markdown'} report to `), seg(where, 'bold'), seg(` (${Math.max(1, Math.round(text.length / 1024))} KB).`), seg(kind === 'markdown' ? ' It is ready to paste into a forum post.' : '', 'dim')], this.w, '  '));
    } catch (e) {
      this.say(wrapSegs([seg('✗ ', 'error'), seg(`Could not write ${file}: ${(e as Error)?.message ?? String(e)}`)], this.w, '  '));
    }
    this.phase = 'ready';
    this.busy = '';
    this.emit();
  }

  private async confirm(yes: boolean) {
    const p = this.pending;
    this.pending = undefined;
    if (!p || !yes || !this.config.applyFix || !this.cur) {
      this.phase = 'ready';
      this.say(para('Cancelled; nothing was changed.', this.w, '', 'dim'));
      return this.emit();
    }
    this.phase = 'busy';
    this.busy = `applying ${p.fix.id}`;
    this.emit();
    try {
      const res = await this.config.applyFix(p.fix, { report: this.cur.report, live: this.cur.live });
      this.say([
        ...wrapSegs([seg(res.ok ? '✓ ' : '✗ ', res.ok ? 'ok' : 'error'), seg(res.ok ? `Applied ${p.fix.id}.` : `Applying ${p.fix.id} failed.`)], this.w, '  '),
        ...res.lines.flatMap((l) => para(l, this.w, '  ')),
      ]);
      if (res.ok) {
        // Read the host again, as `fix --apply` does: what is now configured shows as "applied, pending reboot".
        const again = await this.config.loader(() => {});
        this.say(para('Looking at the host again after the change:', this.w, '', 'dim'));
        this.useInput(again.sources, again.source, again.live);
      }
    } catch (e) {
      this.say(para(`Applying ${p.fix.id} failed: ${(e as Error)?.message ?? String(e)}`, this.w, '', 'error'));
    }
    this.phase = 'ready';
    this.busy = '';
    this.emit();
  }

  /** Status words for the live region. */
  status(): string {
    if (this.phase === 'paste') return `pasting — ${this.pasteLines.length} line${this.pasteLines.length === 1 ? '' : 's'} so far; end with a line with only . or Ctrl-D`;
    if (this.phase === 'confirm') return 'apply this fix? yes / no';
    if (this.phase === 'busy') return this.busy;
    if (this.cur) {
      const r = this.cur.report;
      return r.findings.length ? `${summaryWords(r)} · fix N · why N · groups · help` : 'no problems found · groups · devices · help';
    }
    return 'help for commands';
  }
}

function firstWord(l: string): string {
  return (l.trim().split(/\s+/)[0] ?? '').toLowerCase();
}
