"""menuconfig driven in a real terminal (tmux): a mistyped and an
out-of-range number are refused on screen, a changed value is saved and
appears in .config, and the result generates."""
import os
import shutil
import subprocess
import time

import pytest

from gentree import SRCTREE


class Screen:
    def __init__(self, session):
        self.session = session

    def keys(self, *keys):
        subprocess.run(["tmux", "send-keys", "-t", self.session] + list(keys),
                       check=True)

    def text(self):
        return subprocess.run(["tmux", "capture-pane", "-p", "-t",
                               self.session], capture_output=True,
                              text=True).stdout

    def wait_for(self, needle, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError("'{}' not on screen:\n{}".format(needle,
                                                             self.text()))

    def replace_field(self, old_len, value):
        self.keys(*(["BSpace"] * old_len))
        self.keys(value, "Enter")


@pytest.fixture
def screen(tmp_path):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is missing: run scripts/install-deps.sh core")
    session = "meso-test-{}".format(os.getpid())
    subprocess.run(["make", "-s", "qemu_rtos_pair_defconfig",
                    "O={}".format(tmp_path)], cwd=SRCTREE, check=True)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110",
                    "-y", "32", "make -s menuconfig O={}; echo EXIT-$?; "
                    "sleep 30".format(tmp_path)], cwd=SRCTREE, check=True,
                   env=dict(os.environ, TERM="xterm"))
    yield Screen(session)
    subprocess.run(["tmux", "kill-session", "-t", session])


def test_menuconfig_edits_and_refuses_mistakes(screen, tmp_path):
    screen.wait_for("(rtos-pair) Product name")
    screen.keys("Enter")
    screen.wait_for("Product name (string)")
    screen.replace_field(12, "pair-b")
    screen.wait_for("(pair-b) Product name")

    screen.keys("Down", "Enter")
    screen.wait_for("(256) RAM size (MiB)")
    screen.keys("Down", "Enter")
    screen.wait_for("Range: 32-3072")
    screen.replace_field(6, "abc")
    screen.wait_for("'abc' is a malformed int value")
    screen.keys("Enter")
    screen.replace_field(6, "9999")
    screen.wait_for("9999 is outside the range 32-3072")
    screen.keys("Enter")
    screen.replace_field(6, "512")
    screen.wait_for("(512) RAM size (MiB)")

    screen.keys("Escape")
    screen.wait_for("(pair-b) Product name")
    screen.keys("S")
    screen.wait_for("Filename to save configuration to")
    screen.keys("Enter")
    screen.wait_for("Configuration saved to")
    screen.keys("Enter", "Q")
    screen.wait_for("EXIT-0")

    config = (tmp_path / ".config").read_text()
    assert 'CONFIG_PRODUCT_NAME="pair-b"' in config
    assert "CONFIG_BOARD_RAM_MB=512" in config
    proc = subprocess.run(["make", "-s", "gen", "O={}".format(tmp_path)],
                          cwd=SRCTREE, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert 'meso product "pair-b" on qemu-pc: 512 MiB RAM' in \
        (tmp_path / "gen" / "partition-map.txt").read_text()


def _processes_with(needle):
    """Pids whose command line contains needle."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/{}/cmdline".format(pid), "rb") as f:
                if needle.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


@pytest.mark.parametrize("sighup", ["default", "ignored"])
def test_menuconfig_exits_when_its_terminal_goes(tmp_path, sighup):
    """The tmux session is killed under a running `make menuconfig`: it
    exits within seconds without saving, whether SIGHUP reaches it or is
    ignored (nohup, job runners), when only the lost input tells."""
    session = "meso-test-hup-{}-{}".format(os.getpid(), sighup)
    subprocess.run(["make", "-s", "qemu_rtos_pair_defconfig",
                    "O={}".format(tmp_path)], cwd=SRCTREE, check=True)
    before = (tmp_path / ".config").read_bytes()
    trap = "trap '' HUP; " if sighup == "ignored" else ""
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110",
                    "-y", "32", "{}make -s menuconfig O={} 2>{}/err".format(
                        trap, tmp_path, tmp_path)],
                   cwd=SRCTREE, check=True, env=dict(os.environ, TERM="xterm"))
    try:
        Screen(session).wait_for("(rtos-pair) Product name")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session])
    deadline = time.monotonic() + 10
    while _processes_with(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _processes_with(str(tmp_path))
    for pid in left:
        os.kill(pid, 9)
    assert not left, "menuconfig still running 10 s after its terminal went"
    assert (tmp_path / ".config").read_bytes() == before
    assert "meso: menuconfig: terminal gone" in (tmp_path / "err").read_text()
