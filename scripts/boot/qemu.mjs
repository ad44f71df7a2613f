// Boots one guest under QEMU (q35 + emulated Intel IOMMU, serial console to a file) and waits for it to power off;
// every QEMU started here is killed by PID on timeout, on error and when the harness itself is interrupted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, log } from './sh.mjs';

const live = new Set();
function killAll() {
  for (const c of live) {
    try {
      process.kill(c.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => {
    log(`${sig}: stopping QEMU and exiting`);
    killAll();
    process.exit(130);
  });

export const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
export const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';

/** Devices every scenario has: two identical VGA cards (1234:1111, bochs-drm) and nothing else q35 would add. */
export const TWO_IDENTICAL_VGA = ['-device', 'VGA,addr=03.0', '-device', 'VGA,addr=04.0'];

export function qemuArgs({ accel, disk, esp, kernel, initrd, append, share, out, serial, boot, stepFile, vdArgs, devices = TWO_IDENTICAL_VGA, vars, iommu }) {
  const kvm = accel === 'kvm';
  const a = [
    '-accel', accel,
    // Interrupt remapping under KVM needs the split irqchip; TCG has it with no options.
    '-M', kvm ? 'q35,kernel-irqchip=split' : 'q35',
    // TCG's qemu64 says AuthenticAMD; with an Intel IOMMU the guest must look like an Intel host to vfio-doctor.
    '-cpu', kvm ? 'host' : 'qemu64,vendor=GenuineIntel',
    '-m', '1024', '-smp', '2',
    // Under TCG an Intel CPU with interrupt remapping panics at boot ("timer doesn't work through Interrupt-remapped
    // IO-APIC"), so TCG runs without it; DMA remapping and the IOMMU groups do not depend on it.
    '-device', iommu ?? (kvm ? 'intel-iommu,intremap=on' : 'intel-iommu,intremap=off'),
    '-vga', 'none', '-nic', 'none', '-display', 'none', '-monitor', 'none', '-no-reboot',
    '-serial', `file:${serial}`,
    ...devices,
    // With an ESP (systemd-boot under OVMF) it is the first disk, the one the firmware boots from.
    ...(esp ? ['-drive', `file=${esp},if=virtio,format=qcow2,cache=unsafe`] : []),
    '-drive', `file=${disk},if=virtio,format=qcow2,cache=unsafe`,
    '-virtfs', `local,path=${share},mount_tag=host0,security_model=none,readonly=on`,
    '-virtfs', `local,path=${out},mount_tag=out0,security_model=none`,
    '-fw_cfg', `name=opt/vfio/boot,string=${boot}`,
  ];
  if (stepFile) a.push('-fw_cfg', `name=opt/vfio/step,file=${stepFile}`);
  if (vdArgs) a.push('-fw_cfg', `name=opt/vfio/vdargs,string=${vdArgs}`);
  if (esp) a.push('-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`, '-drive', `if=pflash,format=raw,unit=1,file=${vars}`);
  else a.push('-kernel', kernel, '-initrd', initrd, '-append', append);
  return a;
}

/**
 * Boot once; resolves with the serial log and how the boot ended. `silentSec`: a guest that has printed nothing by then
 * (a booting guest prints its first line ~20–40 s in, under TCG) and has not begun its step is stopped (`silent`): once
 * in many runs, a TCG guest hung before the kernel printed anything, until the boot timed out 20 minutes later.
 */
export function bootOnce(opts, timeoutSec, silentSec = Infinity) {
  const args = qemuArgs(opts);
  writeFileSync(opts.serial, '');
  writeFileSync(`${opts.serial}.cmd`, ['qemu-system-x86_64', ...args].map((x) => (/[\s,]/.test(x) ? `'${x}'` : x)).join(' ') + '\n');
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const kill = () => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutSec * 1000);
    // A panicked guest never powers off: stop it at once instead of waiting for the timeout.
    let panicked = false;
    let silent = false;
    const watch = setInterval(() => {
      const text = existsSync(opts.serial) ? readFileSync(opts.serial, 'utf8') : '';
      if (/end Kernel panic/.test(text)) {
        panicked = true;
        kill();
      } else if (!text && (Date.now() - t) / 1000 > silentSec && !existsSync(join(opts.out, `boot-${opts.boot}`))) {
        silent = true;
        kill();
      }
    }, 5000);
    const done = (code) => {
      clearTimeout(timer);
      clearInterval(watch);
      live.delete(child);
      const serial = existsSync(opts.serial) ? readFileSync(opts.serial, 'utf8') : '';
      resolve({ serial, seconds: (Date.now() - t) / 1000, code, timedOut, panicked, silent, stderr });
    };
    child.on('error', (e) => {
      stderr += String(e);
      done(-1);
    });
    child.on('exit', (code) => done(code));
  });
}

/** A throw-away copy-on-write overlay of a cached disk. */
export function overlay(base, path) {
  run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', path]);
  return path;
}

/** KVM when /dev/kvm opens and boots a kernel quickly, else TCG: a kernel with no root file system panics at once. */
export async function probeAccel(kernel, dir) {
  if (process.env.VFIO_DOCTOR_BOOT_ACCEL) return { accel: process.env.VFIO_DOCTOR_BOOT_ACCEL, why: 'VFIO_DOCTOR_BOOT_ACCEL' };
  if (!existsSync('/dev/kvm')) return { accel: 'tcg', why: 'no /dev/kvm' };
  const serial = join(dir, 'kvm-probe.log');
  const r = await new Promise((resolve) => {
    const child = spawn('qemu-system-x86_64', ['-accel', 'kvm', '-M', 'q35', '-cpu', 'host', '-m', '256', '-display', 'none', '-vga', 'none', '-nic', 'none', '-monitor', 'none', '-no-reboot', '-serial', `file:${serial}`, '-kernel', kernel, '-append', 'console=ttyS0 panic=-1 root=/dev/nonexistent'], { stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => process.kill(child.pid, "SIGKILL"), 30_000); // KVM reaches the panic in seconds
    child.on('exit', (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, err });
    });
  });
  const out = existsSync(serial) ? readFileSync(serial, 'utf8') : '';
  if (/Kernel panic/.test(out)) return { accel: 'kvm', why: 'a probe kernel booted under KVM' };
  return { accel: 'tcg', why: `KVM probe failed (${(r.err.trim().split('\n').at(-1) || `exit ${r.code}`).slice(0, 120)})` };
}
