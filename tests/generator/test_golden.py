"""Every product defconfig generates, and its outputs match the goldens.

Goldens live in golden/<defconfig>/; refresh them after an intended change
with `UPDATE_GOLDEN=1 make test-generator` and review the diff.
"""
import os
import shutil
import subprocess

import pytest

from gentree import DEFCONFIGS, SRCTREE

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")


def _files(root):
    out = {}
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            path = os.path.join(dirpath, n)
            with open(path) as f:
                out[os.path.relpath(path, root)] = f.read()
    return out


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_defconfig_matches_golden(tree, defconfig):
    tree.defconfig(defconfig)
    run = tree.mesoconf("gen")
    assert run.rc == 0, run.err
    produced = _files(os.path.join(tree.path, "gen"))
    golden_dir = os.path.join(GOLDEN, defconfig)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        shutil.copytree(os.path.join(tree.path, "gen"), golden_dir)
    expected = _files(golden_dir)
    assert sorted(produced) == sorted(expected)
    for rel in expected:
        assert produced[rel] == expected[rel], "gen/{} differs".format(rel)


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_generated_c_compiles_strict(tree, defconfig):
    """The tables compile with the monitor's warnings as errors, -m32."""
    tree.defconfig(defconfig)
    assert tree.mesoconf("gen").rc == 0
    gen = os.path.join(tree.path, "gen")
    consumer = tree.write("consumer.c", """
#include <vmm/config_tables.h>
unsigned consumer_sum(void);
unsigned consumer_sum(void)
{
\tunsigned sum = 0;
\tint i;
\tfor (i = 0; i < CFG_NR_GUESTS; i++)
\t\tsum += cfg_partitions[i].mem.size + cfg_vcpus[i].tpr_masked +
\t\t       cfg_iobitmaps[i].len + cfg_digests[i].present;
\tfor (i = 0; i < CFG_NR_IRQ_ROUTES; i++)
\t\tsum += cfg_irq_routes[i].vector;
\tfor (i = 0; i < CFG_NR_CHANNELS; i++)
\t\tsum += cfg_channels[i].shm.base;
\treturn sum + cfg_vector_owner[CFG_TICK_VECTOR];
}
""")
    sources = [consumer] + [os.path.join(gen, "src", f)
                            for f in sorted(os.listdir(os.path.join(gen, "src")))]
    obj = os.path.join(tree.path, "consumer.o")
    proc = subprocess.run(
        ["gcc", "-m32", "-std=gnu11", "-ffreestanding", "-nostdlib", "-r",
         "-Wall", "-Wextra", "-Werror", "-Wmissing-prototypes", "-Wshadow",
         "-Wvla", "-I", os.path.join(gen, "include"),
         "-I", os.path.join(SRCTREE, "vmm-src", "include"), "-o", obj]
        + sources, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_gen_rewrites_nothing_when_unchanged(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    assert tree.mesoconf("gen").rc == 0
    gen = os.path.join(tree.path, "gen")
    before = {p: os.stat(os.path.join(gen, p)).st_mtime_ns
              for p in _files(gen)}
    run = tree.mesoconf("-v", "gen")
    assert run.rc == 0
    assert "updated" not in run.out
    after = {p: os.stat(os.path.join(gen, p)).st_mtime_ns for p in _files(gen)}
    assert before == after


def test_gen_removes_outputs_of_a_dropped_guest(tree):
    tree.defconfig("qemu_rtos_pair_defconfig")
    assert tree.mesoconf("gen").rc == 0
    assert os.path.exists(os.path.join(tree.path, "gen/guests/rtos1.ld"))
    frag = tree.write("drop.config", "# CONFIG_GUEST1_ENABLE is not set\n")
    assert tree.mesoconf("merge", frag).rc == 0
    run = tree.mesoconf("-v", "gen")
    assert run.rc == 0
    assert "removed gen/guests/rtos1.ld" in run.out
    assert not os.path.exists(os.path.join(tree.path, "gen/guests/rtos1.ld"))


def test_failed_validation_writes_nothing(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    assert tree.mesoconf("gen").rc == 0
    gen = os.path.join(tree.path, "gen")
    before = _files(gen)
    frag = tree.write("bad.config", "CONFIG_GUEST0_MEM_BASE=0x04000000\n")
    assert tree.mesoconf("merge", frag).rc == 0
    run = tree.mesoconf("gen")
    assert run.rc == 1
    assert _files(gen) == before
