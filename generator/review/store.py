"""What the corrections log keeps between builds (generator/review/corrections.py):

- the published log, downloads/corrections.json in the site: plain JSON,
  sorted keys, so the same log is the same bytes; the next build reads the
  previous one to keep entries whose commits a rewritten history lost.
  It is read as untrusted input: wrong shapes, sizes or types are dropped
  with a warning, never a crash.
- a cache of computed year comparisons in the data repository's
  .git/monitoring-cache/ (never in the work tree, so never committed), one
  JSON file per comparison keyed by a hash of the generator's own source and
  schemas, the year, and the object ids of monitoring.yml and of the year's
  folder on both sides. A corrupt or foreign entry is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from generator.paths import PACKAGE, SCHEMAS

PUBLISHED = "downloads/corrections.json"
FORMAT = "monitoring-corrections/1"
MAX_PUBLISHED_BYTES = 32 * 1024 * 1024
MAX_TEXT = 20000
CACHE_DIR = "monitoring-cache"
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_DATE = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
YEAR_KEYS = {"year", "sentence", "orgs", "orgs_detail", "indicators", "directions", "checked", "later"}
OLD_YEAR_KEYS = YEAR_KEYS - {"later"}  # a log published before `later` existed


def dumps(entries: list) -> bytes:
    """The published log: every entry's fields, newest first."""
    items = [{**asdict(c), "years": [asdict(y) for y in c.years]} for c in entries]
    text = json.dumps({"format": FORMAT, "entries": items}, ensure_ascii=False, sort_keys=True, indent=1)
    return (text + "\n").encode("utf-8")


def _text(v, limit: int = MAX_TEXT) -> bool:
    return isinstance(v, str) and len(v) <= limit


def _ids(v) -> bool:
    return isinstance(v, list) and len(v) <= 100000 and all(_text(x, 200) for x in v)


def year_ok(y) -> bool:
    """A YearCorrection as plain JSON, with exactly its fields and types."""
    return (
        isinstance(y, dict)
        and set(y) in (YEAR_KEYS, OLD_YEAR_KEYS)
        and type(y["year"]) is int
        and 1900 <= y["year"] <= 2999
        and _text(y["sentence"])
        and all(_ids(y[k]) for k in ("orgs", "orgs_detail", "indicators", "directions"))
        and type(y["checked"]) is bool
        and _years(y.get("later", []))
    )


def _years(v) -> bool:
    return isinstance(v, list) and len(v) <= 1000 and all(type(x) is int and 1900 <= x <= 2999 for x in v)


def _entry_ok(e) -> bool:
    keys = {"commit", "date", "message", "years", "date_note", "merged", "merged_more", "carried"}
    return (
        isinstance(e, dict)
        and set(e) == keys
        and isinstance(e["commit"], str)
        and bool(_SHA.fullmatch(e["commit"]))
        and isinstance(e["date"], str)
        and bool(_DATE.fullmatch(e["date"]))
        and _text(e["message"])
        and _text(e["date_note"], 500)
        and isinstance(e["years"], list)
        and 0 < len(e["years"]) <= 1000
        and all(year_ok(y) for y in e["years"])
        and isinstance(e["merged"], list)
        and len(e["merged"]) <= 100
        and all(
            isinstance(m, dict)
            and set(m) == {"commit", "message"}
            and isinstance(m["commit"], str)
            and bool(_SHA.fullmatch(m["commit"]))
            and _text(m["message"])
            for m in e["merged"]
        )
        and type(e["merged_more"]) is int
        and e["merged_more"] >= 0
        and type(e["carried"]) is bool
    )


def read_published(path: Path) -> tuple[list[dict], str]:
    """The entries of a previously published corrections.json and a Russian
    problem ("" when none). No file: nothing, no problem."""
    try:
        if path.is_symlink() or not path.is_file():
            return [], ""
        if path.stat().st_size > MAX_PUBLISHED_BYTES:
            return [], f"файл {path} больше {MAX_PUBLISHED_BYTES // 2**20} МБ и не прочитан."
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        why = type(err).__name__
        return [], f"ранее опубликованный журнал {path} не прочитан ({why}); записи из него не перенесены."
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("entries"), list):
        return [], f"ранее опубликованный журнал {path} не в формате {FORMAT}; записи из него не перенесены."
    good = [e for e in doc["entries"] if _entry_ok(e)]
    seen, unique = set(), []
    for e in good:
        if e["commit"] not in seen:
            seen.add(e["commit"])
            unique.append(e)
    bad = len(doc["entries"]) - len(good)
    return unique, (f"в ранее опубликованном журнале {path} пропущено повреждённых записей: {bad}." if bad else "")


@lru_cache(maxsize=1)
def generator_hash() -> str:
    """Changes whenever the code or the schemas that compute a comparison change."""
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    try:
        import pandas

        h.update(pandas.__version__.encode())
    except ImportError:  # pragma: no cover
        pass
    files = sorted(PACKAGE.rglob("*.py")) + sorted(SCHEMAS.glob("*.json"))
    for path in files:
        h.update(str(path.relative_to(PACKAGE.parent)).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


class YearCache:
    """Computed year comparisons on disk; does nothing when there is no place for it."""

    def __init__(self, git_dir: Path | None):
        self.dir = None if git_dir is None else git_dir / CACHE_DIR
        self.pending: dict[str, dict | None] = {}

    def key(self, *parts: str) -> str:
        return hashlib.sha256(json.dumps([generator_hash(), *parts]).encode()).hexdigest()

    def get(self, key: str) -> tuple[bool, dict | None]:
        """(found, a YearCorrection as a dict or None for "no correction")."""
        if self.dir is None:
            return False, None
        try:
            doc = json.loads((self.dir / f"{key}.json").read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return False, None
        if not isinstance(doc, dict) or doc.get("key") != key or "result" not in doc:
            return False, None
        value = doc["result"]
        if value is not None and not year_ok(value):
            return False, None
        return True, value

    def put(self, key: str, value: dict | None) -> None:
        self.pending[key] = value

    def save(self) -> None:
        """Write what was computed; a read-only or full disk only costs the next build time."""
        if self.dir is None or not self.pending:
            return
        try:
            self.dir.mkdir(exist_ok=True)
            for key, value in self.pending.items():
                fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as f:
                        json.dump({"key": key, "result": value}, f, ensure_ascii=False, sort_keys=True)
                    os.replace(tmp, self.dir / f"{key}.json")
                except BaseException:
                    os.unlink(tmp)
                    raise
        except OSError:
            pass
        self.pending.clear()
