/*
 * config_tables.h - the contract between the generator and the monitor.
 *
 * scripts/meso renders const tables of these types into gen/src/ and
 * their sizes and constants into gen/include/generated/meso_layout.h.  The
 * monitor only reads them.  Guests are numbered by their position in the
 * tables ("guest id"), in slot order; cfg_vcpus[id].slot gives the Kconfig
 * slot.  Change a layout here and templates/ together.
 */
#ifndef VMM_CONFIG_TABLES_H
#define VMM_CONFIG_TABLES_H

#include <stdint.h>
#include <generated/meso_layout.h>

enum cfg_kind { CFG_KIND_RTOS, CFG_KIND_LINUX, CFG_KIND_PROBE, CFG_KIND_CUSTOM };
enum cfg_mode { CFG_MODE_ISOLATED, CFG_MODE_TRUSTED, CFG_MODE_SVM };
enum cfg_fault { CFG_FAULT_HALT, CFG_FAULT_RESTART, CFG_FAULT_STOP };

#define CFG_OWNER_NONE		0xff	/* cfg_vector_owner: unused vector */
#define CFG_OWNER_MONITOR	0xfe	/* cfg_vector_owner: monitor vector */
#define CFG_E820_RAM		1
#define CFG_E820_RESERVED	2

struct cfg_region {
	uint32_t base;
	uint32_t size;
};

struct cfg_e820 {
	uint32_t base;
	uint32_t size;
	uint32_t type;
};

/* Physical placement and boot memory map of one guest. */
struct cfg_partition {
	struct cfg_region mem;
	struct cfg_region lowmem;	/* size 0 unless the guest is Linux */
	uint32_t seg_limit;		/* partition + channel windows, bytes */
	const struct cfg_e820 *e820;
	uint8_t nr_e820;
};

/* An I/O port range granted to a guest (what MESO_HC_INFO reports; the
 * TSS bitmap is what enforces it). */
struct cfg_port_range {
	uint16_t first, last;
};

/* One vCPU: scheduling, IPL band and TPR values, policy. */
struct cfg_vcpu {
	const char *name;
	uint8_t slot;
	uint8_t kind;			/* enum cfg_kind */
	uint8_t mode;			/* enum cfg_mode */
	uint8_t fault;			/* enum cfg_fault */
	uint8_t cpu;			/* the core it is pinned to */
	uint8_t priority;		/* higher runs first */
	uint8_t ipl_low;		/* lowest priority class owned */
	uint8_t ipl_high;		/* highest priority class owned */
	uint8_t tpr_open;		/* TPR while its interrupts are enabled */
	uint8_t tpr_masked;		/* TPR while it "disables interrupts" */
	uint8_t timer_vector;		/* its virtual timer interrupt */
	uint16_t console_port;		/* its UART, 0 = monitor console */
	uint32_t timer_period_us;	/* 0 = no timer at boot */
	const char *cmdline;
	const struct cfg_port_range *ports;
	uint8_t nr_ports;
};

/* Interrupt destination table: one entry per owned IOAPIC line. */
struct cfg_irq_route {
	uint8_t irq;			/* ISA IRQ / line number */
	uint8_t pin;			/* IOAPIC pin */
	uint8_t vector;
	uint8_t owner;			/* guest id or CFG_OWNER_MONITOR */
};

/* TSS I/O permission bitmap of an isolated guest (bit set = denied). */
struct cfg_iobitmap {
	const uint8_t *bits;
	uint16_t len;			/* bytes; ports beyond are denied */
};

/* A shared-memory channel between two guests. */
struct cfg_channel {
	const char *name;
	struct cfg_region shm;		/* physical window */
	uint8_t end[2];			/* guest ids */
	uint8_t vector[2];		/* notification vector per end, 0 = none */
	uint32_t offset[2];		/* where each end sees it, from its base */
};

/* Build-time SHA-256 of each guest image (present = 0: not checked). */
struct cfg_digest {
	uint8_t present;
	uint8_t sha256[32];
};

/* A count as a variable: loops over it compile without a -Wtype-limits
 * error in a product that has none. */
static const unsigned int cfg_nr_channels = CFG_NR_CHANNELS;

extern const struct cfg_partition cfg_partitions[CFG_NR_GUESTS];
extern const struct cfg_vcpu cfg_vcpus[CFG_NR_GUESTS];
extern const struct cfg_iobitmap cfg_iobitmaps[CFG_NR_GUESTS];
extern const struct cfg_digest cfg_digests[CFG_NR_GUESTS];
extern const struct cfg_irq_route cfg_irq_routes[CFG_NR_IRQ_ROUTES_ALLOC];
extern const uint8_t cfg_vector_owner[256];
extern const struct cfg_channel cfg_channels[CFG_NR_CHANNELS_ALLOC];

#endif /* VMM_CONFIG_TABLES_H */
