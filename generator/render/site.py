"""Render every page and download of the site: a pure function from the
dataset and results to {path: content}; build.py writes and publishes it."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath

import jinja2

from generator import russian
from generator.compute import Results
from generator.cycletables import cycle_file
from generator.export import BOM, neutralise, results_package
from generator.model import TREND_MARKS, Dataset
from generator.parallel import fork_map
from generator.paths import TEMPLATES
from generator.render import cyclesite, describe, markup, pages, spreadsheet
from generator.render import urls as U
from generator.render.pages import Page
from generator.render.pages.compare import data_files as compare_data
from generator.render.readmodel import ReadModel
from generator.review.corrections import PUBLISHED as PUBLISHED_LOG
from generator.review.corrections import CorrectionsLog

# Columns holding personal data, by input file: published only on request.
PERSONAL_COLUMNS = {"organizations.csv": ("head",)}
NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative .md path -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> bytes
    lookup: ReadModel | None = None  # the indexes the pages were built from
    nav: list = field(default_factory=list)  # MkDocs nav
    descriptions: dict[str, str] = field(default_factory=dict)  # docs-relative .md path -> meta description
    inserts: dict[str, str] = field(default_factory=dict)  # marker name -> Markdown for hand-written pages


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Every expression is escaped for Markdown and HTML at once (markup.text).
        finalize=markup.finalize,
    )
    env.filters.update(
        md=markup.md,
        url=lambda v: markup.external_url(v) or markup.SafeUrl(""),
        slug=markup.slug,
        score=markup.score,
        delta=markup.delta,
        value=markup.value,
        figure=markup.figure,
        # {{ n | plural("организация", "организации", "организаций") }}: the one plural rule (generator/russian.py).
        plural=markup.plural,
        plural_word=russian.plural_word,  # the noun alone, beside a figure written apart (the cycle page)
        attr_json=markup.attr_json,
        trend_mark=lambda t: TREND_MARKS.get(t, ""),
    )
    return env


def render_page(env: jinja2.Environment, context: Page) -> str:
    """A page context through its template; the template sees its fields as names."""
    return env.get_template(context.TEMPLATE).render({f.name: getattr(context, f.name) for f in fields(context)})


def render_pages(
    env: jinja2.Environment, built: Page | tuple[Page, list[tuple[str, Page]]], path: str
) -> dict[str, str]:
    """{path: Markdown} of a page and of its numbered list pages (those first)."""
    context, listings = built if isinstance(built, tuple) else (built, [])
    out = {p: render_page(env, c) for p, c in listings}
    out[path] = render_page(env, context)
    return out


def render_job(env: jinja2.Environment, lk: ReadModel, item: tuple[str, object]) -> dict[str, str]:
    """One page that grows with the data, and its numbered list pages: a pure
    function of the read model, run in forked processes (generator/parallel.py)."""
    kind, key = item
    if kind == "year":
        return render_pages(env, pages.year(lk, key, U.year(key)), U.year(key))
    if kind == "org":
        return render_pages(env, pages.organization(lk, key, U.org(key)), U.org(key))
    if kind == "direction":
        return render_pages(env, pages.direction(lk, key, U.direction(key)), U.direction(key))
    if kind == "territory":
        return render_pages(env, pages.territory(lk, key, U.territory(key)), U.territory(key))
    return render_pages(env, pages.indicator(lk, key, U.indicator(key)), U.indicator(key))


def render_site(
    ds: Dataset,
    results: Results,
    input_files: dict[int, dict[str, bytes]] | None = None,
    corrections: CorrectionsLog | None = None,
    with_files: bool = True,
    progress=None,
) -> RenderedSite:
    """input_files: year -> {file name: bytes} of the input packages, offered for download.
    corrections: the corrections log read from git (generator/review/corrections.py).
    with_files: also make the download files (site.files); False leaves them
    to download_files(), which only needs the file names in input_files.
    progress: called with (pages done, pages in all) as the year, organization,
    direction and indicator pages are rendered."""
    env = environment()
    lk = ReadModel(ds, results, corrections)  # every index built here, before any page
    site = RenderedSite()
    site.pages.update(render_pages(env, pages.home(lk, U.HOME), U.HOME))
    site.pages.update(render_pages(env, pages.organizations(lk, U.ORGANIZATIONS), U.ORGANIZATIONS))
    site.pages.update(render_pages(env, pages.compare_page(lk, U.COMPARE), U.COMPARE))

    # The pages that grow with the data, rendered on every core (generator/parallel.py).
    jobs = [("year", y) for y in lk.years] + [("org", o) for o in lk.org]
    jobs += [("direction", d) for d in lk.direction] + [("indicator", i) for i in lk.indicator]
    jobs += [("territory", t) for t in lk.units.unit]  # rule 7c: none without territories.csv
    for produced in fork_map(functools.partial(render_job, env, lk), jobs, progress=progress):
        site.pages.update(produced)
    site.pages.update(render_pages(env, pages.catalog(lk, U.CATALOG), U.CATALOG))
    if lk.units.unit:
        site.pages.update(render_pages(env, pages.territories(lk, U.TERRITORIES), U.TERRITORIES))
    site.pages.update(render_pages(env, pages.methodology(lk, U.METHODOLOGY), U.METHODOLOGY))
    for path, context in cyclesite.pages(lk):  # the management cycle (rules 9-13): none without its data
        site.pages.update(render_pages(env, context, path))

    results_files = [
        {"path": f"downloads/results/{name}", "title": title, "description": description}
        for name, (title, description) in RESULT_FILES.items()
        if name not in OPTIONAL_RESULTS or OPTIONAL_RESULTS[name](ds)
    ]
    inputs = {y: sorted((input_files or {}).get(y, {})) for y in lk.years}
    if with_files:
        site.files.update(download_files(lk, input_files))
    site.pages.update(render_pages(env, pages.data(lk, U.DATA, results_files, inputs), U.DATA))
    site.pages.update(render_pages(env, pages.corrections_page(lk, corrections, U.CORRECTIONS), U.CORRECTIONS))
    site.pages.update(render_pages(env, pages.errors(lk, U.ERRORS), U.ERRORS))  # problem catalogue (issue 10)
    site.pages.update(render_pages(env, pages.glossary(lk, U.GLOSSARY), U.GLOSSARY))
    site.pages.update(render_pages(env, pages.sources_page(lk, U.SOURCES), U.SOURCES))  # issue 11, item 9
    if ds.settings.calendar:  # issue 11, item 8: no page without a calendar
        site.pages.update(render_pages(env, pages.calendar_page(lk, U.CALENDAR), U.CALENDAR))
        site.inserts["calendar"] = render_page(env, pages.about_calendar(lk, U.ABOUT))
    site.descriptions = describe.descriptions(lk, site.pages)

    site.nav = [
        {"Главная": U.HOME},
        {"Результаты по годам": [{f"{y} год": U.year(y)} for y in reversed(lk.years)]},
        *cyclesite.nav(lk, set(site.pages)),
        {
            "Организации": [
                {"Список организаций": U.ORGANIZATIONS},
                {"Сравнение организаций": U.COMPARE},
                *([{"Территории": U.TERRITORIES}] if lk.units.unit else []),
            ]
        },
        {"Показатели": U.CATALOG},
        {"Методика": U.METHODOLOGY},
        {"Данные": [{"Данные и выгрузки": U.DATA}, {"Справочник ошибок проверки": U.ERRORS}]},
        {"Исправления": [{"Журнал исправлений": U.CORRECTIONS}, {"Политика исправлений": U.CORRECTIONS_POLICY}]},
        # The benchmarks (docs/benchmarks.md) are for developers: linked from the README, not published.
        {
            "О проекте": [
                {"О проекте": U.ABOUT},
                {"Сроки мониторинга": U.CALENDAR},
                {"Источники данных": U.SOURCES},
                {"Словарь сокращений": U.GLOSSARY},
            ]
        },
    ]
    site.lookup = lk
    return site


RESULT_FILES = {  # downloads/results/: title and description on the data page, in this order
    "datapackage.json": ("Описание пакета (datapackage.json)", "схемы всех таблиц результатов"),
    "scores.csv": (
        "Баллы (scores.csv)",
        "баллы, места, уровни и динамика каждой организации по итогу, направлениям и показателям",
    ),
    "municipal.csv": (
        "Муниципальные значения (municipal.csv)",
        "свод и муниципальные значения показателей, всего и по типам",
    ),
    "recommendations.csv": (
        "Рекомендации (recommendations.csv)",
        "адресные рекомендации организациям и муниципалитету",
    ),
    "indicators.csv": (
        "Показатели и источники (indicators.csv)",
        "показатели каждого года с направлением, единицей и источником данных",
    ),
    "groups.csv": ("Группы организаций (groups.csv)", "свод по каждой группе организаций, всего и по типам"),
    "territories.csv": (
        "Территории (territories.csv)",
        "свод, уровень, место и динамика каждой территориальной единицы",
    ),
    "measures.csv": ("Меры (measures.csv)", "меры, принятые по итогам мониторинга, их формы, сроки и статус"),
    "effects.csv": (
        "Эффект мер (effects.csv)",
        "изменение балла после каждой выполненной меры и в группе сравнения; своды по формам и направлениям",
    ),
    "coverage.csv": ("Охват мерами (coverage.csv)", "доля дефицитов с рекомендацией, по которым принята мера"),
    "goals.csv": ("Цели (goals.csv)", "цели программы, их фактические значения по годам и достижение"),
    "practices.csv": ("Лучшие практики (practices.csv)", "источники лучших практик по направлениям и их описания"),
    "results.xlsx": (
        "Таблица Excel (results.xlsx)",
        "итоги и все баллы с названиями организаций и показателей, показатели с источниками",
    ),
}


# The files of the results package written only when the data uses their extension (generator/export.py).
OPTIONAL_RESULTS = {
    **{f"{name}.csv": cycle_file(name) for name in ("measures", "effects", "coverage", "goals", "practices")},
    "groups.csv": lambda ds: bool(ds.settings.groups),
    "territories.csv": lambda ds: any(len(y.territories) for y in ds.years),
}


def download_files(lk: ReadModel, input_files: dict[int, dict[str, bytes]] | None) -> dict[str, bytes]:
    """Every file of downloads/: the results package, the workbook and the
    input packages as committed (CSV cells neutralised, personal columns left
    out unless published). Independent of the pages: build.py makes them in a
    second process while MkDocs builds the pages."""
    ds, results = lk.ds, lk.results
    files = {f"downloads/results/{name}": content for name, content in results_package(ds, results).items()}
    files["downloads/results/results.xlsx"] = spreadsheet.workbook(lk, results)
    files.update(compare_data(lk))  # what the comparison page fetches, one file per kind
    for y in lk.years:
        for name, content in sorted((input_files or {}).get(y, {}).items()):
            hidden = () if ds.settings.publish_personal_names else PERSONAL_COLUMNS.get(PurePosixPath(name).name, ())
            files[f"downloads/data/{y}/{name}"] = neutralise_csv(content, hidden) if name.endswith(".csv") else content
    # --- corrections log published with the site (issue 9): the next build reads it back ---
    log = lk.corrections
    if log is not None:
        files[PUBLISHED_LOG] = log.published_json()
    # --- end of corrections log ---
    return files


def neutralise_csv(content: bytes, hidden: tuple[str, ...] = ()) -> bytes:
    """An input CSV as offered for download: text cells that a spreadsheet
    would run as formulas get a leading apostrophe; numbers stay numbers;
    `hidden` columns (personal names) are left out; a byte order mark first,
    so that a spreadsheet opened with a double click reads it as UTF-8 (the
    generator reads such a file back as it is: csvfile.py skips the mark)."""
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    keep = [i for i, name in enumerate(rows[0] if rows else []) if name not in hidden]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if (
        rows
        and len(keep) == len(rows[0])
        and all(len(row) == len(keep) for row in rows)
        and not _FORMULA_CELL.search(text)
    ):
        # No cell can start with a formula character: rewrite in C, not cell by cell
        # (a region's values files hold 750,000 rows).
        writer.writerows(rows)
        return (BOM + buf.getvalue()).encode("utf-8")
    for row in rows:
        writer.writerow([cell if NUMBER_RE.fullmatch(cell) else neutralise(cell) for cell in (row[i] for i in keep)])
    return (BOM + buf.getvalue()).encode("utf-8")


# A character that starts a formula at the start of a cell (after the start of a
# line, a comma or an opening quote); "\r" and "\t" anywhere: a superset of the
# cells neutralise() changes, so when it finds nothing the rows go out unchanged.
_FORMULA_CELL = re.compile(r'(?:^|[,\n"])[=+\-@]|[\t\r]', re.MULTILINE)


def site_config_extra(ds: Dataset, data_version: str, commit: str = "") -> dict:
    """mkdocs.yml `extra`, read by the theme overrides (overrides/main.html):
    the demo notice and the footer (data date, operator, contacts, repository).
    Texts are plain; the templates escape them. Every address was validated
    (generator/settings.py), so it is written into href as it is, escaped."""
    s = ds.settings
    notice = (
        (s.demo_notice or "Демонстрационные данные: муниципалитет, организации и значения вымышлены.") if s.demo else ""
    )
    return {
        "demo_notice": notice,
        "data_version": data_version,
        "data_commit": commit,
        "operator": s.operator,
        "contacts": footer_contacts(s.contacts),
        "repository": s.repository,
    }


CONTACT_LABELS = {"email": "почта", "phone": "телефон", "address": "адрес", "hours": "часы работы", "url": "сайт"}


def footer_contacts(contacts: dict[str, str]) -> list[dict[str, str]]:
    """The contacts as the footer lists them: label, text and a link ('' = none):
    mailto: for the e-mail, tel: (digits and «+» only) for the phone."""
    out = []
    for key, text in contacts.items():
        href = ""
        if key == "email":
            href = "mailto:" + text
        elif key == "phone":
            href = "tel:" + re.sub(r"[^0-9+]", "", text.split("доб")[0].split("ext")[0])
        elif key == "url":
            href = text
        out.append({"label": CONTACT_LABELS[key], "text": markup.clean(text), "href": href})
    return out
