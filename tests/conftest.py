"""Test setup: the generator package and tests/factory.py (small data sets, as files or in
memory) on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for p in (TESTS.parent, TESTS):  # the generator package, and factory.py
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


@pytest.fixture
def forking(monkeypatch):
    """Forked children that run plain Python only fork even where an earlier test in this
    worker loaded vl-convert (which otherwise keeps a process from forking: generator/parallel.py)."""
    from generator import parallel

    monkeypatch.setattr(parallel, "THREADED_RUNTIMES", ())
