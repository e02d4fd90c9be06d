"""Puts tests/ on the import path, so that every test folder can use the
shared QEMU runner (meso_qemu.py)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
