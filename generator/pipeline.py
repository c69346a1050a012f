"""The generator's stages, chained in one place.

    load      data/ -> RawDataset               generator/load.py                reads the disk
              + Sources (input files, git)      load_sources()                   reads the disk
    validate  RawDataset -> Dataset             generator/validate.py            DataError: every problem
    compute   Dataset -> Results                generator/compute.py
    render    Dataset, Results, Sources
              -> SitePages                      render() over generator/render/  in memory, pure
    publish   SitePages -> site/                generator/build.py publish()     writes the disk
              Results -> results package        export_results()                 writes the disk
              Results -> documents              write_documents()                writes the disk
                (report, letters: generator/documents/; on the site, in the downloads: site_downloads())

Only the two ends touch the disk. Every command runs the chain, or its
beginning, through this module:

    validate            checked_dataset()   load -> validate
    diff, corrections   run()               load -> validate -> compute, for a folder or for the
                                            data at a git revision (generator/review/)
    export              export_results()    load -> validate -> compute -> publish (results package)
    report, letters     write_documents()   load -> validate -> compute -> documents -> publish (DOCX, PDF, ZIP)
    build               site_pages(), then build.publish(): the whole chain (build.build_site)
    mkdocs build/serve  site_pages() in generator/plugin.py; MkDocs itself writes the site
    make bench          tools/bench.py times `build` in a fresh process
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import russian
from generator.compute import Results, compute
from generator.load import load
from generator.model import Dataset
from generator.problems import DataError, Report
from generator.problems import files as codes  # problem catalogue (issue 10)
from generator.problems import packages as package_codes
from generator.progress import Quiet, Stages
from generator.review.corrections import PUBLISHED, CorrectionsLog, read_log
from generator.validate import validate

__all__ = [  # PUBLISHED: where the site carries its corrections log (build.py reads the previous one)
    "PUBLISHED",
    "Sources",
    "SitePages",
    "checked_dataset",
    "publishable",
    "data_version",
    "export_results",
    "input_files",
    "load_sources",
    "prune_nav",
    "render",
    "run",
    "site_downloads",
    "site_pages",
    "write_documents",
]


# -- load -> validate -> compute ------------------------------------------------------------


def checked_dataset(data_dir: Path, root: Path | None = None, tolerate: frozenset[str] = frozenset()) -> Dataset:
    """Load and validate; raise DataError with every problem found. tolerate: problem
    codes not held against the data (a version from git history, generator/review/versions.py)."""
    raw, problems = load(data_dir, root)
    report = Report([p for p in problems if p.code not in tolerate])
    if raw is None:
        raise DataError(report)
    dataset, found = validate(raw)
    report.extend([p for p in found.problems if p.code not in tolerate])
    if not report.valid or dataset is None:
        raise DataError(report)
    return dataset


def publishable(ds: Dataset) -> Dataset:
    """The years that are published (not drafts); DataError when every year is a draft."""
    out = ds.published()
    if not out.years:
        first = ds.years[0]
        file = str(Path(first.files["organizations"]).parent / "datapackage.json")
        raise DataError(
            Report([package_codes.ALL_DRAFTS.at(file, column="draft", years=", ".join(map(str, out.drafts)))])
        )
    return out


def run(data_dir: Path, root: Path | None = None, tolerate: frozenset[str] = frozenset()) -> tuple[Dataset, Results]:
    """Load, validate and compute; raise DataError with every problem found."""
    dataset = checked_dataset(data_dir, root, tolerate)
    return dataset, compute(dataset)


def export_results(data_dir: Path, out: Path, root: Path | None = None) -> None:
    """`monitoring-site export`: the results package replaces `out` whole, only when complete."""
    from generator.export import results_package
    from generator.write import replace_dir

    # Drafts are validated with the rest but not exported.
    ds = publishable(checked_dataset(data_dir, root))
    replace_dir(out, results_package(ds, compute(ds)))


# -- load: what the site needs besides the dataset -------------------------------------------


@dataclass(frozen=True)
class Sources:
    """What the load stage reads for the site besides the dataset."""

    inputs: dict[int, dict[str, bytes]]  # year -> {file name offered for download: bytes as committed}
    corrections: CorrectionsLog  # read from git, with the log published before (generator/review/corrections.py)
    version: str  # the data's date, as the site's footer shows it («Данные на 15 апреля 2025 г.»)
    stamp: int  # the commit's time (SOURCE_DATE_EPOCH): reproducible pages
    hand_written: Collection[str]  # docs-relative paths of the hand-written pages and assets
    commit: str = ""  # the data's last commit (abbreviated), '' outside git: in the page source, for staff


def load_sources(ds: Dataset, data_dir: Path, hand_written: Collection[str], published: Path | None = None) -> Sources:
    """published: the downloads/corrections.json of the site published before, if any."""
    root = data_dir.parent
    version, stamp, commit = data_version(root, data_dir)
    # --- H-review: the corrections log computes every version through run() (passed in: no import cycle) ---
    log = without_drafts(read_log(data_dir, previous=published, run=run), set(ds.drafts))
    # --- end H-review ---
    return Sources(input_files(ds, data_dir), log, version, stamp, hand_written, commit)


def without_drafts(log: CorrectionsLog, drafts: set[int]) -> CorrectionsLog:
    """The log without changes to years in preparation: nothing of a draft is published."""
    if not drafts:
        return log

    def keep(entries: list) -> list:
        out = []
        for c in entries:
            years = [y for y in c.years if y.year not in drafts]
            if years:
                out.append(replace(c, years=years))
        return out

    return replace(log, entries=keep(log.entries), kept=keep(log.kept))


def data_version(root: Path, data_dir: Path) -> tuple[str, int, str]:
    """The data's date as the footer says it («Данные на 15 апреля 2025 г.»: the
    date of the last commit touching data/, so the same commit gives the same
    words), a timestamp for reproducible output and the abbreviated commit.
    Read as bytes (issue 9): no byte in the history can stop the build."""
    try:
        out = (
            subprocess.run(
                # A fixed abbreviation: the same commit reads the same in a full and a shallow clone.
                ["git", "-C", str(root), "log", "-1", "--abbrev=12", "--format=%h %cs %ct", "--", str(data_dir)],
                capture_output=True,
                check=True,
                timeout=30,
            )
            .stdout.decode("utf-8", errors="replace")
            .split()
        )
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--", str(data_dir)],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.strip(b"\0\n ")
    except (OSError, subprocess.SubprocessError):
        return "Данные из рабочей копии (не из git)", 946684800, ""
    if len(out) != 3 or not out[2].lstrip("-").isdigit():
        return "Данные из рабочей копии (ещё не зафиксированы в git)", 946684800, ""
    commit, date, stamp = out
    label = "Данные на " + russian.long_date(date)
    if dirty:
        label += " (с незафиксированными изменениями)"
    return label, int(stamp), commit


def input_files(ds: Dataset, data_dir: Path) -> dict[int, dict[str, bytes]]:
    """The files of each year's input package as committed, by the name they are offered under:
    its datapackage.json, the CSV files of its resources and the copies of their Table Schemas."""
    out = {}
    for y in ds.years:
        folder = data_dir / str(y.year)
        files = {"datapackage.json": folder / "datapackage.json"}
        for res in y.descriptor.get("resources", []):
            for key in ("path", "schema"):
                if isinstance(res.get(key), str):  # checked by load: a plain path inside the package
                    files[res[key]] = folder / res[key]
        out[y.year] = {name: path.read_bytes() for name, path in files.items()}
    return out


# -- render ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitePages:
    """The render stage's output: the generated pages and what MkDocs needs besides docs/."""

    site_name: str
    site_url: str  # "" when the settings give none
    nav: list  # MkDocs nav, without pages that neither the generator nor docs/ provide
    extra: dict  # added to mkdocs.yml `extra`: demo notice, data version
    stamp: int  # SOURCE_DATE_EPOCH
    pages: dict[str, str]  # docs-relative .md path -> Markdown (with placeholders for the lifted blocks)
    blocks: dict[str, list[str]]  # the lifted HTML blocks by page (render/fragments.py)
    sizes: dict[str, int]  # bytes of each page as rendered, before lifting (the timings of `make bench`)
    downloads: Callable[[], dict[str, bytes]]  # every file of downloads/: pure, but slow (a fork in build.py)
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> expansion: <abbr title> in page text
    descriptions: dict[str, str] = field(default_factory=dict)  # docs-relative path -> meta description
    # marker name -> Markdown put into hand-written pages at `<!-- monitoring: NAME -->` (generator/plugin.py)
    inserts: dict[str, str] = field(default_factory=dict)


