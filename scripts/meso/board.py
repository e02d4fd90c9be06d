"""Board descriptions: fixed hardware facts read from configs/boards/*.toml.

Kconfig names the board (CONFIG_BOARD); the description says what the
product cannot change: RAM holes, IOAPIC pins, UARTs and their IRQs, and the
I/O ports that always stay with the monitor, and how many cores it has.
"""
import os
import tomllib
from dataclasses import dataclass

from .errors import ConfigError


@dataclass(frozen=True)
class Hole:
    name: str
    base: int
    size: int


@dataclass(frozen=True)
class Uart:
    name: str
    port: int
    irq: int


@dataclass(frozen=True)
class PortRange:
    name: str
    first: int
    last: int


@dataclass(frozen=True)
class Board:
    name: str
    description: str
    qemu_machine: str
    qemu_cpu: str
    svm_qemu_cpu: str    # with SVM and nested paging; "" if the CPU has none
    max_cpus: int        # cores a product may use (APIC IDs from the MADT)
    smp_yield: bool      # `pause` on every monitor exit (QEMU -icount round-robin)
    holes: tuple
    ioapic_base: int
    lapic_base: int
    irq_lines: int
    unusable_irqs: frozenset
    pin_override: dict
    uarts: tuple
    monitor_ports: tuple

    def uart(self, name):
        return next(u for u in self.uarts if u.name == name)

    def irq_pin(self, irq):
        return self.pin_override.get(irq, irq)


def _cpus(raw):
    """[cpus]: max = N cores; apic_ids = "madt" (the monitor takes the
    APIC IDs from the ACPI MADT at boot, the only source meso knows)."""
    if raw.get("apic_ids") != "madt":
        raise ValueError('cpus.apic_ids must be "madt"')
    return int(raw["max"])


def load_board(trees, name):
    """The board named by CONFIG_BOARD, from meso's configs/boards/ or an
    external tree's boards/ (scripts/meso/trees.py)."""
    path = trees.find("board", name + ".toml", 'CONFIG_BOARD="{}"'.format(name))
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError("{}: {}".format(path, e))
    try:
        irqs = raw["irqs"]
        return Board(
            name=raw["name"],
            description=raw["description"],
            qemu_machine=raw["qemu_machine"],
            qemu_cpu=raw.get("qemu_cpu", "qemu32"),
            svm_qemu_cpu=raw.get("svm", {}).get("qemu_cpu", ""),
            max_cpus=_cpus(raw.get("cpus", {"max": 1, "apic_ids": "madt"})),
            smp_yield=bool(raw.get("cpus", {}).get("yield_on_exit", False)),
            holes=tuple(Hole(h["name"], h["base"], h["size"])
                        for h in raw["holes"]),
            ioapic_base=raw["ioapic"]["base"],
            lapic_base=raw["lapic"]["base"],
            irq_lines=irqs["lines"],
            unusable_irqs=frozenset(irqs.get("unusable", ())),
            pin_override={int(k): v
                          for k, v in irqs.get("pin_override", {}).items()},
            uarts=tuple(Uart(u["name"], u["port"], u["irq"])
                        for u in raw["uarts"]),
            monitor_ports=tuple(PortRange(p["name"], p["first"], p["last"])
                                for p in raw["monitor_ports"]),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError("{}: malformed board description ({!r})"
                          .format(path, e))
