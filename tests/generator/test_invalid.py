"""Invalid products: each case in invalid/ is a fragment merged onto the
product named on its first line ("# base: <defconfig>"); generation must
fail with exactly the messages in <case>.expected and write nothing."""
import os
import subprocess

import pytest

from gentree import SRCTREE

CASES = os.path.join(os.path.dirname(__file__), "invalid")
NAMES = sorted(f[:-7] for f in os.listdir(CASES) if f.endswith(".config"))


def _base(path):
    with open(path) as f:
        first = f.readline()
    assert first.startswith("# base: "), path
    return first[len("# base: "):].strip()


@pytest.mark.parametrize("case", NAMES)
def test_invalid_product(tree, case):
    frag = os.path.join(CASES, case + ".config")
    tree.defconfig(_base(frag))
    merged = tree.mesoconf("merge", frag)
    assert merged.rc == 0, merged.err
    run = tree.mesoconf("gen")
    got = run.err.splitlines()
    expected_path = os.path.join(CASES, case + ".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        with open(expected_path, "w") as f:
            f.write(run.err)
    with open(expected_path) as f:
        expected = f.read().splitlines()
    assert run.rc == 1
    assert got == expected
    assert not os.path.exists(os.path.join(tree.path, "gen"))


def test_at_least_thirty_cases():
    assert len(NAMES) >= 30


def _elf_with_bss(tree, bss_bytes):
    src = tree.write("big.c", "char blob[{}];\nvoid _start(void);\n"
                     "void _start(void) {{ blob[0] = 1; for (;;) ; }}\n"
                     .format(bss_bytes))
    lds = tree.write("big.ld", "SECTIONS { . = 0; .text : { *(.text*) } "
                     ".data : { *(.data*) } .bss : { *(.bss*) *(COMMON) } "
                     "/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) } }\n")
    out = os.path.join(tree.path, "big.elf")
    proc = subprocess.run(["gcc", "-m32", "-nostdlib", "-static", "-T", lds,
                           "-o", out, src],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("bss,fits", [(5 << 20, False), (1 << 20, True)])
def test_image_must_fit_its_partition(tree, bss, fits):
    image = _elf_with_bss(tree, bss)
    tree.defconfig("qemu_rtos_pair_defconfig")
    frag = tree.write("img.config", 'CONFIG_GUEST1_KIND_CUSTOM=y\n'
                      'CONFIG_GUEST1_IMAGE="{}"\n'.format(image))
    assert tree.mesoconf("merge", frag).rc == 0
    run = tree.mesoconf("gen")
    if fits:
        assert run.rc == 0, run.err
        return
    assert run.rc == 1
    rel = os.path.relpath(image, SRCTREE)
    assert run.errors == [
        "meso: error: CONFIG_GUEST1_MEM_SIZE=0x00400000: image {} needs "
        "0x{:08x} bytes (code, data and bss), more than the partition"
        .format(rel, _extent(image))]
    assert _extent(image) > 5 << 20


def _extent(path):
    import sys
    sys.path.insert(0, os.path.join(SRCTREE, "scripts"))
    from meso import images
    return images.load_extent(path, 0x01400000)
