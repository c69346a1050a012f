"""Issue 11, items 2, 8 and 9: a year's own texts (a safe subset of Markdown,
every refusal with its file and line), the yearly calendar, descriptions of
directions and levels, the page «Источники данных» and the `source` column of
the exports; a folder that uses none of these has no empty section."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from factory import direction, indicator, levels, org, write_data, year

from generator.compute import compute
from generator.export import results_package
from generator.pipeline import checked_dataset
from generator.problems import DataError
from generator.render import spreadsheet
from generator.render import urls as U
from generator.render.readmodel import ReadModel
from generator.render.site import render_site
from generator.render.texts import text_markdown, when_in, when_yearly
from generator.settings import parse_settings
from generator.texts import Heading, ListBlock, Paragraph, Run, Table, YearText, parse_text
from generator.yearsettings import CalendarEntry, calendar_for, due_date

ROOT = Path(__file__).resolve().parent.parent
FILE = "data/2025/texts/conclusions.md"


def codes_lines(source: str) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in parse_text(source, FILE)[1]]


# --- the parser: the subset ---------------------------------------------------------------


def test_subset_gives_typed_blocks():
    blocks, problems = parse_text(
        "# Итоги\n\nТекст *курсив*, **полужирный** и [методика](/methodology/).\n"
        "Вторая строка [сайт](https://example.ru/a?b=1) и [почта](mailto:imc@example.ru).\n\n"
        "- один\n- два\n\n3. три\n4. четыре\n\n| Проблема | Кому |\n|---|---|\n| Цикл | **ОО** |\n",
        FILE,
    )
    assert problems == []
    heading, para, bullets, numbered, table = blocks
    assert heading == Heading(1, (Run("Итоги"),))
    assert isinstance(para, Paragraph)
    assert para.runs[:4] == (Run("Текст "), Run("курсив", emphasis=True), Run(", "), Run("полужирный", strong=True))
    assert Run("методика", href="/methodology/") in para.runs
    assert Run("сайт", href="https://example.ru/a?b=1") in para.runs
    assert Run("почта", href="mailto:imc@example.ru") in para.runs
    assert bullets == ListBlock(False, ((Run("один"),), (Run("два"),)))
    assert numbered.ordered and numbered.start == 3
    assert table == Table(((Run("Проблема"),), (Run("Кому"),)), (((Run("Цикл"),), (Run("ОО", strong=True),)),))


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Абзац\n\n<script>alert(1)</script>\n", [("text-html", 3)]),
        ("Абзац\nтекст <b>жирный</b> и <img src=x onerror=alert(1)>\n", [("text-html", 2)]),
        ("<!-- комментарий -->\n", [("text-html", 1)]),
        ("[ссылка](javascript:alert(1))\n", [("text-link", 1)]),
        ("раз\nдва [ссылка](JaVaScRiPt:alert(1))\n", [("text-link", 2)]),
        ("[x](&#106;avascript:alert(1))\n", [("text-link", 1)]),  # an entity does not hide the scheme
        ("[x](data:text/html;base64,PHNjcmlwdD4=)\n", [("text-link", 1)]),
        ("[x](//evil.example/)\n", [("text-link", 1)]),
        ("[x](file:///etc/passwd)\n", [("text-link", 1)]),
        ("[x](organizations/s1/)\n", [("text-link", 1)]),  # relative: from where? written from the root
        ("<javascript:alert(1)>\n", [("text-link", 1)]),  # autolink
        ("[x][r]\n\n[r]: vbscript:msgbox\n", [("text-link", 1)]),  # reference link
        ("![график](https://example.ru/a.png)\n", [("text-image", 1)]),
        ("**[*x*](javascript:a)**\n", [("text-link", 1)]),  # nested inside emphasis
        ("    отступ\n", [("text-code", 1)]),
        ("```\nкод\n```\n", [("text-code", 1)]),
        ("> цитата\n", [("text-quote", 1)]),
        ("***\n", [("text-rule", 1)]),
        ("#### мелкий\n", [("text-heading", 1)]),
        ("- пункт\n  - вложенный\n", [("text-nested-list", 2)]),
        ("- пункт\n\n  ## заголовок\n", [("text-list-block", 3)]),
        ("- [x](javascript:a)\n", [("text-link", 1)]),
        ("| a |\n|---|\n| <b>x</b> |\n", [("text-html", 3)]),
    ],
)
def test_hostile_markdown_is_refused_with_its_line(source, expected):
    assert codes_lines(source) == expected


def test_entities_are_text_and_escaped_on_the_page():
    blocks, problems = parse_text("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;\n", FILE)
    assert problems == []
    assert blocks == (Paragraph((Run("<script>alert(1)</script> & <b>"),)),)
    md = text_markdown(YearText("t", "Т", FILE, blocks), "years/2025.md")
    assert "<script" not in md and "<b>" not in md
    assert html.unescape(md) == "<script>alert(1)</script> & <b>"


def test_refusal_names_file_line_and_fix_in_russian():
    (p,) = parse_text("Текст\n\nещё [ссылка](javascript:alert(1))\n", FILE)[1]
    assert (p.file, p.row, p.value) == (FILE, 3, "javascript:alert(1)")
    assert "ссылка" in p.message and "https://" in p.fix and "/methodology/" in p.fix
    assert p.text().startswith(f"{FILE}, строка 3: ")


def test_links_on_the_page_are_relative_and_external_ones_marked():
    blocks, _ = parse_text("[м](/methodology/) [ы](/years/2024/#text-conclusions) [в](https://example.ru)\n", FILE)
    md = text_markdown(YearText("t", "Т", FILE, blocks), "years/2025.md")
    assert '<a href="../../methodology/">' in md
    assert '<a href="../../years/2024/#text-conclusions">' in md
    assert '<a href="https://example.ru" rel="nofollow noopener">' in md


def test_markdown_specials_in_text_cannot_start_syntax():
    blocks, _ = parse_text("1\\. не список, \\*не курсив\\*, \\[не ссылка\\](x) {: #id } | a |\n", FILE)
    md = text_markdown(YearText("t", "Т", FILE, blocks), "years/2025.md")
    assert not re.search(r"[*\[\]{}|#]", md.replace("&#", "")), md


# --- a data folder with texts -------------------------------------------------------------


def small(**extra) -> dict:
    y = year(
        orgs=[org("s1"), org("s2")],
        indicators=[indicator("a", source="ФИС ОКО"), indicator("b", unit="boolean")],
        values={"s1": {"a": 80, "b": 1}, "s2": {"a": 40, "b": 0}},
        levels=levels(high=80, medium=50, low=0),
        **extra,
    )
    return y


TEXTS = [{"id": "introduction", "title": "Введение"}, {"id": "conclusions", "title": "Выводы"}]


def folder(tmp_path: Path, texts: dict[str, str], **settings) -> Path:
    data = write_data(tmp_path, {2025: small()}, **settings)
    (data / "2025" / "texts").mkdir()
    for name, source in texts.items():
        (data / "2025" / "texts" / name).write_text(source, encoding="utf-8")
    return data


def problems(data: Path) -> list:
    with pytest.raises(DataError) as err:
        checked_dataset(data, data.parent)
    return err.value.report.problems


def test_year_page_shows_the_texts_in_the_order_of_monitoring_yml(tmp_path):
    data = folder(
        tmp_path,
        {"conclusions.md": "## Главное\n\nРост по **всем** трекам.\n", "introduction.md": "Вводный абзац.\n"},
        year_texts=TEXTS,
    )
    ds = checked_dataset(data, data.parent)
    assert [t.id for t in ds.year(2025).texts] == ["introduction", "conclusions"]
    assert ds.year(2025).texts[1].plain() == "Главное\n\nРост по всем трекам."
    md = render_site(ds, compute(ds), with_files=False).pages[U.year(2025)]
    intro, concl = md.index("## Введение {: #text-introduction }"), md.index("## Выводы {: #text-conclusions }")
    assert intro < concl < md.index("### Главное") < md.index("Рост по <strong>всем</strong> трекам")


def test_listed_text_without_file_is_not_shown_and_unlisted_file_is_an_error(tmp_path):
    data = folder(tmp_path, {"conclusions.md": "Текст.\n", "itogi.md": "Текст.\n"}, year_texts=TEXTS)
    (p,) = problems(data)
    assert (p.code, p.file) == ("text-unknown-file", "data/2025/texts/itogi.md")
    assert "introduction.md, conclusions.md" in p.fix and "year_texts" in p.fix
    (data / "2025" / "texts" / "itogi.md").unlink()
    ds = checked_dataset(data, data.parent)
    md = render_site(ds, compute(ds), with_files=False).pages[U.year(2025)]
    assert "Выводы" in md and "Введение" not in md


def test_text_problem_in_a_folder_names_the_file_and_line(tmp_path):
    data = folder(tmp_path, {"conclusions.md": "Абзац.\n\nещё\n<iframe src=x></iframe>\n"}, year_texts=TEXTS)
    (p,) = problems(data)
    assert (p.code, p.file, p.row) == ("text-html", "data/2025/texts/conclusions.md", 4)


@pytest.mark.parametrize(
    "value, column, why",
    [
        ("Выводы", "year_texts", "должен быть списком"),
        ([{"id": "Выводы", "title": "Выводы"}], "year_texts[1].id", "id не идентификатор"),
        ([{"id": "a", "title": "А"}, {"id": "a", "title": "Б"}], "year_texts[2].id", "указан дважды"),
        ([{"id": "a"}], "year_texts[1]", "id и title"),
    ],
)
def test_bad_year_texts_name_monitoring_yml_and_the_key(value, column, why):
    _, found = parse_settings(yaml.safe_dump({"year_texts": value}, allow_unicode=True), "data/monitoring.yml")
    (p,) = found
    assert (p.file, p.column) == ("data/monitoring.yml", column)
    assert why in p.message or why in p.fix


# --- the calendar -------------------------------------------------------------------------

CALENDAR = [
    {"id": "collection", "stage": "Сбор данных", "from": "12-15", "to": "01-20", "responsible": "imc"},
    {"id": "analysis", "stage": "Анализ", "by": "02-01", "following_year": True, "responsible": "Управление"},
    {"id": "plans", "stage": "Планы мероприятий", "date": "03-01", "following_year": True, "since": 2025},
    {"id": "plans-old", "stage": "Планы (старый срок)", "by": "04-01", "following_year": True, "until": 2024},
]


def test_calendar_dates_of_a_monitoring_year():
    settings, found = parse_settings(
        yaml.safe_dump({"calendar": CALENDAR, "bodies": {"imc": "ИМЦ"}}, allow_unicode=True), "data/monitoring.yml"
    )
    assert found == []
    cal = settings.calendar
    assert cal[0].dates(2025) == (dt.date(2025, 12, 15), dt.date(2026, 1, 20))  # a period over the new year
    assert due_date(cal, "analysis", 2025) == dt.date(2026, 2, 1)
    assert due_date(cal, "plans", 2025) == dt.date(2026, 3, 1)
    assert due_date(cal, "plans", 2024) is None and due_date(cal, "plans-old", 2024) == dt.date(2025, 4, 1)
    assert [e.id for e in calendar_for(cal, 2024)] == ["collection", "analysis", "plans-old"]


@pytest.mark.parametrize(
    "entry, column, why",
    [
        ({"stage": "С", "by": "1 февраля"}, "calendar[1].by", "не в виде «ММ-ДД»"),
        ({"stage": "С", "by": "02-29"}, "calendar[1].by", "не в виде «ММ-ДД»"),
        ({"stage": "С", "by": "2026-02-01"}, "calendar[1].by", "не в виде «ММ-ДД»"),
        ({"stage": "С", "from": "01-01"}, "calendar[1].from", "один срок"),
        ({"stage": "С", "by": "02-01", "date": "02-01"}, "calendar[1].date", "один срок"),
        ({"by": "02-01"}, "calendar[1].stage", "нет названия"),
        ({"stage": "С", "by": "02-01", "when": "x"}, "calendar[1].when", "неизвестный ключ"),
        ({"stage": "С", "by": "02-01", "since": 2025, "until": 2024}, "calendar[1].since", "since позже until"),
        ({"stage": "С", "by": "02-01", "following_year": "да"}, "calendar[1].following_year", "true или false"),
    ],
)
def test_bad_calendar_entry_names_monitoring_yml_the_key_and_line(entry, column, why):
    text = yaml.safe_dump({"title": "Т", "calendar": [entry]}, allow_unicode=True, sort_keys=False)
    _, found = parse_settings(text, "data/monitoring.yml")
    (p,) = found
    assert (p.code, p.file, p.column) == ("calendar-bad", "data/monitoring.yml", column)
    assert why in p.message
    assert p.row is not None and p.row >= 3  # the line of the key in the file
    assert re.search("[а-я]{4}", p.fix)


def test_calendar_on_the_year_page_and_its_own_page(tmp_path):
    data = write_data(tmp_path, {2024: small(), 2025: small()}, calendar=CALENDAR, bodies={"imc": "ИМЦ округа"})
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=False)
    y25 = html.unescape(site.pages[U.year(2025)])
    assert "## Сроки мониторинга 2025 года" in y25
    assert (
        "**Сбор данных** — с 15\u00a0декабря 2025\u00a0г. по 20\u00a0января 2026\u00a0г.; ответственный: ИМЦ округа"
        in y25
    )
    assert "**Планы мероприятий** — 1\u00a0марта 2026\u00a0г." in y25 and "старый срок" not in y25
    y24 = html.unescape(site.pages[U.year(2024)])
    assert "**Планы (старый срок)** — до 1\u00a0апреля 2025\u00a0г." in y24 and "**Планы мероприятий**" not in y24
    cal = html.unescape(site.pages[U.CALENDAR])
    assert "<td>до 1\u00a0февраля следующего года</td><td>Управление</td>" in cal
    assert "Планы (старый срок) (по 2024 год)" in cal and "Планы мероприятий (с 2025 года)" in cal
    assert cal.index("## 2025 год") < cal.index("## 2024 год")
    nav = str(site.nav)
    assert "'Сроки мониторинга': 'calendar.md'" in nav and "'Источники данных': 'sources.md'" in nav


class _Page:  # what plugin.with_inserts reads of a MkDocs page
    def __init__(self, src_uri: str):
        self.file = type("F", (), {"src_uri": src_uri})()


def test_calendar_on_the_about_page(tmp_path):
    """The packaged about page holds a marker; the plugin puts the calendar's stages there, or nothing."""
    from generator import paths
    from generator.pipeline import SitePages
    from generator.plugin import with_inserts

    about = (paths.DOCS / "about.md").read_text(encoding="utf-8")
    assert "<!-- monitoring: calendar -->" in about

    def about_page(**settings) -> str:
        data = write_data(tmp_path / str(len(settings)), {2025: small()}, **settings)
        ds = checked_dataset(data, data.parent)
        rendered = render_site(ds, compute(ds), with_files=False)
        site = SitePages("", "", [], {}, 0, rendered.pages, {}, {}, dict, inserts=rendered.inserts)
        return html.unescape(with_inserts(about, _Page("about.md"), site))

    shown = about_page(calendar=CALENDAR, bodies={"imc": "ИМЦ округа"})
    assert "## Сроки мониторинга" in shown and "<!-- monitoring" not in shown
    assert "<td>до 1\u00a0февраля следующего года</td><td>Управление</td>" in shown
    assert '<a href="../calendar/">«Сроки мониторинга»</a>' in shown
    bare = about_page()
    assert "Сроки мониторинга" not in bare and "<!-- monitoring" not in bare


