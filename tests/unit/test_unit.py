"""Host unit tests of the monitor's pure logic: the #GP instruction
decoder, SHA-256, the scheduler's choice, the lazy-masking decisions (TPR
and level), the partition info block,
the routing lookup and interrupt counters, the resumable formatter.  The
very files the monitor is built from (vmm-src/core/{insn,sha256,sched,
irq,format}.c) are compiled with
the host's gcc against a fixed fake product (tests/unit/include,
fake_tables.c); the harness prints one PASS/FAIL line per check and a
final "N passed, M failed" line.
"""
import os
import re
import subprocess

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
UNIT = os.path.join(SRCTREE, "tests", "unit")
MONITOR_FILES = ["insn", "sha256", "sched", "irq", "format"]
CFLAGS = ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-Wshadow",
          "-Wvla", "-Wno-missing-field-initializers"]


def test_unit(tmp_path):
    exe = str(tmp_path / "unit")
    srcs = [os.path.join(SRCTREE, "vmm-src", "core", f + ".c") for f in MONITOR_FILES]
    srcs += [os.path.join(UNIT, f) for f in sorted(os.listdir(UNIT)) if f.endswith(".c")]
    cmd = ["gcc", *CFLAGS, "-I", os.path.join(UNIT, "include"),
           "-I", os.path.join(SRCTREE, "vmm-src", "include"), "-I", UNIT,
           "-o", exe, *srcs]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    lines = proc.stdout.splitlines()
    failed = [l for l in lines if l.startswith("FAIL")]
    m = re.fullmatch(r"(\d+) passed, (\d+) failed", lines[-1] if lines else "")
    assert m, proc.stdout[-500:]
    assert int(m.group(2)) == 0 and not failed and proc.returncode == 0, "\n".join(failed)
    assert int(m.group(1)) >= 50, lines[-1]
