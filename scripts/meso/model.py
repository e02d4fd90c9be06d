"""Stage 2: one frozen Product built from the loaded Kconfig symbols.

This is the only module that reads raw symbols.  It turns them into typed,
immutable records (strings parsed, choices resolved, disabled slots
dropped) and remembers which CONFIG_ symbol each value came from, so that
validation can name it.  Parsing problems (a malformed port list) are
collected, not raised one by one.
"""
import re
from dataclasses import dataclass

GUEST_SLOTS = 6
CHANNEL_SLOTS = 4
CONSOLES = ("COM1", "COM2", "COM3", "COM4")
KINDS = ("RTOS", "LINUX", "PROBE", "CUSTOM")
MODES = ("ISOLATED", "TRUSTED", "SVM")
FAULTS = ("HALT", "RESTART", "STOP")
NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,15}$")


@dataclass(frozen=True)
class Span:
    """A physical or virtual range [base, base + size)."""
    base: int
    size: int

    @property
    def end(self):
        """Inclusive last address."""
        return self.base + self.size - 1

    def overlaps(self, other):
        return self.base <= other.end and other.base <= self.end

    def text(self):
        return "[0x{:08x}-0x{:08x}]".format(self.base, self.end)


@dataclass(frozen=True)
class Ports:
    first: int
    last: int

    def overlaps(self, other):
        return self.first <= other.last and other.first <= self.last

    def text(self):
        if self.first == self.last:
            return "0x{:x}".format(self.first)
        return "0x{:x}-0x{:x}".format(self.first, self.last)


@dataclass(frozen=True)
class Monitor:
    phys: Span
    virt_base: int
    console: str
    log_level: int
    assertions: bool
    irqsoff_trace: bool
    tick_us: int
    debug_exit: bool


@dataclass(frozen=True)
class Guest:
    slot: int
    name: str
    kind: str            # RTOS, LINUX, PROBE, CUSTOM
    app: str
    mode: str            # ISOLATED, TRUSTED, SVM
    mem: Span
    lowmem: Span         # None unless Linux
    cpu: int             # the core its vCPU is pinned to
    priority: int
    ipl_low: int
    ipl_high: int
    console: str         # COM1..COM4 or MONITOR
    io_ports: tuple      # of Ports (extra grants, console excluded)
    timer_us: int
    fault: str           # HALT, RESTART, STOP
    image: str           # "" = built in tree
    cmdline: str

    def sym(self, suffix):
        return "CONFIG_GUEST{}_{}".format(self.slot, suffix)

    @property
    def label(self):
        return 'guest {} "{}"'.format(self.slot, self.name)


@dataclass(frozen=True)
class IrqLine:
    irq: int
    owner: object        # "MONITOR" or a guest slot number
    vector: int          # 0 = allocate

    @property
    def owner_sym(self):
        suffix = "MONITOR" if self.owner == "MONITOR" \
            else "GUEST{}".format(self.owner)
        return "CONFIG_IRQ{}_OWNER_{}".format(self.irq, suffix)


@dataclass(frozen=True)
class Channel:
    index: int
    name: str
    end_a: str
    end_b: str
    shm: Span
    notify: bool

    def sym(self, suffix):
        return "CONFIG_CHANNEL{}_{}".format(self.index, suffix)


@dataclass(frozen=True)
class Product:
    name: str
    board: object        # board.Board
    ram_mb: int
    monitor: Monitor
    guests: tuple        # enabled guests, by slot
    enabled_slots: frozenset
    irqs: tuple          # owned lines only
    channels: tuple      # enabled channels only
    ipl_split: bool
    digests: bool
    lapic_timer_owner: object   # None or a slot number
    cpus: int            # cores used; guests pinned by Guest.cpu
    trampoline: object   # Span of the other cores' start page, or None

    def guest(self, slot):
        return next((g for g in self.guests if g.slot == slot), None)

    def guest_named(self, name):
        return next((g for g in self.guests if g.name == name), None)

    @property
    def ram(self):
        return Span(0, self.ram_mb << 20)


def _choice(kconf, prefix, options):
    for opt in options:
        sym = kconf.syms.get("{}_{}".format(prefix, opt))
        if sym is not None and sym.str_value == "y":
            return opt
    return None


def parse_ports(text):
    """Parse "0x60-0x64,0x70" into Ports; raise ValueError with a reason."""
    ranges = []
    for item in (p.strip() for p in text.split(",")):
        if not item:
            continue
        bounds = [b.strip() for b in item.split("-")]
        if len(bounds) > 2:
            raise ValueError("'{}' is not a port or a range".format(item))
        values = []
        for b in bounds:
            try:
                values.append(int(b, 0))
            except ValueError:
                raise ValueError("'{}' is not a port number".format(b))
        first, last = values[0], values[-1]
        for v in (first, last):
            if not 0 <= v <= 0xffff:
                raise ValueError("port 0x{:x} is outside 0x0-0xffff"
                                 .format(v))
        if last < first:
            raise ValueError("range '{}' ends before it starts".format(item))
        ranges.append(Ports(first, last))
    return tuple(ranges)


