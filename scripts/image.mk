# scripts/image.mk - assemble the bootable ISO and run it in QEMU.
#
# Included by the top Makefile after $(GEN)/product.mk, vmm-src/build.mk
# and guests/probe/build.mk.  `image` stages boot/grub/grub.cfg (the
# generated one), boot/meso.elf and boot/guests/<name>.img and calls
# grub-mkrescue; `run` boots it under TCG: COM1 (the monitor console) on
# stdio, COM2..COM4 into $(objtree)/build/run/comN.log.  QEMU_EXTRA adds
# options (e.g. -icount shift=0,sleep=off).

IMAGE_ISO := $(objtree)/build/meso.iso
IMAGE_STAGE := $(objtree)/build/iso
RUN_DIR := $(objtree)/build/run

# A guest's image: its configured external image, else the in-tree build.
image_src = $(or $(MESO_GUEST_$(1)_IMAGE),$(objtree)/build/guests/$(1).elf)
IMAGE_GUEST_IMGS := $(patsubst %,$(IMAGE_STAGE)/boot/guests/%.img,$(MESO_GUESTS))

define image_guest_rule
$(IMAGE_STAGE)/boot/guests/$(1).img: $(call image_src,$(1))
	$$(call step,STRIP,$$@)
	@mkdir -p $$(dir $$@)
	$(Q)objcopy --strip-all $$< $$@
endef
$(foreach g,$(MESO_GUESTS),$(eval $(call image_guest_rule,$(g))))

$(IMAGE_STAGE)/boot/meso.elf: $(VMM_ELF)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(IMAGE_STAGE)/boot/grub/grub.cfg: $(GEN)/grub.cfg
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(IMAGE_ISO): $(IMAGE_STAGE)/boot/meso.elf $(IMAGE_STAGE)/boot/grub/grub.cfg $(IMAGE_GUEST_IMGS)
	$(call step,ISO,$@)
	$(Q)grub-mkrescue -o $@ $(IMAGE_STAGE) >$(objtree)/build/grub-mkrescue.log 2>&1 || \
		{ cat $(objtree)/build/grub-mkrescue.log >&2; exit 1; }

QEMU := qemu-system-i386
QEMU_ARGS = -machine pc,accel=tcg -m $(MESO_RAM_MB) -cdrom $(IMAGE_ISO) \
	-display none -no-reboot -monitor none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-serial stdio -serial file:$(RUN_DIR)/com2.log \
	-serial file:$(RUN_DIR)/com3.log -serial file:$(RUN_DIR)/com4.log \
	$(QEMU_EXTRA)

.PHONY: image run
image: $(IMAGE_ISO)

run: $(IMAGE_ISO)
	@mkdir -p $(RUN_DIR)
	$(call step,QEMU,$(IMAGE_ISO) (COM2..4 in $(RUN_DIR)))
	$(Q)$(QEMU) $(QEMU_ARGS)
