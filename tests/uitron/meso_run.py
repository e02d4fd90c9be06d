"""Build a uITRON product on the meso monitor into a private output tree
and boot it under TCG with deterministic time (-icount), collecting what
the monitor (COM1) and the RTOS instances (COM2, COM3) print.

Products are qemu_rtos_pair plus config lines (applications by name).
"""
import re

from meso_qemu import QemuRun, make_product

DEFCONFIG = "qemu_rtos_pair_defconfig"


def build(out, lines=(), apps=None):
    """qemu_rtos_pair + config lines + {slot: application}; make image
    (no compiler warning allowed).  Returns the output tree."""
    app_lines = ['CONFIG_GUEST{}_APP="{}"'.format(n, a) for n, a in (apps or {}).items()]
    err = make_product(out, DEFCONFIG, config_lines=list(lines) + app_lines,
                       no_warnings=True)
    assert not err, err
    return out


class Boot(QemuRun):
    """One run of <out>/build/meso.iso; lines(n) is what COM<n> printed
    (1 the monitor, 2 and 3 the two instances)."""

    def __init__(self, out, logdir):
        super().__init__(out, logdir, ports=(1, 2, 3))

    def lines(self, n):
        return self.port_lines(n)


DEMO_RE = re.compile(r"demo: periods=(\d+) missed=(\d+) lat_avg=(\d+) lat_max=(\d+) \(tsc\)")


def demo_reports(lines):
    """(periods, missed, avg, max) of each once-a-second demo line."""
    return [tuple(map(int, m.groups())) for m in map(DEMO_RE.fullmatch, lines) if m]
