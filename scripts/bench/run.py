#!/usr/bin/env python3
"""bench/run.py - meso's benchmarks (`make bench`): never part of the tests.

Every module scripts/bench/bench_*.py is one suite with

    TITLE = "..."                 heading of its table
    def run(ctx): -> [row, ...]   row = dict(name=, value=, unit=,
                                             native=None, seed="", note="")

`value` and `native` are exact figures from QEMU's deterministic
instruction counting (-icount shift=0,sleep=off: one instruction is one
nanosecond of virtual time, and the TSC follows virtual time), so they are
instruction counts or virtual nanoseconds, the same run after run.  `native`
is the same measure without the monitor (bare-metal RTOS or Linux on the
same QEMU); the ratio is printed when both exist.  `seed` quotes the
published figure of the seeds for comparison.  Wall-clock time is never
reported.

Results go to <objtree>/build/bench/results.json and a Markdown table on
stdout (docs/benchmarks.md holds a reviewed copy).
"""
import argparse
import glob
import importlib.util
import json
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRCTREE = os.path.abspath(os.path.join(HERE, "..", ".."))
ICOUNT = "-icount shift=0,sleep=off"


class Context:
    """What a suite needs: build a product, boot it, read its consoles."""

    def __init__(self, objtree, python):
        self.srctree = SRCTREE
        self.objtree = objtree
        self.python = python

    def make(self, *args, objtree):
        proc = subprocess.run(["make", "-s", "-C", SRCTREE,
                               "O=" + objtree] + list(args),
                              capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError("make {} failed:\n{}{}".format(
                " ".join(args), proc.stdout, proc.stderr))
        return proc.stdout

    def product(self, name, defconfig, fragments=(), config_lines=(), make_vars=()):
        """Configure and build a product under build/bench/<name>
        (make_vars: VAR=value for its `make image`)."""
        out = os.path.join(self.objtree, "build", "bench", name)
        os.makedirs(out, exist_ok=True)
        self.make(defconfig, objtree=out)
        for frag in fragments:
            self.make(frag, objtree=out)
        if config_lines:
            path = os.path.join(out, "bench.config")
            with open(path, "w") as f:
                f.write("\n".join(config_lines) + "\n")
            subprocess.run([self.python, os.path.join(SRCTREE, "scripts",
                                                      "mesoconf"),
                            "--srctree", SRCTREE, "--objtree", out, "merge",
                            path], check=True)
        self.make("image", *make_vars, objtree=out)
        return out

    def boot(self, objtree, consoles, until, seconds=1800, extra="",
             icount=ICOUNT, count=1, abort_on=None):
        """Boot a built product under -icount (shift=0 unless `icount`
        says otherwise) until `count` console lines have matched `until`
        (or one matched `abort_on`); return {console: [lines]}.  `seconds`
        of wall time only catch a hang: a busy host slows the run, not
        its figures.  A run that times out raises, naming itself, with
        the last lines of every console."""
        logdir = os.path.join(objtree, "build", "bench-run")
        with open(os.path.join(objtree, "gen", "product.mk")) as f:
            product = dict(l.split(" := ", 1) for l in f.read().splitlines()
                           if l.startswith("MESO_") and " := " in l)
        cmd = [self.python, os.path.join(SRCTREE, "scripts", "run-qemu.py"),
               "--iso", os.path.join(objtree, "build", "meso.iso"),
               "--ram", product["MESO_RAM_MB"], "--cpu", product["MESO_QEMU_CPU"],
               "--smp", product.get("MESO_QEMU_SMP", "1"),
               "--logdir", logdir, "--quiet",
               "--seconds", str(seconds), "--until", until,
               "--until-count", str(count),
               "--extra", (icount + " " + extra).strip()]
        if abort_on:
            cmd += ["--abort-on", abort_on]
        for port, name in consoles.items():
            cmd += ["--console", "{}={}".format(port, name)]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 3):
            raise RuntimeError("run of {} failed (run-qemu.py status {}):\n{}"
                               .format(os.path.relpath(objtree, self.objtree),
                                       proc.returncode, proc.stderr))
        return {name: _lines(os.path.join(logdir, name + ".log"))
                for name in consoles.values()}


def _lines(path):
    try:
        with open(path, errors="replace") as f:
            return [l.rstrip("\r\n") for l in f]
    except FileNotFoundError:
        return []


def _suites(only):
    for path in sorted(glob.glob(os.path.join(HERE, "bench_*.py"))):
        name = os.path.basename(path)[6:-3]
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location("bench_" + name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        yield name, mod


def _fmt(v):
    return "-" if v is None else ("{:,}".format(v) if isinstance(v, int)
                                  else "{:,.1f}".format(v))


def table(suite_title, rows):
    out = ["", "### " + suite_title, "",
           "| measure | meso | native | ratio | unit | seeds' figure | note |",
           "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        ratio = "{:.2f}x".format(r["value"] / r["native"]) \
            if r.get("native") else "-"
        out.append("| {} | {} | {} | {} | {} | {} | {} |".format(
            r["name"], _fmt(r["value"]), _fmt(r.get("native")), ratio,
            r["unit"], r.get("seed", ""), r.get("note", "")))
    return "\n".join(out)


def main(argv=None):
    # SIGTERM as Ctrl-C: subprocess.run then kills run-qemu.py, whose QEMU
    # dies with it (PR_SET_PDEATHSIG)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    p = argparse.ArgumentParser(description="meso benchmarks (-icount)")
    p.add_argument("--objtree", default=SRCTREE)
    p.add_argument("suites", nargs="*", help="only these suites")
    args = p.parse_args(argv)
    ctx = Context(os.path.abspath(args.objtree), sys.executable)
    results, failed = {}, 0
    for name, mod in _suites(args.suites):
        print("bench: {} ...".format(name), file=sys.stderr)
        try:
            rows = mod.run(ctx)
        except Exception as e:   # a suite that fails says so, others go on
            print("bench: {} failed: {}".format(name, e), file=sys.stderr)
            failed += 1
            continue
        results[name] = dict(title=mod.TITLE, rows=rows)
        print(table(mod.TITLE, rows))
    out = os.path.join(ctx.objtree, "build", "bench", "results.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print("\nbench: results in {}".format(out), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
