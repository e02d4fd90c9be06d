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

# A Python 3 with kconfiglib and Jinja2 (Debian's /usr/bin/python3 first);
# missing packages are installed from Debian before anything else runs.
no_python_goals := help deps clean distclean
PYTHON := $(shell $(srctree)/scripts/find-python.sh)
ifeq ($(PYTHON),)
ifneq ($(filter-out $(no_python_goals),$(or $(MAKECMDGOALS),all)),)
$(info meso: no python3 with kconfiglib and Jinja2; installing Debian packages)
$(shell $(srctree)/scripts/install-deps.sh -q core >&2)
PYTHON := $(shell $(srctree)/scripts/find-python.sh)
endif
endif
need_python = $(if $(PYTHON),,$(error meso: python3 with kconfiglib and \
	Jinja2 not found; run 'sudo scripts/install-deps.sh core'))
MESOCONF = $(need_python)$(PYTHON) $(srctree)/scripts/mesoconf \
	--srctree $(srctree) --objtree $(objtree) $(if $(filter 1,$(V)),-v)

config_goals := %_defconfig %.config menuconfig oldconfig olddefconfig \
	savedefconfig list-defconfigs
ifneq ($(filter $(config_goals),$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

.PHONY: all help deps list-defconfigs menuconfig oldconfig olddefconfig \
	savedefconfig gen image run test test-generator clean distclean

all: gen

##@ Configure
help:
	@echo 'meso - one Kconfig description -> a partitioned PC image'
	@echo
	@echo 'Configure:'
	@echo '  <product>_defconfig   start from configs/<product>_defconfig'
	@echo '                        (FRAGMENTS="a b" merges configs/fragments/a.config ...)'
	@echo '  <fragment>.config     merge configs/fragments/<fragment>.config onto .config'
	@echo '  list-defconfigs       list products and fragments'
	@echo '  menuconfig            edit .config in a terminal menu'
	@echo '  oldconfig             refresh .config, asking for new options'
	@echo '  olddefconfig          refresh .config, new options at their defaults'
	@echo '  savedefconfig         write the minimal configuration to $(if $(filter .,$(O)),,$$O/)defconfig'
	@echo
	@echo 'Build:'
	@echo '  gen                   validate .config and generate gen/ (tables, linker'
	@echo '                        scripts, grub.cfg, partition map)'
	@echo '  all                   default: gen'
	@echo
	@echo 'Run:'
	@echo '  run                   generate and print the partition map (the monitor'
	@echo '                        and image are not built yet); configures'
	@echo '                        $(DEFAULT_PRODUCT)_defconfig when there is no .config'
	@echo
	@echo 'Check:'
	@echo '  test                  every test (pytest), summary on the last line'
	@echo '  test-generator        generator tests only'
	@echo
	@echo 'Housekeeping:'
	@echo '  deps                  install every dependency from Debian'
	@echo '  clean                 remove build outputs'
	@echo '  distclean             also remove .config and gen/'
	@echo
	@echo 'Variables: O=dir (all outputs under dir), V=1 (show commands)'

deps:
	$(Q)$(srctree)/scripts/install-deps.sh all

##@ Configure
%_defconfig: $(srctree)/configs/%_defconfig
	$(call step,DEFCONFIG,$*$(if $(FRAGMENTS), + $(FRAGMENTS)))
	$(Q)$(MESOCONF) defconfig $<
	$(Q)$(if $(FRAGMENTS),$(MESOCONF) merge $(foreach f,$(FRAGMENTS),$(srctree)/configs/fragments/$(f:.config=).config))

$(srctree)/configs/%_defconfig:
	@echo "meso: no product '$*': configs/$*_defconfig does not exist (see 'make list-defconfigs')" >&2; exit 1

%.config: $(CONFIG) $(srctree)/configs/fragments/%.config
	$(call step,MERGE,$*.config)
	$(Q)$(MESOCONF) merge $(srctree)/configs/fragments/$*.config

$(srctree)/configs/fragments/%.config:
	@echo "meso: no fragment '$*': configs/fragments/$*.config does not exist (see 'make list-defconfigs')" >&2; exit 1

$(CONFIG):
	@echo "meso: no configuration in $(O): run 'make <product>_defconfig' first (e.g. 'make qemu_hybrid_defconfig'; 'make list-defconfigs' lists them)" >&2; exit 1

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

##@ Run
run:
	$(Q)[ -f $(CONFIG) ] || { echo "meso: no configuration yet, using the default product $(DEFAULT_PRODUCT)"; \
		$(MAKE) $(DEFAULT_PRODUCT)_defconfig; }
	$(call step,GEN,$(GEN))
	$(Q)$(MESOCONF) gen --print-map
	@echo "meso: monitor and image are not built yet; stopped after generating $(GEN)"

##@ Check
test: test-generator

test-generator:
	$(Q)$(srctree)/scripts/install-deps.sh -q core image
	$(Q)cd $(srctree) && $(PYTHON) -m pytest -q -p no:cacheprovider tests/generator

##@ Housekeeping
clean:
	$(call step,CLEAN,$(objtree)/build)
	$(Q)rm -rf $(objtree)/build

distclean: clean
	$(call step,CLEAN,$(CONFIG) $(GEN))
	$(Q)rm -rf $(CONFIG) $(CONFIG).old $(objtree)/defconfig $(GEN)
