"""scripts/mesoconf started by hand, not by make: with an interpreter
that lacks kconfiglib and Jinja2 it runs under Debian's /usr/bin/python3
when that has them, and otherwise names what is missing and the Debian
packages that bring it, never a traceback."""
import os
import subprocess

from gentree import SRCTREE

MESOCONF = os.path.join(SRCTREE, "scripts", "mesoconf")


def test_runs_under_debian_python_from_a_bare_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip",
                    str(venv)], check=True)
    proc = subprocess.run([str(venv / "bin" / "python3"), MESOCONF,
                           "list-defconfigs"], capture_output=True, text=True,
                          cwd=SRCTREE)
    assert proc.returncode == 0, proc.stderr
    assert "qemu_hybrid_defconfig" in proc.stdout


def test_names_missing_modules_and_packages():
    # -S: no site directories, so no dist-packages and no kconfiglib
    proc = subprocess.run(["/usr/bin/python3", "-S", MESOCONF,
                           "list-defconfigs"], capture_output=True, text=True,
                          cwd=SRCTREE)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("meso: /usr/bin/python3 has no Python module kconfiglib or jinja2")
    assert "python3-kconfiglib python3-jinja2" in proc.stderr
    assert "scripts/install-deps.sh core" in proc.stderr
