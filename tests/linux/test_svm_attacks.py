"""An in-kernel attacker against Linux hardware-isolated (issue 13).

The test kernel of qemu_hybrid_svm carries tests/linux/attacker: writing
an attack's name to /proc/meso-attack makes Linux's own kernel do it, at
ring 0.  One attack per boot, typed into Linux's shell: each must end in
a health line naming Linux and its policy (restart), after which Linux
is back at its shell; the RTOS keeps reporting with missed=0 all along;
and at the end the monitor's code and the RTOS's code, read from
outside through QEMU, equal their ELF files.  (The attack is chosen in
the shell rather than on the kernel command line, so that one image and
one boot sequence run them all.)
"""
import re
import time
from pathlib import Path

import rtos_load_helpers as h
from linux_qemu import boot_monitor, demo_reports
from meso_qemu import elf_section, partition_base, read_memory

GPA = r"at eip=0x[0-9a-f]{8} gpa="
ATTACKS = [
    ("write-beyond", r"fault nested #PF \(write\) " + GPA + "0x10000000"),
    ("write-lapic", r"fault nested #PF \(write\) " + GPA + "0xfee00000"),
    ("write-ioapic", r"fault nested #PF \(write\) " + GPA + "0xfec00000"),
    ("cr3", r"fault nested #PF( \(write\))? " + GPA + "0x1000[0-9a-f]{4}"),
    ("wrmsr-efer", r"fault wrmsr at eip=0x[0-9a-f]{8} msr=0xc0000080"),
    ("wrmsr-hsave", r"fault wrmsr at eip=0x[0-9a-f]{8} msr=0xc0010117"),
    ("wrmsr-apicbase", r"fault wrmsr at eip=0x[0-9a-f]{8} msr=0x1b"),
    ("clgi", r"fault #UD \(clgi\) at eip=0x[0-9a-f]{8}"),
    ("vmrun", r"fault #UD \(vmrun\) at eip=0x[0-9a-f]{8}"),
    ("out-pit", r"fault out at eip=0x[0-9a-f]{8} port=0x43"),
    ("out-pic", r"fault out at eip=0x[0-9a-f]{8} port=0x21"),
    ("out-reset", r"fault out at eip=0x[0-9a-f]{8} port=0xcf9"),
    ("out-rtos-uart", r"fault out at eip=0x[0-9a-f]{8} port=0x3e8"),
    ("triple-fault", r"fault triple fault \(shutdown\) at eip=0x[0-9a-f]{8}"),
    ("null", r"stopped itself \(halt\) at eip=0x[0-9a-f]{8}"),
]


def _health(s):
    """The monitor's health lines so far, whole lines only (QEMU may be
    writing the last one)."""
    text = s.com[1].read_text(errors="replace")
    return [l for l in text[:text.rfind("\n") + 1].splitlines() if l.startswith("health:")]


def test_every_attack_contained(svm_image, tmp_path):
    objtree = Path(svm_image).parent.parent
    expected = {
        "monitor": elf_section(str(objtree / "build" / "vmm" / "meso.elf"), ".text", str(tmp_path)),
        "rtos": elf_section(str(objtree / "build" / "guests" / "rtos.elf"), ".text", str(tmp_path),
                            partition_base(str(objtree), "rtos")),
    }
    t0 = time.monotonic()
    s = boot_monitor(svm_image, tmp_path, hmp=True)
    seen = []
    try:
        h.boot_to_shell(s)
        first = len(demo_reports(s.com[3]))
        for name, fault in ATTACKS:
            before = len(_health(s))
            s.send(f"echo {name} > /proc/meso-attack\n")
            end = time.monotonic() + 120
            while len(_health(s)) == before and time.monotonic() < end:
                time.sleep(0.2)
            seen.append((name, _health(s)[before:]))
            assert seen[-1][1], f"no health line within 120 s after {name}: {s.log}"
            h.boot_to_shell(s)              # restarted by its policy
        s.send("echo cli-spin > /proc/meso-attack\n")
        s.expect(r"meso-attack: cli-spin returned", 120)
        h.wait_reports(s, len(demo_reports(s.com[3])), 2, 120)
        reports = demo_reports(s.com[3])[first:]
        memory = {k: read_memory(s.hmp_path, a, len(d), str(tmp_path))
                  for k, (a, d) in expected.items()}
        health = _health(s)
    finally:
        s.close()
    print(f"{len(ATTACKS)} attacks in {time.monotonic() - t0:.0f} s; RTOS reports {len(reports)}")
    for (name, fault), (_, lines) in zip(ATTACKS, seen):
        assert lines and re.fullmatch(r"health: guest linux " + fault + r" -> restart",
                                      lines[0]), (name, lines)
    assert len(health) == len(ATTACKS), health      # the cli spin: none
    assert reports and all(r[1] == 0 for r in reports), reports
    for k, (_, data) in expected.items():
        assert memory[k] == data, k