# --- descriptions, sources, exports -----------------------------------------------------------


def test_descriptions_sources_page_and_export_source_column(tmp_path):
    dirs = [dict(direction("d1"), description="Что оценивает направление: *объективность*.")]
    y24 = small(directions=dirs)
    y25 = small(directions=dirs)
    y25["indicators"][0]["source"] = "АИС «Сетевой город»"  # the source changed in 2025
    for y in (y24, y25):
        y["levels"][0]["description"] = "Опыт рекомендуется к распространению."
    data = write_data(tmp_path, {2024: y24, 2025: y25})
    ds = checked_dataset(data, data.parent)
    results = compute(ds)
    site = render_site(ds, results, with_files=False)
    direction_page = html.unescape(site.pages[U.direction("d1")])
    assert "Что оценивает направление: *объективность*." in direction_page  # plain text, escaped
    method = html.unescape(site.pages[U.METHODOLOGY])
    assert "- **Уровень high** (2024–2025): Опыт рекомендуется к распространению." in method
    cells = site.pages[U.SOURCES].replace("</td><td>", " | ")
    sources = [html.unescape(re.sub(r"<[^>]+>", "", row)).strip() for row in cells.split("<tr>")[1:]]
    assert sources == [
        "ПоказательИсточникЕдиницаГоды",
        "Показатель a | АИС «Сетевой город» | процент | 2025",  # an indicator's rows together, newest first
        "Показатель a | ФИС ОКО | процент | 2024",
        "Показатель b | — | да/нет | 2024–2025",
    ]
    files = results_package(ds, results)
    rows = list(csv.DictReader(io.StringIO(files["indicators.csv"].decode("utf-8").lstrip("\ufeff"))))
    assert [(r["year"], r["indicator_id"], r["unit_label"], r["source"]) for r in rows] == [
        ("2024", "a", "процент", "ФИС ОКО"),
        ("2024", "b", "да/нет", ""),
        ("2025", "a", "процент", "АИС «Сетевой город»"),
        ("2025", "b", "да/нет", ""),
    ]
    schema = next(r for r in json.loads(files["datapackage.json"])["resources"] if r["name"] == "indicators")
    assert {f["name"]: f["title"] for f in schema["schema"]["fields"]}["source"] == "Источник"


