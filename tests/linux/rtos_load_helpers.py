"""Helpers for the RTOS-under-Linux-load tests (test_rtos_under_load.py):
booting a meso image with Linux and the RTOS, counting the RTOS demo's
per-second reports on COM3 and driving a load on Linux's shell."""
import time

from linux_qemu import boot_monitor, boot_to_shell, demo_reports


# The initramfs's /bin/meso-workload (guests/linux/meso-workload): CPU
# loop, 4 MiB tmpfs I/O, console flood and ~900-character alert-level
# kernel messages (printk writes each with Linux's interrupts disabled),
# round after round until the test stops QEMU.
LOAD = "meso-workload all 0\n"
LOAD_ROUND = r"^meso-linux: kmsg round \d+ lines=20\r?$"


def wait_reports(s, start, n, timeout):
    """Wait until COM3 holds n demo reports after index start; return them."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        reps = demo_reports(s.com[3])
        if len(reps) >= start + n:
            return reps[start:start + n]
        if s.proc.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"only {len(demo_reports(s.com[3])) - start} of {n} "
                         f"demo reports within {timeout} s: {s.com[3]}")


def summary(reps):
    """(periods, missed, mean of lat_avg, max of lat_max)"""
    return (sum(r[0] for r in reps), sum(r[1] for r in reps),
            sum(r[2] for r in reps) // len(reps), max(r[3] for r in reps))


def measure(s, unloaded_n=5, loaded_n=20, skip=1):
    """Boot to the shell, take unloaded_n reports idle, start the load and
    take loaded_n reports under it (the first `skip` after each switch are
    dropped: they straddle the change).  Returns (unloaded, loaded)."""
    boot_to_shell(s)
    base = len(demo_reports(s.com[3]))
    unloaded = wait_reports(s, base + skip, unloaded_n, 240)
    s.send(LOAD)
    s.expect(LOAD_ROUND, 240)
    base = len(demo_reports(s.com[3]))
    loaded = wait_reports(s, base, loaded_n, 600)
    # the load was still running at the end
    s.expect(LOAD_ROUND, 240)
    return unloaded, loaded


def run(iso, tmp_path, unloaded_n=5, loaded_n=20):
    """Boot iso, measure() it, stop it: (unloaded, loaded, monitor text)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    s = boot_monitor(iso, tmp_path)
    try:
        unloaded, loaded = measure(s, unloaded_n, loaded_n)
        monitor = s.com[1].read_text(errors="replace")
    finally:
        s.close()
    return unloaded, loaded, monitor
