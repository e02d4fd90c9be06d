/*
 * hcall.c - the hypercalls of <meso/hypercall.h>.  Arguments arrive in
 * the caller's saved registers; every pointer is an offset in its
 * partition and is checked before use (the monitor runs on the caller's
 * page directory, where the partition is identity-mapped).  A bad argument
 * returns a negative code and, for pointers, leaves one health line.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/hcall.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

#define CONSOLE_MAX	1024
#define EFLAGS_ARITH	0xcd5u	/* CF PF AF ZF SF DF OF: the guest's own */
#define RESCHEDULE	(1u << MESO_HC_HALT | 1u << MESO_HC_IRQ_LEVEL | \
			 1u << MESO_HC_SET_VECTORS | 1u << MESO_HC_NOTIFY | \
			 1u << MESO_HC_IRQ_STATE)

uint32_t hcall_guest_range(const struct vcpu *v, uint32_t off, uint32_t len)
{
	uint32_t size = v->part->mem.size;

	if (off > size || len > size - off)
		return 0;
	return v->part->mem.base + off;
}

static long refuse(struct vcpu *v, const char *call, uint32_t ptr, uint32_t len)
{
	fault_health(v, "health: guest %s hypercall %s bad pointer 0x%08x+%u -> refused (%d)\n",
		     v->cfg->name, call, ptr, len, MESO_EFAULT);
	return MESO_EFAULT;
}

static long hc_console_write(struct vcpu *v, uint32_t buf, uint32_t len)
{
	uint32_t lin;

	if (len > CONSOLE_MAX)
		return MESO_EINVAL;
	lin = hcall_guest_range(v, buf, len);
	if (!lin)
		return refuse(v, "console_write", buf, len);
	return con_guest_write(v->id, (const char *)lin, len);
}

/*
 * A trusted guest hands over its IDT (linear address and limit, on its
 * own page directory) instead of a table of offsets: the monitor keeps
 * the hardware IDT and delivers through that one's gates.  Its int $0x80
 * gate is opened to ring 3.
 */
static long hc_set_idt(struct vcpu *v, uint32_t idt, uint32_t limit, uint32_t form)
{
	if (form != MESO_VECTORS_IDT || limit > MESO_NR_VECTORS * 8 - 1)
		return MESO_EINVAL;
	v->idt = idt;
	v->idt_limit = limit;
	cpu_set_gate_dpl(0x80, 3);
	return 0;
}

static long hc_set_vectors(struct vcpu *v, uint32_t table)
{
	if (table & 3)
		return MESO_EINVAL;
	if (table && !hcall_guest_range(v, table, MESO_NR_VECTORS * 4))
		return refuse(v, "set_vectors", table, MESO_NR_VECTORS * 4);
	v->vectors = table;
	return 0;
}

_Static_assert(__builtin_offsetof(struct meso_info, abi_version) == MESO_INFO_V1_SIZE,
	       "ABI 1's struct meso_info must stay a prefix of ABI 2's");

/* size: the caller's struct meso_info (0: ABI 1's); as much is filled. */
static long hc_info(struct vcpu *v, uint32_t ptr, uint32_t size)
{
	struct meso_info info;
	uint32_t lin;

	if (!size)
		size = MESO_INFO_V1_SIZE;
	if (size < MESO_INFO_V1_SIZE)
		return MESO_EINVAL;
	if (size > sizeof(info))
		size = sizeof(info);
	lin = hcall_guest_range(v, ptr, size);
	if (!lin)
		return refuse(v, "info", ptr, size);
	vcpu_fill_info(v, &info);
	info.apic_id = apic_id();		/* we run on its core */
	memcpy((void *)lin, &info, size);
	return 0;
}

/*
 * Hand the level over to a struct meso_irq_state in the partition (the
 * monitor writes it there), or back to the monitor (0).  The pointer is
 * checked once here; the bytes behind it are only ever read as booleans.
 */
