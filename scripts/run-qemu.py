#!/usr/bin/env python3
"""run-qemu.py - boot a meso image in QEMU with every console shown live.

Each UART of the PC (COM1..COM4) is a Unix socket of QEMU's; this script
reads them all, prints every line with the name of its owner (the monitor
or a guest) in front, and keeps one log per owner in --logdir.  Lines typed
on stdin go to the --input console (Linux's shell, say).  The run ends when
QEMU exits (the monitor stops the system through isa-debug-exit), when
--until has matched --until-count lines (exit status 0), at a line matching
--abort-on (status 3), after --seconds, or on Ctrl-C.  --seconds alone is
a duration (status 0); beside --until it is a limit that only catches a
hang (status 124, the last lines of every console shown).  Otherwise the
exit status is the monitor's isa-debug-exit code.

    run-qemu.py --iso build/meso.iso --ram 256 --logdir build/run \\
        --console COM1=monitor --console COM2=ticker [--seconds 30]
"""
import argparse
import os
import re
import selectors
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time

PORTS = ("COM1", "COM2", "COM3", "COM4")


def die_with_parent():
    """In the child before exec: SIGKILL when this script dies, however
    it dies (a killed `make bench` or test must not leave QEMU running)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--iso", required=True)
    p.add_argument("--ram", type=int, required=True, help="MiB")
    p.add_argument("--machine", default="pc")
    p.add_argument("--cpu", default="qemu32", help="QEMU's -cpu (the board's)")
    p.add_argument("--smp", type=int, default=1, help="QEMU's -smp (the product's CONFIG_CPUS)")
    p.add_argument("--logdir", required=True)
    p.add_argument("--console", action="append", default=[],
                   metavar="COMn=NAME", help="owner of a UART")
    p.add_argument("--input", metavar="NAME",
                   help="console that receives stdin (default: monitor)")
    p.add_argument("--seconds", type=float, default=0,
                   help="stop after this many seconds (0 = no limit)")
    p.add_argument("--until", metavar="REGEX",
                   help="stop once a console line matches (exit status 0)")
    p.add_argument("--until-count", type=int, default=1, metavar="N",
                   help="... once N lines have matched --until")
    p.add_argument("--abort-on", metavar="REGEX",
                   help="stop at once at a matching line (exit status 3)")
    p.add_argument("--quiet", action="store_true",
                   help="only write the logs, print nothing live")
    p.add_argument("--extra", default="", help="more QEMU options")
    p.add_argument("--gdb", action="store_true",
                   help="start halted with QEMU's gdb stub on :1234")
    return p.parse_args(argv)


def owners(specs):
    table = {}
    for spec in specs:
        port, _, name = spec.partition("=")
        if port not in PORTS or not name:
            sys.exit("run-qemu: bad --console {!r} (want COMn=name)".format(
                spec))
        table[port] = name
    return table


def qemu_command(args, sockdir, table):
    cmd = ["qemu-system-i386", "-machine", args.machine + ",accel=tcg", "-cpu", args.cpu,
           "-smp", str(args.smp),
           "-m", str(args.ram), "-cdrom", args.iso, "-display", "none",
           "-no-reboot", "-monitor", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    for i, port in enumerate(PORTS):
        if port in table:
            path = os.path.join(sockdir, port)
            cmd += ["-chardev", "socket,id={},path={},server=on,wait=on"
                    .format(port, path), "-serial", "chardev:" + port]
        elif i < len(PORTS):
            cmd += ["-serial", "null"]
    if args.gdb:
        cmd += ["-s", "-S"]
    return cmd + shlex.split(args.extra)


def connect(path, proc, deadline):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("run-qemu: QEMU exited early (status {})".format(
                proc.returncode))
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.02)
    sys.exit("run-qemu: QEMU did not open " + path)


class Console:
    until = None        # compiled --until pattern
    abort_on = None     # compiled --abort-on pattern
    quiet = False
    matched = 0         # lines that matched --until so far
    aborted = None      # the line that matched --abort-on

    def __init__(self, name, sock, logdir, width):
        self.name, self.sock = name, sock
        self.log = open(os.path.join(logdir, name + ".log"), "wb")
        self.prefix = "{:>{}} | ".format(name, width).encode()
        self.pending = b""

    def feed(self, data):
        self.log.write(data)
        self.log.flush()
        self.pending += data.replace(b"\r", b"")
        *lines, self.pending = self.pending.split(b"\n")
        for line in lines:
            if not Console.quiet:
                sys.stdout.buffer.write(self.prefix + line + b"\n")
            text = line.decode(errors="replace")
            if Console.until and Console.until.search(text):
                Console.matched += 1
            if Console.abort_on and Console.aborted is None and \
                    Console.abort_on.search(text):
                Console.aborted = "{}: {}".format(self.name, text)
        if not Console.quiet:
            sys.stdout.buffer.flush()


def main(argv=None):
    args = parse_args(argv)
    table = owners(args.console)
    Console.quiet = args.quiet
    if args.until:
        Console.until = re.compile(args.until)
    if args.abort_on:
        Console.abort_on = re.compile(args.abort_on)
    os.makedirs(args.logdir, exist_ok=True)
    width = max(len(n) for n in table.values()) if table else 7
    with tempfile.TemporaryDirectory(prefix="meso-run-") as sockdir:
        qemu_log = open(os.path.join(args.logdir, "qemu.log"), "w+")
        proc = subprocess.Popen(qemu_command(args, sockdir, table),
                                stdin=subprocess.DEVNULL, stderr=qemu_log,
                                preexec_fn=die_with_parent)
        deadline = time.monotonic() + 30
        consoles = {}
        for port in PORTS:
            if port in table:
                sock = connect(os.path.join(sockdir, port), proc, deadline)
                consoles[port] = Console(table[port], sock, args.logdir, width)
        if args.gdb:
            print("run-qemu: QEMU waits for gdb on localhost:1234")
        sel = selectors.DefaultSelector()
        for c in consoles.values():
            sel.register(c.sock, selectors.EVENT_READ, c)
        target = next((c for c in consoles.values()
                       if c.name == (args.input or "monitor")), None)
        if target is not None:
            try:
                sel.register(sys.stdin, selectors.EVENT_READ, "stdin")
            except (ValueError, PermissionError, OSError):
                pass    # stdin is a regular file or closed: no input
        end = time.monotonic() + args.seconds if args.seconds else None
        status = None
        try:
            while status is None:
                timeout = 0.2
                if end is not None:
                    left = end - time.monotonic()
                    if left <= 0:
                        status = 124
                        break
                    timeout = min(timeout, left)
                for key, _ in sel.select(timeout):
                    if key.data == "stdin":
                        line = sys.stdin.buffer.readline()
                        if not line:
                            sel.unregister(sys.stdin)
                        else:
                            target.sock.sendall(line.replace(b"\n", b"\r"))
                        continue
                    data = key.fileobj.recv(4096)
                    if not data:
                        sel.unregister(key.fileobj)
                    else:
                        key.data.feed(data)
                if Console.aborted is not None:
                    status = "aborted"
                elif Console.until and Console.matched >= args.until_count:
                    status = "matched"
                elif proc.poll() is not None:
                    status = proc.returncode
        except KeyboardInterrupt:
            status = 130
        except BrokenPipeError:     # our reader went away (| head)
            status = 141
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
            for c in consoles.values():
                for _ in range(50):
                    try:
                        c.sock.settimeout(0.01)
                        data = c.sock.recv(4096)
                    except OSError:
                        break
                    if not data:
                        break
                    try:
                        c.feed(data)
                    except BrokenPipeError:
                        break
                c.log.close()
    qemu_log.seek(0)
    problems = [l for l in qemu_log if "waiting for connection" not in l
                and "terminating on signal" not in l]
    sys.stderr.writelines(problems)
    if status == 141:
        return 141
    if status == "matched":
        if not args.quiet:
            print("run-qemu: stopped at a line matching --until; logs in {}"
                  .format(args.logdir))
        return 0
    if problems and status == 1:
        print("run-qemu: QEMU failed (see above)", file=sys.stderr)
        return 1
    if status == "aborted":
        print("run-qemu: stopped at a line matching --abort-on: {}; logs in {}"
              .format(Console.aborted, args.logdir), file=sys.stderr)
        return 3
    if status == 124 and args.until:
        print("run-qemu: timed out: {} of {} lines matching --until '{}' "
              "within {:g} s; logs in {}".format(
                  Console.matched, args.until_count, args.until, args.seconds,
                  args.logdir), file=sys.stderr)
        for c in consoles.values():
            tail = _last_lines(c.log.name, 8)
            print("run-qemu: last lines of {}:\n{}".format(
                c.name, "\n".join("  " + l for l in tail) or "  (nothing)"),
                file=sys.stderr)
        return 124
    if status == 124:
        print("run-qemu: stopped after {:g} s as asked; logs in {}".format(
            args.seconds, args.logdir))
        return 0
    if status in (130, -signal.SIGTERM):
        print("run-qemu: interrupted; logs in {}".format(args.logdir))
        return 130
    code = status >> 1 if status and status & 1 else status
    print("run-qemu: QEMU exited, monitor exit code {}; logs in {}".format(
        code, args.logdir))
    return code


def _last_lines(path, n):
    with open(path, "rb") as f:
        text = f.read().decode(errors="replace").replace("\r", "")
    return text.rstrip("\n").split("\n")[-n:] if text.strip() else []


if __name__ == "__main__":
    sys.exit(main())
