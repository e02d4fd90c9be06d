"""The uITRON RTOS on the meso monitor (port/meso), in qemu_rtos_pair
products under TCG with -icount, judged only by the serial output: the
conformance suite gives the same results as natively; the urgent
instance keeps every 1 ms period while the other one is CPU-bound; a
fault in one instance is handled by its policy while the other keeps its
period."""
import re

import pytest

from meso_run import Boot, build, demo_reports
from native_run import ICOUNT_NATIVE, native_images, run_native  # noqa: F401 (fixture)

CHECK_RE = re.compile(r"(PASS|FAIL) (\S+)")
SUMMARY_RE = re.compile(r"conformance: \d+ passed, \d+ failed")
LOAD_RE = re.compile(r"load: periods=(\d+) missed=(\d+) spins=(\d+)")


def checks(lines):
    return [m.groups() for m in map(CHECK_RE.match, lines) if m]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    def _tree(name, lines=(), apps=None):
        return build(str(tmp_path_factory.mktemp(name)), lines, apps)
    return _tree


def test_conformance_on_the_monitor_matches_native(tree, native_images, tmp_path):
    out = tree("conformance", apps={0: "conformance"})
    run = Boot(out, str(tmp_path)).wait(
        lambda r: any(SUMMARY_RE.fullmatch(l) for l in r.lines(2)), 240)
    lines = run.lines(2)
    start = next(i for i, l in enumerate(lines) if l == "conformance: start")
    meso = checks(lines[start:])
    _, native_lines, _ = run_native(native_images, "conformance", ICOUNT_NATIVE)
    native = checks(native_lines)
    assert not [c for c in meso if c[0] == "FAIL"], "\n".join(lines)
    assert len(native) >= 70 and meso == native
    assert "conformance: {} passed, 0 failed".format(len(native)) in lines
    assert "uitron: exit 0" in lines
    # the lower instance (the demo) ran beside it on its own console
    assert "demo: start (1 ms period, 0 s)" in run.lines(3)


def test_urgent_instance_keeps_its_period_beside_a_busy_one(tree, tmp_path):
    out = tree("pair-load", apps={1: "load"})
    run = Boot(out, str(tmp_path)).wait(
        lambda r: len(demo_reports(r.lines(2))) >= 11, 300)
    urgent = demo_reports(run.lines(2))
    assert len(urgent) >= 11, "\n".join(run.lines(2) + run.lines(1))
    # the first second includes the boot; every later one is whole
    assert sum(r[0] for r in urgent) >= 10000
    assert all(r[1] == 0 for r in urgent), urgent
    assert all(r[0] == 1000 for r in urgent[1:]), urgent
    assert all(0 < r[2] <= r[3] for r in urgent), urgent
    busy = [tuple(map(int, m.groups())) for m in map(LOAD_RE.fullmatch, run.lines(3)) if m]
    assert "load: start (10 ms period, CPU-bound below it)" in run.lines(3)
    assert len(busy) >= 3, run.lines(3)
    assert all(p == 100 and s > 0 for p, _, s in busy), busy
    assert not [l for l in run.lines(1) if l.startswith("health: ")], run.lines(1)


HEALTH_RE = re.compile(r"health: guest rtos1 fault #PF at eip=0x[0-9a-f]{8} "
                       r"cr2=0x013ff000 -> (restart|halt)")


@pytest.mark.parametrize("policy", ["restart", "halt"])
def test_crash_in_one_instance_leaves_the_other_on_time(tree, tmp_path, policy):
    out = tree("pair-crash-" + policy,
               ["CONFIG_GUEST1_FAULT_{}=y".format(policy.upper())], apps={1: "crash"})
    run = Boot(out, str(tmp_path)).wait(
        lambda r: len(demo_reports(r.lines(2))) >= 7, 300)
    health = [m for m in map(HEALTH_RE.fullmatch, run.lines(1)) if m]
    starts = [l for l in run.lines(3) if l.startswith("crash: start")]
    assert health, "\n".join(run.lines(1))
    assert {m.group(1) for m in health} == {policy}
    assert run.lines(3).count("crash: now (write below the partition, then divide by zero)") \
        == len(health)
    if policy == "restart":
        # back after each fault: a start line per life, faulting again 2 s on
        assert len(health) >= 2 and len(starts) in (len(health), len(health) + 1)
    else:
        assert len(health) == 1 and len(starts) == 1
        assert run.lines(3)[-1].startswith("crash: now"), run.lines(3)
    urgent = demo_reports(run.lines(2))
    assert len(urgent) >= 7 and all(r[1] == 0 for r in urgent), urgent
    assert all(r[0] == 1000 for r in urgent[1:]), urgent
