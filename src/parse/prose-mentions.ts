// Facts a user states only in prose (the CPU vendor, a laptop, the initramfs generator, a paraphrased log message):
// weaker than a pasted file or output line, so kept apart as mentions, each with the sentence that said it.
import { evidenceOf, type Line } from './line';
import type { FactsSink } from '../schema/facts-sink';

/**
 * Mention keys and what a sentence has to say for each. Whole words only, no nested quantifiers (every pattern is
 * linear in the line). A brand alone is not a CPU: "AMD GPU", "Intel GPU" and "Radeon" name graphics.
 */
const READINGS: { key: string; re: RegExp; also?: RegExp }[] = [
  // "AMD CPU", "an AMD processor", "Ryzen 7 5800X", "Threadripper 3970X", "EPYC 7302", "Athlon 3000G".
  { key: 'cpu-amd', re: /\bAMD (?:CPU|processor)s?\b|\bRyzen\b|\bThreadripper\b|\bEPYC\b|\bAthlon\b/i },
  // "Intel CPU", "Intel Core i7-8700K", "i9-13900K", "a Xeon E5-2680", "Core i5".
  { key: 'cpu-intel', re: /\bIntel (?:CPU|processor)s?\b|\bCore i[3579]\b|\bi[3579][- ]\d{4,5}[A-Z]{0,3}\b|\bXeon\b/i },
  { key: 'laptop', re: /\b(?:laptop|notebook)s?\b/i },
  // NVIDIA's Optimus and AMD's switchable graphics: a dGPU whose picture goes out through the integrated GPU.
  { key: 'muxless', re: /\bmux-?less\b|\bOptimus\b|\bhybrid graphics\b|\bswitchable graphics\b/i },
  // Binding by driver_override to vfio-pci ("putting vfio-pci in …/driver_override", "a script that writes vfio-pci
  // to driver_override"): the module-era way, which needs vfio-pci to probe after the override is written.
  { key: 'driver-override-vfio', re: /\bdriver_overrides?\b/i, also: /\bvfio[-_]pci\b/i },
  // anatol/booster, named with what it makes or reads: "booster images", "booster.yaml", "/usr/lib/booster/…".
  { key: 'initramfs-booster', re: /\bbooster(?:\.yaml\b| (?:images?|initramfs|initrd|generator)\b)|\/usr\/lib\/booster\//i },
];

// A clause that denies, asks about or only considers what it names ("not a laptop", "no Ryzen here", "should I buy
// a Ryzen"): the words before the mention in its own clause.
const NEGATED = /\b(?:not|no|never|nor|without|instead of|rather than|should i|would|could|if|whether|thinking of|planning|going to|want to|wish)\b|n't\b/i;
const CLAUSE_CUT = /[,.;:!?()]|\b(?:so|but|and|then|because|which|while)\b/i;

/** Whether the mention at `at` is asserted: the sentence is no question and its clause does not deny it. */
export function assertedAt(text: string, at: number): boolean {
  const sentenceEnd = text.slice(at).search(/[.!?](?:\s|$)/);
  if (sentenceEnd >= 0 && text[at + sentenceEnd] === '?') return false;
  const before = text.slice(0, at).split(CLAUSE_CUT).at(-1) ?? '';
  return !NEGATED.test(before);
}

// "dmesg reports that KVM is disabled by my bios", "journalctl says the IOMMU is off", "the kernel log shows …":
// a log named as the subject, a reporting verb in the third person or past (a base form belongs to a question or a
// negation: "does dmesg say", "dmesg doesn't show"), then what it said.
const PARAPHRASE = /\b(?:dmesg|journalctl|journal|syslog|kernel log|kernel|boot log|logs?)`? (?:output )?(?:reports|reported|says|said|shows|showed|tells me|told me|prints|printed|complains|complained|gives|gave|throws|threw)(?: me)?(?: that)?[: ]\s*(\S.*)$/i;

/** What the line paraphrases a log as saying, or undefined. */
export function paraphrasedLog(text: string): string | undefined {
  const m = PARAPHRASE.exec(text);
  if (!m || !assertedAt(text, m.index)) return undefined;
  // The paraphrase ends with its sentence.
  const said = m[1]!.split(/[.!?](?:\s|$)/)[0]!.trim().replace(/^["'`]|["'`]$/g, '');
  return said.length >= 6 ? said : undefined;
}

