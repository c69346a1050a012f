"""The one process mechanism of a build: forked children for the CPU-bound
work (rendering thousands of pages; the download files beside MkDocs).

Forked children inherit the data the function reads (no pickling of the
dataset, the results or the function); only their results travel back,
pickled through a pipe. The functions run there are pure: they return what
they make, they do not write into shared state. Without os.fork (Windows)
everything runs in this process, with the same results; so it does in a process
that has loaded a library with threads of its own (THREADED_RUNTIMES).

- fork_map(fn, items): [fn(x) for x in items] over the cores, in input order;
- Forked(fn, *args): fn(*args) in one background process; .result() waits
  for its value.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence

MIN_ITEMS = 64  # fewer items than this are not worth a fork


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Libraries whose runtime runs threads of its own once loaded: a child forked from such a
# process has none of them and hangs at its first call (vl-convert, which draws the
# documents' charts, in `mkdocs serve`'s second build). Such a process works alone.
THREADED_RUNTIMES = ("vl_convert",)


def can_fork() -> bool:
    return hasattr(os, "fork") and not any(name in sys.modules for name in THREADED_RUNTIMES)


def _spawn(compute: Callable[[], object]) -> tuple[int, int]:
    """Fork a child that sends back compute()'s value, or its error; return
    (pid, the pipe's reading end)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without cleanup handlers
        # Whatever happens here, the child ends here: were an error (the parent gone,
        # the pipe closed) to escape, the child would go on running the parent's code.
        code = 1
        try:
            os.close(read)
            code = 0
            try:
                payload = pickle.dumps(("ok", compute()), protocol=pickle.HIGHEST_PROTOCOL)
            except OSError as err:  # disk full, no permission: raised again in the parent, as it was
                payload = pickle.dumps(("oserror", ((err.errno, err.strerror, err.filename), traceback.format_exc())))
                code = 1
            except BaseException:
                payload = pickle.dumps(("error", traceback.format_exc()))
                code = 1
            with os.fdopen(write, "wb") as f:
                f.write(payload)
        except BaseException:  # the parent stopped reading (Forked.stop): nothing left to tell it
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _receive(pid: int, read: int) -> tuple[str, object]:
    """Wait for a child: ("ok", value), ("oserror", ((errno, text, file), traceback))
    or ("error", traceback)."""
    with os.fdopen(read, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    try:
        return pickle.loads(data)
    except Exception:  # the child died before sending anything
        return "error", f"процесс {pid} завершился с кодом {os.waitstatus_to_exitcode(status)}"


def _kill(pid: int, read: int) -> None:
    os.close(read)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)


def fork_map(
    fn: Callable, items: Sequence, processes: int | None = None, progress: Callable[[int, int], None] | None = None
) -> list:
    """[fn(x) for x in items], the items dealt round-robin over `processes`
    processes (default: the cores this process may use), so that heavy and
    light items spread evenly; this process computes the first share and
    reports `progress(done, total)`."""
    n = len(items)
    processes = min(processes or workers(), max(1, n // MIN_ITEMS))
    if processes < 2 or not can_fork():
        return _loop(fn, items, progress, n, 1)
    children = [_spawn(lambda k=k: [fn(x) for x in items[k::processes]]) for k in range(1, processes)]
    try:
        shares = [_loop(fn, items[0::processes], progress, n, processes)]
    except BaseException:
        for pid, read in children:  # stop the others: no one will read what they send
            _kill(pid, read)
        raise
    errors = []
    for pid, read in children:
        kind, value = _receive(pid, read)
        if kind == "ok":
            shares.append(value)
        else:
            errors.append(value if kind == "error" else value[1])
    if errors:
        raise RuntimeError("ошибка в параллельном процессе:\n" + "\n".join(errors))
    if progress is not None:
        progress(n, n)
    results = [None] * n
    for k, share in enumerate(shares):
        results[k::processes] = share
    return results


def _loop(fn: Callable, items: Sequence, progress, total: int, scale: int) -> list:
    out = []
    for i, x in enumerate(items, start=1):
        out.append(fn(x))
        if progress is not None and i % 50 == 0:
            progress(min(total, i * scale), total)
    return out


class Forked:
    """fn(*args) in a forked background process, started at once; result()
    waits for its value (fn's return value, pickled back). An OSError in the
    child is raised again by result(), with its errno and file name (cli.main
    words it in Russian); any other failure raises RuntimeError with the
    child's traceback. Without fork, fn runs in result()."""

    def __init__(self, fn: Callable, *args, name: str = "фоновый процесс"):
        self.fn, self.args, self.name = fn, args, name
        self._child: tuple[int, int] | None = _spawn(lambda: fn(*args)) if can_fork() else None
        self._done = False

    def result(self):
        if self._child is None:
            if self._done:
                raise RuntimeError(f"{self.name}: результат уже получен")
            self._done = True
            return self.fn(*self.args)
        pid, read = self._child
        self._child, self._done = None, True
        kind, value = _receive(pid, read)
        if kind == "ok":
            return value
        if kind == "oserror":
            raise OSError(*value[0])
        raise RuntimeError(f"{self.name}: ошибка в параллельном процессе:\n{value}")

    def stop(self) -> None:
        """End the process if its result was not taken (a build that failed elsewhere)."""
        if self._child is not None:
            pid, read = self._child
            self._child = None
            _kill(pid, read)
