# Makefile - meso's one entry point: configure a product, generate its
# tables, build, run and test it.  Linux/Buildroot idioms: make help,
# <product>_defconfig, menuconfig, savedefconfig, O=dir, V=1.
#
# Configuration verbs and generation are done by scripts/mesoconf
# (kconfiglib + Jinja2); this file only wires them together.

MAKEFLAGS += --no-builtin-rules --no-builtin-variables --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
O ?= .
objtree := $(abspath $(O))
CONFIG := $(objtree)/.config
# The default product of `make run`: the seeds' Linux + uITRON hybrid.
DEFAULT_PRODUCT := qemu_hybrid
GEN := $(objtree)/gen

ifeq ($(V),1)
Q :=
step = @true
else ifneq ($(findstring s,$(filter-out --%,$(MAKEFLAGS))),)
Q := @
step = @true
else
Q := @
step = @printf '  %-9s %s\n' '$(1)' '$(2)'
endif

# What the goals need from Debian, installed before anything runs; then a
# Python 3 with kconfiglib and Jinja2 (Debian's /usr/bin/python3 first).
include $(srctree)/scripts/deps.mk
include $(srctree)/scripts/i386.mk
PYTHON := $(shell $(srctree)/scripts/find-python.sh)
need_python = $(if $(PYTHON),,$(error meso: no python3 with kconfiglib and \
	Jinja2 (Debian's python3-kconfiglib, python3-jinja2); run 'sudo scripts/install-deps.sh core'))

# External trees (Buildroot's BR2_EXTERNAL): MESO_EXTERNAL=dir[:dir...]
# adds each tree's products, fragments, boards and custom guest
# applications (scripts/meso/trees.py) and its external.mk.  Given once,
# it is remembered in the output tree; MESO_EXTERNAL= forgets it.
EXTERNAL_MEMO := $(objtree)/.meso-external
ifneq ($(filter command line environment,$(origin MESO_EXTERNAL)),)
MESO_EXTERNAL_DIRS := $(foreach d,$(subst :, ,$(MESO_EXTERNAL)),$(abspath $(d)))
$(foreach d,$(MESO_EXTERNAL_DIRS),$(if $(wildcard $(d)/.),,$(error meso: MESO_EXTERNAL: $(d): no such directory)))
$(shell mkdir -p $(objtree) && echo '$(MESO_EXTERNAL_DIRS)' >$(EXTERNAL_MEMO))
else
MESO_EXTERNAL_DIRS := $(if $(wildcard $(EXTERNAL_MEMO)),$(shell cat $(EXTERNAL_MEMO)))
endif
empty :=
space := $(empty) $(empty)
MESOCONF = $(need_python)$(PYTHON) $(srctree)/scripts/mesoconf \
	--srctree $(srctree) --objtree $(objtree) $(if $(filter 1,$(V)),-v) \
	$(if $(MESO_EXTERNAL_DIRS),--external $(subst $(space),:,$(strip $(MESO_EXTERNAL_DIRS))))

config_goals := %_defconfig %.config menuconfig oldconfig olddefconfig \
	savedefconfig list-defconfigs
ifneq ($(filter $(config_goals),$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

# Configuration and build goals in one call ("make x_defconfig image") run
# one after another in fresh makes, like Linux's mixed builds: a build must
# read the gen/ of the configuration the same call just wrote.
ifneq ($(filter $(config_goals),$(MAKECMDGOALS)),)
ifneq ($(filter-out $(config_goals),$(MAKECMDGOALS)),)
mixed_goals := 1
endif
endif

ifdef mixed_goals
.PHONY: $(MAKECMDGOALS) mixed-goals
$(MAKECMDGOALS): mixed-goals
	@:
mixed-goals:
	$(Q)set -e; for goal in $(MAKECMDGOALS); do \
		$(MAKE) -f $(srctree)/Makefile $$goal; done
else

.PHONY: all help deps list-defconfigs menuconfig oldconfig olddefconfig \
	savedefconfig gen image run size bench linux-patch-stat test test-generator test-qemu test-linux clean distclean

all: image

##@ Configure
help:
	@echo 'meso - one Kconfig description -> a partitioned PC image'
	@echo
	@echo 'Configure:'
	@echo '  <product>_defconfig   start from configs/<product>_defconfig (of meso or'
	@echo '                        an external tree; FRAGMENTS="a b" merges fragments a, b)'
	@echo '  <fragment>.config     merge configs/fragments/<fragment>.config onto .config'
	@echo '  list-defconfigs       list products and fragments, tree by tree'
	@echo '  menuconfig            edit .config in a terminal menu'
	@echo '  oldconfig             refresh .config, asking for new options'
	@echo '  olddefconfig          refresh .config, new options at their defaults'
	@echo '  savedefconfig         write the minimal configuration to $(if $(filter .,$(O)),,$$O/)defconfig'
	@echo
	@echo 'Build:'
	@echo '  gen                   validate .config and generate gen/ (tables, linker'
	@echo '                        scripts, grub.cfg, partition map)'
	@echo '  image                 monitor + guests -> build/meso.iso (GRUB 2); default goal'
	@echo '  vmm, guests           only the monitor / only the in-tree guests'
	@echo '  uitron-native         the RTOS applications on bare metal (the native reference)'
	@echo '  linux                 Debian linux-source-6.1 + guest-patches/linux-6.1 -> build/linux/'
	@echo '  linux-initramfs       busybox-static:i386 + guests/linux/init -> initramfs'
	@echo '  linux-clean           drop the extracted and built kernel (next build ~2 min)'
	@echo
	@echo 'Measure:'
	@echo '  size                  monitor lines of C and assembly, section sizes'
	@echo '  linux-patch-stat      lines added/removed per patch of both Linux series'
	@echo '                        (trusted: linux-6.1, hardware-isolated: linux-6.1-svm)'
	@echo '  bench                 benchmarks under -icount (instruction counts, ratios'
	@echo '                        against native); results in build/bench/'
	@echo
	@echo 'Run:'
	@echo '  run                   boot the image in qemu-system-i386 (TCG); without a'
	@echo '                        .config it uses $(DEFAULT_PRODUCT)_defconfig'
	@echo '                        (QEMU_EXTRA="-icount shift=5,sleep=off" for virtual time,'
	@echo '                        RUN_SECONDS=n to stop after n seconds)'
	@echo '  debug                 the same, halted, with gdb attached (symbols loaded)'
	@echo
	@echo 'Check:'
	@echo '  test                  every test (pytest), summary on the last line'
	@echo '  test-generator        generator tests only'
	@echo '  test-qemu             QEMU scenarios only'
	@echo '  test-linux            Linux guest only (builds the kernel into build/linux-test'
	@echo '                        and, IPL split off, build/linux-test-split-off; reused)'
	@echo
	@echo 'Housekeeping:'
	@echo '  deps                  install every dependency from Debian'
	@echo '  clean                 remove build outputs'
	@echo '  distclean             also remove .config and gen/'
	@echo
	@echo 'Variables: O=dir (all outputs under dir), V=1 (show commands),'
	@echo '           LINUX_DIR=dir (Linux work trees; default build/, products whose'
	@echo '           kernels are configured alike can share one),'
	@echo '           BENCH="linux uitron" (bench suites: monitor, irqsoff, uitron, linux),'
	@echo '           MESO_EXTERNAL=dir[:dir...] (external trees: products, fragments,'
	@echo '           boards, custom guests; remembered in the output tree; see'
	@echo '           docs/porting.md)$(if $(MESO_EXTERNAL_DIRS),; now: $(MESO_EXTERNAL_DIRS))'

deps:
	$(Q)$(srctree)/scripts/install-deps.sh all

##@ Configure
# Static patterns over the goals only: other *.config files (Linux's
# fragments) are prerequisites of build rules, not products or fragments.
$(filter %_defconfig,$(MAKECMDGOALS)): %_defconfig:
	$(call step,DEFCONFIG,$*$(if $(FRAGMENTS), + $(FRAGMENTS)))
	$(Q)$(MESOCONF) defconfig --product $*
	$(Q)$(if $(FRAGMENTS),$(MESOCONF) merge $(foreach f,$(FRAGMENTS),--fragment $(f:.config=)))

$(filter %.config,$(MAKECMDGOALS)): %.config: $(CONFIG)
	$(call step,MERGE,$*.config)
	$(Q)$(MESOCONF) merge --fragment $*

# Building or running without a configuration starts from the default
# product; every other verb asks for one.
ifneq ($(filter all image run,$(or $(MAKECMDGOALS),all)),)
$(CONFIG):
	@echo "meso: no configuration in $(O) yet, using the default product $(DEFAULT_PRODUCT)"
	$(Q)$(MESOCONF) defconfig $(srctree)/configs/$(DEFAULT_PRODUCT)_defconfig
else
$(CONFIG):
	@echo "meso: no configuration in $(O): run 'make <product>_defconfig' first (e.g. 'make $(DEFAULT_PRODUCT)_defconfig'; 'make list-defconfigs' lists them)" >&2; exit 1
endif

list-defconfigs:
	$(Q)$(MESOCONF) list-defconfigs

menuconfig:
	$(Q)$(MESOCONF) menuconfig

oldconfig: $(CONFIG)
	$(Q)$(MESOCONF) oldconfig

olddefconfig: $(CONFIG)
	$(call step,CONFIG,.config)
	$(Q)$(MESOCONF) olddefconfig

savedefconfig: $(CONFIG)
	$(call step,SAVEDEF,$(objtree)/defconfig)
	$(Q)$(MESOCONF) savedefconfig $(objtree)/defconfig

##@ Build
gen: $(CONFIG)
	$(call step,GEN,$(GEN))
	$(Q)$(MESOCONF) gen

##@ Build and run (only parsed for build goals: they need gen/product.mk)
build_goals := all image run debug vmm guests size uitron-guests \
	linux linux-initramfs linux-clean
ifneq ($(filter $(build_goals),$(or $(MAKECMDGOALS),all)),)
GEN_STAMP := $(GEN)/.stamp
$(GEN_STAMP): $(CONFIG) $(wildcard $(srctree)/Kconfig* $(srctree)/templates/*.j2 \
		$(srctree)/scripts/meso/*.py $(srctree)/configs/boards/*.toml)
	$(call step,GEN,$(GEN))
	$(Q)$(MESOCONF) gen
	@touch $@
$(GEN)/product.mk $(GEN)/vmm.ld $(GEN)/grub.cfg $(GEN)/include/generated/meso_layout.h: $(GEN_STAMP) ;
$(GEN)/src/%.c $(GEN)/guests/%.ld $(GEN)/guests/%.h: $(GEN_STAMP) ;
-include $(GEN)/product.mk
$(call deps_install,$(deps_for_product))
include $(srctree)/vmm-src/build.mk
include $(srctree)/guests/probe/build.mk
include $(srctree)/guests/uitron/build.mk
include $(srctree)/guests/linux/build.mk
include $(srctree)/scripts/custom.mk
include $(srctree)/scripts/image.mk

# The monitor carries each image's SHA-256: once the guest images exist,
# generate again (only gen/src/digests.c changes) before linking it.
DIGEST_STAMP := $(GEN)/.digests
$(DIGEST_STAMP): $(GEN_STAMP) $(foreach g,$(MESO_GUESTS),$(call image_src,$(g)))
	$(call step,DIGEST,$(GEN)/src/digests.c)
	$(Q)$(MESOCONF) gen
	@touch $@
$(VMM_OUT)/gen/digests.o: $(DIGEST_STAMP)

size: $(VMM_ELF)
	$(Q)$(srctree)/scripts/size.sh $(srctree) $(VMM_ELF)
else ifneq ($(filter uitron-native,$(MAKECMDGOALS)),)
# The bare-metal RTOS images need no product configuration.
include $(srctree)/guests/uitron/build.mk
endif

##@ Check
# The Linux tests reuse one kernel build in $(LINUX_TEST_TREE).
LINUX_TEST_TREE := $(objtree)/build/linux-test
test:
	$(Q)cd $(srctree) && MESO_LINUX_OBJTREE=$(LINUX_TEST_TREE) \
		$(PYTHON) -m pytest -q -p no:cacheprovider tests

test-generator:
	$(Q)cd $(srctree) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/generator

test-qemu:
	$(Q)cd $(srctree) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/qemu

test-linux:
	$(Q)cd $(srctree) && MESO_LINUX_OBJTREE=$(LINUX_TEST_TREE) \
		$(PYTHON) -m pytest -q -p no:cacheprovider tests/linux

linux-patch-stat:
	$(Q)for s in linux-6.1 linux-6.1-svm; do $(srctree)/scripts/linux-patch-stat.sh $(srctree)/guest-patches/$$s; done

##@ Measure (never part of the tests)
bench:
	$(Q)$(PYTHON) $(srctree)/scripts/bench/run.py --objtree $(objtree) $(BENCH)

##@ Housekeeping
clean:
	$(call step,CLEAN,$(objtree)/build)
	$(Q)rm -rf $(objtree)/build

distclean: clean
	$(call step,CLEAN,$(CONFIG) $(GEN))
	$(Q)rm -rf $(CONFIG) $(CONFIG).old $(objtree)/defconfig $(GEN)

endif # mixed_goals
