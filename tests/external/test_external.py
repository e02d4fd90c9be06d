"""External trees (MESO_EXTERNAL): a product line kept outside meso.

tests/external/demo is such a tree: a product (ext_pair_defconfig), a
fragment (ext-fast.config), a custom guest application (guests/extping/,
built by meso's conventions from the generated gen/guests/extping.h and
.ld) and its make fragment (external.mk).  The custom guest pings meso's
in-tree pong probe over a channel and reports its interrupt line, ports
and channel as MESO_HC_INFO (ABI 2) gives them; they must be what the
generated header says; hello, the minimal guest of docs/porting.md,
ticks and halts.  Also: a name defined in two trees, a missing tree, a
missing application, an external board, and a guest refusing a monitor
whose ABI is older than it needs.
"""
import os
import re
import shutil
import subprocess

import pytest

from meso_qemu import SRCTREE, QemuRun

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo")
DEADLINE_S = 120


def make(objtree, *args, external=None, check=True):
    cmd = ["make", "-C", SRCTREE, "O={}".format(objtree), *args]
    if external is not None:
        cmd.append("MESO_EXTERNAL={}".format(external))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def header_value(objtree, name):
    with open(os.path.join(objtree, "gen", "guests", "extping.h")) as f:
        m = re.search(r"^#define {}\s+(\S+)".format(name), f.read(), re.M)
    assert m, name
    return int(m.group(1).rstrip("u"), 0)


@pytest.fixture(scope="module")
def product(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("ext"))
    make(out, "ext_pair_defconfig", external=DEMO)
    make(out, "ext-fast.config")        # the tree is remembered
    make(out, "image")
    return out


@pytest.fixture(scope="module")
def run(product, tmp_path_factory):
    def done(r):
        return any("round trips" in l for l in r.port_lines(2)) and \
            "hello: done" in r.port_lines(1)
    return QemuRun(product, str(tmp_path_factory.mktemp("run")), ports=(1, 2, 3)) \
        .wait(done, DEADLINE_S)


def test_list_shows_where_each_product_comes_from(product):
    out = make(product, "list-defconfigs").stdout
    assert "Products (make <name>) from meso:" in out
    ext = out.index("Products (make <name>) from {}:".format(DEMO))
    assert "ext_pair_defconfig" in out[ext:] and "qemu_hybrid_defconfig" in out[:ext]
    assert "ext-fast.config" in out[out.index("Fragments (make <name>.config, "
                                              "after a defconfig) from {}:".format(DEMO)):]


def test_custom_guest_built_from_generated_layout(product):
    assert os.path.exists(os.path.join(product, "build", "guests", "extping.elf"))
    with open(os.path.join(product, "gen", "product.mk")) as f:
        assert "MESO_GUEST_extping_APP_DIR := {}/guests/extping".format(DEMO) in f.read()


def test_custom_guest_checks_abi_and_layout(run, product):
    lines = run.port_lines(2)
    assert "extping: ABI 3, extping, partition 0x100000 bytes, timer vector 0x{:x} " \
           "every 2000 us".format(header_value(product, "MESO_TIMER_VECTOR")) in lines
    assert "extping: layout matches MESO_HC_INFO" in lines


def test_custom_guest_reports_its_irq_ports_and_channel(run, product):
    lines = run.port_lines(2)
    assert ("extping: irq 8 on vector 0x{:x}; ports 0x70-0x71 and 0x2f8-0x2ff".format(
        header_value(product, "MESO_IRQ8_VECTOR"))) in lines
    assert ("extping: channel pingpong at 0x{:x}, 4096 bytes, vector 0x{:x}, peer pong".format(
        header_value(product, "MESO_CHANNEL_PINGPONG_OFFSET"),
        header_value(product, "MESO_CHANNEL_PINGPONG_VECTOR"))) in lines
    assert any(re.fullmatch(r"extping: CMOS status register B 0x[0-9a-f]+ through "
                            r"the granted ports", l) for l in lines)


