"""Build a uITRON product on the meso monitor into a private output tree
and boot it under TCG with deterministic time (-icount), collecting what
the monitor (COM1) and the RTOS instances (COM2, COM3) print.

Products are qemu_rtos_pair plus config lines (applications by name).
"""
import os
import re
import subprocess
import sys
import time

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PYTHON = sys.executable
DEFCONFIG = "qemu_rtos_pair_defconfig"
ICOUNT = "shift=5,sleep=off"

def _run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return proc.returncode, proc.stdout + proc.stderr


def _configure(out, lines):
    path = os.path.join(out, "uitron-test.config")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    for cmd in (["make", "-C", SRCTREE, "O=" + out, DEFCONFIG],
                [PYTHON, os.path.join(SRCTREE, "scripts", "mesoconf"),
                 "--objtree", out, "merge", path],
                ["make", "-C", SRCTREE, "O=" + out, "gen"]):
        rc, text = _run(cmd)
        if rc:
            return text
    return None


def build(out, lines=(), apps=None):
    """qemu_rtos_pair + config lines + {slot: application}; make image.
    Returns the output tree."""
    os.makedirs(out, exist_ok=True)
    apps = apps or {}
    app_lines = ['CONFIG_GUEST{}_APP="{}"'.format(n, a) for n, a in apps.items()]
    err = _configure(out, list(lines) + app_lines)
    assert not err, err
    rc, text = _run(["make", "-C", SRCTREE, "O=" + out, "image"])
    assert rc == 0, text
    assert "warning" not in text.lower(), text
    return out


class Boot:
    """One QEMU run of <out>/build/meso.iso; COM1..COM3 to files."""

    def __init__(self, out, logdir, icount=ICOUNT):
        os.makedirs(logdir, exist_ok=True)
        self.logs = {n: os.path.join(logdir, "com{}.log".format(n)) for n in (1, 2, 3)}
        cmd = ["qemu-system-i386", "-machine", "pc,accel=tcg", "-m", "256",
               "-cdrom", os.path.join(out, "build", "meso.iso"),
               "-display", "none", "-no-reboot", "-monitor", "none",
               "-icount", icount, "-rtc", "clock=vm",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        for n in (1, 2, 3):
            cmd += ["-serial", "file:" + self.logs[n]]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)

    def lines(self, n):
        try:
            with open(self.logs[n], errors="replace") as f:
                return [l.rstrip("\r\n") for l in f]
        except FileNotFoundError:
            return []

    def wait(self, done, deadline_s):
        """Poll done(self) until true, QEMU exits or the deadline; stop."""
        end = time.monotonic() + deadline_s
        try:
            while time.monotonic() < end and self.proc.poll() is None:
                time.sleep(0.5)
                if done(self):
                    break
        finally:
            self.proc.kill()
            self.proc.wait(timeout=10)
        return self


DEMO_RE = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")


def demo_reports(lines):
    """(periods, missed, avg, max) of each once-a-second demo line."""
    return [tuple(map(int, m.groups())) for m in map(DEMO_RE.fullmatch, lines) if m]
