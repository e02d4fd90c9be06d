"""The Linux guest booted natively (qemu-system-i386 -kernel, no monitor),
judged by its serial output: the reference the on-monitor runs compare
against, and the proof of what the patch series does without a monitor.

Every boot gets exactly the E820 RAM of its partition (memmap=exactmap
built from the generated gen/linux/bootmem.txt) and runs the kernel
linked at the partition base.
"""
import re

from linux_qemu import QEMU_LAPIC_KHZ, bootmem, host_tsc_khz, partition_memmap

READY = r"meso-linux: ready uptime=([0-9.]+)"
PROMPT = r"/ # "
BOOT_TIMEOUT = 60       # TCG: ~1 s normally, generous for loaded machines
CMD_TIMEOUT = 20
# A second or so of CPU work
BUSY = "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done"

# Local APIC registers Linux may write under meso (patch 0002)
TPR, EOI, LVTT, TMICT, TDCR = 0x80, 0xB0, 0x320, 0x380, 0x3E0


def meso_param(uarts=0x1):
    return f"meso={host_tsc_khz()},{QEMU_LAPIC_KHZ},{uarts:#x}"


def shell_works(s):
    s.expect(PROMPT, CMD_TIMEOUT)
    s.send("echo SHELL_OK $((6*7))\n")
    s.expect(r"^SHELL_OK 42\r?$", CMD_TIMEOUT)


def test_version_recorded(linux_build):
    version = (linux_build / "build" / "linux" / "VERSION").read_text()
    assert re.match(r"Linux 6\.1\.\d+ \(Debian linux-source-6\.1 6\.1\.\d+", version), version


def test_kernel_linked_at_partition(linux_build):
    """CONFIG_PHYSICAL_START is the generated partition base."""
    facts = bootmem(linux_build)
    config = (linux_build / "build" / "linux-obj" / ".config").read_text()
    start = int(re.search(r"^CONFIG_PHYSICAL_START=(0x[0-9a-f]+)$", config, re.M)[1], 16)
    assert start == int(facts["physical_start"][0], 16)
    first, last = map(int, facts["ipl_band"])
    assert f"CONFIG_MESO_IPL_FIRST_CLASS={first}\n" in config
    assert f"CONFIG_MESO_IPL_LAST_CLASS={last}\n" in config


def test_native_boot_ready_and_shell(linux_build, boot):
    """Plain native boot in the partition's memory: ready marker, shell."""
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)}")
    m = s.expect(READY, BOOT_TIMEOUT)
    assert float(m[1]) < 10
    shell_works(s)
    s.send("grep -c 'System RAM' /proc/iomem; cat /proc/iomem\n")
    facts = bootmem(linux_build)
    base = int(facts["partition"][0], 16)
    size = int(facts["partition"][1], 16)
    s.expect(rf"^0*{base:x}-0*{base + size - 1:x} : System RAM", CMD_TIMEOUT)


def test_workload_and_poweroff(linux_build, boot):
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)} "
             "meso.workload=all meso.rounds=1 meso.poweroff")
    s.expect(READY, BOOT_TIMEOUT)
    s.expect(r"meso-linux: cpu round 1 sum=670626", 60)
    s.expect(r"meso-linux: io round 1 md5=b5cfa9d6", 60)
    s.expect(r"meso-linux: flood round 1 lines=200", 60)
    s.expect(r"meso-linux: kmsg round 1 lines=20", 60)
    m = s.expect(r"meso-linux: workload all done uptime=[0-9.]+ elapsed_us=(\d+)", 60)
    assert 0 < int(m[1]) < 60_000_000, m[0]
    s.expect(r"reboot: (Power down|System halted)", 30)


def _trace(path):
    """[(event, reg_or_addr, value)] from qemu's -trace log."""
    out = []
    for line in path.read_text().splitlines():
        m = re.match(r"(?:\d+@[\d.]+:)?(\w+) (0x[0-9a-f]+) = (0x[0-9a-f]+)", line)
        if m:
            out.append((m[1], int(m[2], 16), int(m[3], 16)))
        else:
            m = re.match(r"(?:\d+@[\d.]+:)?(\w+)", line)
            if m:
                out.append((m[1], None, None))
    return out


TRACE = ("pic_ioport_write", "ioapic_mem_write", "apic_mem_writel")


def _after_linux_starts(events):
    """Drop firmware writes: Linux's first LAPIC write is the TPR
    (setup_local_APIC); SeaBIOS never writes the TPR."""
    for i, (ev, reg, _) in enumerate(events):
        if ev == "apic_mem_writel" and reg == TPR:
            return events[i:]
    raise AssertionError("no TPR write: Linux never set up its local APIC")


