# scripts/deps.mk - installs, before make reads further, the Debian
# packages the goals of this call need; scripts/install-deps.sh keeps the
# groups and proves each package present by what meso uses of it.
#
# Included first by the top Makefile (the build rules run gcc at parse
# time).  A goal needs a group when it runs a program of it; a product
# with a Linux guest adds the linux group to the image goals once
# gen/product.mk has been read ($(deps_for_product)).  A package that
# cannot be installed stops make here, named, before any cryptic error.

deps_goals := $(or $(MAKECMDGOALS),all)
# goals that build or boot an image (the product decides about Linux)
deps_image_goals := all image run debug vmm guests uitron-guests size
deps_groups := $(strip \
	$(if $(filter-out help deps clean distclean linux-clean linux-patch-stat,$(deps_goals)),core) \
	$(if $(filter $(deps_image_goals) uitron-native bench test test-%,$(deps_goals)),image) \
	$(if $(filter linux linux-initramfs test test-linux,$(deps_goals)),linux) \
	$(if $(filter bench,$(deps_goals)),$(if $(or $(filter linux,$(BENCH)),$(if $(BENCH),,all)),linux)) \
	$(if $(filter test test-%,$(deps_goals)),test) \
	$(if $(filter debug,$(deps_goals)),debug))

# $(call deps_install,groups): install-deps.sh prints what it installs on
# stderr; a failure is fatal.
deps_install = $(if $(strip $(1)),$(if $(shell $(srctree)/scripts/install-deps.sh -q $(1) >&2 || echo failed),\
	$(error meso: '$(deps_goals)' needs Debian packages that are missing and could not be installed (see above; 'scripts/install-deps.sh -n $(strip $(1))' lists them))))

deps_for_product = $(if $(MESO_LINUX_GUEST),$(if $(filter $(deps_image_goals),$(deps_goals)),linux))

$(call deps_install,$(deps_groups))
