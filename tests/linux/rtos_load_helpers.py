"""Helpers for the RTOS-under-Linux-load tests (test_rtos_under_load.py):
booting a meso image with Linux and the RTOS, counting the RTOS demo's
per-second reports on COM3 and driving a load on Linux's shell."""
import time

from linux_qemu import READY, demo_reports


BOOT_TIMEOUT = 180
CMD_TIMEOUT = 60

# The init's "all" workload (CPU loop, 4 MiB tmpfs I/O, console flood),
# typed as one shell loop that runs until the test stops QEMU.
LOAD_LOOP = (
    "while :; do "
    "i=0 s=0; while [ $i -lt 20000 ]; do s=$(( (s + i * i) % 1000003 )); i=$((i+1)); done; "
    "dd if=/dev/zero of=/tmp/io.a bs=64k count=64 2>/dev/null; cp /tmp/io.a /tmp/io.b; "
    "md5sum /tmp/io.b >/dev/null; rm -f /tmp/io.a /tmp/io.b; "
    "i=0; while [ $i -lt 200 ]; do echo \"flood $i ..........................................................\"; i=$((i+1)); done; "
    # kernel messages at alert level: printk writes them to the console
    # with interrupts disabled (the section the IPL split must shorten)
    "i=0; while [ $i -lt 20 ]; do echo \"<1>meso-kmsg $i ................................................................................................................\" > /dev/kmsg; i=$((i+1)); done; "
    "echo LOAD_ROUND; done\n")


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


def boot_to_shell(s):
    s.expect(READY, BOOT_TIMEOUT)
    s.expect(r"/ # ", CMD_TIMEOUT)
    s.send("echo SHELL_OK $((6*7))\n")
    s.expect(r"^SHELL_OK 42\r?$", CMD_TIMEOUT)


def measure(s, unloaded_n=5, loaded_n=20, skip=1):
    """Boot to the shell, take unloaded_n reports idle, start the load and
    take loaded_n reports under it (the first `skip` after each switch are
    dropped: they straddle the change).  Returns (unloaded, loaded)."""
    boot_to_shell(s)
    base = len(demo_reports(s.com[3]))
    unloaded = wait_reports(s, base + skip, unloaded_n, 240)
    s.send(LOAD_LOOP)
    s.expect(r"^LOAD_ROUND\r?$", 240)
    base = len(demo_reports(s.com[3]))
    loaded = wait_reports(s, base, loaded_n, 600)
    # the load was still running at the end
    s.expect(r"^LOAD_ROUND\r?$", 240)
    return unloaded, loaded
