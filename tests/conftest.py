"""Shared fixtures: every test writes its own small data folder (tests/factory.py)."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
for p in (TESTS.parent, TESTS):  # the generator package, and factory.py
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from factory import run_data  # noqa: E402


@pytest.fixture
def run(tmp_path):
    """run(years, **settings) -> Results, through load -> validate -> compute."""
    counter = itertools.count()

    def _run(years, **settings):
        return run_data(tmp_path / f"case{next(counter)}", years, **settings)

    return _run


@pytest.fixture(scope="module")
def run_once(tmp_path_factory):
    """Like `run`, for data shared by the tests of a module (computed once per call site)."""
    counter = itertools.count()

    def _run(years, **settings):
        return run_data(tmp_path_factory.mktemp(f"shared{next(counter)}"), years, **settings)

    return _run
