"""generator/parallel.py: the one process mechanism of a build."""

from __future__ import annotations

import errno
import os

import pytest

from generator import parallel


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
