"""Stages of a long run: wall time and peak memory of each, and progress
lines for a person at a terminal.

On a terminal (stderr is a TTY) every stage prints a line as it starts and
ends, and long stages update a count in place («страницы: 1200 из 3100,
14 с»). In a CI log (not a TTY) nothing is printed here: the command prints a
one-line summary at the end.

Peak memory is the process's resident set high-water mark (VmHWM). On Linux
it is reset at the start of every stage (writing 5 to /proc/self/clear_refs),
so each stage reports its own peak, which includes what earlier stages still
hold. Elsewhere the figure is the peak since the process started.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class StageRecord:
    name: str  # validate, compute, render, write, site, downloads, swap
    label: str  # what a person reads
    seconds: float = 0.0
    peak_mb: float = 0.0
    count: int = 0  # pages, values... what the stage counts (0: nothing)
    extra: dict = field(default_factory=dict)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """The resident-set high-water mark of this process, in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def _seconds(s: float) -> str:
    return f"{s:.1f}".replace(".", ",") + " с"


class Stages:
    """Times the stages of a run. `live` defaults to whether stderr is a terminal."""

    def __init__(self, live: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.records: list[StageRecord] = []
        self.info: dict = {}  # what the run wants to leave in dump(): page sizes, nav (for `make bench`)
        self.started = time.perf_counter()
        self._current: StageRecord | None = None
        self._t0 = 0.0
        self._last_print = 0.0
        self.per_stage_peak = _reset_peak()

    @contextlib.contextmanager
    def stage(self, name: str, label: str):
        record = StageRecord(name, label)
        self.records.append(record)
        self._current = record
        _reset_peak()
        self._t0 = time.perf_counter()
        if self.live:
            self._line(f"… {label}", end="")
        try:
            yield record
        finally:
            record.seconds = time.perf_counter() - self._t0
            record.peak_mb = peak_mb()
            self._current = None
            if self.live:
                counted = f": {record.count}" if record.count else ""
                self._line(f"✓ {label}{counted} — {_seconds(record.seconds)}, пик памяти {record.peak_mb:.0f} МБ")

    def count(self, done: int, total: int | None = None, what: str = "") -> None:
        """Progress inside the current stage; printed at most 4 times a second."""
        record = self._current
        if record is None:
            return
        record.count = done
        if not self.live:
            return
        now = time.perf_counter()
        if now - self._last_print < 0.25 and (total is None or done < total):
            return
        self._last_print = now
        of = f" из {total}" if total else ""
        self._line(f"… {record.label}: {what}{' ' if what else ''}{done}{of}, {_seconds(now - self._t0)}", end="")

    def _line(self, text: str, end: str = "\n") -> None:
        # \r and clearing to the end of the line: the next line replaces this one.
        self.stream.write("\r\x1b[K" + text + end)
        self.stream.flush()

    @property
    def total_seconds(self) -> float:
        return time.perf_counter() - self.started

    def dump(self, path: Path, **extra) -> None:
        """The records as JSON (`--timings`, for `make bench`)."""
        data = {
            "stages": [asdict(r) for r in self.records],
            "total_seconds": self.total_seconds,
            "per_stage_peak": self.per_stage_peak,
            **self.info,
            **extra,
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


class Quiet(Stages):
    """Stages that print nothing (library use, tests)."""

    def __init__(self):
        super().__init__(live=False, stream=io.StringIO())
