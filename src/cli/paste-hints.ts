// What to paste, named in errors and the --json error document: kept apart from input.ts so that the launcher and
// the chat's first frame do not load the input readers (and through them every parser) only for these strings.
import { tr } from '../i18n/lang';

/** The commands whose output the tool reads best, for the --json error document. */
export const PASTE_COMMANDS = ['cat /proc/cmdline', 'sudo dmesg', 'lspci -nnk', 'for g in /sys/kernel/iommu_groups/*; do for d in $g/devices/*; do echo "IOMMU Group ${g##*/} $(lspci -nns ${d##*/})"; done; done', 'vfio-doctor collect'];
export const WHAT_TO_PASTE = 'paste the output of `cat /proc/cmdline`, `sudo dmesg`, `lspci -nnk` and the IOMMU group listing, or a bundle from `vfio-doctor collect`';
/** WHAT_TO_PASTE in the run's language. */
export const whatToPaste = () => tr(WHAT_TO_PASTE, '请粘贴 `cat /proc/cmdline`、`sudo dmesg`、`lspci -nnk` 的输出和 IOMMU 组列表，或者用 `vfio-doctor collect` 生成的诊断包');
