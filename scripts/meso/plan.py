"""Derived facts of a validated Product: everything the templates need.

Vectors, TPR values, I/O permission bitmaps, boot memory maps, guest
address layouts, GRUB modules, the partition-map geometry.  Templates do
no arithmetic; this module does it once.  allocate_vectors() is also used
by validation, so the rule and the result cannot drift apart.
"""
import os
from dataclasses import dataclass

from .model import Ports, Span

MiB = 1 << 20
PAGE = 0x1000
PDE_SPAN = 4 * MiB
FIRST_GUEST_CLASS, LAST_GUEST_CLASS = 2, 14
MONITOR_CLASS = 15
MONITOR_TICK_VECTOR = 0xf0
MONITOR_RESCHED_VECTOR = 0xf1
LAPIC_ERROR_VECTOR = 0xfe
SPURIOUS_VECTOR = 0xff
LINUX_PAGE_OFFSET = 0xc0000000
E820_RAM, E820_RESERVED = 1, 2
UART_PORTS = 8
KIND_TEXT = {"RTOS": "uITRON RTOS", "LINUX": "Linux", "PROBE": "probe",
             "CUSTOM": "custom"}


def tick_cpu(product):
    """The core the PIT's tick goes to, which relays it to the others:
    the first without a trusted guest (whose interrupts-off stretches,
    such as a Linux's early boot, would hold everyone's tick back)."""
    trusted = {g.cpu for g in product.guests if g.mode == "TRUSTED"}
    return next((c for c in range(product.cpus) if c not in trusted), 0)


def round_up(value, align):
    return (value + align - 1) // align * align


def size_text(size):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift and size % (1 << shift) == 0:
            return "{} {}".format(size >> shift, unit)
    if size >= 1 << 20:
        return "{:.1f} MiB".format(size / (1 << 20))
    return "{} B".format(size) if size < 1024 else \
        "{:.1f} KiB".format(size / 1024)


def monitor_window(product):
    """The monitor's virtual window: its region rounded to 4 MiB + 4 MiB."""
    return Span(product.monitor.virt_base,
                round_up(product.monitor.phys.size, PDE_SPAN) + PDE_SPAN)


def band(product, guest):
    """(low, high) priority classes the guest's vectors live in."""
    if product.ipl_split:
        return guest.ipl_low, guest.ipl_high
    return FIRST_GUEST_CLASS, LAST_GUEST_CLASS


def tpr_values(product, guest):
    """(open, masked): TPR while the guest's interrupts are on / off."""
    low, high = band(product, guest)
    return (low - 1) << 4, high << 4


def channels_of(product, guest):
    return [c for c in product.channels if guest.name in (c.end_a, c.end_b)]


# Linux's system vectors (guest-patches/linux-6.1/0003): Linux's own
# 0xec..0xff moved to the top of its band, i.e. its last 20 vectors.
LINUX_SYSTEM_VECTORS = 0x100 - 0xec


def linux_system_base(product, guest):
    """First of a Linux guest's system vectors (its local timer)."""
    return ((band(product, guest)[1] << 4) | 0xf) - LINUX_SYSTEM_VECTORS + 1


# A hardware-isolated Linux (guest-patches/linux-6.1-svm) has no
# interrupt controller of its own: the monitor injects ISA IRQ n at the
# vector i386 Linux gives it, 0x30 + n, and its tick (the virtual timer)
# as IRQ 0.
LINUX_SVM_ISA_BASE = 0x30
# ... and its kernel is linked in guest-physical space, at Linux's
# default 16 MiB.
LINUX_SVM_PHYSICAL_START = 0x1000000


def linux_svm(guest):
    return guest.kind == "LINUX" and guest.mode == "SVM"


def fixed_vector(guest, what, key):
    """The vector a request must have, or 0 (allocated)."""
    if linux_svm(guest):
        return LINUX_SVM_ISA_BASE + (key if what == "irq" else 0)
    return 0


def linux_physical_start(guest):
    return LINUX_SVM_PHYSICAL_START if linux_svm(guest) else guest.mem.base


