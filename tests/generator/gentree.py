"""Helpers for the generator tests: run the real mesoconf CLI in a scratch
output tree (O=tmp) and return its exit status and messages.  (A module of
its own name: several test folders have a conftest.py.)"""
import os
import subprocess
import sys


SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MESOCONF = os.path.join(SRCTREE, "scripts", "mesoconf")
CONFIGS = os.path.join(SRCTREE, "configs")
DEFCONFIGS = sorted(f for f in os.listdir(CONFIGS) if f.endswith("_defconfig"))


class Run:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    @property
    def errors(self):
        return [l for l in self.err.splitlines() if l.startswith("meso: error")]


class Tree:
    """A scratch objtree driven through the real command line."""

    def __init__(self, path):
        self.path = str(path)

    def mesoconf(self, *args, stdin=None):
        proc = subprocess.run(
            [sys.executable, MESOCONF, "--srctree", SRCTREE,
             "--objtree", self.path] + list(args),
            capture_output=True, text=True, input=stdin, timeout=60,
            cwd=self.path)
        assert "Traceback" not in proc.stderr, proc.stderr
        return Run(proc)

    def defconfig(self, name):
        run = self.mesoconf("defconfig", os.path.join(CONFIGS, name))
        assert run.rc == 0, run.err
        return run

    def write(self, rel, text):
        path = os.path.join(self.path, rel)
        with open(path, "w") as f:
            f.write(text)
        return path

    def read(self, rel):
        with open(os.path.join(self.path, rel)) as f:
            return f.read()
