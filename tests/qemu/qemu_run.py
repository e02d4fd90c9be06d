"""Shared helpers of the QEMU scenarios: build a product into a private
output tree, boot it under TCG with deterministic time (-icount) and
collect what the monitor (COM1) and the guests (COM2..COM4) print.

Every scenario judges a run only by those lines, within a bounded time.
"""
import os
import re
import subprocess
import sys
import threading
import time

import pytest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PYTHON = sys.executable
TICKER_RE = re.compile(r"ticker: (\d+) ticks, missed (\d+), max late (\d+) us")


def build(out, fragments=(), merge=None):
    """make <defconfig> [fragments], optionally merge a config file, image.
    Returns None, or the generator's refusal (for pytest.skip)."""
    steps = [["make", "-C", SRCTREE, f"O={out}", "qemu_probe_defconfig", *fragments]]
    if merge:
        steps.append([PYTHON, os.path.join(SRCTREE, "scripts", "mesoconf"),
                      "--objtree", out, "merge", merge])
    steps.append(["make", "-C", SRCTREE, f"O={out}", "image"])
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if proc.returncode:
            return f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}"
    assert os.path.exists(os.path.join(out, "build", "meso.iso"))
    return None


class Run:
    """One QEMU run; COM1 lines collected by a thread, COM2..4 in files."""

    def __init__(self, objtree, logdir, extra=()):
        self.com = {n: os.path.join(logdir, f"com{n}.log") for n in (2, 3, 4)}
        cmd = ["qemu-system-i386", "-machine", "pc,accel=tcg", "-m", "256",
               "-cdrom", os.path.join(objtree, "build", "meso.iso"),
               "-display", "none", "-no-reboot", "-monitor", "none",
               "-icount", "shift=5,sleep=off", "-rtc", "clock=vm",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", *extra]
        for n in (2, 3, 4):
            cmd += ["-serial", f"file:{self.com[n]}"]
        self.lines = []
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip("\r\n"))

    def guest_lines(self, n):
        try:
            with open(self.com[n], errors="replace") as f:
                return [l.rstrip("\r\n") for l in f]
        except FileNotFoundError:
            return []

    def ticker_reports(self):
        return [tuple(map(int, m.groups())) for m in
                map(TICKER_RE.match, self.guest_lines(2)) if m]

    def wait(self, done, deadline_s):
        """Poll done(self) until true, QEMU exits or the deadline; stop."""
        end = time.monotonic() + deadline_s
        try:
            while time.monotonic() < end and self.proc.poll() is None:
                time.sleep(0.3)
                if done(self):
                    break
        finally:
            self.proc.kill()
            self.proc.wait(timeout=10)
        return self


@pytest.fixture(scope="module")
def boot(tmp_path_factory):
    """boot(objtree, done, deadline_s) -> a finished Run."""
    def _boot(objtree, done, deadline_s):
        return Run(objtree, str(tmp_path_factory.mktemp("run"))).wait(done, deadline_s)
    return _boot
