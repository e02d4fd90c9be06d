"""meso_qemu.py - what the QEMU test folders share: make a product into a
private output tree, and one run of its image in qemu-system-i386 under
deterministic time (-icount), every serial port logged to a file and the
run judged by those lines within a bounded time.  (Linux's shell needs
its console on stdin: tests/linux/linux_qemu.py drives that.)

Importable from every test folder: tests/conftest.py puts tests/ on the
path.
"""
import os
import re
import socket
import subprocess
import sys
import time

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PYTHON = sys.executable
ICOUNT = "shift=5,sleep=off"    # one instruction = 32 ns of virtual time


def hmp(path, command, timeout=60):
    """One command to QEMU's human monitor on the socket at path; its
    output."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(path)
        buf = b""
        while not buf.endswith(b"(qemu) "):
            buf += s.recv(4096)
        s.sendall(command.encode() + b"\n")
        buf = b""
        while not buf.endswith(b"(qemu) "):
            buf += s.recv(4096)
    return buf.decode(errors="replace")


def partition_base(objtree, guest):
    """A guest's partition base, from the generated partition map."""
    with open(os.path.join(objtree, "gen", "partition-map.txt")) as f:
        m = re.search(r"^\s+0x([0-9a-f]{8})-0x[0-9a-f]{8}\s+\S+ \S+\s+" + guest + r"\s",
                      f.read(), re.M)
    return int(m.group(1), 16)


def elf_section(elf, name, tmp, base=0):
    """(physical address, bytes) of an ELF section loaded at base + its
    load address, from binutils."""
    out = subprocess.run(["objdump", "-h", elf], capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r"^\s*\d+\s+{}\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)".format(re.escape(name)),
                  out, re.M)
    path = os.path.join(tmp, os.path.basename(elf) + name + ".bin")
    subprocess.run(["objcopy", "-O", "binary", "-j", name, elf, path], check=True)
    with open(path, "rb") as f:
        return base + int(m.group(2), 16), f.read()


def read_memory(hmp_path, addr, size, tmp):
    """size bytes of guest-physical (QEMU's) memory at addr, read from
    outside the guests through QEMU's monitor."""
    path = os.path.join(tmp, "mem-{:x}.bin".format(addr))
    hmp(hmp_path, 'pmemsave 0x{:x} {} "{}"'.format(addr, size, path))
    with open(path, "rb") as f:
        return f.read()


def product_vars(objtree):
    """The MESO_* facts the generator wrote to <objtree>/gen/product.mk
    (RAM, QEMU machine and CPU model, guests)."""
    with open(os.path.join(objtree, "gen", "product.mk")) as f:
        return dict(l.split(" := ", 1) for l in f.read().splitlines()
                    if l.startswith("MESO_") and " := " in l)


def make_product(out, defconfig, fragments=(), config_files=(), config_lines=(),
                 no_warnings=False):
    """make <defconfig> [fragments], merge config files and lines, make
    image.  Returns None, or the failing step's output (a generator
    refusal, a build error, or with no_warnings a compiler warning)."""
    os.makedirs(out, exist_ok=True)
    files = list(config_files)
    if config_lines:
        path = os.path.join(out, "test.config")
        with open(path, "w") as f:
            f.write("\n".join(config_lines) + "\n")
        files.append(path)
    steps = [["make", "-C", SRCTREE, f"O={out}", defconfig, *fragments]]
    steps += [[PYTHON, os.path.join(SRCTREE, "scripts", "mesoconf"),
               "--objtree", out, "merge", f] for f in files]
    steps.append(["make", "-C", SRCTREE, f"O={out}", "image"])
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        text = proc.stdout + proc.stderr
        if proc.returncode or (no_warnings and "warning" in text.lower()):
            return f"{' '.join(cmd)} failed:\n{text}"
    assert os.path.exists(os.path.join(out, "build", "meso.iso"))
    return None


class QemuRun:
    """One run of <objtree>/build/meso.iso, COM<n> logged to
    <logdir>/com<n>.log for each n in ports; with hmp, QEMU's own monitor
    on a socket for hmp() (to read guest memory from outside)."""

    def __init__(self, objtree, logdir, ports=(1, 2, 3, 4), icount=ICOUNT, extra=(),
                 cpu=None, hmp=False, smp=None):
        os.makedirs(logdir, exist_ok=True)
        self.logs = {n: os.path.join(logdir, f"com{n}.log") for n in ports}
        self.hmp_path = os.path.join(logdir, "hmp.sock") if hmp else None
        monitor = f"unix:{self.hmp_path},server=on,wait=off" if hmp else "none"
        cmd = ["qemu-system-i386", "-machine", "pc,accel=tcg", "-m", "256",
               "-cpu", cpu or product_vars(objtree)["MESO_QEMU_CPU"],
               "-smp", str(smp or product_vars(objtree).get("MESO_QEMU_SMP", "1")),
               "-cdrom", os.path.join(objtree, "build", "meso.iso"),
               "-display", "none", "-no-reboot", "-monitor", monitor,
               "-icount", icount, "-rtc", "clock=vm",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", *extra]
        for n in range(1, max(ports) + 1):
            cmd += ["-serial", f"file:{self.logs[n]}" if n in self.logs else "null"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)

    def port_lines(self, n):
        """What COM<n> printed so far, a line each."""
        try:
            with open(self.logs[n], errors="replace") as f:
                return [l.rstrip("\r\n") for l in f]
        except FileNotFoundError:
            return []

    def hmp(self, command, timeout=60):
        return hmp(self.hmp_path, command, timeout)

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
