"""Where each generated page lives, and links between pages.

Pages are written as `<path>.md`; with MkDocs' directory URLs a page
`organizations/sch-01.md` is served at `organizations/sch-01/`. Links inside
raw HTML are not rewritten by MkDocs, so they are made relative here."""

from __future__ import annotations

import posixpath


def page_url(md_path: str) -> str:
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_md: str, to_md_or_file: str) -> str:
    """Relative link from the page `from_md` to a page (`*.md`) or a file."""
    base = page_url(from_md) or "."
    target = page_url(to_md_or_file) if to_md_or_file.endswith(".md") else to_md_or_file
    rel = _relpath(target or ".", base)
    if to_md_or_file.endswith(".md") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


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


def rebase(link: str, from_md: str, to_md: str) -> str:
    """A relative link written for the page `from_md`, rewritten for `to_md`."""
    if "://" in link or link.startswith(("#", "/", "mailto:")):
        return link
    path, sep, anchor = link.partition("#")
    target = posixpath.normpath(posixpath.join(page_url(from_md) or ".", path))
    rel = _relpath(target, page_url(to_md) or ".")
    if path.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + sep + anchor


def listing(name: str) -> str:
    """A numbered page of a long list (see render/paging.py)."""
    return f"lists/{name}.md"


def org(org_id: str) -> str:
    return f"organizations/{org_id}.md"


def indicator(indicator_id: str) -> str:
    return f"indicators/{indicator_id}.md"


def direction(direction_id: str) -> str:
    return f"directions/{direction_id}.md"


def year(y: int) -> str:
    return f"years/{y}.md"


HOME = "index.md"
ORGANIZATIONS = "organizations/index.md"
CATALOG = "indicators/index.md"
METHODOLOGY = "methodology.md"
DATA = "data.md"
ABOUT = "about.md"
BENCHMARKS = "benchmarks.md"  # written by `make bench`; left out of the nav while absent
CORRECTIONS = "corrections.md"
CORRECTIONS_POLICY = "corrections-policy.md"
