// Which ROM paths and SELinux labels QEMU's confinement lets it read: shared by index.ts and zh.ts (one rule, two languages).

// libvirt's AppArmor abstraction (src/security/apparmor/libvirt-qemu) lets every VM read these; a ROM elsewhere
// needs a rule in the VM's profile. Files under them are labelled usr_t on SELinux hosts, which svirt_t may read.
export const READABLE_TREES = /^\/usr\/share\/(?:kvm|qemu|vgabios|seabios)\//;

/** An SELinux type QEMU's svirt_t domain is allowed to read (targeted policy): virt_content_t, usr_t, the image types. */
export const badLabel = (label: string | undefined): label is string => !!label && !/:(?:virt_content_t|usr_t|svirt_image_t|virt_image_t|svirt_t):/.test(label);
