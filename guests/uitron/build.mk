# guests/uitron/build.mk - build the uITRON RTOS: the kernel, one of two
# ports and an application, linked into one image.
#
# Included by the top Makefile, which defines srctree, objtree, GEN, Q and
# step (and, after $(GEN)/product.mk, MESO_GUESTS with per guest _KIND
# and _APP).  Provides:
#   uitron-native   $(objtree)/build/uitron-native/<app>.elf for every
#                   application: bare metal, Multiboot, boots from GRUB
#   uitron-guests   $(objtree)/build/guests/<name>.elf for every guest of
#                   kind "rtos": the meso port linked at 0 with the
#                   generated $(GEN)/guests/<name>.ld
#   $(call uitron_meso_image,<elf>,<app objects>,<linker script>) for any
#   other meso image (a rule to $(eval)).
# An RTOS guest's application may come from an external tree
# (MESO_EXTERNAL: its guests/uitron/apps/<app>/, compiled the same way).
# Objects go to $(objtree)/build/uitron/<port>/.

UITRON_DIR := $(srctree)/guests/uitron
UITRON_OUT := $(objtree)/build/uitron
UITRON_APPS := $(notdir $(wildcard $(UITRON_DIR)/apps/*))
UITRON_CC := gcc
UITRON_LD := ld
UITRON_CFLAGS := $(I386_CFLAGS) $(I386_WARNINGS) -I$(UITRON_DIR)/include \
	-I$(srctree)/vmm-src/include
UITRON_LDFLAGS := $(I386_LDFLAGS)
# 64-bit division for the statistics and printf
UITRON_LIBGCC := $(shell $(UITRON_CC) -m32 -print-libgcc-file-name)

# Per port: extra flags (the demo runs forever on the monitor).
UITRON_native_CFLAGS := -DDEMO_SECONDS=3
UITRON_meso_CFLAGS := -DDEMO_SECONDS=0

uitron_srcs = $(patsubst $(UITRON_DIR)/%,%,$(wildcard $(addprefix $(UITRON_DIR)/,$(1))))
UITRON_KERNEL := $(call uitron_srcs,kernel/*.c port/ia32/*.c port/ia32/*.S)
uitron_objs = $(patsubst %,$(UITRON_OUT)/$(1)/%.o,$(basename $(2)))
uitron_port_objs = $(call uitron_objs,$(1),$(UITRON_KERNEL) \
	$(call uitron_srcs,port/$(1)/*.c port/$(1)/*.S))
uitron_app_objs = $(call uitron_objs,$(1),$(call uitron_srcs,apps/$(2)/*.c))

define uitron_compile
$(UITRON_OUT)/$(1)/%.o: $(UITRON_DIR)/%.c
	$$(call step,CC,guests/uitron/$$*.c [$(1)])
	@mkdir -p $$(dir $$@)
	$(Q)$(UITRON_CC) $(UITRON_CFLAGS) $(UITRON_$(1)_CFLAGS) -c -o $$@ $$<

$(UITRON_OUT)/$(1)/%.o: $(UITRON_DIR)/%.S
	$$(call step,AS,guests/uitron/$$*.S [$(1)])
	@mkdir -p $$(dir $$@)
	$(Q)$(UITRON_CC) $(UITRON_CFLAGS) -D__ASSEMBLY__ -c -o $$@ $$<
endef
$(eval $(call uitron_compile,native))
$(eval $(call uitron_compile,meso))

# Native images: linked at 1 MiB by port/native/native.ld.
define uitron_native_rule
$(objtree)/build/uitron-native/$(1).elf: $(call uitron_port_objs,native) \
		$(call uitron_app_objs,native,$(1)) $(UITRON_DIR)/port/native/native.ld
	$$(call step,LD,$$@)
	@mkdir -p $$(dir $$@)
	$(Q)$(UITRON_LD) $(UITRON_LDFLAGS) -T $(UITRON_DIR)/port/native/native.ld -o $$@ \
		$(call uitron_port_objs,native) $(call uitron_app_objs,native,$(1)) $(UITRON_LIBGCC)
endef
$(foreach a,$(UITRON_APPS),$(eval $(call uitron_native_rule,$(a))))

# A meso image: $(1) output, $(2) the application's objects, $(3) linker script.
define uitron_meso_image
$(1): $(call uitron_port_objs,meso) $(2) $(3)
	$$(call step,LD,$$@)
	@mkdir -p $$(dir $$@)
	$(Q)$(UITRON_LD) $(UITRON_LDFLAGS) -T $(3) -o $$@ \
		$(call uitron_port_objs,meso) $(2) $(UITRON_LIBGCC)
endef

# An application of an external tree (its guests/uitron/apps/<app>/, in
# MESO_GUEST_<guest>_APP_DIR): $(1) application, $(2) its folder.
define uitron_ext_app
UITRON_EXT_OBJS_$(1) := $$(patsubst $(2)/%.c,$(UITRON_OUT)/ext/$(1)/%.o,$$(wildcard $(2)/*.c))
$(UITRON_OUT)/ext/$(1)/%.o: $(2)/%.c
	$$(call step,CC,$(1)/$$*.c [meso])
	@mkdir -p $$(dir $$@)
	$(Q)$(UITRON_CC) $(UITRON_CFLAGS) $(UITRON_meso_CFLAGS) -I$(2) -c -o $$@ $$<
endef

UITRON_GUESTS := $(foreach g,$(MESO_GUESTS),$(if $(filter rtos,$(MESO_GUEST_$(g)_KIND)),$(g)))
UITRON_EXT_APPS := $(sort $(foreach g,$(UITRON_GUESTS),$(if $(MESO_GUEST_$(g)_APP_DIR),$(MESO_GUEST_$(g)_APP))))
uitron_app_dir = $(firstword $(foreach g,$(UITRON_GUESTS),$(if $(filter $(1),$(MESO_GUEST_$(g)_APP)),$(MESO_GUEST_$(g)_APP_DIR))))
$(foreach a,$(UITRON_EXT_APPS),$(eval $(call uitron_ext_app,$(a),$(call uitron_app_dir,$(a)))))
uitron_guest_objs = $(if $(MESO_GUEST_$(1)_APP_DIR),$(UITRON_EXT_OBJS_$(MESO_GUEST_$(1)_APP)),\
	$(call uitron_app_objs,meso,$(MESO_GUEST_$(1)_APP)))
$(foreach g,$(UITRON_GUESTS),$(eval $(call uitron_meso_image,$(objtree)/build/guests/$(g).elf,$(call uitron_guest_objs,$(g)),$(GEN)/guests/$(g).ld)))

.PHONY: uitron-native uitron-guests guests
uitron-native: $(patsubst %,$(objtree)/build/uitron-native/%.elf,$(UITRON_APPS))
uitron-guests: $(patsubst %,$(objtree)/build/guests/%.elf,$(UITRON_GUESTS))
guests: uitron-guests

-include $(shell find $(UITRON_OUT) -name '*.d' 2>/dev/null)