def test_unmodified_platform_touches_pic_and_ioapic(linux_build, boot):
    """Control: without meso= the same kernel programs PIC and IOAPIC, so
    the zero counts of the meso platform below are meaningful."""
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)}", trace=TRACE)
    s.expect(READY, BOOT_TIMEOUT)
    shell_works(s)
    events = _after_linux_starts(_trace(s.trace_log))
    assert sum(ev == "ioapic_mem_write" for ev, _, _ in events) > 0
    assert sum(ev == "pic_ioport_write" for ev, _, _ in events) > 0


def test_meso_platform_leaves_others_devices_alone(linux_build, boot):
    """meso=: no 8259 or IOAPIC write, only timer/TPR/EOI LAPIC writes,
    the local timer on a vector inside Linux's IPL band, a working tick
    and shell, no COM port but its own, no CMOS RTC."""
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)} {meso_param()}",
             trace=TRACE)
    s.expect(r"Hypervisor detected: meso", BOOT_TIMEOUT)
    s.expect(READY, BOOT_TIMEOUT)
    shell_works(s)
    s.send(f"grep LOC /proc/interrupts; {BUSY}; grep LOC /proc/interrupts\n")
    a = int(s.expect(r"^LOC:\s+(\d+)", CMD_TIMEOUT)[1])
    b = int(s.expect(r"^LOC:\s+(\d+)", CMD_TIMEOUT)[1])
    assert b > a, "the local APIC timer does not tick"
    # only its own UART is probed, polled; no CMOS RTC device
    s.send("dmesg | grep -c 'serial8250: ttyS'; dmesg | grep -c rtc_cmos\n")
    s.expect(r"^1\r?$", CMD_TIMEOUT)
    s.expect(r"^0\r?$", CMD_TIMEOUT)
    s.send("dmesg | grep 'serial8250: ttyS'\n")
    s.expect(r"serial8250: ttyS0 at I/O 0x3f8 \(irq = 0,", CMD_TIMEOUT)

    events = _after_linux_starts(_trace(s.trace_log))
    pic = [e for e in events if e[0] == "pic_ioport_write"]
    ioapic = [e for e in events if e[0] == "ioapic_mem_write"]
    lapic = [e for e in events if e[0] == "apic_mem_writel"]
    assert pic == [] and ioapic == []
    assert {reg for _, reg, _ in lapic} <= {TPR, EOI, LVTT, TMICT, TDCR}
    first, last = map(int, bootmem(linux_build)["ipl_band"])
    vectors = {val & 0xFF for _, reg, val in lapic if reg == LVTT}
    assert vectors and all(first <= v >> 4 <= last for v in vectors), vectors


def test_meso_platform_needs_no_pit(linux_build, boot):
    """The PIT is the RTOS's: with no PIT at all Linux still boots and
    ticks (an unmodified 6.1 kernel panics: 'IO-APIC + timer doesn't
    work!')."""
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)} {meso_param()}",
             machine="pc,pit=off")
    s.expect(READY, BOOT_TIMEOUT)
    shell_works(s)


def test_meso_tpr_interrupt_level_runs_natively(linux_build, boot):
    """Patch 0004, flags bit 0: Linux's interrupt flag is the TPR.  The
    kernel boots, ticks, runs the workload and the shell; its "interrupts
    off" is TPR = top of its band, "on" = just below it (from the
    generated IPL band), and it never uses any other TPR value."""
    s = boot(f"console=ttyS0 {partition_memmap(linux_build)} "
             f"{meso_param()},0x1 meso.workload=all meso.rounds=1",
             machine="pc,pit=off", trace=("apic_mem_writel",))
    s.expect(r"meso: .* flags 0x1", BOOT_TIMEOUT)
    s.expect(READY, BOOT_TIMEOUT)
    s.expect(r"meso-linux: io round 1 md5=b5cfa9d6", 60)
    s.expect(r"meso-linux: workload all done", 60)
    shell_works(s)
    s.send(f"grep LOC /proc/interrupts; {BUSY}; grep LOC /proc/interrupts\n")
    a = int(s.expect(r"^LOC:\s+(\d+)", CMD_TIMEOUT)[1])
    b = int(s.expect(r"^LOC:\s+(\d+)", CMD_TIMEOUT)[1])
    assert b > a
    first, last = map(int, bootmem(linux_build)["ipl_band"])
    tprs = {val for _, reg, val in _after_linux_starts(_trace(s.trace_log))
            if reg == TPR}
    assert tprs == {(first - 1) << 4, last << 4}, sorted(map(hex, tprs))
