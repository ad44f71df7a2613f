// The boot scenarios: each boots a guest, runs vfio-doctor live inside it, applies one fix, reboots and checks that the
// target functions are on vfio-pci, the others kept their driver, and the new report no longer has that fix.
import { TWO_IDENTICAL_VGA } from './qemu.mjs';

const TARGET = '0000:00:04.0'; // the second card: 03.0 is the boot display
const TWIN = '0000:00:03.0';
const CIRRUS = '0000:00:05.0';

// Shell functions every step has. The report comes before the step from the check script; the step makes its own.
export const STEP_PRELUDE = `set -e -o pipefail
vd() { node /opt/vd/dist/cli.cjs "$@"; }
apply_fix() { # RULES REGEX: apply the first matching fix of the current report, with --yes
  # The check script's report (same --gpu) serves unless the step changed the host first (NEW_REPORT=1).
  if [ -n "$NEW_REPORT" ] || [ ! -s "$VD_REPORT" ]; then vd $VD_ARGS --json > /tmp/r.json || true; else cp "$VD_REPORT" /tmp/r.json; fi
  ID=$(node /opt/vd/guest/pick-fix.mjs /tmp/r.json "$1" "$2")
  echo "FIX-ID $ID"
  vd $VD_ARGS fix "$ID" --apply --yes
}
initrd_order() { # the order initramfs-tools will run init-top in
  d=$(mktemp -d); unmkinitramfs "/boot/initrd.img-$(uname -r)" "$d"
  cat "$d"/scripts/init-top/ORDER "$d"/main/scripts/init-top/ORDER 2>/dev/null || true
}
`;

// vfio-pci "built in": Debian's kernel has CONFIG_VFIO_PCI=m, so an init-top script that sorts before every other one
// (digits before letters, no PREREQ) loads it, and a hook puts the module into the image.
const SIMULATE_BUILTIN = `cat > /etc/initramfs-tools/scripts/init-top/0-vfio-builtin-sim <<'EOF'
#!/bin/sh
# boot test: vfio-pci present before any other init-top script runs, as in a kernel with CONFIG_VFIO_PCI=y
case "$1" in prereqs) exit 0 ;; esac
modprobe vfio-pci
EOF
chmod 755 /etc/initramfs-tools/scripts/init-top/0-vfio-builtin-sim
cat > /etc/initramfs-tools/hooks/vfio-builtin-sim <<'EOF'
#!/bin/sh
case "$1" in prereqs) exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
manual_add_modules vfio_pci
EOF
chmod 755 /etc/initramfs-tools/hooks/vfio-builtin-sim
`;

// ---- checks: each returns a list of problems (empty = pass) ----
const drv = (b, bdf) => b.pci?.get(bdf)?.driver;

function onDriver(b, bdfs, driver) {
  return bdfs.filter((x) => drv(b, x) !== driver).map((x) => `boot ${b.n}: ${x} is on ${drv(b, x) ?? 'missing'}, expected ${driver}`);
}

function othersKept(before, after, targets) {
  const p = [];
  for (const [bdf, d] of before.pci ?? []) {
    if (targets.includes(bdf)) continue;
    const now = after.pci?.get(bdf);
    if (!now) p.push(`boot ${after.n}: ${bdf} disappeared`);
    else if (now.driver !== d.driver) p.push(`boot ${after.n}: ${bdf} went from ${d.driver} to ${now.driver}`);
  }
  return p;
}

function groupsPresent(b, bdfs, want = true) {
  return bdfs.filter((x) => (b.pci?.get(x)?.group !== '-') !== want).map((x) => `boot ${b.n}: ${x} ${want ? 'has no' : 'has an'} IOMMU group`);
}

function noFindingFor(b, fixId) {
  if (!b.report) return [`boot ${b.n}: no vfio-doctor report`];
  const f = b.report.findings.find((x) => x.fixes.some((y) => y.id === fixId));
  return f ? [`boot ${b.n}: the report still has ${f.id} (${f.severity}) with fix ${fixId}${f.status ? `, ${f.status}` : ''}`] : [];
}

function stepOk(b) {
  if (b.stepExit === 0) return [];
  return [`boot ${b.n}: the step exited ${b.stepExit ?? 'without finishing'}; its log ends:\n${(b.stepLog ?? '').trim().split('\n').slice(-12).join('\n')}`];
}

function fixApplied(b) {
  return b.fixId ? stepOk(b) : [`boot ${b.n}: no fix was picked`, ...stepOk(b)];
}

// undo restores the files and lists the regeneration commands to run again; the step runs them as the user would.
const UNDO_STEP = `vd undo --yes | tee /tmp/undo.log\nsed -n 's/^  \\$ sudo //p' /tmp/undo.log > /tmp/regen.sh\ncat /tmp/regen.sh\nbash -e /tmp/regen.sh`;

/** The host is as at boot 1: same drivers, no driver_override left, the same findings. */
function asBefore(b, b1) {
  const p = othersKept(b1, b, []);
  for (const [bdf, d] of b.pci ?? []) if (d.override !== '-') p.push(`boot ${b.n}: ${bdf} still has driver_override=${d.override}`);
  const ids = (r) => (r?.findings ?? []).map((f) => f.id).sort().join(' ');
  if (ids(b.report) !== ids(b1.report)) p.push(`boot ${b.n}: findings differ from the first boot:\n  before: ${ids(b1.report)}\n  after:  ${ids(b.report)}`);
  return p;
}

