# tests/unit/build.mk - build and run the host unit tests (`make unit`).
#
# Optional: tests/unit/test_unit.py does the same from pytest.  To use it,
# the top Makefile adds `include $(srctree)/tests/unit/build.mk` outside
# the build-goals block (it needs no gen/).  The monitor's pure files are
# compiled for the host against tests/unit/include (a fixed fake product).

UNIT_OUT := $(objtree)/build/unit
UNIT_MONITOR := insn sha256 sched irq format
UNIT_SRCS := $(patsubst %,$(srctree)/vmm-src/core/%.c,$(UNIT_MONITOR)) \
	$(wildcard $(srctree)/tests/unit/*.c)
UNIT_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wshadow -Wvla \
	-Wno-missing-field-initializers -I$(srctree)/tests/unit/include \
	-I$(srctree)/vmm-src/include -I$(srctree)/tests/unit

$(UNIT_OUT)/unit: $(UNIT_SRCS) $(wildcard $(srctree)/tests/unit/*.h)
	$(call step,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)gcc $(UNIT_CFLAGS) -o $@ $(UNIT_SRCS)

.PHONY: unit
unit: $(UNIT_OUT)/unit
	$(Q)$< >$(UNIT_OUT)/unit.log; rc=$$?; grep '^FAIL' $(UNIT_OUT)/unit.log; \
		tail -1 $(UNIT_OUT)/unit.log; exit $$rc
