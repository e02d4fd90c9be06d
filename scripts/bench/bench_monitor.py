"""bench_monitor.py - the monitor's own costs, in exact instructions.

Two isolated probe guests on qemu_probe_defconfig's slots 0 and 1:
"bench" (guests/probe/bench.c, high priority, owns the CMOS RTC) and
"benchpeer" (lower priority) joined by the channel "bench".  bench takes
every measure with the TSC, which under -icount shift=0 counts
instructions, keeps the minimum of 200 samples (the undisturbed path: the
monitor's 1 ms tick may land in any one sample) and prints
"bench: <name> <count>".  The native column comes from
guests/probe/native/native.c, a Multiboot kernel alone at ring 0 on the
same QEMU, measured with the same snippets.  docs/benchmarks-monitor.md
explains each figure.  The same two guests then run hardware-isolated
(GUESTn_MODE_SVM: vmmcall, their own IDT) on qemu32,+nx,+svm,+npt, and
on two cores (benchpeer on core 1, QEMU -smp 2): the notify round trip
across cores.  Under -icount QEMU runs the two cores round-robin in one
thread, so a cross-core figure is the instructions both cores executed
one after the other between the two stamps: on hardware the cores run
at once and the IPI's delivery (not counted here) is added.
"""
import os
import re
import subprocess

TITLE = "Monitor primitives (instructions, -icount shift=0)"

CONFIG = [
    'CONFIG_GUEST0_NAME="bench"',
    'CONFIG_GUEST0_APP="bench"',
    'CONFIG_GUEST0_TIMER_US=0',
    'CONFIG_GUEST0_IO_PORTS="0x70-0x71"',
    'CONFIG_IRQ8_OWNER_GUEST0=y',
    'CONFIG_GUEST1_NAME="benchpeer"',
    'CONFIG_GUEST1_APP="benchpeer"',
    'CONFIG_CHANNEL0_NAME="bench"',
    'CONFIG_CHANNEL0_END_A="bench"',
    'CONFIG_CHANNEL0_END_B="benchpeer"',
    '# CONFIG_GUEST2_ENABLE is not set',
    '# CONFIG_GUEST3_ENABLE is not set',
    '# CONFIG_GUEST4_ENABLE is not set',
]
LINE = re.compile(r"(bench|native): (\w+) (\d+)$")
NATIVE_CFLAGS = ("-m32 -march=i686 -ffreestanding -fno-pic -fno-stack-protector "
                 "-nostdlib -O2 -std=gnu11 -Wall -Wextra -Werror "
                 "-Wmissing-prototypes -Wshadow -Wvla -mgeneral-regs-only "
                 "-fno-asynchronous-unwind-tables -fno-common").split()
# Gandalf on a 2.8 GHz Xeon (the seeds' figures; microseconds, real CPU).
SEED_NULL = "0.37 us (Gandalf, 2.8 GHz Xeon)"
SEED_PRIV = "0.56 us (Gandalf, ignored privileged instruction)"
SEED_SWITCH = "1.02 us (Gandalf, RTOS->Linux->RTOS)"


def _figures(lines):
    return {m.group(2): int(m.group(3))
            for m in map(LINE.search, lines) if m}


