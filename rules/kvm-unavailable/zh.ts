// A5 in Chinese: the same message ids and data as index.ts (see src/i18n/README.md).
import type { RuleZh } from '../../src/engine/rule';
import type { messages } from './index';

type Missing = Parameters<(typeof messages)['missing']>[0];

/** `absent` comes from the engine in English ("this kernel was built without kvm_amd (CONFIG_KVM_AMD is not set)"). */
const absentZh = (absent: string) => {
  const m = /built without (\S+) \((CONFIG_\S+) is not set\)/.exec(absent);
  return m ? `这个内核编译时没有包含 ${m[1]}（${m[2]} 未设置）` : absent;
};

export const zh = {
  title: 'KVM 不可用（/dev/kvm 不存在）',
  summary: '没有 /dev/kvm,QEMU 只能纯软件模拟：kvm_intel 或 kvm_amd 模块没有加载。',
  messages: {
    missing: ({ module, seen, filters, absent, failedModule }: Missing) =>
      `/dev/kvm 不存在${seen === 'modules' ? `,/proc/modules 里也没有 ${module.replace(' or ', ' 或 ')}` : seen === 'grep' ? `：过滤后的模块列表（模式 "${filters.join('", "')}"）显示 kvm 已加载，却没有 kvm_intel 或 kvm_amd，而只有它们才会创建 /dev/kvm` : ''}。QEMU 将无法使用硬件加速，libvirt 也会拒绝启动 KVM 类型的虚拟机。${
        absent
          ? `没有可加载的模块：${absentZh(absent)}。请改用带有该模块的内核启动（发行版的标准内核都有）。`
          : failedModule
            ? `modprobe ${failedModule} 失败：硬件虚拟化在固件中被关闭或根本不存在（见 cpu-virt-ext-absent）；请先开启 VT-x / SVM Mode。`
            : `请加载 ${module.replace(' or ', ' 或 ')}；如果 modprobe 报 "Operation not supported"，说明虚拟化在固件中被关闭了（见 cpu-virt-ext-absent）。`
      }`,
    unknown: () => '不知道 /dev/kvm 是否存在（请粘贴 `ls -l /dev/kvm` 的输出，或在宿主机上运行 vfio-doctor）',
  },
} satisfies RuleZh<typeof messages>;
