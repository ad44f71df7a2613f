// End-to-end checks on realistic forum pastes: findings, detected host, evidence, fixes, schema and golden text reports.
//
// Every fixtures/pastes/<name>.expect.json is one case; <name>.txt is the paste as a user would post it.
// The expectation says what a VFIO expert concludes from the paste, not what the tool happens to print:
//   { "description": "...", "gpu": ["01:00.0"]           (optional, as --gpu)
//     "errors": [...], "warnings": [...], "infos": [...] (rule ids; compared as sets, exactly)
//     "absent": [...]                                    (rule ids that must not fire)
//     "iommu": "active|inactive|unknown", "bootLoader": "grub|…|null", "initramfs": "…|null",
//     "targets": ["0000:01:00.0"] }                      (each host/target field checked only when present)
//
// Golden reports: <name>.golden.txt holds renderText(report, { color: false, width: 100 }).
// Regenerate them with
//   UPDATE_GOLDEN=1 npx vitest run test/fixtures.test.ts
// A golden is only (re)written when the report matches the whole expectation (findings, host, targets), so a wrong report never
// becomes the reference. Read the diff of every regenerated golden before committing it.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diagnose } from '../src/index';
import { renderText } from '../src/render/text';
import { Report } from '../src/schema/report';

interface Expectation {
  description: string;
  gpu?: string[];
  errors: string[];
  warnings: string[];
  infos: string[];
  absent?: string[];
  iommu?: 'active' | 'inactive' | 'unknown';
  bootLoader?: string | null;
  initramfs?: string | null;
  targets?: string[];
}

const DIR = fileURLToPath(new URL('../fixtures/pastes/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NOW = new Date('2026-01-01T00:00:00Z');

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.expect.json'))
  .map((f) => f.slice(0, -'.expect.json'.length))
  .sort();

const ids = (r: Report, sev: 'error' | 'warning' | 'info') => [...new Set(r.findings.filter((f) => f.severity === sev).map((f) => f.id))].sort();
const sorted = (a: string[]) => [...new Set(a)].sort();

function load(name: string) {
  const exp = JSON.parse(readFileSync(`${DIR}${name}.expect.json`, 'utf8')) as Expectation;
  const text = readFileSync(`${DIR}${name}.txt`, 'utf8');
  const report = diagnose([{ source: 'pasted text', text }], { gpus: exp.gpu ?? [], live: false, now: NOW });
  return { exp, text, report };
}

/** Findings, host and targets all as expected: only then may a golden be (re)written. */
function matchesExpectation(exp: Expectation, r: Report): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    (exp.iommu === undefined || r.host.iommu === exp.iommu) &&
    (exp.bootLoader === undefined || r.host.bootLoader.value === exp.bootLoader) &&
    (exp.initramfs === undefined || r.host.initramfs.value === exp.initramfs) &&
    (exp.targets === undefined || same(r.targets.gpus, exp.targets)) &&
    same(ids(r, 'error'), sorted(exp.errors)) &&
    same(ids(r, 'warning'), sorted(exp.warnings)) &&
    same(ids(r, 'info'), sorted(exp.infos)) &&
    !(exp.absent ?? []).some((id) => r.findings.some((f) => f.id === id))
  );
}

it('has at least 14 paste fixtures, each with its paste', () => {
  expect(cases.length).toBeGreaterThanOrEqual(14);
  for (const c of cases) expect(existsSync(`${DIR}${c}.txt`), `${c}.txt`).toBe(true);
});

describe.each(cases)('paste fixture %s', (name) => {
  const { exp, report } = load(name);

  it('expectation file is well formed', () => {
    expect(typeof exp.description).toBe('string');
    for (const k of ['errors', 'warnings', 'infos'] as const) expect(Array.isArray(exp[k]), k).toBe(true);
    const fired = [...exp.errors, ...exp.warnings, ...exp.infos];
    for (const a of exp.absent ?? []) expect(fired, `${a} is both expected and absent`).not.toContain(a);
  });

  it('reports the expected errors, warnings and notes', () => {
    expect({ errors: ids(report, 'error'), warnings: ids(report, 'warning'), infos: ids(report, 'info') }).toEqual({
      errors: sorted(exp.errors),
      warnings: sorted(exp.warnings),
      infos: sorted(exp.infos),
    });
  });

  it.skipIf(!exp.absent?.length)('does not report the rules that must stay silent', () => {
    const fired = report.findings.map((f) => f.id);
    for (const id of exp.absent ?? []) expect(fired, `${id} must not fire`).not.toContain(id);
  });

  it('detects the host and the passthrough target', () => {
    const got: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    if (exp.iommu !== undefined) [got.iommu, want.iommu] = [report.host.iommu, exp.iommu];
    if (exp.bootLoader !== undefined) [got.bootLoader, want.bootLoader] = [report.host.bootLoader.value, exp.bootLoader];
    if (exp.initramfs !== undefined) [got.initramfs, want.initramfs] = [report.host.initramfs.value, exp.initramfs];
    if (exp.targets !== undefined) [got.targets, want.targets] = [report.targets.gpus, exp.targets];
    expect(got).toEqual(want);
  });

  it('backs every finding with evidence, and every error fix with steps', () => {
    for (const f of report.findings) {
      expect(f.evidence.length, `${f.id} has no evidence`).toBeGreaterThan(0);
      for (const e of f.evidence) expect(e.text.trim(), `${f.id} has an empty evidence line`).not.toBe('');
      if (f.severity === 'error' && f.fixes.length > 0) {
        const rec = f.fixes.find((x) => x.recommended);
        expect(rec, `${f.id} has fixes but none is recommended`).toBeDefined();
        expect(rec!.steps.length, `${f.id}: recommended fix ${rec!.id} has no steps`).toBeGreaterThan(0);
      }
    }
  });

  it('produces a report that validates against the schema', () => {
    const parsed = Report.safeParse(JSON.parse(JSON.stringify(report)));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5))).toBe(true);
    const count = (sev: string) => report.findings.filter((f) => f.severity === sev).length;
    expect(report.summary).toEqual({ errors: count('error'), warnings: count('warning'), infos: count('info') });
  });

  it('renders the golden text report', () => {
    const golden = `${DIR}${name}.golden.txt`;
    const text = renderText(report, { color: false, width: 100 });
    if (UPDATE && matchesExpectation(exp, report)) writeFileSync(golden, text);
    expect(existsSync(golden), `no ${name}.golden.txt: make the report match the expectation, then run with UPDATE_GOLDEN=1`).toBe(true);
    expect(text).toBe(readFileSync(golden, 'utf8'));
    // Colour is off: no escape codes may leak from the paste (ANSI input) into the report.
    expect(text).not.toMatch(/\x1b\[/);
  });
});
