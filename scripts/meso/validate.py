"""Stage 3: every rule a product must satisfy, all errors collected.

Each rule is a generator of messages; validate() runs them all and returns
every message, so one run shows every problem.  A message names the
CONFIG_ symbol(s), their values and the conflict.  Nothing is rendered
unless this returns an empty list.  docs/configuration.md lists the rules.
"""
import os

from .errors import ConfigError
from . import images, plan
from .model import NAME_RE, Ports, Span

MiB = 1 << 20
LINUX_ALIGN = 2 * MiB
LINUX_MIN = 32 * MiB
CMDLINE_MAX = 1023
PROBE_LIBRARY = ("lib", "attack")  # guests/probe/*.c that are not applications


def known_apps(srctree, kind):
    """In-tree applications of a kind, read from the tree so that a new
    application needs no generator change: guests/uitron/apps/<app>/ and
    guests/probe/<app>.c."""
    if kind == "RTOS":
        root = os.path.join(srctree, "guests", "uitron", "apps")
        return sorted(d for d in os.listdir(root)
                      if os.path.isdir(os.path.join(root, d)))
    root = os.path.join(srctree, "guests", "probe")
    return sorted(f[:-2] for f in os.listdir(root)
                  if f.endswith(".c") and f[:-2] not in PROBE_LIBRARY)


def _hex(v):
    return "0x{:08x}".format(v)


def _band_text(product, g):
    return "classes {}-{}".format(*plan.band(product, g))


class _Region:
    """A physical region with the symbol that places it, for messages."""

    def __init__(self, span, what, sym):
        self.span, self.what, self.sym = span, what, sym


def _regions(product):
    m = product.monitor
    yield _Region(m.phys, "the monitor", "CONFIG_MONITOR_PHYS_BASE")
    for g in product.guests:
        yield _Region(g.mem, "partition of " + g.label, g.sym("MEM_BASE"))
        if g.lowmem:
            yield _Region(g.lowmem, "low-memory window of " + g.label,
                          g.sym("LOWMEM_BASE"))
    for c in product.channels:
        yield _Region(c.shm, 'shared memory of channel {} "{}"'.format(
            c.index, c.name), c.sym("SHM_BASE"))
    if product.trampoline:
        yield _Region(product.trampoline, "the other cores' start page",
                      "CONFIG_SMP_TRAMPOLINE")


def rule_guest_set(product, ctx):
    srctree, _objtree, trees = ctx
    if not product.guests:
        yield "no guest slot is enabled (set CONFIG_GUEST0_ENABLE=y)"
    seen = {}
    for g in product.guests:
        if not NAME_RE.match(g.name):
            yield ('{}="{}": not a valid guest name (1-15 letters, digits, '
                   "'-' or '_')".format(g.sym("NAME"), g.name))
        elif g.name in seen:
            yield '{}="{}": {} has the same name'.format(
                g.sym("NAME"), g.name, seen[g.name].label)
        seen.setdefault(g.name, g)
        if g.kind == "RTOS" and trees.externals:
            try:        # meso's or an external tree's, never both
                trees.find("uITRON application", g.app,
                           '{}="{}"'.format(g.sym("APP"), g.app))
            except ConfigError as e:
                yield e.messages[0]
        elif g.kind in ("RTOS", "PROBE"):
            apps = known_apps(srctree, g.kind)
            if g.app not in apps:
                yield '{}="{}": no such {} application (one of: {})'.format(
                    g.sym("APP"), g.app, plan.KIND_TEXT[g.kind],
                    ", ".join(apps))
        if g.kind == "CUSTOM" and g.app:
            try:
                trees.find("app", g.app, '{}="{}"'.format(g.sym("CUSTOM_APP"), g.app))
            except ConfigError as e:
                yield e.messages[0]
        if g.cmdline and g.kind != "LINUX":
            yield '{}="{}": only a Linux guest is given a command line ({} is a {} guest)'.format(
                g.sym("CMDLINE"), g.cmdline, g.label, plan.KIND_TEXT[g.kind])
        if len(g.cmdline) > CMDLINE_MAX:
            yield "{}: {} characters, at most {}".format(
                g.sym("CMDLINE"), len(g.cmdline), CMDLINE_MAX)