static long hc_irq_state(struct vcpu *v, uint32_t ptr)
{
	int open = vcpu_level_open(v);
	uint32_t lin;

	if (ptr & 3)
		return MESO_EINVAL;
	lin = ptr ? hcall_guest_range(v, ptr, sizeof(struct meso_irq_state)) : 0;
	if (ptr && !lin)
		return refuse(v, "irq_state", ptr, sizeof(struct meso_irq_state));
	v->irqst = (struct meso_irq_state *)lin;
	v->hold = 0;
	vcpu_set_level(v, open);
	if (v->irqst)
		v->irqst->pending = 0;
	return 0;
}

static long hc_notify(struct vcpu *v, uint32_t window)
{
	unsigned int c, e;

	for (c = 0; c < cfg_nr_channels; c++) {
		const struct cfg_channel *ch = &cfg_channels[c];

		for (e = 0; e < 2; e++) {
			if (ch->end[e] != v->id || ch->offset[e] != window)
				continue;
			if (ch->vector[!e])
				vcpu_raise_virtual(ch->end[!e], ch->vector[!e]);
			return 0;
		}
	}
	return MESO_EPERM;
}

static void hc_iret(struct vcpu *v)
{
	const struct meso_irq_frame *f;
	uint32_t lin = hcall_guest_range(v, v->ctx.esp, sizeof(*f));

	if (!lin) {
		fault_guest(v, "bad-iret-frame", 0, v->ctx.eip);
		return;
	}
	f = (const struct meso_irq_frame *)lin;
	v->ctx.eax = f->eax;
	v->ctx.eip = f->eip;
	v->ctx.eflags = (v->ctx.eflags & ~EFLAGS_ARITH) | (f->eflags & EFLAGS_ARITH);
	v->ctx.esp += sizeof(*f);
	vcpu_set_level(v, 1);
}

/*
 * Returns 1 if the call may change which vCPU runs or what it is
 * delivered (a level, a halt, a vector table, a notify, an iret), so the
 * scheduler must look; 0 if the caller simply continues.
 */
int hcall_dispatch(struct vcpu *v)
{
	uint32_t nr = v->ctx.eax, a = v->ctx.ebx, b = v->ctx.ecx, c = v->ctx.edx;
	long ret;

	switch (nr) {
	case MESO_HC_CONSOLE_WRITE:
		ret = hc_console_write(v, a, b);
		break;
	case MESO_HC_HALT:
		vcpu_set_level(v, 1);	/* like sti; hlt */
		if (vcpu_trusted(v))
			v->tpr = v->cfg->tpr_open;
		vcpu_halt(v);
		ret = 0;
		break;
	case MESO_HC_IRQ_LEVEL:
		if (a != MESO_IRQ_DISABLE && a != MESO_IRQ_ENABLE) {
			ret = MESO_EINVAL;
			break;
		}
		ret = vcpu_level_open(v);
		vcpu_set_level(v, a);
		break;
	case MESO_HC_SET_VECTORS:
		ret = vcpu_trusted(v) ? hc_set_idt(v, a, b, c) : hc_set_vectors(v, a);
		break;
	case MESO_HC_INFO:
		ret = hc_info(v, a, b);
		break;
	case MESO_HC_TIMER:
		ret = b > MESO_TIMER_PERIODIC ? MESO_EINVAL : vtimer_set(v, a, b);
		break;
	case MESO_HC_NOTIFY:
		ret = hc_notify(v, a);
		break;
	case MESO_HC_IRET:
		hc_iret(v);
		return 1;
	case MESO_HC_CLOCK:
		ret = (long)(uint32_t)vtimer_now_us();
		break;
	case MESO_HC_IRQ_STATE:
		ret = hc_irq_state(v, a);
		break;
	case MESO_HC_EXIT:	/* v is reset or dead: no return value */
		fault_guest_exit(v, a, v->ctx.eip);
		return 1;
	default:
		ret = MESO_ENOSYS;
		break;
	}
	v->ctx.eax = (uint32_t)ret;
	return nr < MESO_NR_HCALLS && (RESCHEDULE >> nr) & 1;
}
