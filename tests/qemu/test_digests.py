"""Image integrity (CONFIG_IMAGE_DIGESTS, on in qemu_probe_defconfig): the
monitor hashes every module with SHA-256 and compares it with the digest
the generator took at build time.  One corrupted module (rogue's, one
byte flipped in the staged ISO tree) is refused with a clear line while
the four others are verified and start.

The generator can only hash images that exist, so the test runs `gen`
again once the guests are built (see the report: the Makefile should
order guest images before the digests table).
"""
import os
import re
import subprocess

import pytest

from qemu_run import PYTHON, SRCTREE, boot, build  # noqa: F401 (boot is a fixture)

DEADLINE_S = 60


@pytest.fixture(scope="module")
def run(tmp_path_factory, boot):
    out = str(tmp_path_factory.mktemp("probe-digests"))
    assert build(out) is None
    subprocess.run([PYTHON, os.path.join(SRCTREE, "scripts", "mesoconf"),
                    "--objtree", out, "gen"], check=True, capture_output=True)
    with open(os.path.join(out, "gen", "src", "digests.c")) as f:
        assert f.read().count("{ 1,") == 5, "generator took no digests"
    subprocess.run(["make", "-C", SRCTREE, f"O={out}", "image"], check=True,
                   capture_output=True)
    img = os.path.join(out, "build", "iso", "boot", "guests", "rogue.img")
    with open(img, "r+b") as f:
        f.seek(os.path.getsize(img) // 2)
        b = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([b[0] ^ 0xff]))
    subprocess.run(["make", "-C", SRCTREE, f"O={out}", "image"], check=True,
                   capture_output=True)
    return boot(out, lambda r: any("ticker: 1000 ticks" in l for l in r.guest_lines(2)),
                DEADLINE_S)


def test_corrupted_module_refused(run):
    assert any(re.fullmatch(r"boot: guest rogue: image SHA-256 mismatch \(expected "
                            r"[0-9a-f]{8}\.\.\., got [0-9a-f]{8}\.\.\.\) -> not started", l)
               for l in run.lines), [l for l in run.lines if l.startswith("boot:")]
    assert not any(l.startswith("boot: guest rogue started") for l in run.lines)


def test_others_verified_and_started(run):
    for g in ("ticker", "ping", "pong", "spinner"):
        assert f"boot: guest {g}: image SHA-256 verified" in run.lines, g
        assert any(l.startswith(f"boot: guest {g} started:") for l in run.lines), g
    assert "boot: 4 of 5 guests started" in run.lines
    assert any("ticker: 1000 ticks, missed 0" in l for l in run.guest_lines(2))