def native(ctx):
    """Build and boot the bare-metal kernel; its figures by name."""
    src = os.path.join(ctx.srctree, "guests", "probe", "native")
    out = os.path.join(ctx.objtree, "build", "bench", "native")
    os.makedirs(out, exist_ok=True)
    obj, elf = os.path.join(out, "native.o"), os.path.join(out, "native.elf")
    subprocess.run(["gcc"] + NATIVE_CFLAGS + ["-c", "-o", obj,
                                              os.path.join(src, "native.c")],
                   check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-nostdlib", "-z", "noexecstack",
                    "--no-warn-rwx-segments", "-T",
                    os.path.join(src, "native.ld"), "-o", elf, obj],
                   check=True)
    proc = subprocess.run(
        ["qemu-system-i386", "-machine", "pc,accel=tcg", "-m", "32",
         "-kernel", elf, "-display", "none", "-no-reboot", "-monitor", "none",
         "-icount", "shift=0,sleep=off", "-rtc", "clock=vm",
         "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
         "-serial", "stdio"],
        capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    figs = _figures(proc.stdout.splitlines())
    if "irq" not in figs:
        raise RuntimeError("native kernel printed:\n" + proc.stdout + proc.stderr)
    return figs


def _bench(ctx, name, config):
    out = ctx.product(name, "qemu_probe_defconfig", config_lines=config)
    logs = ctx.boot(out, {"COM1": "monitor", "COM2": "bench"},
                    until=r"bench: done", abort_on=r"^health: |PANIC",
                    extra="-rtc clock=vm")
    b = _figures(logs["bench"])
    if "irq_running" not in b:
        raise RuntimeError("bench guest did not finish:\n" +
                           "\n".join(logs["bench"] + logs["monitor"][-20:]))
    return b


def run(ctx):
    nat = native(ctx)
    b = _bench(ctx, "monitor", CONFIG)
    s = _bench(ctx, "monitor-svm", CONFIG + ["CONFIG_GUEST0_MODE_SVM=y",
                                             "CONFIG_GUEST1_MODE_SVM=y"])
    x = _bench(ctx, "monitor-smp", CONFIG + ["CONFIG_CPUS=2", "CONFIG_GUEST1_CPU=1"])
    batch = next(k for k in b if k.startswith("null_hcall_batch_x"))
    per = int(batch[len("null_hcall_batch_x"):])
    return [
        dict(name="null hypercall round trip (unknown nr -> ENOSYS)",
             value=b["null_hcall"], native=nat["null_call"], unit="insns",
             seed=SEED_NULL, note="native: int $0x80 to a ring-0 iret"),
        dict(name="null hypercall, mean of {:,} back to back".format(per),
             value=round(b[batch] / per, 1), native=nat["null_call"],
             unit="insns", seed=SEED_NULL),
        dict(name="MESO_HC_IRQ_LEVEL(enable) round trip",
             value=b["irq_level_hcall"], native=nat["sti"], unit="insns"),
        dict(name="MESO_HC_CLOCK round trip", value=b["clock_hcall"],
             unit="insns"),
        dict(name="cli from ring 3, trapped and emulated",
             value=b["cli_trap"], native=nat["cli"], unit="insns",
             seed=SEED_PRIV),
        dict(name="sti from ring 3, trapped and emulated",
             value=b["sti_trap"], native=nat["sti"], unit="insns"),
        dict(name="switch round trip: halt -> peer -> notify -> back",
             value=b["switch_round_trip"], unit="insns", seed=SEED_SWITCH),
        dict(name="  leg: halt until the peer runs",
             value=b["switch_halt_to_peer"], unit="insns"),
        dict(name="  leg: peer's notify until bench is back",
             value=b["switch_notify_to_back"], unit="insns"),
        dict(name="notify round trip, both guests on one core",
             value=b["notify_round_trip"], unit="insns",
             note="bench notifies, sleeps; the peer wakes and notifies back"),
        dict(name="notify round trip, the peer on the other core",
             value=x["notify_round_trip"], unit="insns",
             note="two IPIs; both cores' instructions in turn (QEMU round-robin)"),
        dict(name="interrupt to the running guest's handler",
             value=b["irq_running"], native=nat["irq"], unit="insns",
             note="RTC IRQ 8; native: 8259 to an IDT gate"),
        dict(name="interrupt preempting another guest, to the handler",
             value=b["irq_preempt"], native=nat["irq"], unit="insns"),
        dict(name="SVM: null hypercall round trip (vmmcall)",
             value=s["null_hcall"], native=nat["null_call"], unit="insns",
             note="ring 3: {}".format(b["null_hcall"])),
        dict(name="SVM: cli in the guest (its own IF, no exit)",
             value=s["cli_trap"], native=nat["cli"], unit="insns",
             note="ring 3, trapped: {}".format(b["cli_trap"])),
        dict(name="SVM: switch round trip: halt -> peer -> notify -> back",
             value=s["switch_round_trip"], unit="insns",
             note="ring 3: {}".format(b["switch_round_trip"])),
        dict(name="SVM: interrupt to the running guest's handler",
             value=s["irq_running"], native=nat["irq"], unit="insns",
             note="ring 3: {}; two world switches".format(b["irq_running"])),
        dict(name="SVM: interrupt preempting another guest, to the handler",
             value=s["irq_preempt"], native=nat["irq"], unit="insns",
             note="ring 3: {}".format(b["irq_preempt"])),
    ]
