"""Finding and comparing, as a visitor does it (issue 13, items 3 and 4): the
organization filter with natural queries, sorting by a column, the comparison
page and its shared address, the key columns of the tables on a 375 px phone,
no table wider than its column at 1280 px."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import checks
import pytest

from generator.pipeline import run
from generator.render import markup, searchkeys

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ORGS = {r["id"]: r for r in csv.DictReader((ROOT / "data" / "2025" / "organizations.csv").open(encoding="utf-8"))}


@pytest.fixture(scope="module")
def page(browser, origin):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.watch = checks.Watch(origin).attach(page)
    yield page
    context.close()


def _type(page, selector: str, text: str) -> None:
    field = page.locator(selector)
    field.fill("")
    field.press_sequentially(text, delay=10)
    page.wait_for_timeout(50)


def _shown_orgs(page) -> set[str]:
    """Ids of the organizations whose rows are visible in the filtered tables."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('table.filterable tbody tr')]
                .filter(r => r.getClientRects().length)
                .map(r => r.querySelector('a').getAttribute('href').split('/').filter(Boolean).pop())"""
        )
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("школа 3", {"sch-03"}),
        ("сош 3", {"sch-03"}),
        ("школы № 3", {"sch-03"}),
        ("СОШ№3", {"sch-03"}),
        ("мбоу 3", {"sch-03"}),
        ("ромашке", {"ds-03"}),
        ("березка", {"ds-04"}),  # е typed for ё
        ("детский сад 3", {"ds-03"}),
        ("дс 3", {"ds-03"}),
        ("3", {"sch-03", "ds-03"}),  # a number, never a digit of a score or of «13»
        ("гимназия", {"gym-5"}),
    ],
)
def test_filter_understands_natural_queries(page, origin, query, expected):
    assert not checks.load(page, origin + "/organizations/", page.watch)
    _type(page, "#org-filter-input", query)
    assert _shown_orgs(page) == expected
    assert f"Найдено организаций: {len(expected)}" in page.locator(".org-filter__status").inner_text()
    assert not page.watch.take()


def test_filter_abbreviations_find_whole_kinds(page, origin):
    assert not checks.load(page, origin + "/organizations/", page.watch)
    preschool = {i for i, r in ORGS.items() if r["kind"] == "preschool"}
    for query in ("доу", "дс", "детсад"):
        _type(page, "#org-filter-input", query)
        assert _shown_orgs(page) == preschool, query
    _type(page, "#org-filter-input", "сош")
    assert _shown_orgs(page) == {i for i, r in ORGS.items() if r["short_name"].startswith("СОШ")}


def test_filter_agrees_with_the_search_keys(page, origin):
    """The browser's matching is the rule of generator/render/searchkeys.py."""
    assert not checks.load(page, origin + "/organizations/", page.watch)
    for query in ("школ", "средней школы", "лицее", "детского творчества", "дши", "колокольчика", "12"):
        _type(page, "#org-filter-input", query)
        expected = {
            i for i, r in ORGS.items() if searchkeys.matches(searchkeys.keys(r["name"], r["short_name"]), query)
        }
        assert expected, query
        assert _shown_orgs(page) == expected, query


def test_nothing_found_leaves_no_empty_table(page, origin):
    assert not checks.load(page, origin + "/organizations/", page.watch)
    _type(page, "#org-filter-input", "школа 99")
    assert _shown_orgs(page) == set()
    visible_heads = page.locator(".table-wrap thead:visible").count()
    assert visible_heads == 0
    assert page.locator(".filter-empty:visible").count() >= 1
    assert "Ничего не найдено" in page.locator(".org-filter__status").inner_text()
    _type(page, "#org-filter-input", "")
    assert len(_shown_orgs(page)) == len(ORGS)


def test_filter_by_kind_and_unit(page, origin):
    """With territorial units the place is chosen by unit: the district column gives no second choice."""
    assert not checks.load(page, origin + "/organizations/", page.watch)
    page.select_option("#org-filter-kind", "additional")
    assert _shown_orgs(page) == {i for i, r in ORGS.items() if r["kind"] == "additional"}
    # The headings of the other kinds go with their tables.
    assert page.locator("h2:visible", has_text="Дошкольные").count() == 0
    page.select_option("#org-filter-kind", "")
    assert page.locator("#org-filter-district").count() == 0
    page.select_option("#org-filter-territory", "zarechny")
    assert _shown_orgs(page) == {i for i, r in ORGS.items() if r["territory"] == "zarechny"}
    _type(page, "#org-filter-input", "школа")
    assert _shown_orgs(page) == {"sch-03", "sch-07", "dyussh-1"}