def vector_requests(product, guest):
    """What needs a vector in the guest's band, most urgent first.

    Allocation runs from the band's top vector down, so a trusted Linux
    guest's system vectors take exactly the top of its band.  It ticks on
    the local APIC timer and gets no virtual timer."""
    if guest.kind == "LINUX" and not linux_svm(guest):
        reqs = [("system", i) for i in range(LINUX_SYSTEM_VECTORS)]
    else:
        reqs = [("timer", 0)]
    reqs += [("channel", c.index) for c in channels_of(product, guest)
             if c.notify]
    reqs += [("irq", i.irq) for i in product.irqs if i.owner == guest.slot]
    return reqs


def allocate_vectors(product):
    """Return ({(slot, what, key): vector}, [(guest, needed, free)])."""
    used = {MONITOR_TICK_VECTOR, MONITOR_RESCHED_VECTOR, LAPIC_ERROR_VECTOR,
            SPURIOUS_VECTOR}
    used |= {i.vector for i in product.irqs if i.vector}
    vectors, short = {}, []
    for g in sorted(product.guests, key=lambda g: -g.priority):
        low, high = band(product, g)
        free = [v for v in range((high << 4) | 0xf, (low << 4) - 1, -1)
                if v not in used] if low <= high else []
        wanted = []
        for what, key in vector_requests(product, g):
            explicit = fixed_vector(g, what, key) or next(
                (i.vector for i in product.irqs
                 if what == "irq" and i.irq == key and i.vector), 0)
            if explicit:
                vectors[(g.slot, what, key)] = explicit
            else:
                wanted.append((what, key))
        if len(wanted) > len(free):
            short.append((g, len(wanted), len(free)))
            continue
        for (what, key), v in zip(wanted, free):
            vectors[(g.slot, what, key)] = v
            used.add(v)
    return vectors, short


def port_grants(board, guest):
    """Every I/O port range a guest may use: its own UART and its grants."""
    grants = []
    if guest.console in ("COM1", "COM2", "COM3", "COM4"):
        port = board.uart(guest.console).port
        grants.append(Ports(port, port + UART_PORTS - 1))
    return tuple(sorted(grants + list(guest.io_ports), key=lambda r: r.first))