def test_minimal_guest_ticks_and_halts(run):
    """hello (docs/porting.md's minimal guest): its vector table, a
    periodic timer, console output on the shared monitor console, and
    the halt loop."""
    lines = run.port_lines(1)
    i = lines.index("hello: started")
    assert lines[i + 1:i + 7] == ["hello: tick {}".format(n) for n in range(1, 6)] + \
        ["hello: done"], lines[i:i + 8]


def test_custom_guest_exchanges_with_in_tree_guest(run):
    m = next(re.fullmatch(r"extping: 100 round trips with pong, (\d+) bad, (\d+) timer "
                          r"ticks meanwhile", l) for l in run.port_lines(2) if "round trips" in l)
    assert m and m.group(1) == "0"
    assert "pong: started, channel at 0x100000" in run.port_lines(3)
    assert not [l for l in run.port_lines(1) if l.startswith("health:") or "PANIC" in l]


def test_guest_refuses_an_older_abi(tmp_path):
    """Built to need ABI 99 (EXTPING_ABI, its external.mk), extping reads
    abi_version from MESO_HC_INFO, says why and stops itself; the
    monitor applies its policy (halt) and pong runs on."""
    out = str(tmp_path)
    make(out, "ext_pair_defconfig", external=DEMO)
    make(out, "image", "EXTPING_ABI=99")
    r = QemuRun(out, str(tmp_path / "run"), ports=(1, 2, 3)).wait(
        lambda r: any(l.startswith("health:") for l in r.port_lines(1)), DEADLINE_S)
    assert "extping: monitor ABI 3, need 99 -> stopping" in r.port_lines(2)
    assert any(re.fullmatch(r"health: guest extping stopped itself \(panic\) at "
                            r"eip=0x[0-9a-f]{8} -> halt", l) for l in r.port_lines(1))


def test_name_defined_in_two_trees_is_an_error(tmp_path):
    clash = tmp_path / "clash"
    (clash / "configs").mkdir(parents=True)
    shutil.copy(os.path.join(SRCTREE, "configs", "qemu_probe_defconfig"), clash / "configs")
    proc = make(str(tmp_path / "out"), "qemu_probe_defconfig", external=str(clash), check=False)
    assert proc.returncode != 0
    assert ("meso: error: qemu_probe: product 'qemu_probe_defconfig' is defined twice: "
            "{}/configs/qemu_probe_defconfig and {}/configs/qemu_probe_defconfig".format(
                SRCTREE, clash)) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_tree_is_an_error(tmp_path):
    proc = make(str(tmp_path), "list-defconfigs", external="/nonexistent/meso-tree", check=False)
    assert proc.returncode != 0
    assert "meso: MESO_EXTERNAL: /nonexistent/meso-tree: no such directory" in proc.stderr


def test_custom_application_found_in_no_tree_is_an_error(tmp_path):
    out = str(tmp_path)
    make(out, "ext_pair_defconfig", external=DEMO)
    with open(os.path.join(out, "app.config"), "w") as f:
        f.write('CONFIG_GUEST0_CUSTOM_APP="nosuch"\n')
    subprocess.run([os.path.join(SRCTREE, "scripts", "mesoconf"), "--objtree", out,
                    "--external", DEMO, "merge", os.path.join(out, "app.config")], check=True)
    proc = make(out, "gen", check=False)
    assert proc.returncode != 0
    assert ('meso: error: CONFIG_GUEST0_CUSTOM_APP="nosuch": no guests/nosuch/ in any external '
            'tree ({})'.format(DEMO)) in proc.stderr


