/* test_sched.c - scheduler choice, the lazy-masking decisions (TPR and
 * level) and the partition info block. */
#include <stdint.h>
#include <string.h>
#include <meso/hypercall.h>
#include <vmm/vcpu.h>
#include "unit.h"

static struct vcpu tab[CFG_NR_GUESTS];

static int pick(unsigned int n)
{
	uint8_t order[CFG_NR_GUESTS];

	vcpu_order(tab, n, order);
	return vcpu_pick(tab, order, n);
}

static void setup(enum vcpu_state a, enum vcpu_state b, enum vcpu_state c)
{
	enum vcpu_state s[CFG_NR_GUESTS] = { a, b, c };
	unsigned int i;

	memset(tab, 0, sizeof(tab));
	for (i = 0; i < CFG_NR_GUESTS; i++) {
		tab[i].id = i;
		tab[i].cfg = &cfg_vcpus[i];
		tab[i].part = &cfg_partitions[i];
		tab[i].state = s[i];
	}
}

/* A band of classes 8-9: open TPR 0x70, masked 0x90. */
static void suite_lazy(void)
{
	static const struct cfg_vcpu band = { .tpr_open = 0x70, .tpr_masked = 0x90 };
	struct meso_irq_state st = { .masked = 0, .pending = 0 };
	struct vcpu v;

	CHECK("lazy masked TPR holds its own band", vcpu_tpr_holds(0x90, 0x81) &&
	      vcpu_tpr_holds(0x90, 0x9f));
	CHECK("lazy masked TPR holds lower bands", vcpu_tpr_holds(0x90, 0x30));
	CHECK("lazy masked TPR lets higher bands preempt",
	      !vcpu_tpr_holds(0x90, 0xa0) && !vcpu_tpr_holds(0x90, 0xe1));
	CHECK("lazy split off: TPR 0xe0 holds every guest class",
	      vcpu_tpr_holds(0xe0, 0xe1) && vcpu_tpr_holds(0xe0, 0x21) &&
	      !vcpu_tpr_holds(0xe0, 0xf0));

	CHECK("tpr hypercall level: open", vcpu_exit_tpr(&band, 0, 1, 0) == 0x70);
	CHECK("tpr hypercall level: disabled", vcpu_exit_tpr(&band, 0, 0, 0) == 0x90);
	CHECK("tpr lazy: masked, nothing held stays open (no trap to unmask)",
	      vcpu_exit_tpr(&band, 1, 0, 0) == 0x70);
	CHECK("tpr lazy: masked and holding raises to its band's top",
	      vcpu_exit_tpr(&band, 1, 0, 1) == 0x90);
	CHECK("tpr lazy: unmasked is open", vcpu_exit_tpr(&band, 1, 1, 0) == 0x70 &&
	      vcpu_exit_tpr(&band, 1, 1, 1) == 0x70);

	memset(&v, 0, sizeof(v));
	v.irq_open = 1;
	CHECK("level without a lazy structure is irq_open", vcpu_level_open(&v) == 1);
	v.irqst = &st;
	st.masked = 0x5a;	/* anything non-zero masks */
	CHECK("level with a lazy structure is its masked byte", vcpu_level_open(&v) == 0);
	vcpu_set_level(&v, 1);
	CHECK("set level open writes masked 0", st.masked == 0 && vcpu_level_open(&v) == 1);
	vcpu_set_level(&v, 0);
	CHECK("set level closed writes masked 1", st.masked == 1 && v.irq_open == 0);
}

void suite_sched(void)
{
	static const struct cfg_vcpu same[2] = { { .priority = 50 }, { .priority = 50 } };
	struct meso_info info;

	/* priorities: 0 = 200, 1 = 10, 2 = 100 */
	setup(VCPU_RUNNABLE, VCPU_RUNNABLE, VCPU_RUNNABLE);
	CHECK("sched highest priority runs", pick(CFG_NR_GUESTS) == 0);
	setup(VCPU_HALTED, VCPU_RUNNABLE, VCPU_RUNNABLE);
	CHECK("sched halted guest skipped", pick(CFG_NR_GUESTS) == 2);
	setup(VCPU_HALTED, VCPU_RUNNABLE, VCPU_DEAD);
	CHECK("sched dead guest skipped", pick(CFG_NR_GUESTS) == 1);
	setup(VCPU_EMPTY, VCPU_HALTED, VCPU_DEAD);
	CHECK("sched nothing runnable is -1", pick(CFG_NR_GUESTS) == -1);
	CHECK("sched empty table is -1", pick(0) == -1);
	setup(VCPU_RUNNABLE, VCPU_RUNNABLE, VCPU_RUNNABLE);
	tab[0].cfg = &same[0];
	tab[1].cfg = &same[1];
	tab[2].state = VCPU_HALTED;
	CHECK("sched tie goes to the lower id", pick(CFG_NR_GUESTS) == 0);
	tab[0].state = VCPU_HALTED;
	CHECK("sched tie, lower id halted: the other", pick(CFG_NR_GUESTS) == 1);

	setup(VCPU_RUNNABLE, VCPU_RUNNABLE, VCPU_RUNNABLE);
	tab[0].restarts = 3;
	memset(&info, 0xaa, sizeof(info));
	vcpu_fill_info(&tab[0], &info);
	CHECK("info magic", info.magic == MESO_INFO_MAGIC);
	CHECK("info id, base, size", info.id == 0 && info.base == 0x01000000 &&
	      info.size == 0x00400000);
	CHECK("info restarts, tick, timer", info.restarts == 3 && info.tick_us == 1000 &&
	      info.timer_vector == 0xef && info.timer_us == 1000);
	CHECK("info name", !strcmp(info.name, "rtos"));
	CHECK("info ABI 2 version and console", info.abi_version == MESO_ABI_VERSION &&
	      info.console_port == 0x2f8);
	CHECK("info ABI 2 line 8 and its vector", info.nr_irqs == 1 && info.irqs[0].irq == 8 &&
	      info.irqs[0].vector == 0xe1);
	CHECK("info ABI 2 ports", info.nr_ports == 2 && info.ports[0].first == 0x2f8 &&
	      info.ports[0].last == 0x2ff && info.ports[1].first == 0x70 && info.ports[1].last == 0x71);
	CHECK("info ABI 2 no channels, rest zero", info.nr_channels == 0 &&
	      info.channels[0].offset == 0 && info.irqs[1].irq == 0);
	vcpu_fill_info(&tab[2], &info);
	CHECK("info long name truncated and terminated",
	      info.name[15] == 0 && !strncmp(info.name, "probe-with-a-ve", 15));
	CHECK("info id of the third guest", info.id == 2 && info.base == 0x01400000);
	CHECK("info ABI 2 of a guest without lines or ports",
	      info.nr_irqs == 0 && info.nr_ports == 0 && info.console_port == 0);

	suite_lazy();
}