def test_filter_by_group_and_territory(page, origin):
    """A row is in several groups, and in its unit and every unit above it: a choice keeps it when one matches."""
    assert not checks.load(page, origin + "/organizations/", page.watch)
    assert page.get_by_label("Группа").count() == 1 and page.get_by_label("Территория").count() == 1
    page.select_option("#org-filter-group", "rural")
    assert _shown_orgs(page) == {i for i, r in ORGS.items() if "rural" in r["groups"].split(";")}
    page.select_option("#org-filter-group", "")
    page.select_option("#org-filter-territory", "tikhoozersky")  # the municipality holds every district
    assert _shown_orgs(page) == set(ORGS)
    page.select_option("#org-filter-territory", "severny")
    severny = {i for i, r in ORGS.items() if r["territory"] == "severny"}
    assert _shown_orgs(page) == severny and len(severny) > 1
    page.select_option("#org-filter-group", "shnor")
    assert _shown_orgs(page) == {i for i in severny if "shnor" in ORGS[i]["groups"].split(";")} == {"sch-08"}
    assert "Найдено организаций: 1" in page.locator(".org-filter__status").inner_text()


def test_year_rankings_filter_too(page, origin):
    assert not checks.load(page, origin + "/years/2025/", page.watch)
    _type(page, "#org-filter-input", "ромашке")
    assert _shown_orgs(page) == {"ds-03"}
    # The two other rankings are left without rows: no header of theirs stays.
    assert page.locator("table.ranking thead:visible").count() == 1


def _column(page, table: str, index: int) -> list[str]:
    return page.evaluate(
        "([t, i]) => [...document.querySelector(t).tBodies[0].rows].map(r => r.cells[i].textContent.trim())",
        [table, index],
    )


def _natural(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.lower().replace("ё", "е").replace("«", ""))]


def _number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace("−", "-").replace(",", ".").split("–")[0].split()[0])


def test_tables_sort_by_any_column(page, origin):
    assert not checks.load(page, origin + "/years/2025/", page.watch)
    table = "#ranking-general"
    head = page.locator(f"{table} thead th").nth(2)  # «Балл»
    assert head.inner_text().startswith("Балл")
    head.locator("button").click()
    assert head.get_attribute("aria-sort") == "ascending"
    scores = [_number(s) for s in _column(page, table, 2)]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    head.locator("button").press("Enter")  # the keyboard works too
    assert head.get_attribute("aria-sort") == "descending"
    scores = [_number(s) for s in _column(page, table, 2)]
    assert scores == sorted(scores, reverse=True)
    # Places «3–5» sort by number, not as text («10» after «9»).
    page.locator(f"{table} thead th").nth(0).locator("button").click()
    places = [_number(s) for s in _column(page, table, 0)]
    assert places == sorted(places) and max(places) >= 10
    # Names in Russian alphabetical order, numbers by value («№ 2» before «№ 10»); one column marked sorted.
    page.locator(f"{table} thead th").nth(1).locator("button").click()
    names = page.evaluate(f"[...document.querySelector('{table}').tBodies[0].rows].map(r => r.cells[1].innerText)")
    assert names == sorted(names, key=_natural) and names != _column(page, table, 1)[::-1]
    assert page.locator(f"{table} thead th[aria-sort]").count() == 1
    # Levels by their thresholds, not alphabetically: the best level first when descending.
    level_head = page.locator(f"{table} thead th").nth(3)
    level_head.locator("button").click()
    level_head.locator("button").click()
    levels = _column(page, table, 3)
    assert levels[0].startswith("Высокий") and levels[-1].startswith("Низкий")


def _compare_columns(page) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.compare-table thead th').length > 1 || true")
    return page.evaluate(
        """() => [...document.querySelectorAll('.compare-table thead th a')]
            .map(a => a.getAttribute('href').split('/').filter(Boolean).pop())"""
    )


