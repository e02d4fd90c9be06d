"""The uITRON RTOS on bare metal (port/native), booted from GRUB in QEMU
(TCG).  Judged only by what it prints on COM1, each run bounded by a
timeout.  The images are built from guests/uitron/build.mk through a
scratch wrapper makefile, so these tests do not depend on a product
configuration; set UITRON_NATIVE_DIR to test prebuilt images instead."""
import os
import re
import shutil
import subprocess

import pytest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN = os.path.join(SRCTREE, "tests", "uitron", "run_native.sh")
TIMEOUT = 60

WRAPPER = """\
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.SUFFIXES:
srctree := {srctree}
objtree := {objtree}
GEN := {objtree}/gen
Q := @
step = @true
include $(srctree)/guests/uitron/build.mk
"""

needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("qemu-system-i386", "grub-mkrescue", "xorriso", "gcc")),
    reason="needs qemu-system-i386, grub-mkrescue, xorriso and gcc")


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    prebuilt = os.environ.get("UITRON_NATIVE_DIR")
    if prebuilt:
        return prebuilt
    objtree = tmp_path_factory.mktemp("uitron")
    mk = objtree / "Makefile"
    mk.write_text(WRAPPER.format(srctree=SRCTREE, objtree=objtree))
    proc = subprocess.run(["make", "-f", str(mk), "-j4", "uitron-native"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return str(objtree / "build" / "uitron-native")


def run(images, app):
    proc = subprocess.run([RUN, app, str(TIMEOUT), os.path.join(images, app + ".elf")],
                          capture_output=True, text=True, errors="replace",
                          timeout=TIMEOUT + 60)
    lines = [l.rstrip("\r") for l in proc.stdout.splitlines()]
    # GRUB and the BIOS also write to COM1; the application's lines follow
    # its start message.
    start = next((i for i, l in enumerate(lines) if l.startswith(app + ": start")), None)
    assert start is not None, "no start line from %s:\n%s%s" % (app, proc.stdout, proc.stderr)
    return proc.returncode, lines[start + 1:], proc.stderr


@needs_tools
def test_conformance_all_pass(images):
    rc, lines, err = run(images, "conformance")
    checks = [l for l in lines if l.startswith(("PASS ", "FAIL "))]
    failures = [l for l in checks if l.startswith("FAIL ")]
    summary = [l for l in lines if l.startswith("conformance: ")]
    assert not failures, "\n".join(failures)
    assert summary, "no summary line:\n" + "\n".join(lines) + err
    m = re.fullmatch(r"conformance: (\d+) passed, (\d+) failed", summary[-1])
    assert m, summary[-1]
    assert int(m.group(2)) == 0
    assert int(m.group(1)) == len(checks) >= 70
    # every line up to the summary is a check line: nothing else leaked
    others = [l for l in lines[:lines.index(summary[-1])]
              if not l.startswith(("PASS ", "FAIL "))]
    assert not others, others
    assert rc == 0, err


@needs_tools
def test_demo_meets_every_period(images):
    rc, lines, err = run(images, "demo")
    pat = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")
    stats = [pat.fullmatch(l) for l in lines if l.startswith("demo: periods=")]
    assert len(stats) == 3 and all(stats), "\n".join(lines) + err
    for m in stats:
        periods, missed, avg, mx = map(int, m.groups())
        assert periods == 1000 and missed == 0, m.group(0)
        assert 0 < avg <= mx, m.group(0)
    dtq = [re.fullmatch(r"demo: dtq sent=(\d+) received=(\d+) errors=0", l) for l in lines]
    dtq = [m for m in dtq if m]
    assert dtq, lines
    sent, received = map(int, dtq[0].groups())
    # the stop may come mid-burst: at most a queue (8) plus one in flight
    assert 0 < received <= sent <= received + 9, dtq[0].group(0)
    assert any(re.fullmatch(r"demo: sem pingpong rounds=[1-9]\d*", l) for l in lines), lines
    assert "demo: done" in lines
    assert rc == 0, err
