"""The catalogue of problem codes (generator/problems/) is complete and used:
every problem the generator makes comes from a code of the catalogue, every
code a test asserts exists, every code is used, every code is documented with
an example that formats, and the staff page «Справочник ошибок проверки»
lists them all (issue 10, item 5)."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import markdown
import pytest
from factory import indicator, org, write_data, year

from generator.compute import compute
from generator.pipeline import checked_dataset
from generator.problems import (
    MAX_PER_CHECK,
    Problem,
    cycle,
    extensions,
    files,
    monitoring,
    packages,
    rules,
    tables,
    texts,
    workbook,
)
from generator.problems.catalogue import GROUPS, SAME_FIX, Code, Example, all_codes, define, fields
from generator.render import urls as U
from generator.render.site import render_site
from generator.russian import no_break

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
GROUP_MODULES = {
    "files": files,
    "packages": packages,
    "monitoring": monitoring,
    "tables": tables,
    "rules": rules,
    "workbook": workbook,
    "extensions": extensions,
    "texts": texts,
    "cycle": cycle,
}
# Constants of the group modules that are not codes.
HELPERS = {("tables", "SAVE_AS"), ("tables", "LINE_FIX"), ("files", "YEAR_FOLDER_CODES")}
# Codes defined but deliberately not made anywhere yet: {slug: why}.
RESERVED: dict[str, str] = {}


def sources(folder: Path, skip: Path | None = None) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if skip is None or skip not in p.parents)


def code_references(path: Path) -> set[tuple[str, str]]:
    """(group module, NAME) of every `codes.NAME` a file writes, through the
    names it imports the group modules under."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    refs: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "generator.problems":
            aliases.update({a.asname or a.name: a.name for a in node.names if a.name in GROUP_MODULES})
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator.problems."):
            group = node.module.rsplit(".", 1)[1]
            refs.update((group, a.name) for a in node.names if group in GROUP_MODULES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            refs.add((aliases[node.value.id], node.attr))
    return refs


def generator_references() -> set[tuple[str, str]]:
    return set().union(*(code_references(p) for p in sources(GENERATOR, GENERATOR / "problems")))


def test_no_problem_is_made_outside_the_catalogue():
    made = []
    for path in sources(GENERATOR, GENERATOR / "problems"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name == "Problem":
                    made.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert made == [], "make problems through the catalogue (codes.X.at / codes.X.rows): " + ", ".join(made)


def test_every_code_the_generator_names_is_in_the_catalogue():
    refs = generator_references()
    assert refs, "no code references found: the scan is broken"
    missing = [
        f"{g}.{n}"
        for g, n in sorted(refs)
        if (g, n) not in HELPERS and not isinstance(getattr(GROUP_MODULES[g], n, None), Code)
    ]
    assert missing == []


def test_every_catalogue_code_is_made_somewhere():
    used = {getattr(GROUP_MODULES[g], n).slug for g, n in generator_references() if (g, n) not in HELPERS}
    unused = sorted(set(all_codes()) - used - set(RESERVED))
    assert unused == [], "use these codes, delete them, or list them in RESERVED with the reason"
    assert not set(RESERVED) & used, "a reserved code is used: take it off RESERVED"


def asserted_codes(path: Path) -> set[str]:
    """The code slugs a test file asserts: the code argument of the helpers
    only()/find()/of_code() and strings compared with `.code`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        # only/find(report, file, row, column, code) in test_validation; of_code(report, code).
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id, len(node.args)) in (("only", 5), ("find", 5), ("of_code", 2))
        ):
            last = node.args[-1]
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                found.add(last.value)
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "code":
            for c in node.comparators:
                values = c.elts if isinstance(c, (ast.Set, ast.List, ast.Tuple)) else [c]
                found.update(v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return found


def test_every_code_the_tests_assert_is_in_the_catalogue():
    asserted = set().union(*(asserted_codes(p) for p in sorted((ROOT / "tests").glob("test_*.py"))))
    assert {"not-a-number", "duplicate-key", "unknown-column"} <= asserted, "the scan of the tests is broken"
    assert sorted(asserted - set(all_codes())) == []


@pytest.mark.parametrize("code", list(all_codes().values()), ids=lambda c: c.slug)
def test_every_code_has_title_meaning_message_fix_and_an_example_that_formats(code):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.slug)
    assert code.group in GROUPS
    placeholders = fields(code.message) | fields(code.fix)
    assert set(code.example.params) == placeholders, f"{code.slug}: example fills {set(code.example.params)}"
    p = code.example_problem()  # raises on a placeholder the example does not fill
    assert p.code == code.slug and p.file == code.example.file
    # A template may be all placeholder ({advice}: the hint says it all); the filled example may not.
    for text in (code.title, code.meaning, p.message, p.fix):
        assert re.search("[а-яё]{3}", text, re.I), f"{code.slug}: empty or not Russian: {text!r}"


def test_each_group_module_defines_codes_of_its_own_group_only():
    for group, module in GROUP_MODULES.items():
        codes = [v for v in vars(module).values() if isinstance(v, Code)]
        assert codes and {c.group for c in codes} == {group}


def test_one_slug_names_one_rule_only():
    with pytest.raises(ValueError, match="defined twice"):
        define("not-a-number", "tables", "x", "x", "x.", "x.", Example("x"))


def test_misspelled_placeholder_is_refused_not_dropped():
    with pytest.raises(TypeError, match="no placeholder"):
        tables.MISSING_COLUMN.at("data/2025/values.csv", row=1, column="value", name="value", nmae="value")
    with pytest.raises(KeyError):
        tables.MISSING_COLUMN.at("data/2025/values.csv", row=1, column="value")


def test_rows_beyond_the_cap_keep_the_code_and_count_the_rest():
    import pandas as pd

    out: list[Problem] = []
    rows = pd.Series([f"x{i}" for i in range(MAX_PER_CHECK + 5)], index=range(2, MAX_PER_CHECK + 7))
    tables.NOT_IN_LIST.rows(
        out, "data/2025/indicators.csv", "unit", rows, maybe=lambda r, v: f"не {v}. ", allowed="a, b"
    )
    assert [p.code for p in out] == ["not-in-list"] * (MAX_PER_CHECK + 1)
    assert out[0].fix == "не x0. Допустимые значения: a, b." and out[0].row == 2 and out[0].value == "x0"
    rest = out[-1]
    assert rest.message == "та же ошибка ещё в 5 строках, начиная с этой." and rest.row == MAX_PER_CHECK + 2
    assert rest.fix == SAME_FIX  # the fix depends on the value: no one value's fix for all
    out = []
    rules.UNKNOWN_PARENT.rows(out, "data/2025/directions.csv", "parent_id", rows, maybe="")
    assert out[-1].fix == rules.UNKNOWN_PARENT.fix


# -- the staff page --------------------------------------------------------------------


@pytest.fixture(scope="module")
def errors_page(tmp_path_factory) -> tuple[str, list]:
    data = write_data(
        tmp_path_factory.mktemp("errors"),
        {2025: year([org("s1"), org("s2")], [indicator("i1")], {"s1": {"i1": 50}, "s2": {"i1": 70}})},
    )
    ds = checked_dataset(data, data.parent)
    site = render_site(ds, compute(ds), with_files=False)
    body = site.pages[U.ERRORS].split("---", 2)[2]
    return markdown.markdown(body, extensions=["attr_list", "tables"]), site.nav


def test_errors_page_lists_every_code_under_its_group(errors_page):
    page, _ = errors_page
    ids = re.findall(r'<h3 id="([^"]+)"', page)
    assert ids == list(all_codes()), "every code once, group by group"
    groups = [html.unescape(g) for g in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]
    assert groups == list(GROUPS.values())
    assert f"все {len(all_codes())} кодов" in page


def test_errors_page_table_of_contents_lists_the_groups_not_every_code(tmp_path):
    # ~250 codes in the table of contents (twice per page: beside it and in the phone's menu)
    # made the page twice its text; the codes keep their anchors, the contents list the groups.
    data = write_data(tmp_path, {2025: year([org("s1")], [indicator("i1")], {"s1": {"i1": 50}})})
    ds = checked_dataset(data, data.parent)
    body = render_site(ds, compute(ds), with_files=False).pages[U.ERRORS].split("---", 2)[2]
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    page = md.convert(body)
    (title,) = md.toc_tokens
    assert [html.unescape(t["name"]) for t in title["children"]] == list(GROUPS.values())
    assert all(not t["children"] for t in title["children"])
    code = next(iter(all_codes()))
    assert f'<h3 id="{code}">' in page and f'href="#{code}"' in page


def test_errors_page_shows_each_example_with_file_row_and_column(errors_page):
    page, _ = errors_page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert (
        "data/2025/values.csv, строка 7, столбец «value»: значение — не число: десятичная запятая вместо точки. "
        "Значение: «55,8»."
    ) in text
    assert "Что сделать: запишите 55.8." in text
    for code in all_codes().values():
        p = code.example_problem()
        # The page sets the site's typography (no-break spaces after «№» and before «%»).
        assert no_break(f"{p.location()}: {p.message}") in text, code.slug
        assert no_break(f"Что сделать: {p.fix}") in text, code.slug


def test_errors_page_is_in_the_nav_beside_the_data_page(errors_page):
    _, nav = errors_page
    assert {"Данные": [{"Данные и выгрузки": U.DATA}, {"Справочник ошибок проверки": U.ERRORS}]} in nav
