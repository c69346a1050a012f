"""The stages chained: load -> validate -> compute, for every command."""

from __future__ import annotations

from pathlib import Path

from generator.compute import Results, compute
from generator.load import load
from generator.model import Dataset
from generator.problems import DataError, Report
from generator.validate import validate


def checked_dataset(data_dir: Path, root: Path | None = None) -> Dataset:
    """Load and validate; raise DataError with every problem found."""
    raw, problems = load(data_dir, root)
    report = Report(list(problems))
    if raw is None:
        raise DataError(report)
    dataset, found = validate(raw)
    report.extend(found.problems)
    if not report.valid or dataset is None:
        raise DataError(report)
    return dataset


def run(data_dir: Path, root: Path | None = None) -> tuple[Dataset, Results]:
    dataset = checked_dataset(data_dir, root)
    return dataset, compute(dataset)