def test_source_column_neutralises_formulas(tmp_path):
    y = small()
    y["indicators"][0]["source"] = "=HYPERLINK(1)"
    data = write_data(tmp_path, {2025: y})
    ds = checked_dataset(data, data.parent)
    text = results_package(ds, compute(ds))["indicators.csv"].decode("utf-8")
    assert ",'=HYPERLINK(1)\n" in text


def test_folder_without_texts_calendar_or_descriptions_has_no_empty_section(tmp_path):
    data = write_data(tmp_path, {2025: small()})
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=False)
    year_page = site.pages[U.year(2025)]
    assert "Сроки мониторинга" not in year_page and "{: #text-" not in year_page
    assert U.CALENDAR not in site.pages and "Что означают уровни" not in site.pages[U.METHODOLOGY]
    assert "Сроки мониторинга" not in site.pages[U.METHODOLOGY]


def test_demo_site_shows_texts_calendar_and_sources():
    ds = checked_dataset(ROOT / "data", ROOT)
    site = render_site(ds, compute(ds), with_files=False)
    for y in (2022, 2023, 2024, 2025):
        md = site.pages[U.year(y)]
        assert [t.id for t in ds.year(y).texts] == ["introduction", "conclusions", "problems"]
        assert md.index("## Введение") < md.index("## Выводы") < md.index("## Выявленные проблемы")
        assert f"## Сроки мониторинга {y} года" in md
    assert "до 1\u00a0февраля 2026\u00a0г." in html.unescape(site.pages[U.year(2025)])
    assert "Источники данных" in site.pages[U.SOURCES]


