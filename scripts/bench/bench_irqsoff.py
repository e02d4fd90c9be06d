"""bench_irqsoff.py - how long the monitor runs with interrupts off, per
path, under the worst load a guest can hand it, in exact instructions.

The probe product with the "hammer" guest (tests/qemu/temporal.config:
1 KiB console writes, a refused-hypercall flood and a restart with a
4 MiB bss per round, never halting), the rogue and the spinner, built
with CONFIG_MONITOR_IRQSOFF_TRACE.  The tracer keeps the longest stretch
per path from a monitor entry (or the end of an interrupt window) to the
return to a guest (or the next window), in TSC cycles: under -icount
shift=0 one instruction each.  The run stops once the tracer has been
reported REPORTS times (every 2 s of virtual time); the figures are its
last report, with the ticker's worst lateness (top priority, 1 ms).
Like Linux's irqsoff tracer (/sys/kernel/tracing/tracing_max_latency),
which reports the same quantity for the kernel's own code, in time.
docs/benchmarks.md explains each path.
"""
import os
import re

TITLE = "Monitor interrupts-off stretches under the hammer (instructions, -icount shift=0)"
REPORTS = 3
PATHS = [
    ("hc0", "MESO_HC_CONSOLE_WRITE (1 KiB into the guest's ring)"),
    ("hc1", "MESO_HC_HALT (and the switch to the next guest)"),
    ("hc2", "MESO_HC_IRQ_LEVEL"),
    ("hc3", "MESO_HC_SET_VECTORS"),
    ("hc4", "MESO_HC_INFO (a bad pointer: refused, a health record)"),
    ("hc5", "MESO_HC_TIMER"),
    ("hc6", "MESO_HC_NOTIFY"),
    ("hc7", "MESO_HC_IRET (with the next delivery)"),
    ("hc8", "MESO_HC_CLOCK"),
    ("hc9", "MESO_HC_IRQ_STATE"),
    ("hc10", "MESO_HC_EXIT (policy applied, restart begun)"),
    ("hcbad", "unknown hypercall number"),
    ("exc", "guest exception (fault, emulation, restart begun)"),
    ("tick", "monitor tick (timers, 16 console characters)"),
    ("status", "monitor tick with a status line"),
    ("irq", "other interrupt"),
    ("load", "one load step (2 KiB copied or cleared)"),
    ("idle", "idle loop step (16 console characters)"),
]
IRQSOFF = re.compile(r"(\w+)=(\d+)")
TICKER = re.compile(r"ticker: (\d+) ticks, missed (\d+), max late (\d+) us")
SEED = "Linux irqsoff tracer: reports the same for the kernel, in us"


def run(ctx):
    temporal = os.path.join(ctx.srctree, "tests", "qemu", "temporal.config")
    with open(temporal) as f:
        lines = [l.strip() for l in f if l.startswith("CONFIG_")]
    out = ctx.product("irqsoff", "qemu_probe_defconfig",
                      config_lines=lines + ["CONFIG_MONITOR_IRQSOFF_TRACE=y"])
    logs = ctx.boot(out, {"COM1": "monitor", "COM2": "ticker"},
                    until=r"^irqsoff: max tsc load=", count=REPORTS,
                    abort_on=r"PANIC", extra="-rtc clock=vm")
    paths = {}
    for line in logs["monitor"]:
        if line.startswith("irqsoff: max tsc "):
            paths.update((k, int(v)) for k, v in IRQSOFF.findall(line))
    ticks = [tuple(map(int, m.groups())) for m in map(TICKER.fullmatch, logs["ticker"]) if m]
    if not paths or not ticks:
        raise RuntimeError("no tracer or ticker figures:\n" + "\n".join(logs["monitor"][-20:]))
    worst = max(paths, key=paths.get)
    rows = [dict(name=what, value=paths.get(key, 0), unit="instructions")
            for key, what in PATHS]
    rows.append(dict(name="longest stretch of any path ({})".format(worst),
                     value=paths[worst], unit="instructions", seed=SEED,
                     note="stated bound: 2,000"))
    rows.append(dict(name="ticker (priority 200, 1 ms): worst lateness",
                     value=max(t[2] for t in ticks), unit="us (virtual)",
                     note="{} periods, {} missed".format(ticks[-1][0], sum(t[1] for t in ticks))))
    return rows