def render(ds: Dataset, results: Results, sources: Sources, lift_blocks: bool = True, progress=None) -> SitePages:
    """Every page in memory. lift_blocks: keep the pages' HTML tables and charts out
    of MkDocs' Markdown and search passes (render/fragments.py); the pages come
    out the same either way (the search index no longer holds the chart captions).
    progress(done, total): pages rendered."""
    from generator.render import fragments
    from generator.render.site import render_site, site_config_extra

    names = {y: dict.fromkeys(files) for y, files in sources.inputs.items()}
    rendered = render_site(ds, results, names, sources.corrections, with_files=False, progress=progress)
    clash = [p for p in rendered.pages if p in sources.hand_written]
    if clash:
        problem = codes.DOCS_CLASH.at(f"docs/{clash[0]}")
        raise DataError(Report([problem]))
    lifted = {path: fragments.split(md) for path, md in rendered.pages.items()} if lift_blocks else {}
    lookup, inputs = rendered.lookup, sources.inputs
    return SitePages(
        site_name=ds.settings.title,
        site_url=ds.settings.site_url or "",
        # A page of the nav that is neither generated nor in docs/ (docs/benchmarks.md
        # until `make bench` has run) is left out rather than linked broken.
        nav=prune_nav(rendered.nav, lambda page: page in rendered.pages or page in sources.hand_written),
        extra=site_config_extra(ds, sources.version, sources.commit),
        stamp=sources.stamp,
        pages={path: md for path, (md, _) in lifted.items()} if lift_blocks else dict(rendered.pages),
        blocks={path: blocks for path, (_, blocks) in lifted.items()},
        sizes={path: len(md.encode("utf-8")) for path, md in rendered.pages.items()},
        downloads=lambda: site_downloads(lookup, inputs, sources.stamp, report_processes(len(rendered.pages))),
        glossary=dict(ds.settings.glossary),
        descriptions=rendered.descriptions,
        inserts=rendered.inserts,
    )


