"""linux_qemu.py - what the Linux tests share: the serial console of a
QEMU run (its stdio), driven with expect()/send(), and `make` on the top
Makefile.  A module of its own name: several test folders have a
conftest.py, so tests never import "conftest"."""
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from meso_qemu import product_vars

SRCTREE = Path(__file__).resolve().parents[2]
QEMU = "qemu-system-i386"
READY = r"meso-linux: ready uptime=([0-9.]+)"
DEMO_RE = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+)")
# QEMU's local APIC timer counts at 1 GHz (measured: 999.39 MHz).
QEMU_LAPIC_KHZ = 1000000


def make(objtree, *goals, timeout):
    cmd = ["make", "-C", str(SRCTREE), f"O={objtree}", *goals]
    if "MESO_DL" in os.environ:
        cmd.append(f"MESO_DL={os.environ['MESO_DL']}")
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res.stdout


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


def boot_monitor(iso, tmp_path, hmp=False):
    """Boot a meso ISO with Linux on COM2 (this Serial) and the monitor,
    the RTOS and COM4 in files (s.com[n]), under -icount; with hmp,
    QEMU's own monitor on the socket s.hmp_path."""
    com = {n: tmp_path / f"com{n}.log" for n in (1, 3, 4)}
    args = [QEMU, "-machine", "pc,accel=tcg", "-m", "256",
            "-cpu", product_vars(Path(iso).parent.parent)["MESO_QEMU_CPU"],
            "-smp", product_vars(Path(iso).parent.parent).get("MESO_QEMU_SMP", "1"),
            "-cdrom", str(iso), "-display", "none", "-no-reboot",
            "-monitor", f"unix:{tmp_path / 'hmp.sock'},server=on,wait=off" if hmp else "none",
            "-icount", "shift=5,sleep=off",
            "-rtc", "clock=vm",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-serial", f"file:{com[1]}", "-serial", "stdio",
            "-serial", f"file:{com[3]}", "-serial", f"file:{com[4]}"]
    s = Serial(args, tmp_path / "com2.log")
    s.com = com
    s.hmp_path = str(tmp_path / "hmp.sock")
    return s


def boot_to_shell(s, boot_timeout=180, cmd_timeout=60):
    """Wait for Linux's ready marker and prompt; prove the shell works."""
    s.expect(READY, boot_timeout)
    s.expect(r"/ # ", cmd_timeout)
    s.send("echo SHELL_OK $((6*7))\n")
    s.expect(r"^SHELL_OK 42\r?$", cmd_timeout)


def demo_reports(path):
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return []
    return [tuple(map(int, m.groups())) for m in DEMO_RE.finditer(text)]
