/*
 * sched.c - the pure decisions about vCPUs, apart from the machinery in
 * vcpu.c so host unit tests can compile them: which vCPU runs (fixed
 * priority, highest runnable first (a loading one is runnable: its load
 * runs at its priority); ties go to the lower guest id; the
 * order is sorted once, so the running guest is usually found first),
 * whether a TPR holds a vector back (lazy masking) and the partition info
 * block a guest boots from (MESO_HC_INFO: ABI 1's fields, and ABI 2's
 * channels, interrupt lines and ports from the generated tables).
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
		if (tab[order[i]].state == VCPU_RUNNABLE)
			return order[i];
	return -1;
}

int vcpu_tpr_holds(uint8_t tpr, uint8_t vector)
{
	return (vector >> 4) <= (tpr >> 4);
}

static void copy_name(char *dst, const char *src, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
}

/* ABI 1 and 2: from the generated tables only, bounded by their sizes. */
void vcpu_fill_info(const struct vcpu *v, struct meso_info *info)
{
	unsigned int i, e, n;

	memset(info, 0, sizeof(*info));
	info->magic = MESO_INFO_MAGIC;
	info->id = v->id;
	info->base = v->part->mem.base;
	info->size = v->part->mem.size;
	info->restarts = v->restarts;
	info->tick_us = CFG_TICK_US;
	info->timer_vector = v->cfg->timer_vector;
	info->timer_us = v->cfg->timer_period_us;
	copy_name(info->name, v->cfg->name, sizeof(info->name));
	info->abi_version = MESO_ABI_VERSION;
	info->console_port = v->cfg->console_port;
	info->cpu = v->cfg->cpu;
	for (i = n = 0; i < cfg_nr_channels && n < MESO_INFO_CHANNELS; i++)
		for (e = 0; e < 2; e++) {
			const struct cfg_channel *c = &cfg_channels[i];
			struct meso_info_channel *out = &info->channels[n];

			if (c->end[e] != v->id || n == MESO_INFO_CHANNELS)
				continue;
			out->offset = c->offset[e];
			out->size = c->shm.size;
			out->vector = c->vector[e];
			copy_name(out->name, c->name, sizeof(out->name));
			copy_name(out->peer, cfg_vcpus[c->end[!e]].name, sizeof(out->peer));
			n++;
		}
	info->nr_channels = n;
	for (i = n = 0; i < CFG_NR_IRQ_ROUTES && n < MESO_INFO_IRQS; i++)
		if (cfg_irq_routes[i].owner == v->id) {
			info->irqs[n].irq = cfg_irq_routes[i].irq;
			info->irqs[n++].vector = cfg_irq_routes[i].vector;
		}
	info->nr_irqs = n;
	for (i = 0; i < v->cfg->nr_ports && i < MESO_INFO_PORTS; i++) {
		info->ports[i].first = v->cfg->ports[i].first;
		info->ports[i].last = v->cfg->ports[i].last;
	}
	info->nr_ports = i;
}
