# vmm-src/build.mk - build the monitor core, $(objtree)/build/vmm/meso.elf.
#
# Included by the top Makefile, which defines srctree, objtree, GEN, Q and
# step.  Compiles every .c/.S under vmm-src/ plus the generated tables in
# $(GEN)/src/ and links them with the generated $(GEN)/vmm.ld.  The
# generated headers are a normal prerequisite: scripts/meso rewrites them
# only when their content changes, so make stays incremental.

VMM_OUT := $(objtree)/build/vmm
VMM_ELF := $(VMM_OUT)/meso.elf

VMM_CC := gcc
VMM_LD := ld
VMM_CFLAGS := $(I386_CFLAGS) $(I386_WARNINGS) -I$(srctree)/vmm-src/include \
	-I$(GEN)/include
VMM_LDFLAGS := $(I386_LDFLAGS)

VMM_SRCS := $(sort $(shell cd $(srctree) && find vmm-src -name '*.c' -o -name '*.S'))
VMM_GEN_SRCS := partitions vcpus interrupts iobitmaps channels digests
VMM_OBJS := $(patsubst %,$(VMM_OUT)/%.o,$(basename $(VMM_SRCS))) \
	$(patsubst %,$(VMM_OUT)/gen/%.o,$(VMM_GEN_SRCS))
VMM_GEN_DEPS := $(GEN)/include/generated/meso_layout.h $(GEN)/vmm.ld

$(VMM_OUT)/%.o: $(srctree)/%.c $(VMM_GEN_DEPS)
	$(call step,CC,$*.c)
	@mkdir -p $(dir $@)
	$(Q)$(VMM_CC) $(VMM_CFLAGS) -c -o $@ $<

$(VMM_OUT)/%.o: $(srctree)/%.S $(VMM_GEN_DEPS)
	$(call step,AS,$*.S)
	@mkdir -p $(dir $@)
	$(Q)$(VMM_CC) $(VMM_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(VMM_OUT)/gen/%.o: $(GEN)/src/%.c $(VMM_GEN_DEPS)
	$(call step,CC,gen/src/$*.c)
	@mkdir -p $(dir $@)
	$(Q)$(VMM_CC) $(VMM_CFLAGS) -c -o $@ $<

$(VMM_ELF): $(VMM_OBJS) $(GEN)/vmm.ld
	$(call step,LD,$(VMM_ELF))
	$(Q)$(VMM_LD) $(VMM_LDFLAGS) -T $(GEN)/vmm.ld -o $@ $(VMM_OBJS)

.PHONY: vmm
vmm: $(VMM_ELF)

-include $(VMM_OBJS:.o=.d)
