"""Helpers of the QEMU scenarios (the probe product): build it into a
private output tree and boot it with meso_qemu's runner; the monitor's
lines (COM1) and the guests' (COM2..COM4) judge the run.

Every scenario judges a run only by those lines, within a bounded time.
"""
import re

import pytest

from meso_qemu import PYTHON, SRCTREE, QemuRun, make_product  # noqa: F401 (re-exported)

TICKER_RE = re.compile(r"ticker: (\d+) ticks, missed (\d+), max late (\d+) us")


def build(out, fragments=(), merge=None):
    """qemu_probe_defconfig [fragments], optionally a config file merged,
    image.  Returns None, or the failing step's output."""
    return make_product(out, "qemu_probe_defconfig", fragments,
                        config_files=[merge] if merge else ())


class Run(QemuRun):
    """One run of the probe product: `lines` the monitor's, guest_lines(n)
    a guest's COM port."""

    @property
    def lines(self):
        return self.port_lines(1)

    def guest_lines(self, n):
        return self.port_lines(n)

    def ticker_reports(self):
        return [tuple(map(int, m.groups())) for m in
                map(TICKER_RE.match, self.guest_lines(2)) if m]


@pytest.fixture(scope="module")
def boot(tmp_path_factory):
    """boot(objtree, done, deadline_s) -> a finished Run."""
    def _boot(objtree, done, deadline_s):
        return Run(objtree, str(tmp_path_factory.mktemp("run"))).wait(done, deadline_s)
    return _boot