// "blacklist amdgpu does not (actually) work/blacklist/apply", "nouveau is still loaded although I blacklisted it":
// a blacklist named with its module, and said not to take effect.
const BLACKLISTED = /\bblacklist(?:ing|ed)? +[`'"]?([a-z][a-z0-9_-]{2,})|\b([a-z][a-z0-9_-]{2,})[`'"]? +(?:is|was) +(?:still +)?(?:loaded|loading|in use|bound)\b/gi;
const NO_EFFECT = /\b(?:does not|doesn't|did not|didn't|is not|isn't|was not|wasn't)\s+(?:actually\s+|really\s+)?(?:work|blacklist|apply|take effect|stop|prevent|block)|\bstill\s+(?:loads|loaded|loading|gets loaded|in use|bound)\b|\b(?:is|was|gets|got)\s+ignored\b/i;
const NOT_A_MODULE = new Set(['file', 'files', 'the', 'this', 'that', 'it', 'entry', 'line', 'option', 'options', 'list', 'conf', 'config', 'driver', 'module', 'modules', 'does', 'did', 'doesn', 'didn', 'is', 'was', 'not', 'and', 'for', 'also', 'still', 'just', 'never', 'only', 'but', 'actually', 'really', 'isn', 'wasn', 'works', 'worked', 'gets', 'got', 'with', 'via']);
// Rebuilding the initramfs named as what a change needed, or what made it work.
const REBUILD = /\bupdate-initramfs\b|\bmkinitcpio +-[pP]\b|\bdracut +(?:-f|--force)\b|\bregenerate_images\b|\b(?:rebuil\w*|regenerat\w*|updat\w*) +the +initramfs\b/i;
const NEEDED = /\b(?:requires?|required|needs?|needed|had to|have to|must|only after)\b|\bfor the changes? to (?:be )?(?:applied|apply|take effect)\b|\b(?:fixed|solved|worked)\b/i;

/** Sentences of a line (a forum line often holds a paragraph). */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z*>`"])/);

/** The module a sentence says its blacklist did not stop, if it says so plainly. */
export function blacklistIgnored(sentence: string): string | undefined {
  const e = NO_EFFECT.exec(sentence);
  if (!e || !sentence.toLowerCase().includes('blacklist') || !assertedAt(sentence, e.index)) return undefined;
  // The first module-like word a blacklist names ("the blacklist does not … blacklist amdgpu": not "does").
  for (const b of sentence.matchAll(BLACKLISTED)) {
    const mod = (b[1] ?? b[2])!.toLowerCase().replace(/-/g, '_');
    if (!NOT_A_MODULE.has(mod)) return mod;
  }
  return undefined;
}

/** Whether a sentence says a change took effect only through rebuilding the initramfs. */
export function rebuildNeeded(sentence: string): boolean {
  const r = REBUILD.exec(sentence);
  if (!r || !NEEDED.test(sentence) || !assertedAt(sentence, r.index)) return false;
  const before = sentence.slice(0, r.index).split(CLAUSE_CUT).at(-1) ?? '';
  return !/\byou\b|\btry\b/i.test(before); // advice to someone else, or an attempt to come
}

/** Read the mentions of prose lines into facts.mentions (first sentence per key) and facts.logParaphrases. */
export function readMentions(lines: Line[], b: FactsSink): void {
  for (const l of lines) {
    // Prose lines only: a line shorter than a few words or without a space is output, not a sentence.
    if (!l.text.includes(' ')) continue;
    for (const r of READINGS) {
      if (b.facts.mentions[r.key]) continue;
      const m = r.re.exec(l.text);
      if (m && (!r.also || r.also.test(l.text)) && assertedAt(l.text, m.index)) b.facts.mentions[r.key] = evidenceOf(l);
    }
    // The devices a sentence names by their driver_override file: "driver-override@0000:28:00.0".
    if (l.text.includes('driver_override'))
      for (const m of l.text.matchAll(/\/sys\/bus\/pci\/devices\/([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\/driver_override\b/gi))
        if (assertedAt(l.text, m.index)) b.facts.mentions[`driver-override@${m[1]!.toLowerCase()}`] ??= evidenceOf(l);
    if (/blacklist/i.test(l.text) || REBUILD.test(l.text))
      for (const sentence of sentences(l.text)) {
        const mod = blacklistIgnored(sentence);
        // The sentence, not the whole paragraph, is the evidence.
        const ev = { ...evidenceOf(l), text: sentence.trim() };
        if (mod) b.facts.mentions[`blacklist-ignored:${mod}`] ??= ev;
        if (rebuildNeeded(sentence)) b.facts.mentions['initramfs-rebuild-needed'] ??= ev;
      }
    const said = paraphrasedLog(l.text);
    if (said) (b.facts.logParaphrases ??= []).push({ message: said, evidence: evidenceOf(l) });
  }
}
