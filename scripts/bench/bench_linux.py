"""bench_linux.py - the Linux guest: its throughput cost on the monitor and
the RTOS's dispatch latency under Linux load, trusted (IPL split on and
off) and hardware-isolated (qemu_hybrid_svm).

Under -icount shift=0,sleep=off (one instruction is one nanosecond of
virtual time; the TSC and Linux's clocks follow virtual time):

- throughput: the init's fixed workload (meso.workload=cpu,io, 3 rounds:
  shell arithmetic and 4 MiB of tmpfs I/O per round) timed by Linux
  itself (elapsed_us, CLOCK_REALTIME), natively (the same bzImage and
  initramfs from `-kernel`, in the partition's exact E820 RAM, no
  monitor) and on the monitor as the hybrid product's Linux guest with
  the RTOS's 1 ms demo running beside it.  The cost is everything the
  monitor and the RTOS take from Linux's virtual time.  The same for
  qemu_hybrid_svm: its kernel (guest-patches/linux-6.1-svm) booted
  natively without meso= is a plain PC kernel (PIT, 8259); the world
  switches per second come from the monitor's status lines of the SVM
  latency run below (TCG counts a VMRUN or #VMEXIT as one instruction;
  real parts pay about 1,000+ cycles each, so readers can scale).
- latency: the RTOS demo's per-second dispatch-latency histograms while
  Linux runs meso.workload=all (CPU, I/O, console flood, ~900-character
  alert-level kernel messages) from boot, once with the product as it is,
  once with configs/fragments/ipl-split-off.config, once with Linux
  hardware-isolated (qemu_hybrid_svm_defconfig) and once on two cores
  (qemu_hybrid_smp_defconfig: the RTOS on a core of its own); the first ten
  seconds (the boot, the demo's first histogram) and the last block
  (possibly not all printed when the run stops) are dropped.  These runs use -icount shift=5 like the tests (one
  instruction is 32 ns, the TSC counts virtual ns), so the demo's 512-tsc
  buckets are 16 instructions wide.  Written as a table and an SVG
  picture (build/bench/rtos-latency-linux-load.svg).

Needs a Linux build per kernel (the split-off kernel has another IPL
band, the SVM kernel its own series): the first `make bench BENCH=linux`
takes a quarter of an hour.
"""
import ctypes
import json
import math
import os
import re
import select
import signal
import subprocess
import time

import jinja2

TITLE = "Linux guest: throughput cost and RTOS latency under Linux load (-icount shift=0)"
ICOUNT = "-icount shift=0,sleep=off"
WORKLOAD = "meso.workload=cpu,io meso.rounds=3"
LOAD = "meso.workload=all meso.rounds={}"
LOAD_ROUNDS = 3
LAT_ICOUNT = "-icount shift=5,sleep=off"
OVERFLOW_BUCKET = 127   # the demo's HIST_BUCKETS - 1: that and everything above
DONE_RE = re.compile(r"meso-linux: workload (\S+) done uptime=[0-9.]+ elapsed_us=(\d+)")
DONE_LINE_RE = re.compile(DONE_RE.pattern + r"\r?\n")
HIST_RE = re.compile(r"demo: hist w=(\d+) s=(\d+)((?: \d+:\d+)*)$")
SVM_RE = re.compile(r"status: (\d+) ms: svm: (\d+) world switches since the last report")
DEMO_RE = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")
SEED_COST = "SPUMONE: +1.4% on a kernel build (SH-4A); aim here < 1%"
SEED_LAT = "SPUMONE (disk stress): max 34 us with IPL separation, 111 us without"
HERE = os.path.dirname(os.path.abspath(__file__))


# kernel -> the product it is built for (split-off: a fragment on top)
DEFCONFIGS = {"split-on": "qemu_hybrid_defconfig", "split-off": "qemu_hybrid_defconfig",
              "svm": "qemu_hybrid_svm_defconfig", "smp": "qemu_hybrid_smp_defconfig"}


def _product(ctx, name, cmdline, fragments=(), kernel="split-on"):
    """The hybrid (trusted or SVM, as `kernel` says) with this Linux
    command line; products with the same kernel configuration share one
    Linux build (LINUX_DIR)."""
    return ctx.product(name, DEFCONFIGS[kernel], fragments=fragments,
                       config_lines=['CONFIG_GUEST1_CMDLINE="quiet {}"'.format(cmdline)],
                       make_vars=["LINUX_DIR=" + _linux_dir(ctx, kernel)])


