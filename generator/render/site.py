"""Render every page and download of the site: a pure function from the
dataset and results to {path: content}; build.py writes and publishes it."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.compute import Results
from generator.corrections import CorrectionsLog
from generator.export import neutralise, results_package
from generator.model import TREND_MARKS, Dataset
from generator.render import markup, pages, review, spreadsheet
from generator.render import urls as U
from generator.render.lookup import Lookup
from generator.render.paging import Paging

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "site_templates"
# Columns holding personal data, by input file: published only on request.
PERSONAL_COLUMNS = {"organizations.csv": ("head",)}
NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative .md path -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> bytes
    nav: list = field(default_factory=list)  # MkDocs nav


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markup.md,
        score=markup.score,
        delta=markup.delta,
        value=markup.value,
        attr_json=markup.attr_json,
        trend_mark=lambda t: TREND_MARKS.get(t, ""),
    )
    return env


def render_site(ds: Dataset, results: Results, input_files: dict[int, dict[str, bytes]] | None = None, corrections: CorrectionsLog | None = None) -> RenderedSite:
    """input_files: year -> {file name: bytes} of the input packages, offered for download.
    corrections: the corrections log read from git (generator/corrections.py)."""
    env = environment()
    lk = Lookup(ds, results)
    site = RenderedSite()
    marks = review.correction_marks(lk, corrections)

    def put(path: str, template: str, context: dict) -> None:
        site.pages[path] = env.get_template(template).render(corrections=review.marks_for(marks, path), **context)

    # Long lists go to numbered pages (render/paging.py): no page grows with the number of organizations.
    paged = Paging(lambda path, context: put(path, "listing.md.j2", context))

    put(U.HOME, "home.md.j2", pages.home(lk, U.HOME))
    for y in lk.years:
        put(U.year(y), "year.md.j2", paged.year(pages.year(lk, y, U.year(y)), U.year(y)))
    put(U.ORGANIZATIONS, "organizations.md.j2", paged.organizations(pages.organizations(lk, U.ORGANIZATIONS), U.ORGANIZATIONS))
    org_template = env.get_template("organization.md.j2")
    for org_id in lk.org:
        path = U.org(org_id)
        site.pages[path] = org_template.render(corrections=review.marks_for(marks, path), **pages.organization(lk, org_id, path))
    for d in lk.direction:
        put(U.direction(d), "direction.md.j2", paged.node(pages.direction(lk, d, U.direction(d)), U.direction(d), "direction", d))
    ind_template = env.get_template("indicator.md.j2")
    for i in lk.indicator:
        path = U.indicator(i)
        site.pages[path] = ind_template.render(corrections=review.marks_for(marks, path), **paged.node(pages.indicator(lk, i, path), path, "indicator", i))
    put(U.CATALOG, "catalog.md.j2", pages.catalog(lk, U.CATALOG))
    put(U.METHODOLOGY, "methodology.md.j2", pages.methodology(lk, U.METHODOLOGY))

    downloads: dict[str, list[dict]] = {"results": []}
    described = {
        "scores.csv": ("Баллы (scores.csv)", "баллы, места, уровни и динамика каждой организации по итогу, направлениям и показателям"),
        "municipal.csv": ("Муниципальные значения (municipal.csv)", "свод и муниципальные значения показателей, всего и по типам"),
        "recommendations.csv": ("Рекомендации (recommendations.csv)", "адресные рекомендации организациям и муниципалитету"),
        "datapackage.json": ("Описание пакета (datapackage.json)", "схемы всех таблиц результатов"),
    }
    for name, content in results_package(ds, results).items():
        path = f"downloads/results/{name}"
        site.files[path] = content
        title, description = described[name]
        downloads["results"].append({"path": path, "title": title, "description": description})
    site.files["downloads/results/results.xlsx"] = spreadsheet.workbook(lk, results)
    downloads["results"].append({"path": "downloads/results/results.xlsx", "title": "Таблица Excel (results.xlsx)", "description": "итоги и все баллы с названиями организаций и показателей"})
    for y in lk.years:
        entries = []
        for name, content in sorted((input_files or {}).get(y, {}).items()):
            path = f"downloads/data/{y}/{name}"
            hidden = () if ds.settings.publish_personal_names else PERSONAL_COLUMNS.get(name, ())
            site.files[path] = neutralise_csv(content, hidden) if name.endswith(".csv") else content
            entries.append({"path": path, "title": name})
        downloads[str(y)] = entries
    put(U.DATA, "data.md.j2", pages.data(lk, U.DATA, downloads))
    put(U.CORRECTIONS, "corrections.md.j2", review.corrections_page(lk, corrections, U.CORRECTIONS))

    site.nav = [
        {"Главная": U.HOME},
        {"Результаты по годам": [{f"{y} год": U.year(y)} for y in reversed(lk.years)]},
        {"Организации": U.ORGANIZATIONS},
        {"Показатели": U.CATALOG},
        {"Методика": U.METHODOLOGY},
        {"Данные": U.DATA},
        {"Исправления": [{"Журнал исправлений": U.CORRECTIONS}, {"Политика исправлений": U.CORRECTIONS_POLICY}]},
        {"О проекте": U.ABOUT},
    ]
    return site


def neutralise_csv(content: bytes, hidden: tuple[str, ...] = ()) -> bytes:
    """An input CSV as offered for download: text cells that a spreadsheet
    would run as formulas get a leading apostrophe; numbers stay numbers;
    `hidden` columns (personal names) are left out."""
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    keep = [i for i, name in enumerate(rows[0] if rows else []) if name not in hidden]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if rows and len(keep) == len(rows[0]) and all(len(row) == len(keep) for row in rows) and not _FORMULA_CELL.search(text):
        # No cell can start with a formula character: rewrite in C, not cell by cell
        # (a region's values files hold 750,000 rows).
        writer.writerows(rows)
        return buf.getvalue().encode("utf-8")
    for row in rows:
        writer.writerow([cell if NUMBER_RE.fullmatch(cell) else neutralise(cell) for cell in (row[i] for i in keep)])
    return buf.getvalue().encode("utf-8")


# A character that starts a formula at the start of a cell (after the start of a
# line, a comma or an opening quote); "\r" and "\t" anywhere: a superset of the
# cells neutralise() changes, so when it finds nothing the rows go out unchanged.
_FORMULA_CELL = re.compile(r'(?:^|[,\n"])[=+\-@]|[\t\r]', re.MULTILINE)


def site_config_extra(ds: Dataset, data_version: str) -> dict:
    s = ds.settings
    notice = (s.demo_notice or "Демонстрационные данные: муниципалитет, организации и значения вымышлены.") if s.demo else ""
    return {"demo_notice": notice, "data_version": data_version}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)
