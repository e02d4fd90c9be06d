/*
 * sched.c - the pure decisions about vCPUs, apart from the machinery in
 * vcpu.c so host unit tests can compile them: which vCPU runs (fixed
 * priority, highest runnable first, a loading one counting as runnable:
 * its load runs at its priority; ties go to the lower guest id; the
 * order is sorted once, so the running guest is usually found first),
 * whether a TPR holds a vector back (lazy masking) and the partition info
 * block a guest boots from (MESO_HC_INFO).
 */
#include <stdint.h>
#include <meso/hypercall.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>

void vcpu_order(const struct vcpu *tab, unsigned int n, uint8_t *order)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {	/* insertion sort: stable, n is tiny */
		for (j = i; j > 0 && tab[order[j - 1]].cfg->priority < tab[i].cfg->priority; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

int vcpu_pick(const struct vcpu *tab, const uint8_t *order, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tab[order[i]].state == VCPU_RUNNABLE ||
		    tab[order[i]].state == VCPU_LOADING)
			return order[i];
	return -1;
}

int vcpu_tpr_holds(uint8_t tpr, uint8_t vector)
{
	return (vector >> 4) <= (tpr >> 4);
}

void vcpu_fill_info(const struct vcpu *v, struct meso_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->magic = MESO_INFO_MAGIC;
	info->id = v->id;
	info->base = v->part->mem.base;
	info->size = v->part->mem.size;
	info->restarts = v->restarts;
	info->tick_us = CFG_TICK_US;
	info->timer_vector = v->cfg->timer_vector;
	info->timer_us = v->cfg->timer_period_us;
	for (i = 0; i < sizeof(info->name) - 1 && v->cfg->name[i]; i++)
		info->name[i] = v->cfg->name[i];
}
