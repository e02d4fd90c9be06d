"""The hybrid on two cores (issue 14): qemu_hybrid_smp, Linux (trusted)
on core 0 and the uITRON RTOS on core 1, under QEMU -smp 2 and -icount
shift=5.  Judged as test_rtos_under_load.py judges the single-core
hybrid, by the RTOS demo's per-second reports on COM3 (lat_* in TSC
cycles from the monitor's raise of its timer to its task running) and
the monitor's lines on COM1:

- the RTOS on its own core misses nothing while Linux runs its load,
  with the IPL split and without it (on one core, split off lets Linux's
  "interrupts off" hold the RTOS back; here Linux's TPR and IF are core
  0's, so it cannot: the RTOS's mean latency under load stays its
  unloaded one, at least 1.2x below the single-core split-off's);
- with the split on, its mean latency under that load is the RTOS's
  alone on its core with no Linux at all (qemu_hybrid_smp without guest
  1), within 2%.  The worst is printed, not bounded: under -icount QEMU
  7.2 runs the cores round-robin in one thread, and about 1% of the
  periods come later than alone by up to one of Linux's stretches
  between two monitor exits on core 0 (measured worst: 43,840 tsc in one
  run, 210,368 in another, whose shell input came at other virtual
  times; alone 23,456; the mean 22,613 against 22,538);
- Linux crashing on core 0 and being reloaded does not stop core 1.
"""
import re
import time

import rtos_load_helpers as h
from linux_qemu import boot_monitor, demo_reports

# The bound on the mean against the RTOS alone (see above).
ALONE_AVG = 1.02


_run = h.run


def _alone(iso, tmp_path, n=25):
    """The RTOS alone: n reports after the first two (its boot)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    s = boot_monitor(iso, tmp_path)
    try:
        reps = h.wait_reports(s, 2, n, 300)
    finally:
        s.close()
    return reps


def _check(unloaded, loaded, monitor, alone, label):
    u, l, a = h.summary(unloaded), h.summary(loaded), h.summary(alone)
    print(f"{label}: alone lat_avg={a[2]} lat_max={a[3]}; unloaded {u}; loaded periods={l[0]} "
          f"missed={l[1]} lat_avg={l[2]} lat_max={l[3]}")
    assert "smp: core 1 up (APIC ID 1)" in monitor, monitor[:400]
    assert "health:" not in monitor and "PANIC" not in monitor, monitor
    assert len(loaded) >= 10 and l[0] >= 10000, loaded
    assert all(r[1] == 0 for r in unloaded + loaded + alone), unloaded + loaded
    assert l[2] <= ALONE_AVG * a[2], (l, a)


def test_rtos_core_under_linux_load(smp_image, smp_rtos_alone_image, tmp_path):
    t0 = time.monotonic()
    alone = _alone(smp_rtos_alone_image, tmp_path / "alone")
    _check(*_run(smp_image, tmp_path / "on"), alone, "split on")
    print(f"wall {time.monotonic() - t0:.1f} s")


# Split off, against the single-core split-off hybrid under the same load:
# there Linux's "interrupts off" holds the RTOS back (mean 36,165 tsc);
# on a core of its own the mean stays its unloaded one.  Split off costs
# the RTOS a trap per tick either way (its timer goes through a self-IPI
# the TPR can hold): measured unloaded 26,260, loaded 26,225 against the
# single core's 37,061 in the same run; the worst, printed, was 50,688 to
# 72,096 against the single core's 70,016 to 986,816.
SPLIT_OFF_GAIN = 1.2


def test_rtos_core_under_linux_load_split_off(smp_split_off_image, split_off_image,
                                               tmp_path):
    """With every guest in one band: on one core this makes the RTOS
    clearly later (test_rtos_under_load); on its own core Linux's load
    does not move it."""
    t0 = time.monotonic()
    one = h.summary(_run(split_off_image, tmp_path / "one-core")[1])
    unloaded, loaded, monitor = _run(smp_split_off_image, tmp_path / "two-cores")
    u, l = h.summary(unloaded), h.summary(loaded)
    print(f"split off: one core loaded {one}; two cores unloaded {u}, loaded {l}; "
          f"wall {time.monotonic() - t0:.1f} s")
    assert "health:" not in monitor and "PANIC" not in monitor, monitor
    assert len(loaded) >= 10 and l[0] >= 10000, loaded
    assert all(r[1] == 0 for r in unloaded + loaded), unloaded + loaded
    assert l[2] <= ALONE_AVG * u[2], (l, u)
    assert l[2] * SPLIT_OFF_GAIN <= one[2], (l, one)


def test_linux_panic_does_not_stop_core1(smp_image, tmp_path):
    """Linux's init exits under load: the kernel panics, the monitor
    restarts Linux on core 0, and the RTOS on core 1 reports on, every
    second of it with missed=0."""
    s = boot_monitor(smp_image, tmp_path)
    try:
        h.boot_to_shell(s)
        s.send(h.LOAD.replace("\n", " &\n"))
        s.expect(h.LOAD_ROUND, 240)
        s.send("exec true\n")
        s.expect(r"Kernel panic - not syncing: Attempted to kill init", 120)
        crash = len(demo_reports(s.com[3]))
        h.boot_to_shell(s)
        after = h.wait_reports(s, crash, 4, 240)
        across = demo_reports(s.com[3])[crash - 2:]
        monitor = s.com[1].read_text(errors="replace")
    finally:
        s.close()
    health = [l for l in monitor.splitlines() if l.startswith("health:")]
    assert len(health) == 1 and re.fullmatch(
        r"health: guest linux stopped itself \(halt\) at eip=0x[0-9a-f]{8} -> restart",
        health[0]), health
    assert all(r[1] == 0 and r[0] >= 990 for r in after + across), (across, after)