def rule_alignment(product, ctx):
    m = product.monitor
    if m.phys.base % plan.PAGE:
        yield "CONFIG_MONITOR_PHYS_BASE={}: not 4 KiB aligned".format(
            _hex(m.phys.base))
    if m.phys.size % plan.PAGE:
        yield "CONFIG_MONITOR_SIZE={}: not 4 KiB aligned".format(
            _hex(m.phys.size))
    if m.virt_base % plan.PDE_SPAN:
        yield ("CONFIG_MONITOR_VIRT_BASE={}: not 4 MiB aligned (the window "
               "is shared by page-directory entries)".format(_hex(m.virt_base)))
    for g in product.guests:
        if g.kind == "LINUX" and g.mem.base % LINUX_ALIGN:
            yield ("{}={}: a Linux partition base must be 2 MiB aligned (the "
                   "kernel is linked there)".format(g.sym("MEM_BASE"),
                                                    _hex(g.mem.base)))
        elif g.mem.base % plan.PAGE:
            yield "{}={}: not 4 KiB aligned".format(g.sym("MEM_BASE"),
                                                    _hex(g.mem.base))
        if g.mem.size % plan.PAGE:
            yield "{}={}: not 4 KiB aligned".format(g.sym("MEM_SIZE"),
                                                    _hex(g.mem.size))
        if g.lowmem and (g.lowmem.base | g.lowmem.size) % plan.PAGE:
            yield "{}={}, {}={}: not 4 KiB aligned".format(
                g.sym("LOWMEM_BASE"), _hex(g.lowmem.base),
                g.sym("LOWMEM_SIZE"), _hex(g.lowmem.size))
    for c in product.channels:
        if (c.shm.base | c.shm.size) % plan.PAGE:
            yield "{}={}, {}={}: not 4 KiB aligned".format(
                c.sym("SHM_BASE"), _hex(c.shm.base), c.sym("SHM_SIZE"),
                _hex(c.shm.size))


def rule_physical_map(product, ctx):
    ram = product.ram
    regions = list(_regions(product))
    for r in regions:
        if r.span.end >= ram.size or r.span.end >= 1 << 32:
            yield ("{}={}: {} {} ends past RAM (CONFIG_BOARD_RAM_MB={}: {})"
                   .format(r.sym, _hex(r.span.base), r.what, r.span.text(),
                           product.ram_mb, ram.text()))
        for h in product.board.holes:
            hole = Span(h.base, h.size)
            if r.span.overlaps(hole):
                yield '{}={}: {} {} overlaps the board hole "{}" {}'.format(
                    r.sym, _hex(r.span.base), r.what, r.span.text(), h.name,
                    hole.text())
    for i, r in enumerate(regions):
        for earlier in regions[:i]:
            if r.span.overlaps(earlier.span):
                yield "{}={}: {} {} overlaps {} {} ({}={})".format(
                    r.sym, _hex(r.span.base), r.what, r.span.text(),
                    earlier.what, earlier.span.text(), earlier.sym,
                    _hex(earlier.span.base))


def rule_virtual_map(product, ctx):
    window = plan.monitor_window(product)
    base = "CONFIG_MONITOR_VIRT_BASE={}".format(_hex(window.base))
    if window.base + window.size > 1 << 32:
        yield ("{}: the monitor window {} ({}: CONFIG_MONITOR_SIZE rounded "
               "up to 4 MiB, plus 4 MiB for devices) ends past 4 GiB".format(
                   base, window.text(), plan.size_text(window.size)))
        return
    for g in product.guests:
        linear = plan.guest_linear(product, g)
        if linear.overlaps(window):
            yield ("{}: the monitor window {} collides with the virtual range "
                   "{} of {}".format(base, window.text(), linear.text(),
                                     g.label))


