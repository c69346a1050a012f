"""The corrections log: every change to an already published year, read from
the git history of the data folder.

A year is published once it exists in a commit; any later commit (on the
first-parent history of HEAD, so a merged pull request counts once) that
changes that year's folder, or monitoring.yml while the year exists, is a
correction. For each, the year is loaded, validated and computed on both
sides (generator.pipeline.run, passed in as `run`) and compared
(generator/review/compare.py); a change that changes nothing (a file
re-saved) is left out.

Only commits that touch the data folder are read; each side is keyed by the
git object ids of monitoring.yml and the year's folder, so a version of a
year is computed once per run however many commits share it, and each
comparison is kept on disk (generator/review/store.py) so the next build
with the same history computes nothing again. Not a git repository, a
shallow clone or no commits: the log says the history is not available
instead of failing the build. A version git cannot read (generator/review/git.py)
is listed as unreadable and its comparison skipped.

Readings this module takes:

- Date. The date shown is the committer date, clamped: not before the
  commit in which the corrected year first appeared (a correction cannot
  precede the publication) and not after the date of HEAD, and always inside
  2000-01-01 … 2099-12-31. A date outside is shown as the nearest bound,
  with the note «дата коммита (…) вне допустимого диапазона, показана дата …».
- Later years. A year is computed together with the year after it (when
  there is one and it passes validation), so the entry also says what the
  change does to that year's dynamics (its change against the corrected
  year) and lists it in `later`: the site marks that year's page too.
- Merges. For a merge on the first-parent history the entry also lists the
  commits it brought in that touch the data (git rev-list parent1..parentN,
  merges left out, oldest first, at most MAX_MERGED), each message shortened.
- Long messages are cut at MAX_LINES lines / MAX_CHARS characters and end
  with «… (полностью — в коммите <hash>)».
- Rewritten history: the log is published with the site as
  downloads/corrections.json (PUBLISHED). `build` reads the previous one from
  the --site folder; an entry whose commit is no longer reachable from HEAD
  (a force-push rewrote the history) stays on the page, marked
  «запись из ранее опубликованного журнала: …», and build prints a warning
  naming the vanished commits. In CI fetch the published
  downloads/corrections.json into <site>/downloads/ before `build`, or the
  comparison has nothing to compare with. When the history is unavailable the
  previous entries are published again unchanged.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator import russian
from generator.problems import DataError
from generator.review import compare as C
from generator.review import store, versions, wording
from generator.review.git import SETTINGS, Batch, Commit, DataRepo, GitError, day
from generator.review.model import Snapshot
from generator.review.versions import RunData

YEAR_RE = re.compile(r"[0-9]{4}", re.ASCII)
PUBLISHED = store.PUBLISHED
MAX_LINES, MAX_CHARS = 20, 2000
MERGED_LINES, MERGED_CHARS = 3, 300
MAX_MERGED = 10
MAX_DESCRIPTOR_BYTES = 1024 * 1024  # a datapackage.json read from history to tell a draft
SANE_MIN, SANE_MAX = 946684800, 4102444800  # 2000-01-01, 2100-01-01 (exclusive)
CARRIED_NOTE = (
    "запись из ранее опубликованного журнала: этого изменения больше нет в истории данных (история была переписана)."
)


@dataclass
class YearCorrection:
    year: int
    sentence: str  # what changed, one Russian sentence (quotes data: escape it)
    orgs: list[str] = field(default_factory=list)  # organizations whose values, record or total figures changed
    orgs_detail: list[str] = field(default_factory=list)  # the others whose direction or indicator figures changed
    indicators: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    checked: bool = True  # False: one side did not pass validation or could not be read, no comparison
    later: list[int] = field(default_factory=list)  # later years whose dynamics (change against this year) moved


@dataclass
class Correction:
    commit: str
    date: str  # YYYY-MM-DD: the committer date, clamped (module docstring)
    message: str  # the commit message, shortened (escape it)
    years: list[YearCorrection]
    date_note: str = ""  # set when the committer date was out of range
    merged: list[dict] = field(default_factory=list)  # a merge's branch commits: {"commit", "message"}
    merged_more: int = 0  # branch commits beyond those listed
    carried: bool = False  # from the previously published log; the commit is no longer in the history

    @property
    def anchor(self) -> str:
        return f"c-{self.commit[:12]}"

    @property
    def notes(self) -> list[str]:
        """Russian notes for the page."""
        return [n for n in (CARRIED_NOTE if self.carried else "", self.date_note) if n]


@dataclass
class CorrectionsLog:
    available: bool
    reason: str = ""  # why the history is not available, in Russian
    entries: list[Correction] = field(default_factory=list)  # newest first
    vanished: list[str] = field(default_factory=list)  # commits of carried entries (no longer in the history)
    warnings: list[str] = field(default_factory=list)  # printed on stderr by read_log
    kept: list[Correction] = field(default_factory=list)  # history unavailable: the previous log, published again

    def published_json(self) -> bytes:
        """downloads/corrections.json: what the next build compares with."""
        return store.dumps(self.entries if self.available else self.kept)


def unavailable(reason: str) -> CorrectionsLog:
    return CorrectionsLog(False, reason)


def read_log(data_dir: Path, previous: Path | None = None, *, run: RunData) -> CorrectionsLog:
    """Never raises for a missing, partial or rewritten history: the log says
    so. previous: the corrections.json of the site published before; run:
    generator.pipeline.run, through which every version is computed."""
    earlier, problem = store.read_published(previous) if previous is not None else ([], "")
    old = [_from_dict(d) for d in earlier]
    log = _read(data_dir, run)
    if problem:
        log.warnings.insert(0, problem)
    if log.available:
        _carry(log, old, DataRepo.find(data_dir).reachable())
    else:
        log.kept = old
    for text in log.warnings:
        print(f"Журнал исправлений: {text}", file=sys.stderr)
    return log


def _read(data_dir: Path, run: RunData) -> CorrectionsLog:
    try:
        repo = DataRepo.find(data_dir)
    except GitError:
        return unavailable("папка с данными не находится в git-репозитории, поэтому история изменений недоступна.")
    if not repo.has_commits():
        return unavailable("в репозитории ещё нет ни одного коммита.")
    if repo.shallow():
        return unavailable(
            "сайт собран из неполной копии репозитория (shallow clone), история изменений недоступна; "
            "при сборке получайте историю целиком (fetch-depth: 0)."
        )
    log = CorrectionsLog(True)
    try:
        with Batch(repo.top) as batch:
            log.entries = _entries(repo, batch, log.warnings, run)
    except GitError as err:
        return unavailable(f"историю изменений прочитать не удалось: {err}")
    return log


def _carry(log: CorrectionsLog, old: list[Correction], reachable: set[str]) -> None:
    """Keep the published entries whose commits the history lost."""
    have = {c.commit for c in log.entries}
    carried = [c for c in old if c.commit not in have and c.commit not in reachable]
    if not carried:
        return
    for c in carried:
        c.carried = True
    log.vanished = [c.commit for c in carried]
    # Newest first by date; stable, so entries of one date keep the history's order.
    log.entries = sorted(log.entries + carried, key=lambda c: c.date, reverse=True)
    log.warnings.append(
        "история данных была переписана: в ней больше нет ранее опубликованных исправлений "
        + ", ".join(c[:12] for c in log.vanished)
        + ". Записи о них сохранены на странице «Исправления» с пометкой; проверьте, не было ли это ошибкой."
    )


def _from_dict(d: dict) -> Correction:
    return Correction(
        d["commit"],
        d["date"],
        d["message"],
        [YearCorrection(**y) for y in d["years"]],
        d["date_note"],
        d["merged"],
        d["merged_more"],
        d["carried"],
    )


class _Versions:
    """Year versions loaded and computed once per run, keyed by git object ids."""

    def __init__(self, repo: DataRepo, batch: Batch, tmp: Path, run: RunData):
        self.repo, self.batch, self.tmp, self.run = repo, batch, tmp, versions.past(run)
        self.cache: dict[tuple[str, str], tuple[Snapshot | None, str]] = {}

    def get(self, commit: str, entries: dict[str, str], years: list[str]) -> tuple[Snapshot | None, str]:
        """(snapshot, "") ; (None, "") when this version does not pass
        validation; (None, why) when it cannot be read or processed."""
        key = (entries.get(SETTINGS, ""), *(f"{y}:{entries[y]}" for y in years))
        if key not in self.cache:
            root = self.tmp / f"{len(self.cache)}"
            try:
                folder = self.repo.export(commit, root, [SETTINGS, *years], self.batch)
                self.cache[key] = (versions.snapshot(folder, commit[:12], root, self.run), "")
            except GitError as err:
                self.cache[key] = (None, str(err))
            except DataError:
                self.cache[key] = (None, "")
            except Exception as err:  # noqa: BLE001 - an old version must not stop today's build
                self.cache[key] = (None, f"версия {commit[:12]} не обрабатывается: {type(err).__name__}.")
        return self.cache[key]


def _clamp(stamp: int) -> int:
    return min(max(stamp, SANE_MIN), SANE_MAX - 1)


def _entries(repo: DataRepo, batch: Batch, warnings: list[str], run: RunData) -> list[Correction]:
    commits = repo.data_commits(batch)
    head = batch.commit(repo.commit("HEAD"))
    upper = (_clamp(head.time), head.tz)
    cache = store.YearCache(repo.git_dir())
    out: list[Correction] = []
    first_seen: dict[str, tuple[int, int]] = {}  # year -> (clamped time, tz) of the commit it appeared in
    drafts: dict[str, bool] = {}  # year folder's tree -> a draft (not published: its changes are no corrections)

    def published(entries: dict[str, str], n: str) -> bool:
        return bool(YEAR_RE.fullmatch(n)) and not _draft(batch, entries[n], drafts)

    with tempfile.TemporaryDirectory(prefix="monitoring-history-") as tmp:
        known = _Versions(repo, batch, Path(tmp), run)
        for c in commits:
            try:
                before = repo.entries(c.parent) if c.parent else {}
                after = repo.entries(c.sha)
            except GitError as err:
                warnings.append(f"{err} Коммит пропущен.")
                continue
            for n in before:
                if published(before, n):
                    first_seen.setdefault(n, (SANE_MIN, 0))
            settings_changed = before.get(SETTINGS) != after.get(SETTINGS)
            years = []
            for name in sorted(first_seen):
                if name not in before:
                    # Published earlier, removed, now back: a correction against the last published version.
                    continue
                if before.get(name) == after.get(name) and not settings_changed:
                    continue
                found = _cached_year(cache, known, c, before, after, name, warnings)
                if found is not None:
                    years.append(found)
            for n in after:
                if published(after, n):
                    first_seen.setdefault(n, (_clamp(c.time), c.tz))
            if years:
                lower = max((first_seen[str(y.year)] for y in years), key=lambda t: t[0])
                date, note = _date(c, lower, upper)
                merged, more = repo.merged(c, batch, MAX_MERGED)
                branch = [{"commit": m.sha, "message": _one_line(m)} for m in merged]
                message = shorten(c.message, c.sha, MAX_LINES, MAX_CHARS)
                out.append(Correction(c.sha, date, message, years, note, branch, more))
        cache.save()
    return out[::-1]


def _draft(batch: Batch, tree: str, known: dict[str, bool]) -> bool:
    """Whether the year folder (a git tree) is a draft: its datapackage.json says
    "draft": true. A year is published, and later changes to it are corrections,
    from the first commit in which it is not a draft. Unreadable: not a draft."""
    if tree not in known:
        known[tree] = False
        try:
            kind, raw = batch.stream(tree)
            width = len(tree) // 2  # 20 bytes of SHA-1, 32 of SHA-256
            at = raw.find(b" datapackage.json\0") if kind == "tree" else -1
            if at >= 0:
                start = at + len(b" datapackage.json\0")
                oid = raw[start : start + width].hex()
                _, blob = batch.stream(oid, limit=MAX_DESCRIPTOR_BYTES)
                known[tree] = json.loads(blob.decode("utf-8-sig")).get("draft") is True
        except (GitError, ValueError, AttributeError):
            pass
    return known[tree]


def _date(c: Commit, lower: tuple[int, int], upper: tuple[int, int]) -> tuple[str, str]:
    """The date shown for a correction and, when it was clamped, the note."""
    hi = upper if upper[0] >= lower[0] else lower
    if lower[0] <= c.time <= hi[0] and c.date:
        return c.date, ""
    bound = lower if c.time < lower[0] else hi
    shown = day(*bound) or "2000-01-01"
    raw = russian.date(c.date)
    note = f"дата коммита{f' ({raw})' if raw else ''} вне допустимого диапазона, показана дата {russian.date(shown)}."
    return shown, note


def _one_line(c: Commit) -> str:
    return " ".join(shorten(c.message, c.sha, MERGED_LINES, MERGED_CHARS).split())


def shorten(message: str, sha: str, lines: int, chars: int) -> str:
    """At most `lines` lines and `chars` characters, ending with where the whole is."""
    text = message.strip("\n")
    cut = "\n".join(text.split("\n")[:lines])[:chars]
    if cut == text:
        return text
    return cut.rstrip() + f"\n… (полностью — в коммите {sha[:12]})"


def _cached_year(
    cache: store.YearCache, known: _Versions, c: Commit, before: dict, after: dict, name: str, warnings: list[str]
) -> YearCorrection | None:
    nxt = _next_year(after, name)
    blobs = [before.get(SETTINGS, ""), after.get(SETTINGS, ""), before.get(name, ""), after.get(name, "")]
    if nxt:
        blobs += [nxt, before.get(nxt, ""), after.get(nxt, "")]
    key = cache.key(name, *blobs)
    hit, value = cache.get(key)
    if hit:
        return None if value is None else YearCorrection(**value)
    found, why = _year(known, c, before, after, name)
    if why:
        warnings.append(why)
    else:
        cache.put(key, None if found is None else asdict(found))
    return found


def _year(known: _Versions, c: Commit, before: dict, after: dict, name: str) -> tuple[YearCorrection | None, str]:
    """The correction of one year by one commit, and why it could not be computed ("" when it could)."""
    year = int(name)
    if name not in after:
        return YearCorrection(year, f"{year} год: данные года удалены из репозитория."), ""
    # With the next year on both sides (when it is there), the comparison also
    # sees what the change does to that year's dynamics against this one.
    nxt = _next_year(after, name)
    with_next = [name, nxt] if nxt else [name]
    old, why_old = known.get(c.parent, before, [y for y in with_next if y in before])
    new, why_new = known.get(c.sha, after, with_next)
    if nxt and (old is None or new is None):
        # The next year does not pass on a side: this year is still compared on its own.
        old, why_old = known.get(c.parent, before, [name])
        new, why_new = known.get(c.sha, after, [name])
    why = why_old or why_new
    if why:
        return YearCorrection(
            year, f"{year} год: изменены файлы данных, но {why} Подробное сравнение недоступно.", checked=False
        ), why
    if old is None or new is None:
        side = "до" if old is None else "после"
        return YearCorrection(
            year,
            f"{year} год: изменены файлы данных (версия {side} изменения не проходит проверку, "
            "подробное сравнение недоступно).",
            checked=False,
        ), ""
    diff = C.compare(old, new)
    yd = next((y for y in diff.years if y.year == year), None)
    if yd is None:
        return None, ""  # the files changed, the data did not (re-saved, reordered columns)
    text = wording.sentence(yd)
    if diff.settings:
        text = (
            f"{year} год: изменены настройки monitoring.yml ("
            + ", ".join(f.field for f in diff.settings)
            + "); "
            + text.split(": ", 1)[1]
        )
    orgs = yd.affected_orgs(totals_only=True)
    detail = [o for o in yd.affected_orgs() if o not in orgs]
    later = [y for y in yd.affects if y != year]
    return YearCorrection(year, text, orgs, detail, yd.affected_indicators(), yd.affected_directions(), True, later), ""


def _next_year(entries: dict[str, str], name: str) -> str | None:
    """The first year after `name` in a version of the data folder."""
    return min((n for n in entries if YEAR_RE.fullmatch(n) and n > name), default=None)
