"""Where each generated page lives, and links between pages.

Pages are written as `<path>.md`; with MkDocs' directory URLs a page
`organizations/sch-01.md` is served at `organizations/sch-01/`. Links inside
raw HTML are not rewritten by MkDocs, so they are made relative here."""

from __future__ import annotations

import posixpath
import re

from generator.render.markup import SafeUrl

_ANCHOR = re.compile(r"[a-z0-9][a-z0-9_-]*", re.ASCII)


def page_url(md_path: str) -> str:
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_md: str, to_md_or_file: str, anchor: str = "") -> SafeUrl:
    """Relative link from the page `from_md` to a page (`*.md`) or a file,
    optionally to an anchor on it (an id the generator made: a slug)."""
    base = page_url(from_md) or "."
    target = page_url(to_md_or_file) if to_md_or_file.endswith(".md") else to_md_or_file
    rel = _relpath(target or ".", base)
    if to_md_or_file.endswith(".md") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    if anchor:
        if not _ANCHOR.fullmatch(anchor):
            raise ValueError(f"not an anchor: {anchor!r}")
        rel += "#" + anchor
    return SafeUrl(rel)


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the site's relative paths, on strings alone:
    relpath() resolves both against the working directory (a system call
    each), and a region's pages make hundreds of thousands of links."""
    t = [p for p in target.split("/") if p and p != "."]
    b = [p for p in base.split("/") if p and p != "."]
    if ".." in t or ".." in b:
        return posixpath.relpath(target, base)
    common = 0
    for x, y in zip(t, b):
        if x != y:
            break
        common += 1
    return "/".join([".."] * (len(b) - common) + t[common:]) or "."


def rebase(link: str, from_md: str, to_md: str) -> SafeUrl:
    """A relative link written for the page `from_md`, rewritten for `to_md`."""
    if "://" in link or link.startswith(("#", "/", "mailto:")):
        return SafeUrl(link)
    path, sep, anchor = link.partition("#")
    target = posixpath.normpath(posixpath.join(page_url(from_md) or ".", path))
    rel = _relpath(target, page_url(to_md) or ".")
    if path.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return SafeUrl(rel + sep + anchor)


def listing(*parts: str | int) -> str:
    """A numbered page of a long list (see render/pages/paging.py): one path segment
    per part. Ids cannot hold "/", so two different lists never share a page,
    whatever hyphens their ids hold (joined by "-", indicator "a-b" of kind "c"
    and indicator "a" of kind "b-c" would)."""
    return "lists/" + "/".join(map(str, parts)) + ".md"


def org(org_id: str) -> str:
    return f"organizations/{org_id}.md"


def indicator(indicator_id: str) -> str:
    return f"indicators/{indicator_id}.md"


def direction(direction_id: str) -> str:
    return f"directions/{direction_id}.md"


def year(y: int) -> str:
    return f"years/{y}.md"


# The management cycle (rules 9-13): pages only when the data has measures, goals or practices.
def cycle(y: int) -> str:
    return f"cycle/{y}.md"


def measures(y: int) -> str:
    return f"measures/{y}.md"


def practices(y: int) -> str:
    return f"practices/{y}.md"


GOALS = "goals.md"


def territory(unit_id: str) -> str:
    return f"territories/{unit_id}.md"


HOME = "index.md"
ORGANIZATIONS = "organizations/index.md"
COMPARE = "compare.md"  # the comparison page; its data: COMPARE_DATA/<kind>.json
COMPARE_DATA = "downloads/compare"
CATALOG = "indicators/index.md"
METHODOLOGY = "methodology.md"
DATA = "data.md"
ABOUT = "about.md"
BENCHMARKS = "benchmarks.md"  # written by `make bench`; left out of the nav while absent
CORRECTIONS = "corrections.md"
CORRECTIONS_POLICY = "corrections-policy.md"
ERRORS = "errors.md"  # «Справочник ошибок проверки», from the problem catalogue (issue 10)
GLOSSARY = "glossary.md"  # «Словарь сокращений», from monitoring.yml
SOURCES = "sources.md"  # «Источники данных» (issue 11)
CALENDAR = "calendar.md"  # «Сроки мониторинга», from monitoring.yml `calendar:` (issue 11)
TERRITORIES = "territories/index.md"  # the territorial units (rule 7c), when territories.csv is given

# Ids that would be, or could become, the name of a generated page or folder
# (organizations/index.md is the list of organizations, indicators/index.md the
# catalog); validate refuses them as ids of organizations, directions and indicators.
RESERVED_IDS = frozenset(
    {
        "index",
        "lists",
        "assets",
        "downloads",
        "search",
        "404",
        "sitemap",
        "stylesheets",
        "javascripts",
        "vendor",
        "years",
        "organizations",
        "indicators",
        "directions",
        "cycle",
        "measures",
        "practices",
        "territories",
        *(
            p.removesuffix(".md")
            for p in (METHODOLOGY, DATA, ABOUT, BENCHMARKS, CORRECTIONS, CORRECTIONS_POLICY, ERRORS, COMPARE, GLOSSARY)
            + (SOURCES, CALENDAR, GOALS)
        ),
    }
)


# --- documents (issue 15): the yearly report and the letters to heads, in downloads/ ---
REPORTS = "downloads/reports"
LETTERS = "downloads/letters"


def report_file(y: int, fmt: str) -> str:
    """The year's report: downloads/reports/report-Y.pdf (or .docx)."""
    return f"{REPORTS}/report-{y}.{fmt}"


def letter_file(y: int, org_id: str, fmt: str = "docx") -> str:
    """The letter to an organization's head on its results of year Y."""
    return f"{LETTERS}/letter-{y}-{org_id}.{fmt}"


def letters_zip(y: int) -> str:
    """Every letter of year Y in one ZIP."""
    return f"{LETTERS}/letters-{y}.zip"


# --- end documents ---
