"""The uITRON RTOS on bare metal (port/native): build every application's
native image with `make uitron-native` (no product configuration needed)
and boot one from a GRUB ISO in QEMU (run_native.sh), judged only by what
it prints on COM1.  UITRON_NATIVE_DIR selects prebuilt images."""
import os
import subprocess

import pytest

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN = os.path.join(SRCTREE, "tests", "uitron", "run_native.sh")
TIMEOUT = 60
# Deterministic virtual time for checks whose outcome depends on where a
# tick lands (irot_rdq from the tick ISR): the same on every run.
ICOUNT_NATIVE = "-icount shift=5,sleep=off"


def build_native(objtree):
    """Every application's native image; returns their directory."""
    prebuilt = os.environ.get("UITRON_NATIVE_DIR")
    if prebuilt:
        return prebuilt
    proc = subprocess.run(["make", "-C", SRCTREE, "O={}".format(objtree),
                           "-j4", "uitron-native"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warning" not in (proc.stdout + proc.stderr).lower(), proc.stderr
    return os.path.join(str(objtree), "build", "uitron-native")


def run_native(images, app, extra=""):
    """Boot <app>.elf; (exit code, lines after its start line, stderr)."""
    env = dict(os.environ, QEMU_EXTRA=extra)
    proc = subprocess.run([RUN, app, str(TIMEOUT), os.path.join(images, app + ".elf")],
                          capture_output=True, text=True, errors="replace",
                          timeout=TIMEOUT + 60, env=env)
    lines = [l.rstrip("\r") for l in proc.stdout.splitlines()]
    # GRUB and the BIOS also write to COM1; the application's lines follow
    # its start message.
    start = next((i for i, l in enumerate(lines) if l.startswith(app + ": start")), None)
    assert start is not None, "no start line from %s:\n%s%s" % (app, proc.stdout, proc.stderr)
    return proc.returncode, lines[start + 1:], proc.stderr


@pytest.fixture(scope="session")
def native_images(tmp_path_factory):
    """The native images, built once per session."""
    return build_native(tmp_path_factory.mktemp("uitron-native"))