def test_comparison_page_and_its_shared_address(browser, page, origin):
    assert not checks.load(page, origin + "/compare/", page.watch)
    page.select_option("#compare-kind", "general")
    for query, org in (("сош 3", "sch-03"), ("гимназия", "gym-5"), ("лицей", "lic-9"), ("школа 1", "sch-01")):
        _type(page, "#compare-query", query)
        page.locator(f".compare__add[data-id={org}]").click()
    page.wait_for_selector(".compare-table")
    assert _compare_columns(page) == ["sch-03", "gym-5", "lic-9", "sch-01"]
    # At four the field closes: no fifth organization.
    assert page.locator("#compare-query").is_disabled()
    text = page.locator(".compare-table").inner_text()
    assert "Баллы по направлениям" in text and "Итоговый балл по годам" in text
    _, results = run(ROOT / "data", ROOT)
    s = results.scores
    total = s[(s["year"] == 2025) & (s["org_id"] == "sch-03") & (s["node_kind"] == "total")]["score"].iloc[0]
    assert markup.score(total) in text  # sch-03's total of 2025, as its own page writes it
    for year in ("2022", "2023", "2024", "2025"):
        assert year in text
    # A level for every score of the total row.
    assert page.locator(".compare-table tbody tr").first.locator(".level").count() == 4
    # Removing one leaves three, and the address follows.
    page.locator(".compare__remove").nth(1).click()
    assert _compare_columns(page) == ["sch-03", "lic-9", "sch-01"]
    url = page.url
    assert url.endswith("/compare/?kind=general&orgs=sch-03,lic-9,sch-01")
    assert page.locator(".compare__link").get_attribute("href").endswith("?kind=general&orgs=sch-03,lic-9,sch-01")
    # The address, opened elsewhere, shows the same comparison.
    other = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, locale="ru-RU")
    try:
        fresh = other.new_page()
        watch = checks.Watch(origin).attach(fresh)
        assert not checks.load(fresh, url, watch)
        fresh.wait_for_selector(".compare-table")
        assert _compare_columns(fresh) == ["sch-03", "lic-9", "sch-01"]
        assert fresh.locator("#compare-kind").input_value() == "general"
        assert not watch.take()
    finally:
        other.close()
    assert not page.watch.take()


def test_organization_page_links_to_its_comparison(page, origin):
    assert not checks.load(page, origin + "/organizations/ds-03/", page.watch)
    page.locator(".org-summary__compare a").click()
    page.wait_for_selector(".compare-table")
    assert _compare_columns(page) == ["ds-03"]
    assert page.locator("#compare-kind").input_value() == "preschool"
    _type(page, "#compare-query", "ромашке")
    assert page.locator(".compare__add").count() == 0  # already picked
    assert "Ничего не найдено" in page.locator(".compare__status").inner_text()


KEY_COLUMNS = ("Место", "Организация", "Балл", "Итоговый балл", "Уровень", "Динамика", "Изменение")


@pytest.mark.parametrize("path", ["/", "/years/2025/", "/organizations/", "/organizations/sch-07/"])
def test_key_columns_fit_a_375px_screen(browser, origin, path):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, locale="ru-RU")
    try:
        phone = context.new_page()
        watch = checks.Watch(origin).attach(phone)
        assert not checks.load(phone, origin + path, watch)
        boxes = phone.evaluate(
            """(keys) => [...document.querySelectorAll('article table.filterable, article table.moves')]
                .filter(t => t.getClientRects().length)
                .flatMap(t => [...t.tHead.rows[0].cells].map((th, i) => [th, i])
                    .filter(([th]) => keys.includes(th.textContent.trim()))
                    .flatMap(([th, i]) => [th, ...[...t.tBodies[0].rows].map(r => r.cells[i])])
                    .map(c => [c.textContent.trim().slice(0, 30), Math.round(c.getBoundingClientRect().right)]))""",
            list(KEY_COLUMNS),
        )
        if path != "/organizations/sch-07/":
            assert len(boxes) > 20, path  # not vacuous: the tables are there
        outside = [b for b in boxes if b[1] > 375]
        assert not outside, outside[:5]
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        # Short names in the tables on a phone: «СОШ № 7», not the legal name.
        if path == "/organizations/":
            shown = phone.locator("table.org-list tbody tr a").first.inner_text()
            assert shown.replace("\u00a0", " ") == ORGS["sch-01"]["short_name"]  # a no-break space after «№»
        assert not watch.take()
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["/", "/years/2025/", "/years/2024/", "/organizations/", "/organizations/sch-07/", "/methodology/"]
)
def test_no_table_wider_than_its_column_at_1280(page, origin, path):
    assert not checks.load(page, origin + path, page.watch)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('article .table-wrap')]
            .filter(w => w.getClientRects().length && w.scrollWidth > w.clientWidth + 1)
            .map(w => (w.querySelector('th') || {}).textContent + ': ' + w.scrollWidth + ' > ' + w.clientWidth)"""
    )
    assert not wide, wide
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