# --- the examples: what their seeds say about texts, zones and the calendar -----------------------


def example_site(name: str):
    data = ROOT / "examples" / name / "data"
    ds = checked_dataset(data, data.parent)
    return ds, render_site(ds, compute(ds), with_files=False)


def test_example_texts_and_calendars_from_their_seeds():
    ds, site = example_site("000-nizhnyaya-tura")
    md = html.unescape(site.pages[U.year(2023)])
    assert "Свод показателей достиг 63%, что соответствует «среднему» уровню" in md.replace("\u00a0", " ")
    assert "Выявленные проблемы" in md and "Выявленные проблемы" not in site.pages[U.year(2022)]
    _, site = example_site("003-revda")
    md = html.unescape(site.pages[U.year(2021)])
    assert "**Проведение мониторинга по девяти направлениям** — до 1\u00a0февраля 2022\u00a0г." in md
    assert "<td>до 1\u00a0февраля следующего года</td>" in html.unescape(site.pages[U.CALENDAR])
    _, site = example_site("001-volodarsky")
    md = html.unescape(site.pages[U.year(2020)])
    when = "с 1\u00a0октября 2020\u00a0г. по 31\u00a0июля 2021\u00a0г."
    assert f"**Участие в апробации методики мониторинга** — {when}" in md
    assert "Сроки мониторинга" not in site.pages[U.year(2021)]  # the roadmap held for 2020 only
    ds, site = example_site("002-molchanovo")
    assert "Критерий 10. Оценка компетенций руководителей" in html.unescape(site.pages[U.year(2022)])
    assert "предпрофильной и профильной подготовки" in html.unescape(site.pages[U.direction("k5")])


