"""Fixtures for the Linux guest tests: a built kernel + initramfs and a
QEMU runner that judges the guest by its serial output.

The kernel takes about two minutes to build from clean, so a build can be
reused: MESO_LINUX_OBJTREE=<dir> points at an O= directory in which
`make linux linux-initramfs` already ran (it is rebuilt incrementally,
which takes seconds).  Without it the build goes to a temporary
directory.  MESO_DL caches the busybox download between runs.
"""
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

SRCTREE = Path(__file__).resolve().parents[2]
PRODUCT = "qemu_hybrid"
QEMU = "qemu-system-i386"


def _make(objtree, *goals, timeout):
    cmd = ["make", "-C", str(SRCTREE), f"O={objtree}", *goals]
    if "MESO_DL" in os.environ:
        cmd.append(f"MESO_DL={os.environ['MESO_DL']}")
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res.stdout


@pytest.fixture(scope="session")
def linux_build(tmp_path_factory):
    """O= directory with gen/linux/* and build/linux/{bzImage,initramfs}."""
    if shutil.which(QEMU) is None:
        pytest.skip(f"{QEMU} not installed")
    objtree = os.environ.get("MESO_LINUX_OBJTREE")
    objtree = Path(objtree) if objtree else tmp_path_factory.mktemp("linux")
    if not (objtree / ".config").exists():
        _make(objtree, f"{PRODUCT}_defconfig", timeout=120)
    _make(objtree, "gen", timeout=120)
    _make(objtree, "linux", "linux-initramfs", timeout=1800)
    out = objtree / "build" / "linux"
    for f in ("bzImage", "vmlinux", "initramfs.cpio.gz", "VERSION"):
        assert (out / f).is_file(), f"{out / f} missing after make linux"
    return objtree


def bootmem(objtree):
    """The generated boot memory facts: {key: [fields...]} (e820: list)."""
    facts = {"e820": []}
    for line in (objtree / "gen" / "linux" / "bootmem.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, *vals = line.split()
        if key == "e820":
            facts["e820"].append(vals)
        else:
            facts[key] = vals
    return facts


def partition_memmap(objtree):
    """memmap= options giving a native kernel exactly the E820 RAM the
    monitor will give it (from the generated facts, not hand-written)."""
    opts = ["memmap=exactmap"]
    for base, size, kind in bootmem(objtree)["e820"]:
        assert kind == "ram", kind
        opts.append(f"memmap={int(size, 16):#x}@{int(base, 16):#x}")
    return " ".join(opts)


def host_tsc_khz():
    """Under TCG the guest's TSC runs at the host's rate."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("cpu MHz"):
            return int(float(line.split(":")[1]) * 1000)
    pytest.skip("no cpu MHz in /proc/cpuinfo")


# QEMU's local APIC timer counts at 1 GHz (measured: 999.39 MHz).
QEMU_LAPIC_KHZ = 1000000


class Serial:
    """qemu-system-i386 -nographic: its stdio is the guest's ttyS0."""

    def __init__(self, args, log):
        self.log = log
        self.buf = ""
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        with open(self.log, "wb") as log:
            while True:
                data = self.proc.stdout.read1(4096)
                if not data:
                    return
                log.write(data)
                log.flush()
                with self.lock:
                    self.buf += data.decode("utf-8", "replace")

    def expect(self, pattern, timeout):
        """Wait for a regex in the output after the last match; return it."""
        rx = re.compile(pattern, re.M)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                m = rx.search(self.buf)
                if m:
                    self.buf = self.buf[m.end():]
                    return m
            if self.proc.poll() is not None and not self.reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no /{pattern}/ within {timeout} s; "
                             f"serial log: {self.log}")

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.reader.join(timeout=5)


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