def _linux_dir(ctx, kernel):
    """The hybrid on two cores has the hybrid's Linux (same band)."""
    return os.path.join(ctx.objtree, "build", "bench",
                        "linux-" + ("split-on" if kernel == "smp" else kernel))


def _bootmem(objtree):
    e820 = []
    with open(os.path.join(objtree, "gen", "linux", "bootmem.txt")) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == "e820" and fields[3] == "ram":
                e820.append((int(fields[1], 16), int(fields[2], 16)))
    return " ".join(["memmap=exactmap"] + ["memmap={:#x}@{:#x}".format(s, b)
                                           for b, s in e820])


def _die_with_parent():
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _native_elapsed(ctx, objtree, cmdline, kernel="split-on", timeout=900):
    """The same kernel from -kernel, no monitor: Linux's elapsed_us.  The
    trusted kernel takes meso= as its native platform facts; the SVM
    kernel without meso= is a plain PC kernel."""
    out = os.path.join(_linux_dir(ctx, kernel), "linux")
    native = "" if kernel == "svm" else "meso=1000000,1000000,0x1"
    append = "console=ttyS0 quiet {} {} {}".format(_bootmem(objtree), native, cmdline)
    cmd = ["qemu-system-i386", "-machine", "pc", "-m", "256", "-display", "none",
           "-monitor", "none", "-serial", "stdio", "-no-reboot"] + ICOUNT.split() + [
           "-kernel", os.path.join(out, "bzImage"),
           "-initrd", os.path.join(out, "initramfs.cpio.gz"), "-append", append]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    end, buf = time.monotonic() + timeout, b""
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                data = os.read(proc.stdout.fileno(), 4096)
                if not data:
                    break
                buf += data
                m = DONE_LINE_RE.search(buf.decode(errors="replace"))
                if m:   # a whole line: a read may end inside the number
                    return int(m.group(2))
    finally:
        proc.kill()
        proc.wait()
    raise RuntimeError("native Linux: no 'workload done' line:\n" +
                       buf.decode(errors="replace")[-2000:])


def _on_monitor(ctx, objtree, seconds, icount=ICOUNT):
    consoles = {"COM1": "monitor", "COM2": "linux", "COM3": "rtos"}
    out = ctx.boot(objtree, consoles, until=r"meso-linux: workload \S+ done",
                   abort_on=r"^health: |PANIC", seconds=seconds, icount=icount)
    bad = [l for l in out["monitor"] if l.startswith(("health: ", "PANIC"))]
    if bad:
        raise RuntimeError("on the monitor: " + "; ".join(bad))
    m = next((DONE_RE.search(l) for l in out["linux"] if DONE_RE.search(l)), None)
    if not m:
        raise RuntimeError("on the monitor: no 'workload done' within {} s:\n{}".format(
            seconds, "\n".join(out["linux"][-15:])))
    return int(m.group(2)), out


def world_switches(monitor_lines):
    """#VMEXITs per second of virtual time over the status reports (each
    covers the time since the one before; the first covers the boot)."""
    reports = [tuple(map(int, m.groups())) for m in map(SVM_RE.search, monitor_lines) if m]
    if len(reports) < 2:
        raise RuntimeError("fewer than two 'svm: N world switches' status lines")
    (t0, _), (t1, _) = reports[0], reports[-1]
    return sum(n for _, n in reports[1:]) * 1000 // (t1 - t0)


def histogram(rtos_lines, skip=10):
    """The demo's histograms summed and the reports of the seconds they
    cover: (bucket width, {bucket: count}, periods, missed, worst
    lat_max).  A histogram names the last second it covers (s=) and goes
    out a line a second, the rest of it flushed when the next one is due:
    so every block but the newest is complete.  Blocks up to second
    `skip` (the boot) and the newest are dropped."""
    reports = [tuple(int(g) for g in m.groups())
               for m in map(DEMO_RE.match, rtos_lines) if m]
    hists = [h for h in map(HIST_RE.match, rtos_lines) if h]
    newest = max((int(h.group(2)) for h in hists), default=0)
    width, counts, upto = None, {}, skip
    for h in hists:
        if not skip < int(h.group(2)) < newest:
            continue
        width, upto = int(h.group(1)), max(upto, int(h.group(2)))
        for pair in h.group(3).split():
            b, c = map(int, pair.split(":"))
            counts[b] = counts.get(b, 0) + c
    stats = reports[skip:upto]
    if not counts or not stats:
        raise RuntimeError("no complete demo histogram:\n" + "\n".join(rtos_lines[-10:]))
    if sum(counts.values()) != sum(s[0] for s in stats):
        raise RuntimeError("histograms and reports disagree: {} vs {} periods".format(
            sum(counts.values()), sum(s[0] for s in stats)))
    return (width, counts, sum(s[0] for s in stats), sum(s[1] for s in stats),
            max(s[3] for s in stats))