def test_zone_meaning_on_methodology_and_organization_pages():
    ds, site = example_site("004-komsomolsk")
    method = html.unescape(site.pages[U.METHODOLOGY])
    assert "- **Жёлтая зона (допустимый уровень управления)** (2023): Допустимый уровень:" in method
    y = ds.year(2023)
    scores = compute(ds).scores
    total = scores[(scores["node_kind"] == "total") & (scores["level"] == "red")].iloc[0]
    org_page = html.unescape(site.pages[U.org(total["org_id"])])
    assert "Красная зона (критический уровень управления): Критический уровень: не соответствующий" in org_page
    assert len(y.levels) == 3
    year_page = html.unescape(site.pages[U.year(2023)])
    assert "## Основные проблемы {: #text-problems }" in year_page
    assert "### В системе общего и дополнительного образования" in year_page  # «###», the text's largest
    assert "находится в желтой зоне (48 баллов), занимает 29 – 40 позицию" in year_page


def test_texts_folder_files_that_cannot_be_texts(tmp_path):
    data = folder(tmp_path, {"conclusions.md": "Абзац.\n"}, year_texts=TEXTS)
    texts = data / "2025" / "texts"
    (texts / "introduction.md").write_bytes("Выводы\n\nв кодировке Windows\n".encode("cp1251"))
    (texts / "conclusions.docx").write_bytes(b"PK\x03\x04")
    (texts / ".gitkeep").write_text("")  # hidden files are not texts
    found = {(p.code, p.file, p.row) for p in problems(data)}
    assert found == {
        ("encoding", "data/2025/texts/introduction.md", 1),
        ("text-unknown-file", "data/2025/texts/conclusions.docx", None),
    }
    (texts / "introduction.md").write_text("x" * (101 * 1024), encoding="utf-8")
    (texts / "conclusions.docx").unlink()
    (p,) = problems(data)
    assert (p.code, p.file) == ("text-too-large", "data/2025/texts/introduction.md")


