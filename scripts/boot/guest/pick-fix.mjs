// Prints the id of the first fix in a vfio-doctor --json report whose finding is one of RULES (comma-separated) and
// whose id matches REGEX; exits 1 (listing what there was) when none does.
import { readFileSync } from 'node:fs';
const [file, rules, re] = process.argv.slice(2);
const report = JSON.parse(readFileSync(file, 'utf8'));
const want = new Set(rules.split(','));
const rx = new RegExp(re);
for (const f of report.findings) if (want.has(f.id)) for (const x of f.fixes) if (rx.test(x.id)) { console.log(x.id); process.exit(0); }
console.error(`no fix matching ${re} for ${rules}; findings: ${report.findings.map((f) => `${f.id}[${f.fixes.map((x) => x.id).join(' ')}]`).join(', ')}`);
process.exit(1);