def rule_guest_kinds(product, ctx):
    linux = None
    for g in product.guests:
        if g.mode == "SVM" and g.kind == "RTOS":
            yield ("{}=y: the uITRON port runs isolated only (its port layer "
                   "takes interrupts through the ring-3 delivery ABI)"
                   .format(g.sym("MODE_SVM")))
        if g.mode == "SVM" and not product.board.svm_qemu_cpu:
            yield ("{}=y: board {} has no AMD SVM with nested paging (its "
                   "description has no [svm] table)".format(
                       g.sym("MODE_SVM"), product.board.name))
        if g.kind != "LINUX":
            continue
        if g.mode == "ISOLATED":
            yield ("{}=y: a Linux guest runs trusted or hardware-isolated "
                   "(GUEST{}_MODE_TRUSTED or _SVM), not at ring 3"
                   .format(g.sym("MODE_ISOLATED"), g.slot))
        elif g.mode == "SVM" and not (plan.band(product, g)[0] <= plan.LINUX_SVM_ISA_BASE >> 4
                                      <= plan.band(product, g)[1]):
            yield ("{}={}, {}={}: a hardware-isolated Linux takes its ISA IRQs "
                   "at vectors 0x30-0x3f (class 3), which its band must include"
                   .format(g.sym("IPL_LOW"), g.ipl_low, g.sym("IPL_HIGH"), g.ipl_high))
        if linux:
            yield ("{}=y: {} is already the Linux guest (one per product)"
                   .format(g.sym("KIND_LINUX"), linux.label))
        linux = linux or g
        if g.mem.size < LINUX_MIN:
            yield "{}={}: a Linux guest needs at least 32 MiB".format(
                g.sym("MEM_SIZE"), _hex(g.mem.size))
        if g.console == "MONITOR":
            yield ("{}=y: a Linux guest needs a UART console (COM1-COM4)"
                   .format(g.sym("CONSOLE_MONITOR")))


def rule_consoles(product, ctx):
    mon = product.monitor.console
    owner = {}
    for g in product.guests:
        if g.console == "MONITOR":
            continue
        sym = "{}=y".format(g.sym("CONSOLE_" + g.console))
        if g.console == mon:
            yield "{}: {} is the monitor's console (CONFIG_MONITOR_CONSOLE_{}=y)" \
                .format(sym, g.console, mon)
        elif g.console in owner:
            yield "{}: {} is already the console of {}".format(
                sym, g.console, owner[g.console].label)
        owner.setdefault(g.console, g)


def rule_io_ports(product, ctx):
    board = product.board
    mon_uart = board.uart(product.monitor.console)
    reserved = [(p, "the monitor ({})".format(p.name))
                for p in board.monitor_ports]
    reserved.append((_ports(mon_uart.port), "the monitor's console ({})"
                     .format(mon_uart.name)))
    granted = [(_ports(board.uart(g.console).port), g,
                "{} (its console {})".format(g.label, g.console))
               for g in product.guests if g.console != "MONITOR"]
    for g in product.guests:
        sym = '{}="{}"'.format(g.sym("IO_PORTS"),
                               ",".join(r.text() for r in g.io_ports))
        for r in g.io_ports:
            for other, who in reserved:
                if r.overlaps(other):
                    yield "{}: {} belongs to {}".format(sym, r.text(), who)
            for other, owner, who in granted:
                if r.overlaps(other) and owner is not g:
                    yield "{}: {} is already granted to {}".format(
                        sym, r.text(), who)
        granted += [(r, g, g.label) for r in g.io_ports]


def _ports(uart_port):
    return Ports(uart_port, uart_port + plan.UART_PORTS - 1)


def rule_ipl_bands(product, ctx):
    guests = sorted(product.guests, key=lambda g: g.slot)
    for g in guests:
        if g.ipl_low > g.ipl_high:
            yield "{}={} is above {}={}".format(
                g.sym("IPL_LOW"), g.ipl_low, g.sym("IPL_HIGH"), g.ipl_high)
    for i, g in enumerate(guests):
        for o in guests[:i]:
            if g.priority == o.priority:
                yield "{}={}: {} has the same priority".format(
                    g.sym("PRIORITY"), g.priority, o.label)
            if not product.ipl_split or g.ipl_low > g.ipl_high \
                    or o.ipl_low > o.ipl_high or g.cpu != o.cpu:
                continue    # bands matter only among guests of one core
            if g.ipl_low <= o.ipl_high and o.ipl_low <= g.ipl_high:
                yield ("{}={}, {}={}: IPL band of {} (classes {}-{}) overlaps "
                       "{} (classes {}-{}){}".format(
                           g.sym("IPL_LOW"), g.ipl_low, g.sym("IPL_HIGH"),
                           g.ipl_high, g.label, g.ipl_low, g.ipl_high,
                           o.label, o.ipl_low, o.ipl_high,
                           ", both on core {}".format(g.cpu) if product.cpus > 1 else ""))
            elif (g.priority > o.priority) != (g.ipl_low > o.ipl_high):
                hi, lo = (g, o) if g.priority > o.priority else (o, g)
                yield ("{}={} is above {} ({}={}) but its IPL band (classes "
                       "{}-{}) is below that guest's (classes {}-{})".format(
                           hi.sym("PRIORITY"), hi.priority, lo.label,
                           lo.sym("PRIORITY"), lo.priority, hi.ipl_low,
                           hi.ipl_high, lo.ipl_low, lo.ipl_high))