def write_svg(path, width, series):
    """series: [(label, css class, {bucket: count})] -> a bar chart."""
    buckets = sorted({b for _, _, c in series for b in c})
    lo, hi = buckets[0], buckets[-1]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE),
                             undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters["log"] = math.log
    svg = env.get_template("histogram.svg.j2").render(
        width=width, lo=lo, hi=hi, series=series, overflow=OVERFLOW_BUCKET,
        peak=max(max(c.values()) for _, _, c in series))
    with open(path, "w") as f:
        f.write(svg)


def table(width, series, rows=16):
    """Markdown: the buckets merged into about `rows` ranges (the SVG has
    them all); the demo's last bucket also holds everything above it."""
    buckets = sorted({b for _, _, c in series for b in c})
    lo, hi = buckets[0], buckets[-1]
    step = max(1, (hi - lo + rows) // rows)
    out = ["| dispatch latency (us, virtual) | " +
           " | ".join(label + " (periods)" for label, _, _ in series) + " |",
           "|---|" + "---:|" * len(series)]
    for first in range(lo, hi + 1, step):
        last = min(first + step - 1, hi)
        counts = [sum(c.get(b, 0) for b in range(first, last + 1)) for _, _, c in series]
        if not any(counts):
            continue
        span = "{:.1f} and above".format(first * width / 1000) if last == OVERFLOW_BUCKET \
            else "{:.1f}-{:.1f}".format(first * width / 1000, (last + 1) * width / 1000)
        out.append("| {} | ".format(span) + " | ".join("{:,}".format(c) for c in counts) + " |")
    return "\n".join(out)


def _throughput(ctx, kernel):
    """(native us, on the monitor us) of the fixed workload."""
    obj = _product(ctx, "linux-throughput-" + kernel, WORKLOAD, kernel=kernel)
    ctx.make("linux", "LINUX_DIR=" + _linux_dir(ctx, kernel), objtree=obj)  # bzImage
    native_us = _native_elapsed(ctx, obj, WORKLOAD, kernel)
    meso_us, _ = _on_monitor(ctx, obj, seconds=900)
    return native_us, meso_us


def run(ctx):
    rows = []
    for kernel, label in (("split-on", "trusted"), ("svm", "SVM")):
        native_us, meso_us = _throughput(ctx, kernel)
        note = "cost {:+.2f}% (RTOS demo beside)".format(100.0 * (meso_us - native_us) / native_us)
        rows.append(dict(name="Linux workload cpu,io x3, elapsed, " + label, value=meso_us,
                         native=native_us, unit="us virtual",
                         seed=SEED_COST if kernel != "svm" else "aim < 2%", note=note))

    split = {}
    for label, kernel, frags in (("split on", "split-on", ()),
                                 ("split off", "split-off", ("ipl-split-off.config",)),
                                 ("SVM", "svm", ()),
                                 ("two cores", "smp", ())):
        obj = _product(ctx, "linux-load-" + kernel, LOAD.format(LOAD_ROUNDS), frags,
                       kernel=kernel)
        _, out = _on_monitor(ctx, obj, seconds=1800, icount=LAT_ICOUNT)
        split[label] = histogram(out["rtos"])
        if kernel == "svm":
            rows[-1]["note"] += "; {:,} world switches/s under meso-workload all".format(
                world_switches(out["monitor"]))
    width = split["split on"][0]
    series = [(label, label.lower().replace(" ", "-"), h[1]) for label, h in split.items()]
    svg = os.path.join(ctx.objtree, "build", "bench", "rtos-latency-linux-load.svg")
    write_svg(svg, width, series)
    with open(svg[:-4] + ".json", "w") as f:
        json.dump(dict(width=width, series={l: c for l, _, c in series}), f, indent=1)
    print("\n" + table(width, series) + "\n\n(picture: {})".format(svg))

    for label, (_, counts, periods, missed, worst) in split.items():
        name = {"SVM": "Linux hardware-isolated (SVM)",
                "two cores": "Linux on core 0, the RTOS on core 1"}.get(label, "trusted, " + label)
        rows.append(dict(name="RTOS dispatch max under Linux load, " + name, value=worst,
                         unit="ns virtual (shift=5)",
                         seed=SEED_LAT if label == "split on" else "",
                         note="{:,} periods, missed {}".format(periods, missed)))
    return rows
