"""What a visitor does: search in Russian through the theme's search field,
filter the organization list, print an organization page to A4."""

from __future__ import annotations

import checks
import pytest

pytestmark = pytest.mark.browser

ORG = "/organizations/ds-01/"
ORG_NAME = "МАДОУ детский сад № 1 «Солнышко»"
INDICATOR = "/indicators/olympiad/"


@pytest.fixture(scope="module")
def page(browser, origin):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.watch = checks.Watch(origin).attach(page)
    yield page
    context.close()


@pytest.mark.parametrize(
    ("query", "title", "path"),
    [
        ("солнышко", ORG_NAME, ORG),  # part of an organization's name, lower case
        ("олимпиадах", "олимпиады", INDICATOR),  # an inflected word; the name has «олимпиады»
        ("тихоозерский", "Мониторинг", "/"),  # е typed for ё (Тихоозёрский)
    ],
)
def test_search_finds_in_russian(page, origin, query, title, path):
    assert not checks.load(page, origin + "/years/2025/", page.watch)
    problems = checks.check_search(page, query, title, path)
    assert not problems, "\n".join(problems)
    assert not page.watch.take()


def test_search_works_on_a_phone(browser, origin):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    watch = checks.Watch(origin).attach(phone)
    try:
        assert not checks.load(phone, origin + "/", watch)
        problems = checks.check_search(phone, "солнышко", ORG_NAME, ORG)
        assert not problems, "\n".join(problems)
        assert not watch.take()
    finally:
        context.close()


def test_indicator_name_is_not_the_query_form(page, origin):
    """The olympiad search above is about word forms: the page says «олимпиады»."""
    checks.load(page, origin + INDICATOR, page.watch)
    h1 = page.locator("h1").inner_text()
    assert "олимпиады" in h1 and "олимпиадах" not in h1


def test_organization_filter_hides_rows(page, origin):
    assert not checks.load(page, origin + "/organizations/", page.watch)
    total = page.locator("table.filterable tbody tr").count()
    problems = checks.check_filter(page, "солн")
    assert not problems, "\n".join(problems)
    visible = page.locator("table.filterable tbody tr:visible").count()
    assert 1 <= visible < total
    assert page.locator("table.filterable tbody tr:visible", has_text="Солнышко").count() == 1
    assert "Найдено организаций: " in page.locator(".org-filter__status").inner_text()


def test_organization_page_prints_on_a4(page, origin, artifacts):
    assert not checks.load(page, origin + ORG, page.watch)
    problems = checks.check_print(page)
    assert not problems, "\n".join(problems)
    page.emulate_media(media="print")
    (artifacts / "organization-ds-01.pdf").write_bytes(page.pdf(format="A4", print_background=True))
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
