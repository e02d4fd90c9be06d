"""Fixtures for the Linux guest tests: a built kernel + initramfs and a
QEMU runner that judges the guest by its serial output.

The kernel takes about two minutes to build from clean, so a build can be
reused: MESO_LINUX_OBJTREE=<dir> points at an O= directory in which
`make linux linux-initramfs` already ran (it is rebuilt incrementally,
which takes seconds).  Without it the build goes to a temporary
directory.  MESO_DL caches the busybox download between runs.
"""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linux_qemu import QEMU, Serial, make
from meso_qemu import PYTHON, SRCTREE

PRODUCT = "qemu_hybrid"


@pytest.fixture(scope="session")
def linux_build(tmp_path_factory):
    """O= directory with gen/linux/* and build/linux/{bzImage,initramfs}."""
    if shutil.which(QEMU) is None:
        pytest.skip(f"{QEMU} not installed")
    objtree = os.environ.get("MESO_LINUX_OBJTREE")
    objtree = Path(objtree) if objtree else tmp_path_factory.mktemp("linux")
    if not (objtree / ".config").exists():
        make(objtree, f"{PRODUCT}_defconfig", timeout=120)
    make(objtree, "gen", timeout=120)
    make(objtree, "linux", "linux-initramfs", timeout=1800)
    out = objtree / "build" / "linux"
    for f in ("bzImage", "vmlinux", "initramfs.cpio.gz", "VERSION"):
        assert (out / f).is_file(), f"{out / f} missing after make linux"
    return objtree


@pytest.fixture
def boot(linux_build, tmp_path):
    """boot(append, machine="pc", trace=()) -> Serial; killed at teardown."""
    started = []

    def _boot(append, machine="pc", trace=()):
        out = linux_build / "build" / "linux"
        args = [QEMU, "-machine", machine, "-m", "256", "-nographic",
                "-no-reboot", "-kernel", str(out / "bzImage"),
                "-initrd", str(out / "initramfs.cpio.gz"), "-append", append]
        if trace:
            for ev in trace:
                args += ["-trace", ev]
            args += ["-D", str(tmp_path / "trace.log")]
        s = Serial(args, tmp_path / f"serial{len(started)}.log")
        s.trace_log = tmp_path / "trace.log"
        started.append(s)
        return s

    yield _boot
    for s in started:
        s.close()


@pytest.fixture(scope="session")
def hybrid_image(linux_build):
    """The qemu_hybrid ISO (monitor + RTOS + this Linux) of linux_build."""
    make(linux_build, "image", timeout=1800)
    iso = linux_build / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def multi_rtos_image(linux_build, tmp_path_factory):
    """The qemu_multi_rtos ISO (Linux + rtos0 + rtos1).  Its Linux
    partition and IPL band are those of qemu_hybrid, so it shares
    linux_build's kernel (LINUX_DIR): no second kernel build."""
    objtree = tmp_path_factory.mktemp("multi-rtos")
    make(objtree, "qemu_multi_rtos_defconfig", timeout=120)
    make(objtree, "image", f"LINUX_DIR={linux_build / 'build'}", timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def split_off_image(linux_build, tmp_path_factory):
    """qemu_hybrid with configs/fragments/ipl-split-off.config: every
    guest in one band, so Linux's "interrupts off" masks the RTOS too.
    Its Linux has another IPL band, hence a kernel build of its own (in
    <MESO_LINUX_OBJTREE>-split-off when that is set, to be reused)."""
    given = os.environ.get("MESO_LINUX_OBJTREE")
    objtree = Path(given + "-split-off") if given else \
        tmp_path_factory.mktemp("split-off")
    make(objtree, "qemu_hybrid_defconfig", "FRAGMENTS=ipl-split-off", timeout=120)
    make(objtree, "image", timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def svm_image(linux_build, tmp_path_factory):
    """qemu_hybrid_svm: Linux hardware-isolated (AMD SVM, nested paging)
    beside the RTOS; its own kernel (guest-patches/linux-6.1-svm) with the
    test-only attacker on top (tests/linux/attacker: inactive until a
    test writes to /proc/meso-attack), built in <MESO_LINUX_OBJTREE>-svm
    when that is set, to be reused."""
    given = os.environ.get("MESO_LINUX_OBJTREE")
    objtree = Path(given + "-svm") if given else tmp_path_factory.mktemp("svm")
    make(objtree, "qemu_hybrid_svm_defconfig", timeout=120)
    attacker = sorted((Path(__file__).parent / "attacker").glob("*.patch"))
    make(objtree, "image", "LINUX_EXTRA_PATCHES=" + " ".join(map(str, attacker)),
         timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def smp_image(linux_build, tmp_path_factory):
    """qemu_hybrid_smp: the hybrid on two cores, Linux (trusted) on core
    0, the RTOS on core 1.  Its Linux is qemu_hybrid's (same partition
    and band): linux_build's kernel, no second build."""
    objtree = tmp_path_factory.mktemp("smp")
    make(objtree, "qemu_hybrid_smp_defconfig", timeout=120)
    make(objtree, "image", f"LINUX_DIR={linux_build / 'build'}", timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def smp_split_off_image(split_off_image, tmp_path_factory):
    """qemu_hybrid_smp with ipl-split-off: every guest in one band, which
    on one core lets Linux's "interrupts off" hold the RTOS back.  Its
    Linux is the split-off product's (same band): that kernel build."""
    objtree = tmp_path_factory.mktemp("smp-split-off")
    make(objtree, "qemu_hybrid_smp_defconfig", "FRAGMENTS=ipl-split-off", timeout=120)
    make(objtree, "image", f"LINUX_DIR={split_off_image.parent}", timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso


@pytest.fixture(scope="session")
def smp_rtos_alone_image(tmp_path_factory):
    """qemu_hybrid_smp without Linux: the RTOS alone on core 1, the
    reference for its latency on a core of its own."""
    objtree = tmp_path_factory.mktemp("smp-alone")
    make(objtree, "qemu_hybrid_smp_defconfig", timeout=120)
    frag = objtree / "alone.config"
    frag.write_text("# CONFIG_GUEST1_ENABLE is not set\nCONFIG_LAPIC_TIMER_OWNER_NONE=y\n")
    subprocess.run([PYTHON, str(Path(SRCTREE) / "scripts" / "mesoconf"), "--objtree",
                    str(objtree), "merge", str(frag)], check=True, timeout=120)
    make(objtree, "image", timeout=1800)
    iso = objtree / "build" / "meso.iso"
    assert iso.is_file()
    return iso
