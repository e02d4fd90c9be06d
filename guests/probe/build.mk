# guests/probe/build.mk - build the probe guests of the product.
#
# Included by the top Makefile after $(GEN)/product.mk, which lists the
# guests (MESO_GUESTS) and, per guest, its kind and application
# (MESO_GUEST_<name>_KIND/_APP).  Each probe guest is crt0 + lib + its
# application, linked at 0 with its generated $(GEN)/guests/<name>.ld into
# $(objtree)/build/guests/<name>.elf.  Guests see only the public
# hypercall header <meso/hypercall.h>.

PROBE_OUT := $(objtree)/build/guests
PROBE_DIR := $(srctree)/guests/probe
PROBE_CC := gcc
PROBE_CFLAGS := $(I386_CFLAGS) $(I386_WARNINGS) -I$(srctree)/vmm-src/include \
	-I$(PROBE_DIR)
PROBE_LDFLAGS := $(I386_LDFLAGS)

PROBE_GUESTS := $(foreach g,$(MESO_GUESTS),$(if $(filter probe,$(MESO_GUEST_$(g)_KIND)),$(g)))
PROBE_ELFS := $(patsubst %,$(PROBE_OUT)/%.elf,$(PROBE_GUESTS))
PROBE_COMMON := $(PROBE_OUT)/probe/crt0.o $(PROBE_OUT)/probe/lib.o $(PROBE_OUT)/probe/attack.o
# Hardware-isolated (SVM) probes: their own IDT, vmmcall (crt0-svm.S).
PROBE_COMMON_SVM := $(PROBE_OUT)/probe/crt0-svm.o $(PROBE_OUT)/probe/lib-svm.o \
	$(PROBE_OUT)/probe/attack.o
probe_common = $(if $(filter svm,$(MESO_GUEST_$(1)_MODE)),$(PROBE_COMMON_SVM),$(PROBE_COMMON))

$(PROBE_OUT)/probe/%.o: $(PROBE_DIR)/%.c
	$(call step,CC,guests/probe/$*.c)
	@mkdir -p $(dir $@)
	$(Q)$(PROBE_CC) $(PROBE_CFLAGS) -c -o $@ $<

$(PROBE_OUT)/probe/lib-svm.o: $(PROBE_DIR)/lib.c
	$(call step,CC,guests/probe/lib.c [svm])
	@mkdir -p $(dir $@)
	$(Q)$(PROBE_CC) $(PROBE_CFLAGS) -DMESO_GUEST_SVM -c -o $@ $<

$(PROBE_OUT)/probe/%.o: $(PROBE_DIR)/%.S
	$(call step,AS,guests/probe/$*.S)
	@mkdir -p $(dir $@)
	$(Q)$(PROBE_CC) $(PROBE_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

# Per guest: its application compiled with its generated layout header
# (gen/guests/<name>.h, force-included) and linked with its generated
# linker script, the way any guest is built against meso.
define probe_guest_rule
$(PROBE_OUT)/$(1)/$(MESO_GUEST_$(1)_APP).o: $(PROBE_DIR)/$(MESO_GUEST_$(1)_APP).c $(GEN)/guests/$(1).h
	$$(call step,CC,guests/probe/$(MESO_GUEST_$(1)_APP).c [$(1)])
	@mkdir -p $$(dir $$@)
	$(Q)$(PROBE_CC) $(PROBE_CFLAGS) -include $(GEN)/guests/$(1).h -c -o $$@ $$<

$(PROBE_OUT)/$(1).elf: $(call probe_common,$(1)) $(PROBE_OUT)/$(1)/$(MESO_GUEST_$(1)_APP).o $(GEN)/guests/$(1).ld
	$$(call step,LD,$$@)
	$(Q)$(VMM_LD) $(PROBE_LDFLAGS) -T $(GEN)/guests/$(1).ld -o $$@ $(call probe_common,$(1)) $(PROBE_OUT)/$(1)/$(MESO_GUEST_$(1)_APP).o
endef
$(foreach g,$(PROBE_GUESTS),$(eval $(call probe_guest_rule,$(g))))

.PHONY: guests
guests: $(PROBE_ELFS)

-include $(wildcard $(PROBE_OUT)/*/*.d)