def _guest(kconf, slot, errors):
    def val(suffix):
        return kconf.syms["GUEST{}_{}".format(slot, suffix)].str_value

    def num(suffix):
        return int(val(suffix), 0)

    prefix = "GUEST{}".format(slot)
    kind = _choice(kconf, prefix + "_KIND", KINDS)
    lowmem = None
    if kind == "LINUX":
        lowmem = Span(num("LOWMEM_BASE"), num("LOWMEM_SIZE"))
    try:
        ports = parse_ports(val("IO_PORTS"))
    except ValueError as e:
        errors.append('CONFIG_{}_IO_PORTS="{}": {}'.format(
            prefix, val("IO_PORTS"), e))
        ports = ()
    return Guest(
        slot=slot, name=val("NAME"), kind=kind,
        app=val("APP") if kind in ("RTOS", "PROBE") else
        val("CUSTOM_APP") if kind == "CUSTOM" else "",
        mode=_choice(kconf, prefix + "_MODE", MODES),
        mem=Span(num("MEM_BASE"), num("MEM_SIZE")), lowmem=lowmem,
        cpu=num("CPU"), priority=num("PRIORITY"),
        ipl_low=num("IPL_LOW"), ipl_high=num("IPL_HIGH"),
        console=_choice(kconf, prefix + "_CONSOLE", CONSOLES + ("MONITOR",)),
        io_ports=ports, timer_us=num("TIMER_US"),
        fault=_choice(kconf, prefix + "_FAULT", FAULTS),
        image=val("IMAGE"), cmdline=val("CMDLINE"))


def build_product(kconf, board):
    """Return (Product, parse_errors); validation reports both together."""
    sym = kconf.syms
    errors = []
    guests = tuple(_guest(kconf, s, errors) for s in range(GUEST_SLOTS)
                   if sym["GUEST{}_ENABLE".format(s)].str_value == "y")
    irqs = []
    for irq in range(board.irq_lines):
        owner = _choice(kconf, "IRQ{}_OWNER".format(irq),
                        ("MONITOR",) + tuple("GUEST{}".format(s)
                                             for s in range(GUEST_SLOTS)))
        if owner is None:
            continue
        vec = sym["IRQ{}_VECTOR".format(irq)].str_value
        irqs.append(IrqLine(irq, owner if owner == "MONITOR"
                            else int(owner[5:]), int(vec or "0", 0)))
    channels = []
    for c in range(CHANNEL_SLOTS):
        if sym["CHANNEL{}_ENABLE".format(c)].str_value != "y":
            continue

        def cval(suffix):
            return sym["CHANNEL{}_{}".format(c, suffix)].str_value
        channels.append(Channel(
            index=c, name=cval("NAME"), end_a=cval("END_A"),
            end_b=cval("END_B"),
            shm=Span(int(cval("SHM_BASE"), 0), int(cval("SHM_SIZE"), 0)),
            notify=cval("NOTIFY") == "y"))
    lapic = _choice(kconf, "LAPIC_TIMER_OWNER",
                    tuple("GUEST{}".format(s) for s in range(GUEST_SLOTS)))
    monitor = Monitor(
        phys=Span(int(sym["MONITOR_PHYS_BASE"].str_value, 0),
                  int(sym["MONITOR_SIZE"].str_value, 0)),
        virt_base=int(sym["MONITOR_VIRT_BASE"].str_value, 0),
        console=_choice(kconf, "MONITOR_CONSOLE", CONSOLES),
        log_level=int(sym["MONITOR_LOG_LEVEL"].str_value),
        assertions=sym["MONITOR_ASSERTIONS"].str_value == "y",
        irqsoff_trace=sym["MONITOR_IRQSOFF_TRACE"].str_value == "y",
        tick_us=int(sym["MONITOR_TICK_US"].str_value),
        debug_exit=sym["MONITOR_DEBUG_EXIT"].str_value == "y")
    return Product(
        name=sym["PRODUCT_NAME"].str_value, board=board,
        ram_mb=int(sym["BOARD_RAM_MB"].str_value), monitor=monitor,
        guests=guests, enabled_slots=frozenset(g.slot for g in guests),
        irqs=tuple(irqs), channels=tuple(channels),
        ipl_split=sym["IPL_SPLIT"].str_value == "y",
        digests=sym["IMAGE_DIGESTS"].str_value == "y",
        lapic_timer_owner=int(lapic[5:]) if lapic else None,
        cpus=int(sym["CPUS"].str_value),
        trampoline=Span(int(sym["SMP_TRAMPOLINE"].str_value, 0), 0x1000)
        if sym["SMP_TRAMPOLINE"].str_value else None), errors
