"""The RTOS's 1 ms periodic task under Linux load with the IPL split, and
across a Linux crash (issue 5, Tests).

Judged by serial output only: COM2 Linux's shell (typed into), COM3 the
RTOS demo's once-a-second report
    demo: periods=1000 missed=0 lat_avg=N lat_max=N (tsc)
(lat_* are per second, in TSC cycles from the moment the monitor raised
the RTOS's timer interrupt to its task running, so a delivery held back
by Linux counts; under -icount shift=5 the TSC runs at 1 GHz of virtual
time, so 1000 tsc = 1 us), COM1 the monitor.  QEMU runs with -icount
shift=5,sleep=off (deterministic virtual time).

The load is /bin/meso-workload all 0 typed into Linux's shell: CPU loop,
4 MiB tmpfs I/O, a console flood and ~900-character alert-level kernel
messages, round after round until QEMU is stopped.

With configs/fragments/ipl-split-off.config (every guest in one band) the
same load makes the RTOS clearly later: Linux's ~900-character kernel
messages are printed with its interrupts off, which then masks the RTOS's
tick too.  That product needs a kernel build of its own (another band).
"""
import re
import time

import rtos_load_helpers as h
from linux_qemu import boot_monitor, demo_reports



# Measured on this tree (qemu_hybrid, IPL split on), per-second figures:
# unloaded lat_avg 21305 / lat_max 26432 tsc, under load 21812 / 22336.
# The bound allows 25 % over the unloaded lat_max plus 2000 tsc (2 us).
LOAD_BOUND_FACTOR = 1.25
LOAD_BOUND_SLACK = 2000
# Across a Linux crash and reload the monitor stops Linux, applies its
# policy, logs it and reloads it by steps, and the trusted kernel's panic
# path runs before that: what the RTOS may see there is the monitor's
# stated bound on one interrupts-off stretch (docs/benchmarks.md, make
# bench BENCH=irqsoff: 2,000 instructions), in TSC cycles at shift=5
# (32 per instruction), over its unloaded lat_max.  Measured: 40,768 to
# 41,696 in the crash's second (the exit path, ~560 instructions, lands
# on one release) against an unloaded 22,976; a 1.25x bound refused it.
CRASH_BOUND_SLACK = 2000 * 32


_run = h.run


def test_rtos_on_time_under_linux_load(hybrid_image, tmp_path):
    """IPL split on: while Linux runs the load, >= 10 demo reports (20,
    i.e. 20,000 periods) all with missed=0, and every per-second lat_max
    under load <= 1.25 * (unloaded lat_max) + 2000 tsc.  Measured:
    unloaded lat_avg 21305 / lat_max 26432, loaded 21812 / 22336 tsc."""
    t0 = time.monotonic()
    unloaded, loaded, monitor = _run(hybrid_image, tmp_path)
    u, l = h.summary(unloaded), h.summary(loaded)
    print(f"split on: unloaded periods={u[0]} missed={u[1]} lat_avg={u[2]} "
          f"lat_max={u[3]}; loaded periods={l[0]} missed={l[1]} "
          f"lat_avg={l[2]} lat_max={l[3]}; wall {time.monotonic() - t0:.1f} s")
    assert "health:" not in monitor, monitor
    assert len(loaded) >= 10 and l[0] >= 10000, loaded
    assert all(r[1] == 0 for r in unloaded + loaded), unloaded + loaded
    bound = LOAD_BOUND_FACTOR * u[3] + LOAD_BOUND_SLACK
    assert all(r[3] <= bound for r in loaded), (bound, loaded)


# Split off: under the same load the worst per-second lat_max must be at
# least SPLIT_OFF_MAX times the split-on one and the mean lat_avg at least
# SPLIT_OFF_AVG times.  Measured: split on 21812 / 22336 tsc (avg / max),
# split off 36165 / 60672 (1.66x, 2.7x).
SPLIT_OFF_MAX = 2
SPLIT_OFF_AVG = 1.3


def test_split_off_makes_rtos_clearly_later(hybrid_image, split_off_image, tmp_path):
    """The same load, split on and off: without the split Linux's
    "interrupts off" holds the RTOS's tick back, so its latency is
    clearly worse: worst lat_max >= SPLIT_OFF_MAX x and mean lat_avg >=
    SPLIT_OFF_AVG x the split-on figures (SPUMONE: 34 us with IPL
    separation, 111 us without, under disk stress)."""
    t0 = time.monotonic()
    on = h.summary(_run(hybrid_image, tmp_path / "on")[1])
    off_unloaded, off_loaded, monitor = _run(split_off_image, tmp_path / "off")
    off = h.summary(off_loaded)
    print(f"loaded, split on: periods={on[0]} missed={on[1]} lat_avg={on[2]} "
          f"lat_max={on[3]}; split off: periods={off[0]} missed={off[1]} "
          f"lat_avg={off[2]} lat_max={off[3]}; wall {time.monotonic() - t0:.1f} s")
    assert "PANIC" not in monitor, monitor
    assert on[1] == 0, on
    assert off[3] >= SPLIT_OFF_MAX * on[3], (on, off)
    assert off[2] >= SPLIT_OFF_AVG * on[2], (on, off)


def test_linux_panic_restarts_only_linux(hybrid_image, tmp_path):
    """Linux's init exits (`exec true` in its shell) while Linux runs its
    load in the background: the kernel panics ("Attempted to kill init"),
    stops through MESO_HC_EXIT (panic=-1 on the generated command line)
    and the monitor logs it and applies Linux's policy, restart: Linux is
    reloaded (by steps, at its own priority) and boots again to a working
    shell, while the RTOS keeps reporting with missed=0 and, through the
    crash and the reload, within one monitor stretch of its unloaded run."""
    t0 = time.monotonic()
    s = boot_monitor(hybrid_image, tmp_path)
    try:
        h.boot_to_shell(s)
        base = len(demo_reports(s.com[3]))
        unloaded = h.summary(h.wait_reports(s, base + 1, 5, 240))
        s.send(h.LOAD.replace("\n", " &\n"))
        s.expect(h.LOAD_ROUND, 240)
        s.send("exec true\n")
        s.expect(r"Kernel panic - not syncing: Attempted to kill init", 120)
        crash = len(demo_reports(s.com[3]))
        h.boot_to_shell(s)          # the second boot
        after = h.wait_reports(s, crash, 4, 240)
        across = demo_reports(s.com[3])[crash - 2:]
        monitor = s.com[1].read_text(errors="replace")
        assert s.proc.poll() is None, "QEMU stopped"
    finally:
        s.close()
    health = [l for l in monitor.splitlines() if l.startswith("health:")]
    bound = unloaded[3] + CRASH_BOUND_SLACK
    print(f"unloaded {unloaded}; across the crash and reload {across}; bound {bound:.0f}; "
          f"monitor health lines: {health}; wall {time.monotonic() - t0:.1f} s")
    assert len(health) == 1 and re.fullmatch(
        r"health: guest linux stopped itself \(halt\) at eip=0x[0-9a-f]{8} -> restart",
        health[0]), health
    assert monitor.count("boot: guest linux: entering its kernel") == 2, monitor
    assert all(r[1] == 0 and r[0] >= 990 for r in after), after
    assert all(r[1] == 0 and r[3] <= bound for r in across), (across, bound)
    assert "PANIC" not in monitor and "system stopped" not in monitor, monitor
