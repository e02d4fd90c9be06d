"""bench_uitron.py - the uITRON RTOS natively and on the meso monitor.

All figures come from the demo application (guests/uitron/apps/demo)
under -icount shift=0,sleep=off, where the TSC counts virtual
nanoseconds and one instruction is one nanosecond: so the TSC figures
below are instruction counts, exact and the same run after run.

- dispatch latency: from the timer interrupt being raised to the 1 ms
  periodic task (priority 1) running, average and maximum over a second
  (the demo's `lat_avg`/`lat_max`); natively from the first instructions
  of the RTOS's own trap stub, on the monitor from the monitor's tick
  handler raising the RTOS's timer vector (meso_irq_state.timer_tsc), so
  the monitor's virtual-interrupt delivery is inside the figure.
- task switch: the fastest semaphore ping-pong round of a second (two
  task switches, each with a sig_sem and a wai_sem) divided by 2.
- the same dispatch latency for rtos0 while rtos1, below it, runs the
  CPU-bound load application (rtos0 preempts it on every tick).

Native: the bare-metal demo image (port/native) from GRUB on the same
QEMU (tests/uitron/run_native.sh).  Monitor: qemu_rtos_pair with rtos0
alone ("the RTOS is the running guest") and with rtos1 under load.
"""
import os
import re
import subprocess

TITLE = "uITRON RTOS: dispatch latency and task switch (-icount shift=0)"
ICOUNT = "-icount shift=0,sleep=off"
DEMO_RE = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")
ROUND_RE = re.compile(r"demo: pingpong round_min=(\d+) \(tsc\)")
# Virtual seconds of each run on the monitor (the first, with the boot, is
# skipped); only rtos0 prints demo lines (rtos1 runs `load` or nothing).
DEMO_REPORTS = 12
SEED_DISPATCH = "SPUMONE (SH-4A): 102 cycles native, 367 on the monitor (+0.67 us)"
SEED_SWITCH = "Gandalf (2.8 GHz Xeon): RTOS->Linux->RTOS switch 1.02 us"

def _demo(lines, skip=1):
    """Averages over whole seconds (the first, with the boot, skipped):
    (lat_avg, lat_max, round_min, seconds, missed)."""
    stats = [tuple(map(int, m.groups())) for m in map(DEMO_RE.fullmatch, lines) if m][skip:]
    rounds = [int(m.group(1)) for m in map(ROUND_RE.fullmatch, lines) if m][skip:]
    if not stats or not rounds:
        raise RuntimeError("no demo figures in:\n" + "\n".join(lines[-20:]))
    avg = sum(s[2] for s in stats) / len(stats)
    return (round(avg), max(s[3] for s in stats), min(rounds), len(stats),
            sum(s[1] for s in stats))


def _native(ctx, objtree):
    ctx.make("uitron-native", objtree=objtree)
    elf = os.path.join(objtree, "build", "uitron-native", "demo.elf")
    proc = subprocess.run([os.path.join(ctx.srctree, "tests", "uitron", "run_native.sh"),
                           "demo", "300", elf], capture_output=True, text=True,
                          errors="replace", env=dict(os.environ, QEMU_EXTRA=ICOUNT))
    if proc.returncode:
        raise RuntimeError("native demo failed ({}):\n{}{}".format(
            proc.returncode, proc.stdout[-2000:], proc.stderr))
    return _demo([l.rstrip("\r") for l in proc.stdout.splitlines()])


def _with_app(ctx, name, slot, app, lines=()):
    """qemu_rtos_pair with application `app` in guest slot `slot`."""
    return ctx.product(name, "qemu_rtos_pair_defconfig", config_lines=list(lines) + [
        'CONFIG_GUEST{}_APP="{}"'.format(slot, app)])


def _meso(ctx, objtree, with_rtos1, reports=DEMO_REPORTS):
    """Boot until rtos0 has printed `reports` once-a-second demo lines (a
    fault stops it early); the figures are those of the whole virtual
    seconds it ran."""
    consoles = {"COM1": "monitor", "COM2": "rtos0"}
    if with_rtos1:
        consoles["COM3"] = "rtos1"
    out = ctx.boot(objtree, consoles, until=r"^demo: periods=", count=reports,
                   abort_on=r"^health: |PANIC")
    if any(l.startswith(("health: ", "PANIC")) for l in out["monitor"]):
        raise RuntimeError("a guest faulted:\n" + "\n".join(out["monitor"]))
    return _demo(out["rtos0"]), out


def run(ctx):
    pair = ctx.product("uitron-pair", "qemu_rtos_pair_defconfig")
    alone = ctx.product("uitron-alone", "qemu_rtos_pair_defconfig",
                        config_lines=["# CONFIG_GUEST1_ENABLE is not set"])
    loaded = _with_app(ctx, "uitron-load", 1, "load")
    nat = _native(ctx, pair)
    solo, _ = _meso(ctx, alone, False)
    busy, out = _meso(ctx, loaded, True)
    load_lines = [l for l in out["rtos1"] if l.startswith("load: periods=")]
    if busy[4] or not load_lines:
        raise RuntimeError("rtos0 missed periods or rtos1 made no progress")
    note = "({} s, missed 0)".format(busy[3])
    return [
        dict(name="timer interrupt -> task dispatch, average", value=solo[0], native=nat[0],
             unit="instructions", seed=SEED_DISPATCH),
        dict(name="timer interrupt -> task dispatch, maximum", value=solo[1], native=nat[1],
             unit="instructions", seed=""),
        dict(name="task switch (semaphore ping-pong round / 2)", value=solo[2] / 2,
             native=nat[2] / 2, unit="instructions", seed=SEED_SWITCH),
        dict(name="rtos0 dispatch, average, rtos1 CPU-bound", value=busy[0],
             native=nat[0], unit="instructions", seed="", note=note),
        dict(name="rtos0 dispatch, maximum, rtos1 CPU-bound", value=busy[1],
             native=nat[1], unit="instructions", seed=""),
    ]