def rule_interrupts(product, ctx):
    board = product.board
    seen = {}
    for line in product.irqs:
        own = "{}=y".format(line.owner_sym)
        if line.irq in board.unusable_irqs:
            yield "{}: IRQ {} is the 8259 cascade on {} and cannot be owned" \
                .format(own, line.irq, board.name)
        if line.owner == "MONITOR":
            continue
        g = product.guest(line.owner)
        if g is None:
            yield "{}: guest slot {} is not enabled (CONFIG_GUEST{}_ENABLE " \
                  "is not set)".format(own, line.owner, line.owner)
            continue
        if not line.vector:
            continue
        vsym = "CONFIG_IRQ{}_VECTOR=0x{:02x}".format(line.irq, line.vector)
        low, high = plan.band(product, g)
        if line.vector < 0x20:
            yield "{}: vectors below 0x20 are CPU exceptions".format(vsym)
        elif line.vector >> 4 == plan.MONITOR_CLASS:
            yield "{}: class 15 (0xf0-0xff) belongs to the monitor".format(vsym)
        elif not low <= line.vector >> 4 <= high:
            yield ("{} (class {}) is outside the IPL band of its owner {} "
                   "({})".format(vsym, line.vector >> 4, g.label,
                                 _band_text(product, g)))
        elif g.kind == "LINUX" and g.mode == "TRUSTED" and line.vector >= plan.linux_system_base(
                product, g):
            yield ("{}: 0x{:02x}-0x{:02x} are the Linux guest's system "
                   "vectors".format(vsym, plan.linux_system_base(product, g),
                                    (high << 4) | 0xf))
        if line.vector in seen:
            yield "{}: IRQ {} has the same vector".format(vsym,
                                                         seen[line.vector])
        seen.setdefault(line.vector, line.irq)
    _, short = plan.allocate_vectors(product)
    for g, needed, free in short:
        if g.ipl_low > g.ipl_high:
            continue    # reported by rule_ipl_bands
        yield ("{}={}, {}={}: the IPL band of {} ({}) has {} free vectors "
               "for its {} interrupts (timer or Linux system vectors, channels, IRQs)".format(
                   g.sym("IPL_LOW"), g.ipl_low, g.sym("IPL_HIGH"), g.ipl_high,
                   g.label, _band_text(product, g), free, needed))


def rule_timers(product, ctx):
    tick = product.monitor.tick_us
    irq0 = next((i for i in product.irqs if i.irq == 0), None)
    has_tick = irq0 is not None and irq0.owner == "MONITOR"
    for g in product.guests:
        if not g.timer_us:
            continue
        if g.timer_us % tick:
            yield "{}={} is not a multiple of CONFIG_MONITOR_TICK_US={}" \
                .format(g.sym("TIMER_US"), g.timer_us, tick)
        if not has_tick:
            given = "{}=y".format(irq0.owner_sym) if irq0 \
                else "CONFIG_IRQ0_OWNER_NONE=y"
            yield ("{}={} needs the monitor's tick, but IRQ 0 (the PIT) is "
                   "not the monitor's ({})".format(g.sym("TIMER_US"),
                                                   g.timer_us, given))
    owner = product.lapic_timer_owner
    if owner is not None:
        sym = "CONFIG_LAPIC_TIMER_OWNER_GUEST{}=y".format(owner)
        g = product.guest(owner)
        if g is None:
            yield "{}: guest slot {} is not enabled".format(sym, owner)
        elif g.mode != "TRUSTED":
            yield ("{}: {} is {} and cannot reach the local APIC; only "
                   "a trusted guest can own its timer".format(
                       sym, g.label, "isolated" if g.mode == "ISOLATED"
                       else "hardware-isolated"))