/**
 * Bind one of two identical cards by address with initramfs-tools; then the card is on vfio-pci, its twin is not.
 * With `undo`, the second boot also runs `undo` and a third checks the host is as before (saves two boots over a
 * scenario of its own).
 */
function seed({ id, title, builtin, undo }) {
  const bound = (b, [b1]) => [...onDriver(b, [TARGET], 'vfio-pci'), ...onDriver(b, [TWIN], 'bochs-drm'), ...othersKept(b1, b, [TARGET]), ...noFindingFor(b, b1.fixId)];
  return {
    id,
    title,
    image: 'base',
    vdArgs: `--gpu ${TARGET}`,
    boots: [
      {
        step: builtin ? `${SIMULATE_BUILTIN}apply_fix identical-gpus-id-collision 'override-initramfs-tools$'\ninitrd_order` : `apply_fix identical-gpus-id-collision 'override-initramfs-tools$'`,
        check: (b) => [...onDriver(b, [TARGET, TWIN], 'bochs-drm'), ...groupsPresent(b, [TARGET, TWIN]), ...fixApplied(b)],
      },
      undo ? { step: UNDO_STEP, check: (b, bs) => [...bound(b, bs), ...stepOk(b)] } : { check: bound },
      ...(undo ? [{ check: (b, [b1]) => asBefore(b, b1) }] : []),
    ],
  };
}

export const SCENARIOS = [
  seed({ id: 'seed-module', title: 'two identical cards, one bound by address (initramfs-tools, vfio-pci a module); then undo: the host is as before', builtin: false, undo: true }),
  seed({ id: 'seed-builtin', title: 'two identical cards, one bound by address (initramfs-tools, vfio-pci loaded before the override)', builtin: true }),
  {
    id: 'iommu-on',
    // Debian's 6.1 kernel has CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF=y: without intel_iommu=on the IOMMU is still on.
    // The host starts with intel_iommu=off in /etc/default/grub instead; the fix turns it on through GRUB.
    title: 'the IOMMU off on the GRUB command line: the fix turns it on (update-grub; IOMMU groups appear)',
    image: 'base',
    cmdline: (c) => c.replace('intel_iommu=on', 'intel_iommu=off'),
    boots: [
      {
        step: `sed -i 's/intel_iommu=on/intel_iommu=off/' /etc/default/grub\nNEW_REPORT=1 apply_fix iommu-disabled-by-cmdline,intel-iommu-not-enabled,iommu-groups-absent grub`,
        check: (b) => [...groupsPresent(b, [TARGET, TWIN], false), ...fixApplied(b)],
      },
      { check: (b, [b1]) => [...groupsPresent(b, [TARGET, TWIN]), ...othersKept(b1, b, []), ...noFindingFor(b, b1.fixId)] },
    ],
  },
  {
    id: 'grub-ids',
    title: 'a third, different card bound by ID on the GRUB command line (update-grub; command line read from grub.cfg)',
    image: 'base',
    devices: [...TWO_IDENTICAL_VGA, '-device', 'cirrus-vga,addr=05.0'],
    vdArgs: `--gpu ${CIRRUS}`,
    boots: [
      { step: `apply_fix gpu-bound-to-host-driver,vfio-pci-not-loaded 'ids.*grub|grub'`, check: (b) => [...onDriver(b, [TARGET, TWIN], 'bochs-drm'), ...fixApplied(b)] },
      {
        check: (b, [b1]) => [
          ...onDriver(b, [CIRRUS], 'vfio-pci'),
          ...onDriver(b, [TARGET, TWIN], 'bochs-drm'),
          ...othersKept(b1, b, [CIRRUS]),
          ...noFindingFor(b, b1.fixId),
          ...(/vfio-pci\.ids=1013:00b8/.test(b.cmdline ?? '') ? [] : [`boot ${b.n}: the command line has no vfio-pci.ids=1013:00b8: ${b.cmdline}`]),
        ],
      },
    ],
  },
  {
    id: 'dracut',
    title: 'two identical cards, one bound by address, dracut as the initramfs generator',
    image: 'dracut',
    // dracut inside a TCG guest: its boot and its rebuild each take minutes on a loaded 2-core host.
    timeoutFactor: 2,
    vdArgs: `--gpu ${TARGET}`,
    boots: [
      { step: `apply_fix identical-gpus-id-collision 'override-dracut$'`, check: (b) => [...onDriver(b, [TARGET, TWIN], 'bochs-drm'), ...fixApplied(b)] },
      { check: (b, [b1]) => [...onDriver(b, [TARGET], 'vfio-pci'), ...onDriver(b, [TWIN], 'bochs-drm'), ...othersKept(b1, b, [TARGET]), ...noFindingFor(b, b1.fixId)] },
    ],
  },
  {
    id: 'systemd-boot',
    title: 'systemd-boot under OVMF: intel_iommu=off in /etc/kernel/cmdline; the fix turns the IOMMU on and rewrites the entry',
    image: 'sdboot',
    boots: [
      { step: `apply_fix iommu-disabled-by-cmdline,intel-iommu-not-enabled,iommu-groups-absent 'systemd-boot'`, check: (b) => [...groupsPresent(b, [TARGET, TWIN], false), ...fixApplied(b)] },
      { check: (b, [b1]) => [...groupsPresent(b, [TARGET, TWIN]), ...othersKept(b1, b, []), ...noFindingFor(b, b1.fixId)] },
    ],
  },
];