def test_board_of_an_external_tree(tmp_path):
    """A board described in an external tree's boards/ (here the QEMU PC
    under another name) is chosen with BOARD_EXTERNAL; one that no tree
    describes is refused naming CONFIG_BOARD."""
    tree = tmp_path / "tree"
    (tree / "boards").mkdir(parents=True)
    with open(os.path.join(SRCTREE, "configs", "boards", "qemu-pc.toml")) as f:
        board = f.read()
    (tree / "boards" / "acme-box.toml").write_text(
        re.sub(r'(?m)^name = ".*"$', 'name = "acme-box"', board, count=1))
    out = str(tmp_path / "out")
    make(out, "qemu_rtos_pair_defconfig", external=str(tree))
    for name, ok in (("acme-box", True), ("nobox", False)):
        with open(os.path.join(out, "board.config"), "w") as f:
            f.write('CONFIG_BOARD_EXTERNAL=y\nCONFIG_BOARD_EXTERNAL_NAME="{}"\n'.format(name))
        subprocess.run([os.path.join(SRCTREE, "scripts", "mesoconf"), "--objtree", out,
                        "--external", str(tree), "merge", os.path.join(out, "board.config")],
                       check=True)
        proc = make(out, "gen", check=False)
        if ok:
            assert proc.returncode == 0, proc.stderr
            with open(os.path.join(out, "gen", "partition-map.txt")) as f:
                assert 'meso product "rtos-pair" on acme-box' in f.read()
        else:
            assert ('meso: error: CONFIG_BOARD="nobox": no board description nobox.toml '
                    'in {}, {}'.format(SRCTREE, tree)) in proc.stderr


def test_board_without_svm_refuses_an_svm_guest(tmp_path):
    """The same PC described without its [svm] table: a product with a
    hardware-isolated guest on it is refused, naming the guest's mode
    symbol and the board; the product.mk of the QEMU PC asks QEMU for
    the SVM CPU model."""
    tree = tmp_path / "tree"
    (tree / "boards").mkdir(parents=True)
    with open(os.path.join(SRCTREE, "configs", "boards", "qemu-pc.toml")) as f:
        board = re.sub(r'(?m)^name = ".*"$', 'name = "old-pc"', f.read(), count=1)
    board, n = re.subn(r"\[svm\]\nqemu_cpu = .*\n", "", board)
    assert n == 1
    (tree / "boards" / "old-pc.toml").write_text(board)
    out = str(tmp_path / "out")
    make(out, "qemu_probe_svm_defconfig", external=str(tree))
    make(out, "gen", external=str(tree))
    with open(os.path.join(out, "gen", "product.mk")) as f:
        assert "MESO_QEMU_CPU := qemu32,+nx,+svm,+npt\n" in f.read()
    with open(os.path.join(out, "board.config"), "w") as f:
        f.write('CONFIG_BOARD_EXTERNAL=y\nCONFIG_BOARD_EXTERNAL_NAME="old-pc"\n')
    subprocess.run([os.path.join(SRCTREE, "scripts", "mesoconf"), "--objtree", out,
                    "--external", str(tree), "merge", os.path.join(out, "board.config")],
                   check=True)
    proc = make(out, "gen", check=False)
    assert proc.returncode != 0
    for slot in (1, 2, 4):
        assert ("meso: error: CONFIG_GUEST{}_MODE_SVM=y: board old-pc has no AMD SVM with "
                "nested paging (its description has no [svm] table)".format(slot)) in proc.stderr


def test_uitron_application_of_an_external_tree(tmp_path):
    """meso's RTOS kernel and port running an application the tree keeps
    in guests/uitron/apps/blink/; an application name that meso has too
    is an error naming both folders."""
    out = str(tmp_path / "out")
    make(out, "ext_rtos_defconfig", external=DEMO)
    make(out, "image")
    r = QemuRun(out, str(tmp_path / "run"), ports=(1, 2)).wait(
        lambda r: "blink: done" in r.port_lines(2), DEADLINE_S)
    lines = r.port_lines(2)
    assert [l for l in lines if l.startswith("blink:")] == \
        ["blink: period {}".format(n) for n in range(1, 6)] + ["blink: done"], lines

    clash = tmp_path / "clash"
    (clash / "guests" / "uitron" / "apps" / "demo").mkdir(parents=True)
    proc = make(str(tmp_path / "out2"), "qemu_rtos_pair_defconfig", "gen",
                external=str(clash), check=False)
    assert proc.returncode != 0
    assert ('meso: error: CONFIG_GUEST0_APP="demo": uITRON application \'demo\' is defined '
            'twice: {0}/guests/uitron/apps/demo and {1}/guests/uitron/apps/demo'.format(
                SRCTREE, clash)) in proc.stderr
