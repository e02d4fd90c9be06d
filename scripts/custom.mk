# scripts/custom.mk - custom guests of external trees (MESO_EXTERNAL):
# each tree's external.mk, then every guest whose GUESTn_APP names a
# folder guests/<app>/ of a tree (MESO_GUEST_<name>_APP_DIR in
# gen/product.mk) built into $(objtree)/build/guests/<name>.elf the way
# the in-tree guests are: every .c and .S of the folder compiled
# freestanding for i386 with the guest's generated layout header
# (gen/guests/<name>.h) force-included and <meso/hypercall.h> on the
# include path, linked with its generated linker script and libgcc.
# A tree's external.mk may add flags (MESO_APP_CFLAGS_<app>) or rules;
# it sees MESO_EXT_DIR (its own folder), srctree, objtree and GEN.

CUSTOM_OUT := $(objtree)/build/custom
CUSTOM_CFLAGS := $(I386_CFLAGS) -Wall -Wextra -I$(srctree)/vmm-src/include
CUSTOM_LDFLAGS := $(I386_LDFLAGS)

define include_external
MESO_EXT_DIR := $(1)
include $(1)/external.mk
endef
$(foreach d,$(MESO_EXTERNAL_DIRS),$(if $(wildcard $(d)/external.mk),$(eval $(call include_external,$(d)))))

# $(1) guest, $(2) its application folder, $(3) the application's name
define custom_guest_rule
CUSTOM_SRCS_$(1) := $(sort $(wildcard $(2)/*.c $(2)/*.S))
CUSTOM_OBJS_$(1) := $$(patsubst $(2)/%,$(CUSTOM_OUT)/$(1)/%.o,$$(CUSTOM_SRCS_$(1)))
$(CUSTOM_OUT)/$(1)/%.o: $(2)/% $(GEN)/guests/$(1).h
	$$(call step,CC,$(3)/$$* [$(1)])
	@mkdir -p $$(dir $$@)
	$(Q)gcc $(CUSTOM_CFLAGS) $$(MESO_APP_CFLAGS_$(3)) $$(if $$(filter %.S,$$<),-D__ASSEMBLY__) \
		-I$(2) -include $(GEN)/guests/$(1).h -c -o $$@ $$<
$(objtree)/build/guests/$(1).elf: $$(CUSTOM_OBJS_$(1)) $(GEN)/guests/$(1).ld
	$$(call step,LD,$$@)
	@mkdir -p $$(dir $$@)
	$(Q)ld $(CUSTOM_LDFLAGS) -T $(GEN)/guests/$(1).ld -o $$@ $$(CUSTOM_OBJS_$(1)) \
		$$(shell gcc -m32 -print-libgcc-file-name)
-include $$(CUSTOM_OBJS_$(1):.o=.d)
endef
CUSTOM_GUESTS := $(foreach g,$(MESO_GUESTS),$(if $(filter custom,$(MESO_GUEST_$(g)_KIND)),$(if $(MESO_GUEST_$(g)_APP_DIR),$(g))))
$(foreach g,$(CUSTOM_GUESTS),$(eval $(call custom_guest_rule,$(g),$(MESO_GUEST_$(g)_APP_DIR),$(MESO_GUEST_$(g)_APP))))

.PHONY: guests
guests: $(patsubst %,$(objtree)/build/guests/%.elf,$(CUSTOM_GUESTS))
