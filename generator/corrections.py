"""The corrections log: every change to an already published year, read from
the git history of the data folder.

A year is published once it exists in a commit; any later commit (on the
first-parent history of HEAD, so a merged pull request counts once) that
changes that year's folder, or monitoring.yml while the year exists, is a
correction. For each, the year is loaded, validated and computed on both
sides and compared (generator/diff.py); a change that changes nothing (a file
re-saved) is left out.

Only commits that touch the data folder are read; each side is keyed by the
git object ids of monitoring.yml and the year's folder, so a version of a
year is computed once per run however many commits share it. Not a git
repository, a shallow clone or no commits: the log says the history is not
available instead of failing the build.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import diff as D
from generator.gitdata import SETTINGS, Commit, DataRepo, GitError
from generator.problems import DataError

YEAR_RE = re.compile(r"\d{4}")
log = logging.getLogger(__name__)


@dataclass
class YearCorrection:
    year: int
    sentence: str  # what changed, one Russian sentence (quotes data: escape it)
    orgs: list[str] = field(default_factory=list)  # organizations whose values, record or total figures changed
    orgs_detail: list[str] = field(default_factory=list)  # the others whose direction or indicator figures changed
    indicators: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    checked: bool = True  # False: one side did not pass validation, no comparison


@dataclass
class Correction:
    commit: str
    date: str  # YYYY-MM-DD, committer date
    message: str  # the commit message, as written (escape it)
    years: list[YearCorrection]

    @property
    def anchor(self) -> str:
        return f"c-{self.commit[:12]}"


@dataclass
class CorrectionsLog:
    available: bool
    reason: str = ""  # why the history is not available, in Russian
    entries: list[Correction] = field(default_factory=list)  # newest first

    def for_year(self, year: int) -> list[tuple[Correction, YearCorrection]]:
        return [(c, y) for c in self.entries for y in c.years if y.year == year]


def unavailable(reason: str) -> CorrectionsLog:
    return CorrectionsLog(False, reason)


def read_log(data_dir: Path) -> CorrectionsLog:
    """Never raises for a missing or partial history: the log says so."""
    try:
        repo = DataRepo.find(data_dir)
    except GitError:
        return unavailable("папка с данными не находится в git-репозитории, поэтому история изменений недоступна.")
    if not repo.has_commits():
        return unavailable("в репозитории ещё нет ни одного коммита.")
    if repo.shallow():
        return unavailable("сайт собран из неполной копии репозитория (shallow clone), история изменений недоступна; при сборке получайте историю целиком (fetch-depth: 0).")
    try:
        return CorrectionsLog(True, "", _entries(repo))
    except GitError as err:
        return unavailable(f"историю изменений прочитать не удалось: {err}")


class _Versions:
    """Year versions loaded and computed once per run, keyed by git object ids."""

    def __init__(self, repo: DataRepo, tmp: Path):
        self.repo, self.tmp = repo, tmp
        self.cache: dict[tuple[str, str], D.Snapshot | None] = {}

    def get(self, commit: str, entries: dict[str, str], year: str) -> D.Snapshot | None:
        """None when this version does not pass validation."""
        key = (entries.get(SETTINGS, ""), entries[year])
        if key not in self.cache:
            root = self.tmp / f"{len(self.cache)}"
            folder = self.repo.export(commit, root, [SETTINGS, year])
            try:
                self.cache[key] = D.snapshot(folder, commit[:12], root)
            except DataError:
                self.cache[key] = None
        return self.cache[key]


def _entries(repo: DataRepo) -> list[Correction]:
    commits = repo.data_commits()
    out: list[Correction] = []
    published: set[str] = set()
    trees: dict[str, dict[str, str]] = {}

    def entries_of(sha: str) -> dict[str, str]:
        if not sha:
            return {}
        if sha not in trees:
            trees[sha] = repo.entries(sha)
        return trees[sha]

    with tempfile.TemporaryDirectory(prefix="monitoring-history-") as tmp:
        versions = _Versions(repo, Path(tmp))
        for c in commits:
            before, after = entries_of(c.parent), entries_of(c.sha)
            published |= {n for n in before if YEAR_RE.fullmatch(n)}
            settings_changed = before.get(SETTINGS) != after.get(SETTINGS)
            years = []
            for name in sorted(published):
                if name not in before and name not in after:
                    continue
                if before.get(name) == after.get(name) and not settings_changed:
                    continue
                if name not in before:
                    # Published earlier, removed, now back: a correction against the last published version.
                    continue
                found = _year(versions, c, before, after, name)
                if found is not None:
                    years.append(found)
            published |= {n for n in after if YEAR_RE.fullmatch(n)}
            if years:
                out.append(Correction(c.sha, c.date, c.message, years))
    return out[::-1]


def _year(versions: _Versions, c: Commit, before: dict, after: dict, name: str) -> YearCorrection | None:
    year = int(name)
    if name not in after:
        return YearCorrection(year, f"{year} год: данные года удалены из репозитория.")
    old = versions.get(c.parent, before, name)
    new = versions.get(c.sha, after, name)
    if old is None or new is None:
        return YearCorrection(year, f"{year} год: изменены файлы данных (версия {'до' if old is None else 'после'} изменения не проходит проверку, подробное сравнение недоступно).", checked=False)
    diff = D.compare(old, new)
    yd = next((y for y in diff.years if y.year == year), None)
    if yd is None:
        return None  # the files changed, the data did not (re-saved, reordered columns)
    text = D.sentence(yd)
    if diff.settings:
        text = f"{year} год: изменены настройки monitoring.yml (" + ", ".join(f.field for f in diff.settings) + "); " + text.split(": ", 1)[1]
    orgs = yd.affected_orgs(totals_only=True)
    detail = [o for o in yd.affected_orgs() if o not in orgs]
    return YearCorrection(year, text, orgs, detail, yd.affected_indicators(), yd.affected_directions())
