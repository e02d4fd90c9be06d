# scripts/image.mk - assemble the bootable ISO and run it in QEMU.
#
# Included by the top Makefile after $(GEN)/product.mk, vmm-src/build.mk
# and guests/probe/build.mk.  `image` stages boot/grub/grub.cfg (the
# generated one), boot/meso.elf and boot/guests/<name>.img and calls
# grub-mkrescue.  Guest images are copied byte for byte, not stripped:
# the generator's SHA-256 digests (CONFIG_IMAGE_DIGESTS) are taken of the
# very same files and the monitor checks the modules against them.
# `run` boots it under TCG through scripts/run-qemu.py, `debug` does the
# same halted with gdb attached.  QEMU_EXTRA adds options (e.g.
# -icount shift=5,sleep=off).

IMAGE_ISO := $(objtree)/build/meso.iso
IMAGE_STAGE := $(objtree)/build/iso
RUN_DIR := $(objtree)/build/run

# A guest's image: its configured external image, else the in-tree build
# (a Linux guest: vmlinux, plus its initramfs as a second module).
image_src = $(or $(MESO_GUEST_$(1)_IMAGE),$(if $(filter linux,$(MESO_GUEST_$(1)_KIND)),$(LINUX_OUT)/vmlinux,$(objtree)/build/guests/$(1).elf))
IMAGE_GUEST_IMGS := $(patsubst %,$(IMAGE_STAGE)/boot/guests/%.img,$(MESO_GUESTS)) \
	$(if $(MESO_LINUX_GUEST),$(IMAGE_STAGE)/boot/guests/$(MESO_LINUX_GUEST).initrd)

$(IMAGE_STAGE)/boot/guests/$(MESO_LINUX_GUEST).initrd: $(LINUX_OUT)/initramfs.cpio.gz
	$(call step,COPY,$@)
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

define image_guest_rule
$(IMAGE_STAGE)/boot/guests/$(1).img: $(call image_src,$(1)) $(srctree)/scripts/image.mk
	$$(call step,COPY,$$@)
	@mkdir -p $$(dir $$@)
	$(Q)cp $$< $$@
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

# `run` shows every console live, prefixed with its owner, and keeps one
# log per owner in $(RUN_DIR); stdin goes to the Linux guest's console if
# there is one, else to the monitor's.  RUN_SECONDS=n stops after n s.
RUN_CONSOLES = --console $(MESO_MONITOR_CONSOLE)=monitor \
	$(foreach g,$(MESO_GUESTS),$(if $(filter COM%,$(MESO_GUEST_$(g)_CONSOLE)),--console $(MESO_GUEST_$(g)_CONSOLE)=$(g)))
RUN_ARGS = --iso $(IMAGE_ISO) --ram $(MESO_RAM_MB) --machine $(MESO_QEMU_MACHINE) \
	--cpu $(MESO_QEMU_CPU) --smp $(or $(MESO_QEMU_SMP),1) --logdir $(RUN_DIR) $(RUN_CONSOLES) $(if $(MESO_LINUX_GUEST),--input $(MESO_LINUX_GUEST)) \
	$(if $(RUN_SECONDS),--seconds $(RUN_SECONDS)) --extra "$(QEMU_EXTRA)"

.PHONY: image run debug
image: $(IMAGE_ISO)

run: $(IMAGE_ISO)
	@sed 1d $(GEN)/partition-map.txt
	$(call step,QEMU,$(IMAGE_ISO) (logs in $(RUN_DIR)))
	$(Q)$(PYTHON) $(srctree)/scripts/run-qemu.py $(RUN_ARGS)

# QEMU waits for gdb on :1234 with the monitor's symbols loaded; the
# consoles go to their logs only, so gdb has the terminal.
debug: $(IMAGE_ISO)
	$(call step,QEMU,$(IMAGE_ISO) halted for gdb (logs in $(RUN_DIR)))
	$(Q)$(PYTHON) $(srctree)/scripts/run-qemu.py $(RUN_ARGS) --gdb --quiet </dev/null & \
	qemu=$$!; gdb -q -ex 'set architecture i386' -ex 'file $(VMM_ELF)' \
		-ex 'target remote localhost:1234'; kill $$qemu 2>/dev/null; wait $$qemu || true
