"""The versions a comparison compares: a data folder, or the data folder at a
git revision (read blob by blob, never checked out: generator/review/git.py).

Every version goes through the same stages as a build: the caller passes
generator.pipeline.run (load -> validate -> compute) as `run`. It is passed
in, not imported, because the pipeline itself reads the corrections log: the
review package stays below the pipeline, with no import cycle.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.problems import DataError, Report
from generator.problems import files as codes  # problem catalogue (issue 10)
from generator.review import compare as C
from generator.review.git import DataRepo
from generator.review.model import DataDiff, Snapshot

if TYPE_CHECKING:
    from generator.compute import Results
    from generator.model import Dataset

# generator.pipeline.run: (data folder, repository root) -> the validated dataset and its results; raises DataError.
RunData = Callable[[Path, Path], "tuple[Dataset, Results]"]
WORKING_TREE = "рабочая копия"
# Problems not held against a version from git history: its schema copies were written by
# the generator of its day, and today's generator validates against its own schemas anyway.
PAST_TOLERATED = frozenset({"schema-copy"})


def past(run: RunData) -> RunData:
    """run for versions of the data from git history."""
    return lambda data_dir, root: run(data_dir, root, tolerate=PAST_TOLERATED)  # type: ignore[call-arg]


def snapshot(data_dir: Path, label: str, root: Path | None, run: RunData) -> Snapshot:
    """Load, validate and compute a data folder; raises DataError. An empty or
    missing folder is an empty side (no data at that revision)."""
    if not data_dir.is_dir() or not any(data_dir.iterdir()):
        return Snapshot(label)
    ds, results = run(data_dir, root or data_dir.parent)
    return Snapshot(label, ds, results)


def revision_snapshot(data_dir: Path, rev: str | None, tmp: Path, run: RunData) -> Snapshot:
    """The data at a git revision, or the working tree when rev is None;
    raises GitError (no such revision) or DataError."""
    if rev is None:
        return snapshot(data_dir, WORKING_TREE, data_dir.parent, run)
    repo = DataRepo.find(data_dir)
    commit = repo.commit(rev)
    root = tmp / commit[:12]
    folder = repo.export(commit, root)
    return snapshot(folder, rev, root, past(run))


def run_diff(
    data_dir: Path,
    base: str | None,
    head: str | None,
    base_data: Path | None = None,
    head_data: Path | None = None,
    *,
    run: RunData,
) -> DataDiff:
    """`monitoring-site diff`: two revisions (or two folders) compared.
    Raises DataError (a side's data invalid, with the usual report) or
    GitError (no such revision, not a repository)."""
    with tempfile.TemporaryDirectory(prefix="monitoring-diff-") as tmp:
        sides = []
        for name, rev, folder in (("base", base, base_data), ("head", head, head_data)):
            try:
                if folder is not None:
                    sides.append(snapshot(folder.resolve(), str(folder), folder.resolve().parent, run))
                else:
                    sides.append(revision_snapshot(data_dir, rev, Path(tmp), run))
            except DataError as err:
                which = f"«{folder or rev or WORKING_TREE}»"
                side = "базовой" if name == "base" else "новой"
                problem = codes.DIFF_SIDE.at(which, side=side)
                err.report.problems.insert(0, problem)
                raise DataError(Report(err.report.problems)) from None
        return C.compare(*sides)
