// `npm run test:boot`: proves fixes by booting a real Debian 12 kernel under QEMU with an emulated Intel IOMMU and two
// identical GPUs; runs vfio-doctor live inside the guest, applies a fix, reboots and checks the drivers.
// Usage: node scripts/boot/run.mjs [SCENARIO...]   (env: VFIO_DOCTOR_BOOT_CACHE, VFIO_DOCTOR_BOOT_ACCEL=kvm|tcg,
// VFIO_DOCTOR_BOOT_BUDGET=SECONDS: stop starting scenarios, and cut a boot short, when the run would pass it)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { log, run, have } from './sh.mjs';
import { CACHE, ensureImage, pruneCache } from './image.mjs';
import { bootOnce, overlay, probeAccel, OVMF_CODE, OVMF_VARS } from './qemu.mjs';
import { SCENARIOS, STEP_PRELUDE } from './scenarios.mjs';
import { pciBlock, lineValue, stepExit, checkDone, bootUptime, formatPci } from './serial.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
// What GRUB would boot with from the image's /etc/default/grub (image.mjs), root given by label instead of UUID.
const BASE_CMDLINE = 'root=LABEL=vfioroot ro console=ttyS0 no_timer_check quiet intel_iommu=on';

function fail(msg) {
  console.error(`test:boot cannot run: ${msg}`);
  process.exit(1);
}

