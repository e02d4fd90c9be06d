"""Fixtures of the generator tests (helpers live in gentree.py)."""
import pytest

from gentree import Tree


@pytest.fixture
def tree(tmp_path):
    return Tree(tmp_path)
