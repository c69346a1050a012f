"""generator/parallel.py: the one process mechanism of a build."""

from __future__ import annotations

import errno
import os

import pytest

from generator import parallel

pytestmark = pytest.mark.usefixtures("forking")  # tests/conftest.py


def _write_into_missing_folder(folder: str) -> int:
    with open(os.path.join(folder, "missing", "file.txt"), "w") as f:
        return f.write("x")


def test_forked_task_returns_its_value_from_the_child():
    task = parallel.Forked(lambda a, b: (os.getpid(), a + b), 2, 3)
    pid, total = task.result()
    assert total == 5
    assert pid != os.getpid() or not parallel.can_fork()


def test_forked_task_raises_the_childs_oserror_with_its_file(tmp_path):
    task = parallel.Forked(_write_into_missing_folder, str(tmp_path))
    with pytest.raises(OSError) as caught:
        task.result()
    assert caught.value.errno == errno.ENOENT
    assert caught.value.filename == str(tmp_path / "missing" / "file.txt")


def test_forked_task_stopped_before_its_result_leaves_no_child(tmp_path):
    task = parallel.Forked(lambda: __import__("time").sleep(30))
    pid = task._child[0]
    task.stop()
    # Reaped, not left a zombie (the process may have other children: a test worker does).
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_fork_map_keeps_input_order_over_processes():
    items = list(range(300))
    assert parallel.fork_map(lambda x: (x, x * x), items, processes=3) == [(x, x * x) for x in items]


def test_fork_map_reports_a_failing_child_with_its_traceback():
    def fail_on_7(x):
        if x == 7:
            raise ValueError("семь")
        return x

    with pytest.raises(RuntimeError, match="ValueError: семь"):
        parallel.fork_map(fail_on_7, list(range(200)), processes=2)


def test_a_process_that_loaded_vl_convert_never_forks():
    """vl-convert's runtime runs threads of its own: a child forked after it started hangs at
    its first chart (seen as `mkdocs serve` rebuilding, and a test worker building twice).
    Run in a fresh interpreter, with a time limit, so a hang fails instead of blocking."""
    import subprocess
    import sys

    script = """
import os
from generator import parallel
from generator.documents.figures import figure
spec = {"data": {"values": [{"x": 1}]}, "mark": "bar", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
assert parallel.can_fork()
figure(spec, "a", "a")  # vl-convert's runtime starts here
assert not parallel.can_fork()
# Work that would call vl-convert in a child now runs in this process, and finishes.
print(len(parallel.Forked(lambda: figure(spec, "b", "b").svg).result()) > 100)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"