def rule_cores(product, ctx):
    """Guests on cores the product has; trusted and hardware-isolated
    guests on core 0 (so the local APIC timer's owner, always trusted, is
    there too); a channel across cores notifies both ends (neither can see
    the other run).  A core with no guest is allowed: it is started and
    idles."""
    n, board = product.cpus, product.board
    if n > board.max_cpus:
        yield "CONFIG_CPUS={}: board {} has {} core{}".format(
            n, board.name, board.max_cpus, "" if board.max_cpus == 1 else "s")
    for g in product.guests:
        if g.cpu >= n:
            yield "{}={}: the product has {} core{} (CONFIG_CPUS={}): cores 0-{}".format(
                g.sym("CPU"), g.cpu, n, "" if n == 1 else "s", n, n - 1)
        elif g.cpu and g.mode != "ISOLATED":
            yield ("{}={}: {} is {}; trusted and hardware-isolated guests run on "
                   "core 0 (the monitor enters a trusted kernel and keeps the SVM host "
                   "state there)".format(g.sym("CPU"), g.cpu, g.label,
                                         g.mode.lower().replace("svm", "hardware-isolated")))
    if product.trampoline and product.trampoline.base % 0x1000:
        yield "CONFIG_SMP_TRAMPOLINE={}: not 4 KiB aligned".format(_hex(product.trampoline.base))
    for c in product.channels:
        a, b = product.guest_named(c.end_a), product.guest_named(c.end_b)
        if a and b and a.cpu != b.cpu and not c.notify:
            yield ("{}=n: channel {} \"{}\" joins {} (core {}) and {} (core {}); "
                   "across cores each end needs a notification vector".format(
                       c.sym("NOTIFY"), c.index, c.name, a.label, a.cpu, b.label, b.cpu))


def rule_channels(product, ctx):
    names = {}
    for c in product.channels:
        if not NAME_RE.match(c.name):
            yield '{}="{}": not a valid channel name'.format(c.sym("NAME"),
                                                           c.name)
        elif c.name in names:
            yield '{}="{}": channel {} has the same name'.format(
                c.sym("NAME"), c.name, names[c.name])
        names.setdefault(c.name, c.index)
        for end in ("END_A", "END_B"):
            value = getattr(c, end.lower())
            if product.guest_named(value) is None:
                yield '{}="{}": no enabled guest has this name'.format(
                    c.sym(end), value)
        if c.end_a and c.end_a == c.end_b:
            yield '{}="{}": both endpoints are the same guest'.format(
                c.sym("END_B"), c.end_b)


def rule_images(product, ctx):
    srctree, objtree, _trees = ctx
    for g in product.guests:
        path = plan.image_path(srctree, objtree, g)
        if g.kind == "CUSTOM" and not g.image and not g.app:
            yield ('{}="": a custom guest needs an image, or an application '
                   'of an external tree ({})'.format(g.sym("IMAGE"), g.sym("CUSTOM_APP")))
            continue
        if g.kind == "CUSTOM" and g.image and g.app:
            yield '{}="{}": a custom guest has an image or an application, not both ({}="{}")'.format(
                g.sym("CUSTOM_APP"), g.app, g.sym("IMAGE"), g.image)
            continue
        if not os.path.exists(path):
            if g.image:
                yield '{}="{}": no such file'.format(g.sym("IMAGE"), g.image)
            continue
        try:
            needed = images.load_extent(path, g.mem.base)
        except images.ImageError as e:
            yield '{}="{}": {}'.format(g.sym("IMAGE"), g.image or path, e)
            continue
        if needed > g.mem.size:
            yield ("{}={}: image {} needs 0x{:08x} bytes (code, data and bss), "
                   "more than the partition".format(
                       g.sym("MEM_SIZE"), _hex(g.mem.size),
                       os.path.relpath(path, srctree), needed))


RULES = (rule_guest_set, rule_alignment, rule_physical_map, rule_virtual_map,
         rule_guest_kinds, rule_consoles, rule_io_ports, rule_ipl_bands,
         rule_interrupts, rule_timers, rule_cores, rule_channels, rule_images)


def validate(product, srctree, objtree, trees=None):
    """Return every problem of the product, in rule order."""
    from .trees import Trees
    trees = trees or Trees(srctree)
    errors = []
    for rule in RULES:
        errors.extend(rule(product, (srctree, objtree, trees)))
    return errors
