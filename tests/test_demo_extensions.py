"""Issue 11, «Done means»: the demo data uses recommendation kinds and
audiences, groups, a territory level, a points_share direction and a pooled
indicator, and its site shows each. Figures are read from the results the
pages are built from, never typed in."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import openpyxl
import pytest

from generator.compute import compute
from generator.pipeline import run
from generator.render import markup
from generator.render import urls as U
from generator.render.site import render_site

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


@pytest.fixture(scope="module")
def demo():
    """The dataset, its results and its site, the pages' entities read back
    (data strings are written escaped: «(» as «&#40;»)."""
    ds, results = run(ROOT / "data", ROOT)
    site = render_site(ds, results, with_files=True)
    site.pages = {path: html.unescape(md) for path, md in site.pages.items()}
    return ds, results, site


def words(md: str) -> str:
    """A page's Markdown as read: tags dropped, spaces joined."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", md))


def test_the_demo_uses_every_extension(demo):
    ds, results, _ = demo
    y = ds.years[-1]
    assert ds.settings.groups and ds.settings.bodies
    assert set(y.recommendations["audience"]) >= {"", "organization", "municipality", *ds.settings.bodies}
    assert (y.recommendations["direction_id"] == "total").any() and (y.recommendations["levels"].map(len) == 0).any()
    assert y.recommendations["kinds"].map(len).any()
    assert y.indicators["groups"].map(len).any() and (y.indicators["municipal"] == "pooled").any()
    assert (y.directions["aggregation"] == "points_share").any()
    assert set(y.territories["kind"]) == {"municipality", "district"} and (y.organizations["territory"] != "").all()
    assert all((yd.organizations["territory"] != "").all() for yd in ds.years)  # every year, not only the last
    assert len(results.groups) and len(results.territories)


def test_no_kindergarten_receives_school_only_advice(demo):
    ds, results, site = demo
    kinds = dict(zip(ds.latest.organizations["id"], ds.latest.organizations["kind"]))
    r = results.recommendations
    to_kindergartens = r[r["org_id"].map(kinds) == "preschool"]["text"]
    for school_only in ("Всероссийской олимпиаде", "школьного климата", "школьной управленческой команды"):
        assert not to_kindergartens.str.contains(school_only).any(), school_only
        assert r[r["org_id"].map(kinds) == "general"]["text"].str.contains(school_only).any(), school_only
    assert "олимпиаде" not in site.pages[U.org("ds-01")]


def test_year_page_shows_groups_territories_and_bodies(demo):
    ds, results, site = demo
    page = site.pages[U.year(YEAR)]
    g = results.groups
    shnor = g[(g["year"] == YEAR) & (g["group_id"] == "shnor") & (g["scope"] == "all") & (g["node_id"] == "total")]
    section = page.split("## Свод по группам организаций")[1].split("\n## ")[0]
    row = next(line for line in section.splitlines() if ds.settings.groups["shnor"] in line and "Итоговый балл" in line)
    assert markup.score(shnor["score"].iloc[0]) in row and '<td class="num">3</td>' in row  # sch-06, sch-08, oosh-12
    assert sum(ds.settings.groups["shnor"] in line for line in section.splitlines()) == 3  # total, 2 top directions
    t = results.territories
    t = t[(t["year"] == YEAR) & (t["scope"] == "all") & (t["node_id"] == "total") & (t["territory_kind"] == "district")]
    first = t.sort_values("rank_min").iloc[0]
    units = page.split("## Территории")[1].split("\n## ")[0]
    # The kinds as monitoring.yml `territory_kinds:` names them.
    assert "### Микрорайоны и сельские территории" in units and "### Муниципальный округ" in units
    first_row = units.split("### Микрорайоны и сельские территории")[1].split("<tbody>")[1].split("</tr>")[0]
    assert "Микрорайон Центральный" in first_row and markup.score(first["score"]) in first_row
    assert first["territory_id"] == "centralny"
    bodies = page.split("## Рекомендации органам и службам")[1]
    assert "### Муниципальная аттестационная комиссия" in bodies and "### Муниципальная методическая служба" in bodies
    assert "Подготовить аналитическую справку" in bodies  # the methodological service's row of any level
    municipal = page.split("## Рекомендации муниципалитету")[1].split("## Рекомендации органам")[0]
    assert "Включить в муниципальный план методической работы" in municipal  # audience: municipality
    assert "аналитическую справку" not in municipal and "аттестации руководителей" not in municipal


def test_a_page_per_territorial_unit_with_rank_and_dynamics(demo):
    ds, results, site = demo
    t = results.territories
    for unit_id in ds.latest.territories["id"]:
        page = site.pages[U.territory(unit_id)]
        row = t[
            (t["year"] == YEAR) & (t["territory_id"] == unit_id) & (t["scope"] == "all") & (t["node_id"] == "total")
        ]
        row = row.iloc[0]
        of = int(((t["year"] == YEAR) & (t["scope"] == "all") & (t["node_id"] == "total")
                  & (t["territory_kind"] == row["territory_kind"]) & t["score"].notna()).sum())  # fmt: skip
        history = page.split("## История по годам")[1].split("\n## ")[0]
        line = next(line for line in history.splitlines() if f">{YEAR}<" in line)
        assert markup.score(row["score"]) in line and markup.rank(row["rank_min"], row["rank_max"], of) in line
    assert site.descriptions[U.territory("severny")].startswith("Микрорайон Северный: результаты мониторинга")
    severny = site.pages[U.territory("severny")]
    assert "Входит в:" in severny and 'href="../tikhoozersky/"' in severny
    assert 'href="../../organizations/sch-08/"' in severny  # its organizations
    top = site.pages[U.territory("tikhoozersky")]
    assert "## Входящие территории" in top and 'href="../centralny/"' in top
    assert "## Свод 2025 года: дошкольные образовательные организации" in top  # every scope
    assert (
        site.pages[U.TERRITORIES].count('href="../territories/') == 0 and 'href="severny/"' in site.pages[U.TERRITORIES]
    )
    assert any("Территории" in item for section in site.nav for item in map(str, section.values()))


def test_organization_page_links_its_unit_and_names_its_groups(demo):
    _, _, site = demo
    page = site.pages[U.org("sch-08")]
    assert '<a href="../../territories/tikhoozersky/">Тихоозёрский муниципальный округ</a> › ' in page
    assert '<a href="../../territories/severny/">Микрорайон Северный</a>' in page
    assert "Группы организаций:</strong> Школы с низкими образовательными результатами (ШНОР)" in page
    assert "Группы организаций" not in site.pages[U.org("sch-01")]  # in no group: no such line


def test_lists_filter_by_group_and_territory(demo):
    _, _, site = demo
    for path in (U.ORGANIZATIONS, U.year(YEAR), U.direction("sys-vsoko"), U.indicator("dop-coverage")):
        page = site.pages[path]
        assert 'data-filter-attr="groups" data-filter-tokens' in page, path
        assert 'data-filter-attr="territories" data-filter-tokens' in page, path
        assert '<option value="severny">Микрорайон Северный</option>' in page, path
    orgs = site.pages[U.ORGANIZATIONS]
    assert '<option value="shnor">Школы с низкими образовательными результатами (ШНОР)</option>' in orgs
    # A row carries its groups and its unit with every unit above it.
    assert re.search(r'data-groups="shnor rural" data-territories="selskie tikhoozersky"', orgs)  # oosh-12


def test_indicator_and_direction_pages_tell_the_extensions(demo):
    _, _, site = demo
    assert (
        "Применяется только к: Школы с низкими образовательными результатами (ШНОР)"
        in site.pages[U.indicator("shnor-program")]
    )
    assert "Применяется только к" not in site.pages[U.indicator("olympiad")]
    assert "сумма числителей, делённая на сумму знаменателей" in site.pages[U.indicator("dop-coverage")]
    assert "доля набранных баллов" in site.pages[U.direction("sys-cycle")]
    assert "сумма числителей, делённая на сумму знаменателей" in site.pages[U.year(YEAR)]  # the year names rule 7b
    assert "взвешенное среднее" in site.pages[U.direction("sys-vsoko")]


def test_methodology_page_tells_rule_8b(demo):
    _, _, site = demo
    text = words(site.pages[U.METHODOLOGY])
    assert "**Адресаты рекомендаций.**" in text
    assert (
        "Орган или служба, названные в методике мониторинга" in text and "типы организаций его не ограничивают" in text
    )


def test_results_workbook_has_group_and_territory_sheets(demo):
    ds, results, site = demo
    wb = openpyxl.load_workbook(io.BytesIO(site.files["downloads/results/results.xlsx"]))
    cycle = ["Меры", "Эффект мер", "Охват мерами", "Цели", "Лучшие практики"]  # the demo has measures, goals, practices
    assert wb.sheetnames == ["Итоги", "Баллы", "Показатели", "Группы", "Территории", *cycle]
    assert wb["Группы"].max_row == len(results.groups) + 1 and wb["Территории"].max_row == len(results.territories) + 1
    header = [c.value for c in wb["Территории"][1]]
    first = dict(zip(header, next(wb["Территории"].iter_rows(min_row=2, values_only=True))))
    t = results.territories.iloc[0]
    assert (first["Территория"], first["Вид территории"], first["Входит в"]) == (
        "Тихоозёрский муниципальный округ",
        "Муниципальный округ",
        None,
    )
    assert first["Свод, балл"] == pytest.approx(round(t["score"], 2)) and first["Место (от)"] == 1


def test_data_without_territories_or_groups_has_no_such_pages(tmp_path):
    from factory import indicator, org, write_data, year

    from generator.pipeline import checked_dataset

    data = write_data(
        tmp_path, {2025: year([org("s1"), org("s2")], [indicator("a")], {"s1": {"a": 1}, "s2": {"a": 2}})}
    )
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=True)
    assert not [p for p in site.pages if p.startswith("territories/")]
    page = site.pages[U.year(2025)]
    assert "Свод по группам" not in page and "## Территории" not in page and "Рекомендации органам" not in page
    assert "сумма числителей" not in page
    assert 'data-filter-attr="groups"' not in site.pages[U.ORGANIZATIONS]
    assert "Территории" not in str(site.nav)
    wb = openpyxl.load_workbook(io.BytesIO(site.files["downloads/results/results.xlsx"]))
    assert wb.sheetnames == ["Итоги", "Баллы", "Показатели"]


def test_a_region_of_many_units_pages_its_rankings(tmp_path):
    from factory import indicator, org, territory, write_data, year

    from generator.pipeline import checked_dataset
    from generator.render.pages import paging, unitrows
    from generator.render.readmodel import ReadModel

    n = paging.PAGE_ROWS + 20  # settlements, one school each: more rows than a page holds
    units = [territory("krai", "region")] + [territory(f"u{i:03d}", "settlement", "krai") for i in range(n)]
    orgs = [{**org(f"s{i:03d}"), "territory": f"u{i:03d}"} for i in range(n)]
    y = year(orgs, [indicator("a")], {f"s{i:03d}": {"a": i % 97} for i in range(n)}, territories=units)
    ds = checked_dataset(write_data(tmp_path, {2025: y}), tmp_path)
    lk = ReadModel(ds, compute(ds))
    rankings, listings = unitrows.unit_rankings(lk, 2025, U.year(2025), ("years", 2025, "territories"))
    region, settlements = rankings
    assert len(region.rows) == 1 and not region.pages  # short: inline
    assert settlements.rows == () and [p.label for p in settlements.pages] == [
        f"1–{paging.PAGE_ROWS}",
        f"{paging.PAGE_ROWS + 1}–{n}",
    ]
    (first, first_page), (_, second_page) = listings
    assert first == "lists/years/2025/territories/settlement/1.md" and first_page.table == "units"
    assert len(first_page.rows) == paging.PAGE_ROWS and len(second_page.rows) == 20
    # The best value, 96, is given by i = 96, 193, 290, ...: they share the first place.
    best = sum(i % 97 == 96 for i in range(n))
    assert best >= 2 and (first_page.rows[0].rank, first_page.rows[0].name) == (f"1–{best}", "Территория u096")
    assert first_page.rows[0].href == U.href(first, U.territory("u096"))  # rebased onto the numbered page
    assert first_page.filter is None  # units are not filtered as organizations are
    from generator.render.site import environment, render_page

    md = render_page(environment(), first_page)
    assert '<table class="unit-ranking">' in md and md.count("<tr><td") == paging.PAGE_ROWS and "Входит в" in md