/** Root, the tools (installed with apt-get when missing), network for the first image, the project's build. */
function preflight() {
  if (process.getuid?.() !== 0) fail('needs root (debootstrap, chroot and mounts); run it as root, as CI does');
  const need = { 'qemu-system-x86_64': 'qemu-system-x86', 'qemu-img': 'qemu-utils', debootstrap: 'debootstrap', 'mkfs.ext4': 'e2fsprogs', sfdisk: 'fdisk', 'mkfs.vfat': 'dosfstools', mcopy: 'mtools' };
  const missing = [...new Set(Object.entries(need).filter(([c]) => !have(c)).map(([, p]) => p))];
  if (!existsSync(OVMF_CODE)) missing.push('ovmf');
  if (missing.length) {
    log(`installing ${missing.join(' ')} with apt-get`);
    try {
      run(['apt-get', 'update', '-q']);
      run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (e) {
      fail(`apt-get install ${missing.join(' ')} failed: ${String(e.message).split('\n')[0]}`);
    }
  }
  // The guest runs this checkout's dist/: build it so it matches the sources (seconds, beside minutes of boots).
  log('building dist/ (npm run build)');
  try {
    run(['npm', 'run', 'build', '--silent'], { cwd: REPO });
  } catch (e) {
    fail(`npm run build failed: ${String(e.message).split('\n')[0]}`);
  }
}

/** What the guest mounts read-only: node, the project's dist/ and the guest scripts. */
function makeShare(dir) {
  const share = join(dir, 'share');
  mkdirSync(join(share, 'bin'), { recursive: true });
  cpSync(process.execPath, join(share, 'bin/node'));
  cpSync(join(REPO, 'dist'), join(share, 'dist'), { recursive: true });
  cpSync(fileURLToPath(new URL('./guest/', import.meta.url)), join(share, 'guest'), { recursive: true });
  return share;
}

/** The command line GRUB would boot with: the first `linux` line of grub.cfg (BOOT_IMAGE as GRUB sets it). */
function grubCmdline(cfg) {
  const m = cfg.match(/^\s*linux\s+(\S+)\s+(.*)$/m);
  return m ? `BOOT_IMAGE=${m[1]} ${m[2].trim()}` : undefined;
}

async function runScenario(s, ctx) {
  const t = Date.now();
  const dir = join(ctx.work, s.id);
  mkdirSync(dir, { recursive: true });
  const img = ctx.images[s.image];
  const disk = overlay(img.disk, join(dir, 'disk.qcow2'));
  const esp = img.esp ? overlay(img.esp, join(dir, 'esp.qcow2')) : undefined;
  const vars = join(dir, 'OVMF_VARS.fd');
  if (esp) cpSync(OVMF_VARS, vars);
  let kernel = img.vmlinuz;
  let initrd = img.initrd;
  let append = s.cmdline ? s.cmdline(BASE_CMDLINE) : BASE_CMDLINE;
  const boots = [];
  const problems = [];
  for (const [i, spec] of s.boots.entries()) {
    const n = i + 1;
    const out = join(dir, 'out');
    mkdirSync(out, { recursive: true });
    const stepFile = join(dir, `step-${n}.sh`);
    writeFileSync(stepFile, `${STEP_PRELUDE}\n${spec.step ?? ''}\n`);
    const serial = join(dir, `serial-${n}.log`);
    const full = ctx.timeout * (s.timeoutFactor ?? 1);
    let bootTimeout = Math.max(60, Math.min(full, ctx.left() - 30));
    const opts = { accel: ctx.accel, disk, kernel, initrd, append, share: ctx.share, out, serial, boot: n, stepFile, vdArgs: s.vdArgs, devices: s.devices, esp, vars, iommu: s.iommu };
    // Silent for minutes, nothing of the scenario begun: a hung emulator, not a verdict on the fix. Booted again, once.
    const silentSec = Number(process.env.VFIO_DOCTOR_BOOT_SILENT) || (ctx.accel === 'kvm' ? 120 : 300);
    let r = await bootOnce(opts, bootTimeout, silentSec);
    if (r.silent) {
      log(`${s.id}: boot ${n} printed nothing in ${Math.round(r.seconds)} s and its step had not begun (the emulator hung before the guest's kernel spoke): booting it again`);
      bootTimeout = Math.max(60, Math.min(full, ctx.left() - 30));
      r = await bootOnce(opts, bootTimeout, silentSec);
    }
    if (r.timedOut && bootTimeout < full) {
      log(`${s.id}: boot ${n} cut short at ${Math.round(r.seconds)} s by the time budget`);
      return { id: s.id, ok: false, budgetCut: true, problems: [], seconds: (Date.now() - t) / 1000, boots: [] };
    }
    const bdir = join(out, `boot-${n}`);
    const read = (f) => (existsSync(join(bdir, f)) ? readFileSync(join(bdir, f), 'utf8') : undefined);
    let report;
    try {
      report = JSON.parse(read('report.json') ?? '');
    } catch {
      report = undefined;
    }
    const stepLog = read('step.log');
    const b = {
      n,
      pci: pciBlock(r.serial, 'boot'),
      report,
      stepExit: stepExit(r.serial),
      stepLog,
      fixId: stepLog?.match(/^FIX-ID (\S+)$/m)?.[1],
      cmdline: lineValue(r.serial, 'VFIO-CMDLINE'),
      seconds: r.seconds,
      uptime: bootUptime(r.serial),
    };
    boots.push(b);
    log(`${s.id}: boot ${n} ${r.silent ? 'SILENT' : r.timedOut ? 'TIMED OUT' : 'done'} in ${Math.round(r.seconds)} s (check at uptime ${b.uptime} s)${b.fixId ? `, applied ${b.fixId}` : ''}`);
    if (!checkDone(r.serial) || !b.pci) {
      problems.push(`boot ${n}: ${r.panicked ? 'the kernel panicked' : r.silent ? `printed nothing in ${Math.round(r.seconds)} s, twice` : r.timedOut ? `timed out after ${ctx.timeout * (s.timeoutFactor ?? 1)} s` : `QEMU exited ${r.code}`} before the check finished (serial log: ${serial})${r.stderr ? `\n  qemu: ${r.stderr.trim().split('\n').slice(-3).join('\n  ')}` : ''}\n  serial ends: ${r.serial.trim().split('\n').slice(-8).join('\n  ')}`);
      break;
    }
    if (process.env.VFIO_DOCTOR_BOOT_VERBOSE) console.error(formatPci(b.pci));
    const p = spec.check(b, boots);
    if (p.length) {
      problems.push(...p, `PCI functions at boot ${n}:\n${formatPci(b.pci)}`);
      break;
    }
    // What the boot loader would start next: the kernel and initramfs now in /boot; GRUB's command line once grub.cfg exists.
    const next = join(bdir, 'next');
    if (existsSync(join(next, 'vmlinuz'))) kernel = join(next, 'vmlinuz');
    if (existsSync(join(next, 'initrd.img'))) initrd = join(next, 'initrd.img');
    if (existsSync(join(next, 'grub.cfg'))) append = grubCmdline(readFileSync(join(next, 'grub.cfg'), 'utf8')) ?? append;
  }
  return { id: s.id, ok: problems.length === 0, problems, seconds: (Date.now() - t) / 1000, boots: boots.map((b) => Math.round(b.seconds)) };
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((x) => !SCENARIOS.some((s) => s.id === x));
  if (unknown.length) {
    console.error(`unknown scenario ${unknown.join(', ')}; there are: ${SCENARIOS.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  const t0 = Date.now();
  preflight();
  const chosen = SCENARIOS.filter((s) => !only.length || only.includes(s.id));
  log(`cache: ${CACHE}`);
  const images = {};
  try {
    for (const name of new Set(chosen.filter((s) => !s.skip).map((s) => s.image))) images[name] = ensureImage(name);
  } catch (e) {
    fail(`building the guest image failed (debootstrap needs network and root): ${String(e.message).split('\n').slice(0, 6).join(' | ')}`);
  }
  pruneCache();
  const tImages = (Date.now() - t0) / 1000;
  const work = mkdtempSync(join(process.env.VFIO_DOCTOR_BOOT_WORK || tmpdir(), 'vfio-boot-'));
  const { accel, why } = await probeAccel(Object.values(images)[0]?.vmlinuz ?? '', work);
  // Generous: a TCG boot that applies a fix (three analyses and an initramfs rebuild) took up to ~9 min on a 2-core host
  // at load 16; a failing boot is usually caught sooner (panic watch, QEMU exit).
  const timeout = Number(process.env.VFIO_DOCTOR_BOOT_TIMEOUT) || (accel === 'kvm' ? 300 : 1200);
  log(`accelerator: ${accel.toUpperCase()} (${why}); per-boot timeout ${timeout} s; work dir ${work}`);
  // A whole-run budget (CI has a hard limit): scenarios run in priority order (the seed first); one that would start
  // or run past the budget is reported as not run, never as a pass, and never as a failure of the fix.
  const budget = Number(process.env.VFIO_DOCTOR_BOOT_BUDGET) || 0;
  const left = () => (budget ? budget - (Date.now() - t0) / 1000 : Infinity);
  const ctx = { accel, work, images, share: makeShare(work), timeout, left };
  const results = [];
  for (const s of chosen) {
    if (!s.skip && left() < 240) {
      results.push({ id: s.id, notRun: `the run's time budget (${budget} s) was spent before it could start` });
      log(`${s.id}: NOT RUN (time budget spent)`);
      continue;
    }
    if (s.skip) {
      results.push({ id: s.id, skipped: s.skip });
      log(`${s.id}: SKIPPED (${s.skip})`);
      continue;
    }
    log(`${s.id}: ${s.title}`);
    const r = await runScenario(s, ctx);
    if (!r.ok && r.budgetCut) {
      results.push({ id: s.id, notRun: `cut short by the run's time budget (${budget} s) after ${Math.round(r.seconds)} s` });
      log(`${s.id}: NOT FINISHED (time budget spent)`);
      continue;
    }
    if (!r.ok && s.expectFail) r.expectedFail = s.expectFail;
    if (r.ok && s.expectFail) log(`${s.id}: passes now although marked expected-fail: remove its expectFail in scenarios.mjs`);
    results.push(r);
    log(`${s.id}: ${r.ok ? 'PASS' : r.expectedFail ? 'EXPECTED FAIL' : 'FAIL'} in ${Math.round(r.seconds)} s`);
    if (!r.ok) console.error(r.problems.map((p) => `  ${p}`).join('\n'));
    if (r.expectedFail) log(`${s.id}: marked expected-fail: ${r.expectedFail}`);
  }
  const failed = results.filter((r) => r.ok === false && !r.expectedFail);
  const notRun = results.filter((r) => r.notRun);
  console.log(`\nBoot tests (${accel.toUpperCase()}; images ${Math.round(tImages)} s, total ${Math.round((Date.now() - t0) / 1000)} s):`);
  for (const r of results) {
    const state = r.notRun ? `NOT RUN ${r.notRun}` : r.skipped ? `SKIP  ${r.skipped}` : r.ok ? `PASS  ${Math.round(r.seconds)} s (boots ${r.boots.join('+')} s)` : r.expectedFail ? `XFAIL ${r.expectedFail}` : `FAIL  ${Math.round(r.seconds)} s`;
    console.log(`  ${r.id.padEnd(14)} ${state}`);
  }
  if (notRun.length) console.log(`  ${notRun.length} scenario(s) not run within the time budget: run \`npm run test:boot -- ${notRun.map((r) => r.id).join(' ')}\` on a quieter machine`);
  if (!failed.length && !process.env.VFIO_DOCTOR_BOOT_KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`  logs: ${work}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`test:boot: ${e.stack ?? e}`);
  process.exit(1);
});