# A site of more pages than this keeps MkDocs busy on one core for most of the build: the
# downloads process beside it makes the reports alone on the other core, since more processes
# would slow MkDocs, the longer of the two (README: the documents). A smaller site's MkDocs is
# done in seconds, and the reports spread over every core.
SMALL_SITE_PAGES = 500


def report_processes(pages: int) -> int:
    from generator.parallel import workers

    return workers() if pages <= SMALL_SITE_PAGES else 1


def site_downloads(lookup, inputs: dict[int, dict[str, bytes]], stamp: int, processes: int = 1) -> dict[str, bytes]:
    """Every file of downloads/: the results package, the workbook, the input packages
    (render/site.py) and the documents: each year's report, each head's letter (issue 15),
    the reports over `processes` processes."""
    from generator.documents import site_files
    from generator.render.site import download_files

    return {**download_files(lookup, inputs), **site_files(lookup, stamp, processes)}


class NotPublished(ValueError):
    """The year asked for has no published data (absent, or a draft)."""


def write_documents(data_dir: Path, out: Path, kind: str, year: int, root: Path | None = None) -> list[str]:
    """`monitoring-site report` / `letters`: the documents of a published year replace `out`
    whole, only when complete; returns the names written. DataError for invalid data or a year
    that is not published (absent or a draft)."""
    from generator import documents
    from generator.render.readmodel import ReadModel
    from generator.write import replace_dir

    ds = checked_dataset(data_dir, root)
    published = publishable(ds)
    years = [y.year for y in published.years]
    if year not in years:
        state = "черновик и не публикуется" if year in ds.drafts else "отсутствует в данных"
        raise NotPublished(f"{year} год {state}; опубликованные годы: {', '.join(map(str, years))}.")
    results = compute(published)
    lookup = ReadModel(published, results)
    issued = documents.issued_date(data_version(data_dir.parent, data_dir)[1])
    if kind == "report":
        files = documents.report_files(lookup, year, issued)
    else:
        files = documents.letter_files(lookup, year, issued)
    replace_dir(out, files)
    return sorted(files)


def prune_nav(nav: list, exists: Callable[[str], bool]) -> list:
    """The nav without pages for which exists(path) is false, and without sections left empty."""
    out = []
    for item in nav:
        ((title, target),) = item.items()
        if isinstance(target, list):
            target = prune_nav(target, exists)
            if target:
                out.append({title: target})
        elif exists(target):
            out.append(item)
    return out


def site_pages(
    data_dir: Path,
    hand_written: Collection[str],
    published: Path | None = None,
    stages: Stages | None = None,
    lift_blocks: bool = True,
    root: Path | None = None,
) -> SitePages:
    """load -> validate -> compute -> render, each stage timed by `stages`
    (on a terminal, with progress). hand_written: the docs-relative paths of the
    hand-written pages (no generated page may take one); published: see load_sources();
    root: what the paths in problems are shown relative to (the data folder's parent by default)."""
    stages = stages or Quiet()
    with stages.stage("validate", "Проверка данных") as st:
        ds = publishable(checked_dataset(data_dir, root or data_dir.parent))  # drafts: validated, not published
        st.count = sum(len(y.values) for y in ds.years)
    with stages.stage("compute", "Расчёт баллов") as st:
        results = compute(ds)
        st.count = len(results.scores)
    with stages.stage("render", "Страницы сайта (Markdown)") as st:
        sources = load_sources(ds, data_dir, hand_written, published)
        site = render(ds, results, sources, lift_blocks, lambda done, total: stages.count(done, total, "организаций"))
        st.count = len(site.pages)
    return site
