"""The same probe product with the IPL split off (fragment
ipl-split-off.config): every guest shares classes 2-14, so a guest's
"disable interrupts" raises the TPR to 0xe0 and blocks every guest.  The
spinner's 20 ms bursts must now hold back the higher-priority ticker by
about the burst length, and ticks are merged (missed): the degraded
behaviour the split exists to prevent (compare test_probe.py).
"""
import re

import pytest

from qemu_run import boot, build  # noqa: F401 (boot is a fixture)

DEADLINE_S = 90
BURST_US = 20000


@pytest.fixture(scope="module")
def run(tmp_path_factory, boot):
    out = str(tmp_path_factory.mktemp("probe-split-off"))
    err = build(out, fragments=("ipl-split-off.config",))
    assert err is None, err

    def done(r):
        ticks = r.ticker_reports()
        return (ticks and ticks[-1][0] >= 3000
                and sum(l.startswith("spinner: burst") for l in r.lines) >= 10)
    return boot(out, done, DEADLINE_S)


def test_split_is_off(run):
    assert all(re.search(r"TPR 0x10/0xe0$", l) for l in run.lines
               if l.startswith("boot: guest") and " started:" in l)


def test_spinner_bursts(run):
    bursts = [int(m.group(1)) for m in
              (re.fullmatch(r"spinner: burst \d+: interrupts off for (\d+) us", l)
               for l in run.lines) if m]
    assert len(bursts) >= 10 and all(BURST_US <= b < BURST_US + 1000 for b in bursts), bursts


def test_ticker_held_back_by_the_burst(run):
    reports = run.ticker_reports()
    assert reports and reports[-1][0] >= 3000, reports[-1:]
    late = max(l for _, _, l in reports)
    missed = reports[-1][1]
    assert 0.75 * BURST_US <= late <= 1.25 * BURST_US, late
    assert missed > 0, reports[-1]


def test_lazy_mask_holds_every_guest(run):
    """Lazy bursts behave as the others without the split: the spinner's
    own timer is held until unmask (and, as the lateness above shows for
    the bursts as a whole, the ticker with it)."""
    lazy = [m.groups() for m in
            (re.fullmatch(r"spinner: lazy burst \d+: timer while masked: taken (\d+), "
                          r"pending (\d+); on unmask: taken (\d+)", l) for l in run.lines) if m]
    assert len(lazy) >= 5 and all(g == ("0", "1", "1") for g in lazy), lazy
