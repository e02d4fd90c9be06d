# guests/linux/build.mk - build the Linux guest: Debian's linux-source-6.1
# patched by guest-patches/linux-6.1/, configured for i386 from tinyconfig
# plus the meso fragment plus the partition facts the generator wrote, and
# an initramfs of Debian's busybox-static:i386 with guests/linux/init and
# guests/linux/meso-workload.
#
# Included by the top Makefile, which defines srctree, objtree, GEN, Q and
# step.  Provides:
#   linux              $(LINUX_DIR)/linux/{vmlinux,bzImage,VERSION}
#   linux-initramfs    $(LINUX_DIR)/linux/initramfs.cpio.gz
# Work trees: $(LINUX_DIR)/linux-src (extracted once, patched once per
# series, a stamp each) and $(LINUX_DIR)/linux-obj (Kbuild O=, kept
# between builds so rebuilds are incremental); LINUX_DIR defaults to
# $(objtree)/build.  Downloads are cached in
# MESO_DL (default $(objtree)/build/dl).

LINUX_TARBALL ?= /usr/src/linux-source-6.1.tar.xz
LINUX_PKG := linux-source-6.1
# The series by the Linux guest's mode: trusted (ring 0 beside the
# monitor) or hardware-isolated (its own ring 0 in SVM guest mode).
LINUX_SVM := $(filter svm,$(MESO_GUEST_$(MESO_LINUX_GUEST)_MODE))
LINUX_SERIES := linux-6.1$(if $(LINUX_SVM),-svm)
LINUX_PATCHDIR := $(srctree)/guest-patches/$(LINUX_SERIES)
# LINUX_EXTRA_PATCHES: more on top, for a test kernel (tests/linux/attacker).
LINUX_PATCHES := $(sort $(wildcard $(LINUX_PATCHDIR)/*.patch)) $(LINUX_EXTRA_PATCHES)
LINUX_FRAGMENT := $(LINUX_PATCHDIR)/meso.config
# LINUX_DIR: where the three work trees go.  Products whose kernels are
# configured alike (same partition base and IPL band) can share one: a
# product switch then re-runs the configuration and Kbuild finds nothing
# to do.
LINUX_DIR ?= $(objtree)/build
LINUX_SRC := $(LINUX_DIR)/linux-src
LINUX_OBJ := $(LINUX_DIR)/linux-obj
LINUX_OUT := $(LINUX_DIR)/linux
LINUX_JOBS ?= $(shell nproc)
MESO_DL ?= $(objtree)/build/dl
LINUX_KMAKE = $(MAKE) -C $(LINUX_SRC) O=$(LINUX_OBJ) ARCH=i386 \
	-j$(LINUX_JOBS) $(if $(filter 1,$(V)),V=1)
# Kbuild's output goes to a log unless V=1; on failure its tail is shown.
linux_logged = $(if $(filter 1,$(V)),$(1),$(1) >$(2) 2>&1 || \
	{ tail -n 40 $(2) >&2; echo "meso: failed, full log: $(2)" >&2; exit 1; })

.PHONY: linux linux-initramfs linux-clean

linux: $(LINUX_OUT)/vmlinux $(LINUX_OUT)/bzImage $(LINUX_OUT)/VERSION
	@printf '  %-9s %s\n' LINUX "$$(cat $(LINUX_OUT)/VERSION)"

linux-initramfs: $(LINUX_OUT)/initramfs.cpio.gz

linux-clean:
	$(call step,CLEAN,$(LINUX_SRC) $(LINUX_OBJ) $(LINUX_OUT))
	$(Q)rm -rf $(LINUX_SRC) $(LINUX_OBJ) $(LINUX_OUT)

# 1. Extract the Debian source once (tar keeps the archive's mtimes, so a
#    re-extraction does not make Kbuild rebuild everything).
$(LINUX_SRC)/.meso-extracted: $(LINUX_TARBALL)
	$(call step,EXTRACT,$(LINUX_TARBALL))
	$(Q)test -f $< || { echo "meso: $<: missing; run 'sudo scripts/install-deps.sh linux'" >&2; exit 1; }
	$(Q)rm -rf $(LINUX_SRC) $(LINUX_SRC).tmp && mkdir -p $(LINUX_SRC).tmp
	$(Q)tar -xf $< -C $(LINUX_SRC).tmp --strip-components=1
	$(Q)mv $(LINUX_SRC).tmp $(LINUX_SRC)
	@touch $@

# 2. Apply the series once.  The applied copy is kept; when the series
#    changes it is reversed and the new one applied, and only files whose
#    content changed get a new mtime (scripts/linux-patch-apply.sh).
# The series as a list, rewritten only when it changes (a series switch,
# LINUX_EXTRA_PATCHES on or off), so that such a change re-patches too.
$(LINUX_SRC)/.meso-series: $(LINUX_SRC)/.meso-extracted FORCE
	@echo '$(LINUX_PATCHES)' | cmp -s - $@ || echo '$(LINUX_PATCHES)' >$@

.PHONY: FORCE
FORCE:

$(LINUX_SRC)/.meso-patched: $(LINUX_SRC)/.meso-series $(LINUX_PATCHES) \
		$(srctree)/scripts/linux-patch-apply.sh
	$(call step,PATCH,$(words $(LINUX_PATCHES)) patches from guest-patches/$(LINUX_SERIES))
	$(Q)$(srctree)/scripts/linux-patch-apply.sh $(LINUX_SRC) $(LINUX_PATCHES)
	$(Q)$(LINUX_ABI_CHECK)
	@touch $@

# The series mirrors numbers of the monitor's public ABI (the trusted
# one in asm/meso.h, the hardware-isolated one in meso_svm.c).
LINUX_ABI_HDR := $(srctree)/vmm-src/include/meso/hypercall.h
LINUX_ABI_FILE := $(LINUX_SRC)/arch/x86/$(if $(LINUX_SVM),kernel/meso_svm.c,include/asm/meso.h)
LINUX_ABI_NAMES := $(if $(LINUX_SVM),MESO_HC_TIMER MESO_TIMER_PERIODIC MESO_HC_EXIT,\
	MESO_HCALL_VECTOR MESO_HC_HALT MESO_HC_SET_VECTORS MESO_HC_EXIT)
LINUX_ABI_CHECK = for n in $(LINUX_ABI_NAMES); do \
	a=$$(awk -v n=$$n '$$1 == "\#define" && $$2 == n { print $$3 }' $(LINUX_ABI_HDR)); \
	b=$$(awk -v n=$$n '$$1 == "\#define" && $$2 == n { print $$3 }' $(LINUX_ABI_FILE)); \
	[ -n "$$a" ] && [ "$$a" = "$$b" ] || { echo "meso: $$n is '$$a' in $(LINUX_ABI_HDR) but '$$b' in the Linux series ($(LINUX_ABI_FILE))" >&2; exit 1; }; done

# 3. The exact version, from the source's Makefile and Debian's package.
$(LINUX_OUT)/VERSION: $(LINUX_SRC)/.meso-extracted
	@mkdir -p $(dir $@)
	$(Q)v=$$(sed -n 's/^VERSION = //p;s/^PATCHLEVEL = //p;s/^SUBLEVEL = //p' \
		$(LINUX_SRC)/Makefile | head -n 3 | paste -sd.); \
	d=$$(dpkg-query -W -f '$${Version}' $(LINUX_PKG) 2>/dev/null || echo unknown); \
	echo "Linux $$v (Debian $(LINUX_PKG) $$d)" >$@

# 4. Configuration: tinyconfig + our fragment + the generated partition
#    facts + the IPL band from the generated boot memory facts (a
#    trusted kernel's: it moves its system vectors into its band).
$(LINUX_OUT)/bootmem.config: $(GEN)/linux/bootmem.txt
	@mkdir -p $(dir $@)
	$(Q)awk '$$1 == "ipl_band" { if (!"$(LINUX_SVM)") printf "CONFIG_MESO_IPL_FIRST_CLASS=%d\nCONFIG_MESO_IPL_LAST_CLASS=%d\n", $$2, $$3; n++ } \
		END { if (n != 1) { print "meso: no ipl_band line in $<" > "/dev/stderr"; exit 1 } }' $< >$@.tmp
	$(Q)mv $@.tmp $@

# Inside the top Makefile's build block gen/ is remade from .config;
# included alone (make -f Makefile -f guests/linux/build.mk) it must exist.
ifdef GEN_STAMP
$(GEN)/linux/meso.config $(GEN)/linux/bootmem.txt $(GEN)/linux/cmdline.txt: $(GEN_STAMP)
	@test -f $@ || { echo "meso: $@ not generated: the product has no Linux guest" >&2; exit 1; }
else
$(GEN)/linux/meso.config $(GEN)/linux/bootmem.txt $(GEN)/linux/cmdline.txt:
	@echo "meso: $@ missing: the product has no Linux guest or 'make gen' has not run" >&2; exit 1
endif

$(LINUX_OBJ)/.config: $(LINUX_SRC)/.meso-patched $(LINUX_FRAGMENT) \
		$(GEN)/linux/meso.config $(LINUX_OUT)/bootmem.config \
		$(srctree)/scripts/linux-config.sh
	$(call step,CONFIG,linux: tinyconfig + meso.config + $(GEN)/linux/meso.config)
	$(Q)$(srctree)/scripts/linux-config.sh $(LINUX_SRC) $(LINUX_OBJ) \
		$(LINUX_FRAGMENT) $(GEN)/linux/meso.config $(LINUX_OUT)/bootmem.config >/dev/null
	@touch $@

# 5. Kbuild decides what to rebuild; it runs on every `make linux`.
.PHONY: linux-kbuild
linux-kbuild: $(LINUX_OBJ)/.config
	$(call step,KBUILD,vmlinux bzImage (-j$(LINUX_JOBS); log $(LINUX_OUT)/build.log))
	@mkdir -p $(LINUX_OUT)
	$(Q)$(call linux_logged,$(LINUX_KMAKE) vmlinux bzImage,$(LINUX_OUT)/build.log)

$(LINUX_OUT)/vmlinux: linux-kbuild
	$(Q)cmp -s $(LINUX_OBJ)/vmlinux $@ || cp $(LINUX_OBJ)/vmlinux $@

$(LINUX_OUT)/bzImage: linux-kbuild
	$(Q)cmp -s $(LINUX_OBJ)/arch/x86/boot/bzImage $@ || cp $(LINUX_OBJ)/arch/x86/boot/bzImage $@

# 6. Userland: Debian's busybox-static:i386, fetched once into MESO_DL.
$(LINUX_OUT)/busybox/bin/busybox: $(srctree)/scripts/fetch-busybox.sh
	$(call step,FETCH,busybox-static:i386 (cache $(MESO_DL)))
	$(Q)$< $(if $(filter 1,$(V)),,-q) $(LINUX_OUT)/busybox $(MESO_DL)
	@touch $@

$(LINUX_OUT)/gen_init_cpio: $(LINUX_SRC)/.meso-extracted
	$(call step,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)gcc -O2 -o $@ $(LINUX_SRC)/usr/gen_init_cpio.c

$(LINUX_OUT)/initramfs.cpio.gz: $(LINUX_OUT)/gen_init_cpio \
		$(LINUX_OUT)/busybox/bin/busybox $(srctree)/guests/linux/init \
		$(srctree)/guests/linux/meso-workload $(srctree)/scripts/linux-initramfs.sh
	$(call step,CPIO,$@)
	$(Q)$(srctree)/scripts/linux-initramfs.sh $(LINUX_OUT)/gen_init_cpio \
		$(LINUX_OUT)/busybox/bin/busybox $(srctree)/guests/linux/init \
		$(srctree)/guests/linux/meso-workload $@
