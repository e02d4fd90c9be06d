/* vmm/multiboot.h - the parts of the Multiboot 1 boot information we read. */
#ifndef VMM_MULTIBOOT_H
#define VMM_MULTIBOOT_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002u
#define MULTIBOOT_INFO_MODS		(1u << 3)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
};

struct multiboot_mod {
	uint32_t start, end;
	uint32_t string;
	uint32_t reserved;
};

#endif /* VMM_MULTIBOOT_H */
