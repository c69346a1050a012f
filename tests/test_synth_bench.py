"""The benchmark path at tiny scale: synthetic data is valid and deterministic,
a site builds from it, the speed-ups change nothing in the output, and
`python -m tools.bench` runs end to end. Timings are never asserted."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from generator import parallel
from generator.build import build_site
from generator.compute import compute
from generator.pipeline import checked_dataset, prune_nav
from generator.progress import Quiet, Stages
from generator.render import fragments, spreadsheet
from generator.render import urls as U
from generator.render.pages import paging
from generator.render.readmodel import ReadModel
from generator.render.site import render_site
from tools.synth import synthesize, write_synthetic

ROOT = Path(__file__).resolve().parent.parent
TINY = dict(orgs=12, years=3, indicators=8)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("tiny") / "data"
    write_synthetic(data, **TINY, seed=7)
    return data


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- synth ------------------------------------------------------------------------------


def test_synth_is_deterministic_for_a_seed():
    a, b, c = synthesize(**TINY, seed=3), synthesize(**TINY, seed=3), synthesize(**TINY, seed=4)
    assert a == b
    assert a != c


def test_synth_data_is_valid_and_shaped_like_real_data(tiny):
    ds = checked_dataset(tiny, tiny.parent)  # raises with every problem if invalid
    assert [y.year for y in ds.years] == [2023, 2024, 2025]
    latest = ds.latest
    assert len(latest.organizations) == TINY["orgs"]
    assert set(latest.organizations["kind"]) == {"general", "preschool", "additional"}
    assert latest.organizations["name"].str.startswith("Синтетическ").all()
    assert ds.settings.demo
    inds = latest.indicators
    assert set(inds["unit"]) == {"percent", "count", "boolean", "points", "number"}
    assert set(inds["method"]) == {"boolean", "points", "ratio_to_best", "target"}
    assert set(inds["polarity"]) == {"higher_is_better", "lower_is_better"}
    assert inds.loc[inds["method"] == "points", "max_points"].notna().all()
    for method in ("ratio_to_best", "target"):
        assert set(inds.loc[inds["method"] == method, "polarity"]) == {"higher_is_better", "lower_is_better"}
    assert (inds["kinds"].map(len) > 0).any()  # some indicators only for some kinds
    dirs = latest.directions
    assert (dirs["parent_id"] == "").sum() == 2 and (dirs["parent_id"] != "").sum() >= 2
    # An indicator added in a later year; organizations opening and closing.
    first, last = set(ds.years[0].indicators["id"]), set(latest.indicators["id"])
    assert last - first
    orgs = [set(y.organizations["id"]) for y in ds.years]
    assert orgs[0] - orgs[-1] and orgs[-1] - orgs[0]
    # Not reported values, and thresholds that change between years.
    assert sum(y.values["value"].isna().sum() for y in ds.years) > 0
    assert len({tuple(y.levels["min_score"]) for y in ds.years}) > 1


def test_synth_refuses_to_replace_a_real_data_folder(tmp_path):
    real = tmp_path / "data"
    real.mkdir()
    (real / "monitoring.yml").write_text("title: Настоящие данные\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_synthetic(real, **TINY)
    assert (real / "monitoring.yml").read_text(encoding="utf-8") == "title: Настоящие данные\n"


# -- build ------------------------------------------------------------------------------


def test_site_builds_from_synthetic_data(tiny, tmp_path):
    site = tmp_path / "site"
    stages = Stages(live=False, stream=io.StringIO())
    build_site(tiny, site, ROOT, stages)
    ds = checked_dataset(tiny, tiny.parent)
    assert (site / "index.html").is_file()
    for y in ds.years:
        assert (site / "years" / str(y.year) / "index.html").is_file()
        for org_id in y.organizations["id"]:
            assert (site / "organizations" / org_id / "index.html").is_file()
        for ind in y.indicators["id"]:
            assert (site / "indicators" / ind / "index.html").is_file()
    for name in ("scores.csv", "municipal.csv", "recommendations.csv", "datapackage.json", "results.xlsx"):
        assert (site / "downloads" / "results" / name).stat().st_size > 0
    assert (site / "downloads" / "data" / "2025" / "values.csv").is_file()
    # Every stage was timed; the search index finds organizations by their names.
    assert [r.name for r in stages.records] == ["validate", "compute", "render", "write", "site", "downloads", "swap"]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"].replace("\u00a0", " ") for d in index["docs"]}  # «№ 3» is written with a no-break space
    assert set(ds.latest.organizations["name"]) <= titles
    # The chart library is one file, requested by charts.js (deferred), never by a page's own markup.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "vendor" / "vega-bundle.min.js").is_file()
    assert "vega-bundle.min.js" not in home and "vega-lite.min.js" not in home
    assert '<script src="assets/javascripts/charts.js" defer>' in home


def test_lifted_blocks_and_paging_leave_pages_unchanged(tiny, tmp_path, monkeypatch):
    """Tables and charts kept out of MkDocs' Markdown pass come back byte for
    byte; with tiny page limits the long lists go to numbered pages."""
    monkeypatch.setattr(paging, "PAGE_ROWS", 4)
    monkeypatch.setattr(paging, "INLINE_ROWS", 2)
    built = {}
    for lift in (True, False):
        build_site(tiny, tmp_path / f"lift-{lift}", ROOT, Quiet(), lift_blocks=lift)
        built[lift] = _digest(tmp_path / f"lift-{lift}")
    assert built[True].keys() == built[False].keys()
    differ = [p for p in built[True] if built[True][p] != built[False][p]]
    assert differ == ["search/search_index.json"]  # chart captions are no longer indexed
    lists = [p for p in built[True] if p.startswith("lists/") and p.endswith(".html")]
    assert lists
    year = (tmp_path / "lift-True" / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    assert 'class="pager"' in year


def test_fragments_round_trip():
    md = (
        '# T\n\n<div class="table-wrap" '
        "data-search-exclude><table>\n<tr><td>1</td></tr>\n</table></div>\n\ntext\n\n<figure "
        'class="chart">\n<div></div>\n</figure>\n'
    )
    lifted, blocks = fragments.split(md)
    assert len(blocks) == 2 and "<table>" not in lifted and "text" in lifted
    assert fragments.join(lifted, blocks) == md


def test_parallel_render_is_the_sequential_render(tiny, monkeypatch, forking):
    ds = checked_dataset(tiny, tiny.parent)
    results = compute(ds)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    one = render_site(ds, results, with_files=False).pages
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    two = render_site(ds, results, with_files=False).pages
    assert one == two and list(one) == list(two)


def test_fork_map_keeps_order_and_reports_errors(monkeypatch, forking):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    out = parallel.fork_map(lambda x: (x * x, os.getpid()), list(range(200)), processes=2)
    assert [v for v, _ in out] == [x * x for x in range(200)]
    assert len({pid for _, pid in out}) == 2
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        parallel.fork_map(lambda x: 1 / (x - 101), list(range(200)), processes=2)


def test_workbook_holds_every_score(tiny):
    openpyxl = pytest.importorskip("openpyxl")
    ds = checked_dataset(tiny, tiny.parent)
    results = compute(ds)
    lk = ReadModel(ds, results)
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.workbook(lk, results)))
    assert book.sheetnames == ["Итоги", "Баллы", "Показатели"]
    rows = list(book["Баллы"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Год", "Идентификатор организации", "Организация")
    assert len(rows) == len(results.scores) + 1
    first = results.scores.iloc[0]
    assert rows[1][0] == first["year"] and rows[1][1] == first["org_id"] and rows[1][2] == lk.name(first["org_id"])
    totals = list(book["Итоги"].iter_rows(values_only=True))
    assert len(totals) == (results.scores["node_kind"] == "total").sum() + 1
    assert spreadsheet.workbook(lk, results) == spreadsheet.workbook(lk, results)  # deterministic bytes


def test_workbook_opens_ready_to_read(tiny):
    # Issue 13: the heading stays on screen, every column filters, widths fit the content; scores show hundredths.
    openpyxl = pytest.importorskip("openpyxl")
    ds = checked_dataset(tiny, tiny.parent)
    results = compute(ds)
    lk = ReadModel(ds, results)
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.workbook(lk, results)))
    for sheet, last in (("Итоги", "I"), ("Баллы", "M")):
        ws = book[sheet]
        assert ws.freeze_panes == "A2", sheet
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", sheet
        assert ws.max_row > 1 and all(c.font.b for c in ws[1]), sheet
        widths = {k: d.width for k, d in ws.column_dimensions.items()}
        assert sorted(widths) == [chr(c) for c in range(ord("A"), ord(last) + 1)], sheet
        names = [c.value for c in ws[1]].index("Организация")
        longest = max(len(str(r[names])) for r in ws.iter_rows(min_row=2, values_only=True))
        assert widths[chr(ord("A") + names)] == min(60, longest + 2), sheet
        assert widths["A"] == 10  # «Год» and 4 digits: the narrowest width
        score = [c.value for c in ws[1]].index("Итоговый балл" if sheet == "Итоги" else "Балл")
        assert ws.cell(row=2, column=score + 1).number_format == "0.00", sheet
    # Excel keeps a sheet's filter range under a hidden name; without it, Excel repairs the file.
    with zipfile.ZipFile(io.BytesIO(spreadsheet.workbook(lk, results))) as z:
        names = z.read("xl/workbook.xml").decode("utf-8")
    assert names.count('<definedName name="_xlnm._FilterDatabase"') == len(book.sheetnames)


def test_nav_leaves_out_absent_pages():
    nav = [
        {"Главная": "index.md"},
        {"О проекте": [{"О проекте": "about.md"}, {"Производительность": U.BENCHMARKS}]},
        {"Пусто": [{"x": "x.md"}]},
    ]
    assert prune_nav(nav, lambda p: p in {"index.md", "about.md"}) == [
        {"Главная": "index.md"},
        {"О проекте": [{"О проекте": "about.md"}]},
    ]


def test_rebased_links_point_at_the_same_page():
    for parent, listing, target in [
        ("years/2025.md", "lists/2025-general-1.md", "organizations/a.md"),
        ("organizations/index.md", "lists/organizations-general-1.md", "organizations/a.md"),
    ]:
        assert U.rebase(U.href(parent, target), parent, listing) == U.href(listing, target)


# -- bench ------------------------------------------------------------------------------


def test_bench_runs_at_tiny_scale(tmp_path):
    from argparse import Namespace

    from tools import bench

    out = tmp_path / "benchmarks.md"
    assert bench.main(Namespace(scales="tiny", out=str(out), workdir=str(tmp_path / "work"))) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Производительность")
    for part in (
        "Машина:",
        "Проверка данных",
        "Сборка сайта MkDocs",
        "«Голая» сборка MkDocs",
        "Отношение",
        "Поисковый индекс",
        "Цели",
    ):
        assert part in text, part


def test_bench_anchor_is_bare_material_of_as_many_pages_out_of_nav(tmp_path):
    """The anchor of `make bench` as the issue defines it: as many pages, each a
    60-row Markdown table and one chart spec block, out of the nav, default search."""
    import yaml

    from tools import bench

    config = yaml.safe_load(bench.bare_site(tmp_path, 4).read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["plugins"] == ["search"]
    assert config["nav"] == [{"Главная": "index.md"}]
    pages = sorted((tmp_path / "docs").glob("*.md"))
    assert [p.name for p in pages] == ["index.md", "page-00001.md", "page-00002.md", "page-00003.md"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rows = [line for line in text.splitlines() if line.startswith("| Синтетическая организация")]
        assert len(rows) == 60
        assert text.count("```vega-lite\n") == 1
        spec = json.loads(text.split("```vega-lite\n", 1)[1].split("\n```", 1)[0])
        assert len(spec["data"]["values"]) == 60


def test_render_stage_gives_new_lifted_pages_that_join_back(tiny):
    """pipeline.render is a pure step: the lifted pages and their blocks are new
    objects; joined, they are the pages as rendered without lifting."""
    from generator import pipeline

    ds = checked_dataset(tiny, tiny.parent)
    results = compute(ds)
    sources = pipeline.load_sources(ds, tiny, hand_written=set())
    lifted = pipeline.render(ds, results, sources, lift_blocks=True)
    whole = pipeline.render(ds, results, sources, lift_blocks=False)
    assert lifted.pages.keys() == whole.pages.keys() and lifted.sizes == whole.sizes
    assert any(lifted.blocks.values()) and not whole.blocks
    for path, md in whole.pages.items():
        assert fragments.join(lifted.pages[path], lifted.blocks[path]) == md
        assert whole.sizes[path] == len(md.encode("utf-8"))


def test_hand_written_page_at_a_generated_path_is_refused_with_its_name(tiny):
    from generator import pipeline
    from generator.problems import DataError

    ds = checked_dataset(tiny, tiny.parent)
    sources = pipeline.load_sources(ds, tiny, hand_written={"about.md", U.METHODOLOGY})
    with pytest.raises(DataError) as err:
        pipeline.render(ds, compute(ds), sources)
    text = err.value.report.text()
    assert f"docs/{U.METHODOLOGY}" in text and "создаётся генератором" in text


def test_search_skipped_table_right_before_a_heading_is_lifted():
    """The ranking tables of direction and indicator pages end right before the
    next heading; they are kept out of MkDocs' Markdown pass too. A chart there
    stays in: search reads its caption."""
    table = '<div class="table-wrap" data-search-exclude><table>\n<tr><td>1</td></tr>\n</table></div>'
    chart = '<figure class="chart">\n<figcaption>Баллы</figcaption>\n</figure>'
    md = f"# T\n\n{table}\n### Дошкольные\n\n{chart}\n## Дальше\n"
    lifted, blocks = fragments.split(md)
    assert blocks == [table]
    assert lifted.startswith('# T\n\n<div data-fragment="0"></div>\n### Дошкольные\n') and chart in lifted
    assert fragments.join(lifted, blocks) == md
