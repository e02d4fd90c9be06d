"""The uITRON RTOS on bare metal (port/native), booted from GRUB in QEMU
(TCG).  Judged only by what it prints on COM1, each run bounded by a
timeout (see native_run.py)."""
import re

from native_run import ICOUNT_NATIVE, native_images, run_native  # noqa: F401 (fixture)


def test_conformance_all_pass(native_images):
    rc, lines, err = run_native(native_images, "conformance", ICOUNT_NATIVE)
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


def test_demo_meets_every_period(native_images):
    rc, lines, err = run_native(native_images, "demo", ICOUNT_NATIVE)
    pat = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")
    stats = [pat.fullmatch(l) for l in lines if l.startswith("demo: periods=")]
    assert len(stats) == 3 and all(stats), "\n".join(lines) + err
    for m in stats:
        periods, missed, avg, mx = map(int, m.groups())
        assert periods == 1000 and missed == 0, m.group(0)
        assert 0 < avg <= mx, m.group(0)
    # the histogram printed at the end covers the 3 seconds: every period
    # once, the worst in the top bucket
    buckets = []
    for l in lines:
        if l.startswith("demo: hist "):
            assert l.split()[2:4] == ["w=512", "s=3"], l
            buckets += [tuple(map(int, b.split(":"))) for b in l.split()[4:]]
    assert sum(c for _, c in buckets) == 3000, (buckets, lines)
    worst = max(int(m.group(4)) for m in stats)
    assert max(b for b, _ in buckets) == worst // 512, (buckets, worst)
    dtq = [re.fullmatch(r"demo: dtq sent=(\d+) received=(\d+) errors=0", l) for l in lines]
    dtq = [m for m in dtq if m]
    assert dtq, lines
    sent, received = map(int, dtq[0].groups())
    # the stop may come mid-burst: at most a queue (8) plus one in flight
    assert 0 < received <= sent <= received + 9, dtq[0].group(0)
    assert any(re.fullmatch(r"demo: sem pingpong rounds=[1-9]\d*", l) for l in lines), lines
    assert "demo: done" in lines
    assert rc == 0, err
