// The shipped program (dist/, built by npm test) in Chinese: the core loads the rules' Chinese texts from dist/zh.cjs
// only when a Chinese text is read, and an English run never does.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));
/** stdout and stderr of the built program (exit 1 means an error finding: the demo has one). */
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: '', ...env } });
  expect(r.status, r.stderr).toBeLessThanOrEqual(1);
  return r;
};

describe('the built core in Chinese', () => {
  it('writes the rules\' titles and messages in Chinese with --lang zh, the same ids as English', () => {
    const zh = JSON.parse(run(['--demo', '--json', '--lang', 'zh']).stdout);
    const en = JSON.parse(run(['--demo', '--json']).stdout);
    expect(zh.lang).toBe('zh');
    expect(zh.findings.map((f: { id: string }) => f.id)).toEqual(en.findings.map((f: { id: string }) => f.id));
    for (const f of zh.findings) expect(f.title + f.message).toMatch(/[\u4e00-\u9fff]/);
    for (const f of en.findings) expect(f.title + f.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('an English run does not load the Chinese texts', () => {
    // NODE_DEBUG=module logs every module loaded through require: zh.cjs must not be among them.
    const en = run(['--demo', '--json'], { NODE_DEBUG: 'module' });
    expect(JSON.parse(en.stdout).lang).toBe('en');
    expect(en.stderr).not.toMatch(/zh\.cjs/);
    // …and a Chinese run does (the check above can fail).
    expect(run(['--demo', '--json', '--lang', 'zh'], { NODE_DEBUG: 'module' }).stderr).toMatch(/zh\.cjs/);
  });
});