def io_bitmap(product, board, guest):
    """TSS I/O permission bitmap bytes (bit set = denied), trimmed."""
    grants = port_grants(board, guest)
    if not grants:
        return ()
    top = max(r.last for r in grants)
    bitmap = bytearray(b"\xff" * (top // 8 + 1))
    for r in grants:
        for p in range(r.first, r.last + 1):
            bitmap[p // 8] &= ~(1 << (p % 8)) & 0xff
    return tuple(bitmap)


def guest_layout(product, guest):
    """Segment limit and channel window offsets of an in-tree guest."""
    offset = guest.mem.size
    windows = []
    for c in channels_of(product, guest):
        windows.append((c, offset))
        offset += c.shm.size
    return offset, windows


def guest_linear(product, guest):
    """The guest's virtual (linear) range, for window collision checks."""
    if guest.kind == "LINUX":
        return Span(LINUX_PAGE_OFFSET, guest.mem.base + guest.mem.size)
    limit, _ = guest_layout(product, guest)
    return Span(guest.mem.base, limit)


def e820(product, guest):
    """Boot memory map of the guest: list of (base, size, type); a
    hardware-isolated Linux's in guest-physical addresses, a PC's below
    1 MiB (Linux wants its ISA hole)."""
    if linux_svm(guest):
        return [(0, 0x9fc00, E820_RAM), (0x9fc00, 0x60400, E820_RESERVED),
                (0x100000, guest.mem.size - 0x100000, E820_RAM)]
    entries = []
    if guest.lowmem:
        entries.append((guest.lowmem.base, guest.lowmem.size, E820_RAM))
    entries.append((guest.mem.base, guest.mem.size, E820_RAM))
    for c in channels_of(product, guest):
        entries.append((c.shm.base, c.shm.size, E820_RESERVED))
    return sorted(entries)


def linux_cmdline(product, guest):
    tty = "ttyS{}".format(int(guest.console[3]) - 1)
    # panic=-1: a panic stops the CPU at once (native_halt -> MESO_HC_EXIT),
    # so the monitor logs it and applies the guest's fault policy; a
    # panic= in the guest's own command line comes later and wins.
    parts = ["console=" + tty, "earlyprintk=serial,{},115200".format(tty)]
    if linux_svm(guest):
        parts.append("io_delay=none")   # port 0x80 is not its
    else:
        parts.append("reservetop=0x{:x}".format(
            (1 << 32) - product.monitor.virt_base))
    parts.append("panic=-1")
    if guest.cmdline:
        parts.append(guest.cmdline)
    return " ".join(parts)


def image_path(srctree, objtree, guest):
    """Where the guest's image is (or will be) on the build machine."""
    if guest.image:
        return guest.image if os.path.isabs(guest.image) \
            else os.path.join(srctree, guest.image)
    if guest.kind == "LINUX":
        return os.path.join(objtree, "build", "linux", "vmlinux")
    return os.path.join(objtree, "build", "guests", guest.name + ".elf")


def initrd_path(objtree, guest):
    return os.path.join(objtree, "build", "linux", "initramfs.cpio.gz")


@dataclass(frozen=True)
class MapRow:
    span: Span
    owner: str
    detail: str
    css: str


def memory_rows(product):
    """Every region of the physical map in address order, gaps included."""
    rows = [MapRow(h_span, "hole", h.name, "hole")
            for h, h_span in ((h, Span(h.base, h.size))
                              for h in product.board.holes)
            if h_span.base < product.ram.size]
    rows.append(MapRow(product.monitor.phys, "monitor",
                       "monitor core and image staging", "monitor"))
    for g in product.guests:
        lo, hi = band(product, g)
        detail = "{}, {}, priority {}, classes {}-{}".format(
            KIND_TEXT[g.kind], g.mode.lower(), g.priority, lo, hi)
        if product.cpus > 1:
            detail = "core {}, {}".format(g.cpu, detail)
        rows.append(MapRow(g.mem, g.name, detail, g.kind.lower()))
        if g.lowmem:
            rows.append(MapRow(g.lowmem, g.name, "low-memory window",
                               g.kind.lower()))
    for c in product.channels:
        rows.append(MapRow(c.shm, c.name, "channel {} <-> {}".format(
            c.end_a, c.end_b), "channel"))
    if product.trampoline:
        rows.append(MapRow(product.trampoline, "monitor",
                           "start page of core{} 1{}".format(
                               "s" if product.cpus > 2 else "",
                               "-{}".format(product.cpus - 1) if product.cpus > 2 else ""),
                           "monitor"))
    rows.sort(key=lambda r: r.span.base)
    full, cursor = [], 0
    for r in rows:
        if r.span.base > cursor:
            full.append(MapRow(Span(cursor, r.span.base - cursor), "free",
                               "", "free"))
        full.append(r)
        cursor = max(cursor, r.span.end + 1)
    if cursor < product.ram.size:
        full.append(MapRow(Span(cursor, product.ram.size - cursor), "free",
                           "", "free"))
    return full


SVG_ROW, SVG_TOP, SVG_WIDTH = 30, 56, 760


def map_geometry(rows):
    """Row boxes of the partition-map picture, highest address on top.

    Rows are not to scale (a 4 KiB hole and a 64 MiB partition would not
    both be visible); each row carries its range and size as text.
    """
    boxes = []
    for i, r in enumerate(reversed(rows)):
        y = SVG_TOP + i * SVG_ROW
        boxes.append(dict(y=y, height=SVG_ROW - 4, text_y=y + 18,
                          base="0x{:08x}".format(r.span.base),
                          end="0x{:08x}".format(r.span.end),
                          size=size_text(r.span.size), owner=r.owner,
                          detail=r.detail, css=r.css))
    return dict(width=SVG_WIDTH, height=SVG_TOP + len(rows) * SVG_ROW + 16,
                rows=boxes)
