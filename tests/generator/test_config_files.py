"""Configuration files: defconfigs, fragments, savedefconfig, make verbs.

A mistake in a defconfig or fragment is an error naming the file, the line
and the symbol; nothing is written when a file has one.
"""
import os
import subprocess

import pytest

from gentree import CONFIGS, DEFCONFIGS, SRCTREE

FRAGMENTS = sorted(f for f in os.listdir(os.path.join(CONFIGS, "fragments")))


def _merge(tree, text):
    return tree.mesoconf("merge", tree.write("frag.config", text))


def test_unknown_symbol_names_file_line_and_suggestion(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    run = _merge(tree, "# a comment\nCONFIG_GUEST0_PRIORTY=5\n")
    assert run.rc == 1
    assert run.errors == ["meso: error: frag.config:2: CONFIG_GUEST0_PRIORTY: "
                          "unknown symbol (did you mean CONFIG_GUEST0_PRIORITY?)"]


def test_value_that_does_not_take_effect(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    run = _merge(tree, 'CONFIG_GUEST4_NAME="spare"\n')
    assert run.rc == 1
    assert run.errors == [
        'meso: error: frag.config:1: CONFIG_GUEST4_NAME="spare" did not take '
        'effect (value is ""): its dependencies are not met: GUEST4_ENABLE']


def test_out_of_range_value(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    run = _merge(tree, "CONFIG_GUEST0_PRIORITY=300\n")
    assert run.errors == [
        "meso: error: frag.config:1: CONFIG_GUEST0_PRIORITY=300 did not take "
        "effect (value is 200): outside its range [1, 254]"]


@pytest.mark.parametrize("line,message", [
    ("CONFIG_GUEST0_MEM_BASE=0x1zz",
     "CONFIG_GUEST0_MEM_BASE=0x1zz: '0x1zz' is not a hexadecimal number (0x...)"),
    ("CONFIG_GUEST0_MEM_BASE=16777216",
     "CONFIG_GUEST0_MEM_BASE=16777216: '16777216' is not a hexadecimal "
     "number (0x...)"),
    ("CONFIG_GUEST0_PRIORITY=two",
     "CONFIG_GUEST0_PRIORITY=two: 'two' is not a decimal number"),
    ("CONFIG_GUEST0_NAME=rtos",
     "CONFIG_GUEST0_NAME=rtos: malformed string rtos (expected a "
     "double-quoted string)"),
    ("CONFIG_IPL_SPLIT=yes", "CONFIG_IPL_SPLIT=yes: 'yes' is not a bool "
     "value (y or n)"),
    ("GUEST0_PRIORITY=5", "not an assignment: 'GUEST0_PRIORITY=5' (expected "
     "CONFIG_NAME=value or '# CONFIG_NAME is not set')"),
])
def test_malformed_values(tree, line, message):
    tree.defconfig("qemu_hybrid_defconfig")
    before = tree.read(".config")
    run = _merge(tree, line + "\n")
    assert run.rc == 1
    assert run.errors == ["meso: error: frag.config:1: " + message]
    assert tree.read(".config") == before


def test_all_mistakes_reported_in_line_order(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    run = _merge(tree, "CONFIG_NOPE=y\nCONFIG_GUEST0_PRIORITY=0\nbad\n")
    assert [e.split(":")[3] for e in run.errors] == ["1", "2", "3"]
    assert "meso: 3 errors, nothing written" in run.err


def test_missing_file(tree):
    tree.defconfig("qemu_hybrid_defconfig")
    run = tree.mesoconf("merge", "nope.config")
    assert run.errors == ["meso: error: nope.config: no such file"]


def test_typo_in_a_defconfig(tree):
    path = tree.write("my_defconfig", 'CONFIG_GUEST0_ENABLE=y\n'
                      'CONFIG_GUEST0_NAME="a"\nCONFIG_GUEST0_MEM_SIZ=0x1000\n')
    run = tree.mesoconf("defconfig", path)
    assert run.rc == 1
    assert run.errors == ["meso: error: my_defconfig:3: CONFIG_GUEST0_MEM_SIZ: "
                          "unknown symbol (did you mean CONFIG_GUEST0_MEM_SIZE?)"]
    assert not os.path.exists(os.path.join(tree.path, ".config"))


def test_gen_without_config_says_what_to_run(tree):
    run = tree.mesoconf("gen")
    assert run.rc == 1
    assert "run 'make <product>_defconfig'" in run.errors[0]


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_savedefconfig_round_trip(tree, defconfig):
    """savedefconfig reproduces the committed minimal defconfig exactly."""
    tree.defconfig(defconfig)
    full = tree.read(".config")
    out = os.path.join(tree.path, "defconfig")
    assert tree.mesoconf("savedefconfig", out).rc == 0
    with open(os.path.join(CONFIGS, defconfig)) as f:
        committed = [l for l in f if not l.startswith("# ")]
    assert tree.read("defconfig").splitlines(True) == committed
    assert tree.mesoconf("defconfig", out).rc == 0
    assert tree.read(".config") == full


def _applies(defconfig, fragment):
    """linux-large.config resizes slot 1, the Linux slot of Linux products."""
    with open(os.path.join(CONFIGS, defconfig)) as f:
        has_linux = "CONFIG_GUEST1_KIND_LINUX=y" in f.read()
    return has_linux or fragment != "linux-large.config"


@pytest.mark.parametrize("defconfig,fragment", [
    (d, f) for d in DEFCONFIGS for f in FRAGMENTS if _applies(d, f)])
def test_fragment_combines_with_product(tree, defconfig, fragment):
    """Every fragment merges onto every product it applies to, takes
    effect, and the result generates."""
    tree.defconfig(defconfig)
    merged = tree.mesoconf("merge", os.path.join(CONFIGS, "fragments",
                                                 fragment))
    assert merged.rc == 0, merged.err
    run = tree.mesoconf("gen")
    assert run.rc == 0, run.err


def test_product_line_shares_fragments(tree):
    """Two products with the same fragments differ only where they should."""
    maps = {}
    for product in ("qemu_hybrid_defconfig", "qemu_multi_rtos_defconfig"):
        tree.defconfig(product)
        for frag in ("linux-large.config", "ipl-split-off.config"):
            assert tree.mesoconf("merge", os.path.join(
                CONFIGS, "fragments", frag)).rc == 0
        assert tree.mesoconf("gen").rc == 0
        maps[product] = tree.read("gen/partition-map.txt")
    for text in maps.values():
        assert "IPL split off" in text
        assert "0x04000000-0x0bffffff   128 MiB  linux" in text
    assert "rtos1" in maps["qemu_multi_rtos_defconfig"]
    assert "rtos1" not in maps["qemu_hybrid_defconfig"]


def _make(*args, cwd=SRCTREE):
    return subprocess.run(["make", "-s"] + list(args), cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_make_verbs_with_output_dir(tmp_path):
    o = "O={}".format(tmp_path)
    proc = _make("gen", o)
    assert proc.returncode != 0
    assert "run 'make <product>_defconfig' first" in proc.stderr
    proc = _make("qemu_rtos_pair_defconfig", "ipl-split-off.config", o)
    assert proc.returncode == 0, proc.stderr
    assert "# CONFIG_IPL_SPLIT is not set" in (tmp_path / ".config").read_text()
    proc = _make("gen", o)
    assert proc.returncode == 0, proc.stderr
    assert 'meso product "rtos-pair"' in (tmp_path / "gen" /
                                          "partition-map.txt").read_text()
    assert (tmp_path / "gen" / "grub.cfg").exists()
    assert not os.path.exists(os.path.join(SRCTREE, "gen", "grub.cfg")) or \
        "rtos-pair" not in open(os.path.join(SRCTREE, "gen", "grub.cfg")).read()
    proc = _make("nosuch_defconfig", o)
    assert proc.returncode != 0
    assert "no product 'nosuch'" in proc.stderr
    proc = _make("nosuch.config", o)
    assert "no fragment 'nosuch'" in proc.stderr
    proc = _make("list-defconfigs", o)
    for name in DEFCONFIGS + FRAGMENTS:
        assert name in proc.stdout