def test_texts_folder_linked_outside_the_data_is_not_read(tmp_path):
    data = write_data(tmp_path / "repo", {2025: small()}, year_texts=TEXTS)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "conclusions.md").write_text("Чужой текст.\n", encoding="utf-8")
    (data / "2025" / "texts").symlink_to(outside, target_is_directory=True)
    (p,) = problems(data)
    assert (p.code, p.file) == ("link-outside", "data/2025/texts")


def test_table_and_list_of_a_text_on_the_page():
    blocks, _ = parse_text("| Проблема | Кому |\n|---|---|\n| Цикл *не* замкнут | ОО \\| ДОО |\n\n- а\n- б\n", FILE)
    md = text_markdown(YearText("t", "Т", FILE, blocks), "years/2025.md")
    table, bullets = md.split("\n\n")
    assert table == (
        '<div class="table-wrap"><table><thead><tr><th scope="col">Проблема</th><th scope="col">Кому</th></tr>'
        "</thead><tbody><tr><td>Цикл <em>не</em> замкнут</td><td>ОО &#124; ДОО</td></tr></tbody></table></div>"
    )
    assert bullets == "- а\n- б"


def test_calendar_words_for_periods():
    march = CalendarEntry("Обсуждение", start=(3, 1), end=(3, 31), following_year=True)
    assert (when_yearly(march), when_in(march, 2025)) == (
        "с 1 по 31\u00a0марта следующего года",
        "с 1 по 31\u00a0марта 2026\u00a0г.",
    )
    winter = CalendarEntry("Сбор", start=(12, 15), end=(1, 20))
    assert when_yearly(winter) == "с 15\u00a0декабря по 20\u00a0января"
    assert when_in(winter, 2025) == "с 15\u00a0декабря 2025\u00a0г. по 20\u00a0января 2026\u00a0г."
    spring = CalendarEntry("Оценка", start=(4, 11), end=(5, 16))
    assert when_in(spring, 2022) == "с 11\u00a0апреля по 16\u00a0мая 2022\u00a0г."


def test_results_workbook_has_the_indicators_with_their_sources(tmp_path):
    y = small()
    y["indicators"][1]["source"] = "=1+1"
    data = write_data(tmp_path, {2025: y})
    ds = checked_dataset(data, data.parent)
    results = compute(ds)
    path = tmp_path / "results.xlsx"
    path.write_bytes(spreadsheet.workbook(ReadModel(ds, results), results))
    sheet = openpyxl.load_workbook(path)["Показатели"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["Год", "Направление", "Показатель", "Единица", "Источник"],
        [2025, "Направление d1", "Показатель a", "процент", "ФИС ОКО"],
        [2025, "Направление d1", "Показатель b", "да/нет", "'=1+1"],  # neutralised, as every text of the book
    ]
    catalog = html.unescape(render_site(ds, results, with_files=False).pages[U.CATALOG])
    assert '<a href="../sources/">«Источники данных»</a>' in catalog
