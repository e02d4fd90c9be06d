"""The Linux guest on the meso monitor as a trusted (ring-0) guest beside
the RTOS (qemu_hybrid): the monitor loads vmlinux and the initramfs into
the partition, builds boot_params and enters startup_32; the kernel maps
the monitor's window, hands its IDT over and runs its tick on the local
APIC timer while the RTOS keeps its 1 ms period.

Judged by the serial ports: COM1 the monitor, COM2 Linux (typed into),
COM3 the RTOS.  Deterministic time (-icount), as the other QEMU tests.
"""

import pytest

from linux_qemu import READY, boot_monitor, boot_to_shell, demo_reports

BOOT_TIMEOUT = 120      # wall time under TCG with -icount
CMD_TIMEOUT = 30



@pytest.fixture
def on_monitor(hybrid_image, tmp_path):
    s = boot_monitor(hybrid_image, tmp_path)
    yield s
    s.close()


def test_linux_boots_beside_rtos(on_monitor):
    """Boot log, ready marker and a working shell on COM2; the monitor
    started both guests; the RTOS misses no period meanwhile."""
    s = on_monitor
    s.expect(r"Linux version 6\.1\.\d+", BOOT_TIMEOUT)
    s.expect(READY, BOOT_TIMEOUT)
    s.expect(r"/ # ", CMD_TIMEOUT)
    s.send("echo SHELL_OK $((6*7))\n")
    s.expect(r"^SHELL_OK 42\r?$", CMD_TIMEOUT)
    # some Linux work while the RTOS ticks: CPU loop, tmpfs file, /proc
    s.send("i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; "
           "echo x > /tmp/f; cat /tmp/f /proc/uptime; echo LOOP_DONE $i\n")
    s.expect(r"^LOOP_DONE 3000\r?$", CMD_TIMEOUT)
    s.send("cat /proc/interrupts\n")
    s.expect(r"LOC:\s+[1-9]\d*", CMD_TIMEOUT)
    # sleep really sleeps (the time32 syscalls of Debian's i386 glibc):
    # Linux's timer interrupts come through the monitor
    s.send("cat /proc/uptime; sleep 2; cat /proc/uptime\n")
    t0 = float(s.expect(r"^(\d+\.\d+) \d+\.\d+\r?$", CMD_TIMEOUT)[1])
    t1 = float(s.expect(r"^(\d+\.\d+) \d+\.\d+\r?$", CMD_TIMEOUT)[1])
    assert 2.0 <= t1 - t0 < 3.0, (t0, t1)

    monitor = s.com[1].read_text(errors="replace")
    assert "boot: guest linux started: trusted" in monitor, monitor
    assert "boot: guest rtos started" in monitor, monitor
    assert "PANIC" not in monitor and "health:" not in monitor, monitor
    reports = demo_reports(s.com[3])
    assert len(reports) >= 2, s.com[3].read_text(errors="replace")
    assert all(missed == 0 for _, missed, _, _ in reports), reports


def test_monitor_passes_platform_parameters(on_monitor):
    """The command line the monitor builds carries the generated part and
    the measured rates, the UART mask of Linux's console (ttyS1 = COM2),
    the flags and the window for the early hand-over."""
    s = on_monitor
    s.expect(READY, BOOT_TIMEOUT)
    s.expect(r"/ # ", CMD_TIMEOUT)
    s.send("cat /proc/cmdline\n")
    m = s.expect(r"reservetop=0x1000000.* meso=(\d+),(\d+),0x2,3 "
                 r"mesowin=0xff000000,0x[0-9a-f]+,0xff[0-9a-f]+", CMD_TIMEOUT)
    tsc, lapic = int(m[1]), int(m[2])
    # -icount shift=5 runs the TSC at 1 GHz of virtual time; QEMU's local
    # APIC timer counts at 1 GHz.
    assert 900000 < tsc < 1100000, tsc
    assert 900000 < lapic < 1100000, lapic


def test_multi_rtos_linux_and_two_rtos(multi_rtos_image, tmp_path):
    """qemu_multi_rtos: Linux reaches its shell on COM2 while rtos0 (COM3,
    1 ms) and rtos1 (COM4, 2 ms timer, the band below rtos0) both keep
    every period, and the monitor logs no fault."""
    s = boot_monitor(multi_rtos_image, tmp_path)
    try:
        boot_to_shell(s, BOOT_TIMEOUT, CMD_TIMEOUT)
        s.send("i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; echo LOOP_DONE $i\n")
        s.expect(r"^LOOP_DONE 3000\r?$", CMD_TIMEOUT)
        base0, base1 = len(demo_reports(s.com[3])), len(demo_reports(s.com[4]))
        s.send("cat /proc/uptime; i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; "
               "echo LOOP_DONE $i\n")
        s.expect(r"^LOOP_DONE 30000\r?$", 120)
        monitor = s.com[1].read_text(errors="replace")
        rtos0, rtos1 = demo_reports(s.com[3]), demo_reports(s.com[4])
    finally:
        s.close()
    assert "boot: 3 of 3 guests started" in monitor, monitor
    assert "PANIC" not in monitor and "health:" not in monitor, monitor
    # both RTOS reported while Linux ran its loop, and never missed
    assert len(rtos0) > base0 and len(rtos1) > base1, (rtos0, rtos1)
    assert len(rtos0) >= 3 and len(rtos1) >= 3, (rtos0, rtos1)
    assert all(r[1] == 0 for r in rtos0 + rtos1), (rtos0, rtos1)


def test_linux_reboot_restarts_only_linux(hybrid_image, tmp_path):
    """`reboot -f` in Linux's shell: meso's platform code turns the
    restart into a halt, native_halt() reports it (MESO_HC_EXIT) and the
    monitor restarts Linux by its policy: a second boot to a working
    shell, one health line, and the RTOS never misses a period."""
    s = boot_monitor(hybrid_image, tmp_path)
    try:
        boot_to_shell(s, BOOT_TIMEOUT, CMD_TIMEOUT)
        s.send("reboot -f\n")
        s.expect(r"reboot: Restarting system", CMD_TIMEOUT)
        boot_to_shell(s, BOOT_TIMEOUT, CMD_TIMEOUT)     # the second boot
        monitor = s.com[1].read_text(errors="replace")
        reports = demo_reports(s.com[3])
    finally:
        s.close()
    health = [l for l in monitor.splitlines() if l.startswith("health:")]
    assert len(health) == 1 and health[0].startswith(
        "health: guest linux stopped itself (halt) at eip=0x") and \
        health[0].endswith(" -> restart"), health
    assert monitor.count("boot: guest linux: entering its kernel") == 2, monitor
    assert reports and all(r[1] == 0 for r in reports), reports
