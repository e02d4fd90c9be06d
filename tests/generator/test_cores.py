"""Multicore products (CONFIG_CPUS, GUESTn_CPU): what the generator
derives from the cores and what it allows that a single core would not.
The refusals are invalid/ cases (cpu-*, channel-cross-core-*,
trampoline-*, bands-overlap-same-core)."""
import re


def _gen(tree, defconfig, lines=()):
    tree.defconfig(defconfig)
    if lines:
        tree.write("frag.config", "\n".join(lines) + "\n")
        merged = tree.mesoconf("merge", tree.path + "/frag.config")
        assert merged.rc == 0, merged.err
    run = tree.mesoconf("gen")
    assert run.rc == 0, run.err
    return tree.read("gen/include/generated/meso_layout.h")


def _define(layout, name):
    return int(re.search(r"#define {}\s+(\S+?)u?\s".format(name), layout).group(1), 0)


def test_bands_may_overlap_across_cores(tree):
    """ping (core 0) takes the ticker's band (core 1): no conflict."""
    layout = _gen(tree, "qemu_probe_smp_defconfig",
                  ["CONFIG_GUEST1_IPL_LOW=13", "CONFIG_GUEST1_IPL_HIGH=14",
                   "CONFIG_GUEST1_PRIORITY=210"])
    assert _define(layout, "CFG_NR_CPUS") == 2
    vectors = re.findall(r"\[(\d+)\] = \{[^}]*?\.timer_vector = (0x[0-9a-f]+)",
                         tree.read("gen/src/vcpus.c"), re.S)
    timer = [int(v, 16) for _, v in vectors]
    assert len(set(timer)) == len(timer), "vectors stay unique across cores"


def test_partition_map_and_tick_core(tree):
    layout = _gen(tree, "qemu_probe_smp_defconfig")
    assert _define(layout, "CFG_TICK_CPU") == 0
    assert _define(layout, "CFG_SMP_TRAMPOLINE") == 0x8000
    text = tree.read("gen/partition-map.txt")
    assert re.search(r"ticker\s+core 1, probe", text)
    assert re.search(r"ping\s+core 0, probe", text)
    assert "start page of core 1" in text
    assert "MESO_QEMU_SMP := 2" in tree.read("gen/product.mk")


def test_trusted_core_gives_the_tick_to_another(tree):
    """A trusted Linux on core 0: the PIT goes to core 1, whose tick no
    interrupts-off stretch of Linux's can hold back."""
    layout = _gen(tree, "qemu_hybrid_defconfig", ["CONFIG_CPUS=2", "CONFIG_GUEST0_CPU=1"])
    assert _define(layout, "CFG_TICK_CPU") == 1


def test_single_core_is_unchanged(tree):
    layout = _gen(tree, "qemu_probe_defconfig")
    assert _define(layout, "CFG_NR_CPUS") == 1
    assert "CFG_SMP_TRAMPOLINE" not in layout
    assert not re.search(r"core \d", tree.read("gen/partition-map.txt"))
    assert "MESO_QEMU_SMP := 1" in tree.read("gen/product.mk")
