"""A map over forked processes, for the CPU-bound loops of a build (rendering
thousands of pages) on a machine with more than one core.

Forked children inherit the data the function reads (no pickling of the
dataset, the results or the function); only their results travel back,
pickled through a pipe, and come back in input order, so the output is the
same as a plain loop's. With one core, without os.fork (Windows) or for few
items, it is a plain loop.
"""

from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence

MIN_ITEMS = 64  # fewer items than this are not worth a fork


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fork_map(fn: Callable, items: Sequence, processes: int | None = None, progress: Callable[[int, int], None] | None = None) -> list:
    """[fn(x) for x in items], the items dealt round-robin over `processes`
    processes (default: the cores this process may use), so that heavy and
    light items spread evenly; this process computes the first share and
    reports `progress(done, total)`."""
    n = len(items)
    processes = min(processes or workers(), max(1, n // MIN_ITEMS))
    if processes < 2 or not hasattr(os, "fork"):
        return _loop(fn, items, progress, n, 1)
    children = []
    for k in range(1, processes):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute its share, send it, leave without cleanup handlers
            os.close(read)
            code = 0
            try:
                payload = pickle.dumps(("ok", [fn(x) for x in items[k::processes]]), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                payload = pickle.dumps(("error", traceback.format_exc()))
                code = 1
            with os.fdopen(write, "wb") as f:
                f.write(payload)
            os._exit(code)
        os.close(write)
        children.append((pid, read))
    try:
        shares = [_loop(fn, items[0::processes], progress, n, processes)]
    except BaseException:
        for pid, read in children:  # stop the others: no one will read what they send
            os.close(read)
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        raise
    errors = []
    for pid, read in children:
        with os.fdopen(read, "rb") as f:
            data = f.read()
        _, status = os.waitpid(pid, 0)
        try:
            kind, value = pickle.loads(data)
        except Exception:  # the child died before sending anything
            kind, value = "error", f"процесс {pid} завершился с кодом {os.waitstatus_to_exitcode(status)}"
        if kind == "ok":
            shares.append(value)
        else:
            errors.append(value)
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
