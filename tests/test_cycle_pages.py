"""The management cycle's pages (issue 12, rules 9-13) on the demo site, built
for real with MkDocs into a temporary folder: the cycle page of every year,
the measures, goals and best practice pages, the measures on organization and
direction pages, the navigation. «Done means»: every figure of each year's
cycle page is recomputed here from the exported CSV files (measures.csv,
effects.csv, goals.csv, scores.csv, recommendations.csv) by the rules'
definitions, without the compute code. And a data folder without measures,
goals or practices has none of these pages, entries or sections."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CYCLE_FILES = ("measures", "practices")


def build(data: Path, site: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(DATA, tmp_path_factory.mktemp("cycle") / "site")


def years() -> list[int]:
    return sorted(int(p.name) for p in DATA.iterdir() if p.name.isdigit() and (p / "datapackage.json").is_file())


def table(site: Path, name: str) -> list[dict]:
    with open(site / "downloads" / "results" / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def text_of(path: Path) -> str:
    page = re.sub(r"<script.*?</script>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def figures(path: Path) -> dict[str, str]:
    """The key figures of a page: data-figure key -> text."""
    raw = path.read_text(encoding="utf-8")
    found = re.findall(r'<strong data-figure="([a-z0-9_-]+)">(.*?)</strong>', raw)
    return {k: html.unescape(re.sub(r"<[^>]+>", "", v)) for k, v in found}


def number(text: str) -> float:
    """«+1 234,50 балла», «−0,25», «3,41 %» -> the number."""
    t = text.replace("\u00a0", " ").replace("−", "-").replace("балла", "").replace("%", "").strip()
    return float(t.replace(" ", "").replace(",", ".").lstrip("+"))


def score(x: str) -> float | None:
    return float(x) if x != "" else None


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


# -- The rules, from the exports ----------------------------------------------------------------


class Exported:
    """The exported tables, and the rules' figures recomputed from them."""

    def __init__(self, site: Path):
        self.scores = table(site, "scores.csv")
        self.recs = table(site, "recommendations.csv")
        self.measures = table(site, "measures.csv")
        self.effects = [r for r in table(site, "effects.csv") if r["row_kind"] == "measure"]
        self.goals = table(site, "goals.csv") if (site / "downloads/results/goals.csv").is_file() else []
        self.site = site
        self.years = sorted({int(r["year"]) for r in self.scores})
        # (year, org, node) -> score rounded to 2 decimals as exported; directions and totals only
        self.score = {
            (int(r["year"]), r["org_id"], r["node_id"]): float(r["score"])
            for r in self.scores
            if r["node_kind"] in ("direction", "total") and r["score"] != ""
        }
        self.kind = {(int(r["year"]), r["org_id"]): r["kind"] for r in self.scores}

    def of_year(self, rows: list[dict], y: int) -> list[dict]:
        return [r for r in rows if int(r["year"]) == y]

    def pairs(self, y: int) -> set[tuple[str, str]]:
        """(organization, node) with a recommendation to the organization (rule 11)."""
        return {(r["org_id"], r["direction_id"]) for r in self.of_year(self.recs, y) if r["org_id"]}

    def covered(self, y: int) -> set[tuple[str, str]]:
        live = [m for m in self.of_year(self.measures, y) if m["status"] != "cancelled" and m["org_id"]]
        return {
            (o, d)
            for o, d in self.pairs(y)
            if any(m["org_id"] == o and m["direction_id"] in (d, "total") for m in live)
        }

    def effect(self, m: dict) -> tuple[float, float, float] | None:
        """Rule 10 for one done organization measure: (change, comparison change, effect), None = no effect."""
        y, org, node = int(m["year"]), m["org_id"], m["direction_id"]
        before = self.score.get((y, org, node))
        later = [x for x in self.years if x > y and (x, org, node) in self.score]
        if before is None or not later:
            return None
        after_year = later[0]
        change = self.score[(after_year, org, node)] - before
        treated = {
            d["org_id"]
            for d in self.of_year(self.measures, y)
            if d["status"] == "done" and d["direction_id"] in (node, "total")
        }
        group = [
            self.score[(after_year, p, node)] - self.score[(y, p, node)]
            for (yy, p), kind in self.kind.items()
            if yy == y
            and kind == self.kind[(y, org)]
            and p not in treated
            and (y, p, node) in self.score
            and (after_year, p, node) in self.score
        ]
        if not group:
            return None
        return change, mean(group), change - mean(group)

    def input_table(self, y: int, name: str) -> list[dict]:
        """A file of the year's input package, as the site offers it for download."""
        with open(self.site / "downloads" / "data" / str(y) / name, encoding="utf-8-sig", newline="") as f:
            return list(csv.DictReader(f))

    def in_scope(self, y: int, org: str, scope: str) -> bool:
        return scope == "all" or self.kind.get((y, org)) == scope

    def share_at_level(self, y: int, scope: str, node: str, level: str) -> float | None:
        """Rule 12: % of the scope's organizations with a score for the node at the level or a higher one."""
        mins = {r["id"]: float(r["min_score"]) for r in self.input_table(y, "levels.csv")}
        least = mins[level]
        rows = [
            r
            for r in self.scores
            if int(r["year"]) == y
            and r["node_id"] == node
            and r["score"] != ""
            and self.in_scope(y, r["org_id"], scope)
        ]
        rows = [r for r in rows if r["node_kind"] != "indicator"]
        if not rows:
            return None
        return 100 * sum(1 for r in rows if r["level"] and mins[r["level"]] >= least) / len(rows)

    def indicator_value(self, y: int, scope: str, ind: str) -> float | None:
        """Rule 7 over the scope: a yes/no indicator's share of «yes» (missing counts as no: the demo's
        `missing: zero`), otherwise the mean of the reported values."""
        unit = {r["id"]: r["unit"] for r in self.input_table(y, "indicators.csv")}.get(ind)
        rows = [
            r
            for r in self.scores
            if int(r["year"]) == y
            and r["node_kind"] == "indicator"
            and r["node_id"] == ind
            and self.in_scope(y, r["org_id"], scope)
        ]
        if unit == "boolean":
            return 100 * sum(1 for r in rows if r["value"] == "1") / len(rows) if rows else None
        values = [float(r["value"]) for r in rows if r["value"] != ""]
        return mean(values) if values else None

    def lower_is_better(self, y: int, ind: str) -> bool:
        return any(
            r["id"] == ind and r.get("polarity") == "lower_is_better" for r in self.input_table(y, "indicators.csv")
        )

    def summary(self, y: int, scope: str, node: str) -> float | None:
        """Rule 7 summary from the exported (rounded) scores: the mean over the scope's organizations."""
        xs = [
            s
            for (yy, org, n), s in self.score.items()
            if yy == y and n == node and (scope == "all" or self.kind[(y, org)] == scope)
        ]
        return mean(xs) if xs else None


@pytest.fixture(scope="module")
def exported(built) -> Exported:
    return Exported(built)


def test_every_year_has_its_cycle_page_linked_from_the_year_page(built):
    for y in years():
        page = built / "cycle" / str(y) / "index.html"
        assert page.is_file(), y
        year_page = (built / "years" / str(y) / "index.html").read_text(encoding="utf-8")
        assert f'href="../../cycle/{y}/"' in year_page, y
        text = text_of(page)
        for step in ("Результаты мониторинга", "Дефициты", "Адресные рекомендации", "Меры и их выполнение"):
            assert step in text, (y, step)


def test_cycle_page_figures_are_the_rules_recomputed_from_the_export(built, exported):
    """«Done means»: each number of each year's cycle page, from the CSV files alone."""
    ex = exported
    checked = 0
    for y in ex.years:
        fig = figures(built / "cycle" / str(y) / "index.html")
        # Results: the municipal summary of the total score (rule 7) and how many organizations have one.
        totals = [s for (yy, _, n), s in ex.score.items() if yy == y and n == "total"]
        assert int(fig["orgs-n"]) == len(totals)
        assert abs(number(fig["total-score"]) - mean(totals)) <= 0.011  # a mean of exported (rounded) scores
        # Deficits and recommendations (rules 8, 8b, 11).
        pairs = ex.pairs(y)
        assert int(fig["deficit-pairs"]) == len(pairs)
        assert int(fig["deficit-orgs"]) == len({o for o, _ in pairs})
        recs = ex.of_year(ex.recs, y)
        assert int(fig["recs-org"]) == sum(1 for r in recs if r["org_id"])
        assert int(fig["recs-municipal"]) == sum(1 for r in recs if not r["org_id"])
        # Measures (rule 9) and coverage (rule 11).
        ms = ex.of_year(ex.measures, y)
        if "measures-n" in fig:
            assert int(fig["measures-n"]) == len(ms)
            assert int(fig["measures-municipal"]) == sum(1 for m in ms if not m["org_id"])
            for status in ("planned", "in_progress", "done", "cancelled"):
                n = sum(1 for m in ms if m["status"] == status)
                assert int(fig.get(f"measures-{status}", "0")) == n, (y, status)
            if pairs:
                covered = ex.covered(y)
                assert (int(fig["covered"]), int(fig["pairs"])) == (len(covered), len(pairs))
                assert number(fig["coverage"]) == pytest.approx(round(100 * len(covered) / len(pairs), 2), abs=1e-9)
            checked += 1
        # The effect of the done measures (rule 10), recomputed from scores.csv.
        done = [m for m in ms if m["status"] == "done"]
        if done:
            assert int(fig["effect-done"]) == len(done)
            found = [e for m in done if m["org_id"] and (e := ex.effect(m)) is not None]
            if found:
                assert int(fig["effect-n"]) == len(found)
                for key, k in (("effect-change", 0), ("effect-comparison", 1), ("effect-effect", 2)):
                    assert number(fig[key]) == pytest.approx(mean([e[k] for e in found]), abs=0.0051), (y, key)
                flagged = [e for e in ex.of_year(ex.effects, y) if e.get("method_changed") == "да"]
                assert int(fig.get("effect-flagged", "0")) == len([e for e in flagged if e["effect"] != ""])
            else:
                assert "effect-n" not in fig
            if y == ex.years[-1]:
                assert int(fig["effect-pending"]) == len(done)
        else:
            assert "effect-done" not in fig
    assert checked >= 2, "the demo has measures for at least two years"


def test_cycle_page_goals_are_recomputed_from_the_export(built, exported):
    """Rule 12: a goal's actual value in each year and whether it was achieved in its target year."""
    ex = exported
    goals = {}
    for r in ex.goals:
        goals.setdefault(r["goal_id"] if "goal_id" in r else r["id"], []).append(r)
    assert goals, "the demo has goals"
    outcomes = set()
    for y in ex.years:
        fig = figures(built / "cycle" / str(y) / "index.html")
        counts = {"achieved": 0, "missed": 0, "open": 0}
        for gid, rows in goals.items():
            g = rows[0]
            if int(g["baseline_year"]) > y:
                assert f"goal-{gid}-actual" not in fig
                continue
            target = float(g["target"])
            actual = {int(r["year"]): score(r["actual"]) for r in rows}
            # Recomputed from scores.csv (a summary: within the rounding of the exported scores).
            if g["measure"] == "summary":
                mine = ex.summary(y, g["scope"], g["node_id"])
            elif g["measure"] == "share_at_level":
                mine = ex.share_at_level(y, g["scope"], g["node_id"], g["level"])
            else:
                mine = ex.indicator_value(y, g["scope"], g["node_id"])
            assert (mine is None) == (actual[y] is None), (gid, y)
            if mine is not None:
                assert abs(mine - actual[y]) <= 0.011, (gid, y, mine, actual[y])
            shown = fig[f"goal-{gid}-actual"]
            assert (shown == "—") if actual[y] is None else number(shown) == pytest.approx(actual[y], abs=0.0051)
            assert number(fig[f"goal-{gid}-target"]) == pytest.approx(target)
            target_year = int(g["target_year"])
            if y < target_year:
                counts["open"] += 1
            else:
                value = actual.get(target_year)
                better = g["measure"] == "indicator_value" and ex.lower_is_better(target_year, g["node_id"])
                ok = value is not None and (round(value, 2) <= target if better else round(value, 2) >= target)
                counts["achieved" if ok else "missed"] += 1
                outcomes.add(ok)
        for key, n in counts.items():
            assert int(fig[f"goals-{key}"]) == n, (y, key)
    assert outcomes == {True, False}, "the demo has a goal achieved and one missed"


# -- The detail pages --------------------------------------------------------------------------


def test_measures_page_shows_statuses_coverage_effects_and_the_caveat(built, exported):
    ex = exported
    with_effect = 0
    for y in sorted({int(m["year"]) for m in ex.measures}):
        page = built / "measures" / str(y) / "index.html"
        text = text_of(page)
        assert "это связь, а не доказательство причины" in text or not any(
            m["status"] == "done" for m in ex.of_year(ex.measures, y)
        )
        for m in ex.of_year(ex.measures, y):
            assert html.unescape(m["title"]) in text, m["id"]
        if 'id="effect-nodes"' in page.read_text(encoding="utf-8"):
            with_effect += 1
            raw = page.read_text(encoding="utf-8")
            spec = json.loads(html.unescape(re.search(r'class="vega-chart" data-spec="([^"]*)"', raw).group(1)))
            bars = [v for layer in _layers(spec) for v in layer.get("data", {}).get("values", []) if "change" in v]
            assert bars and {b["who"] for b in bars} == {"После мер", "Группа сравнения"}
            # Each bar is a mean change of the export's effects.csv, per direction.
            nodes = [e for e in ex.of_year(ex.effects, y) if e["org_id"] and e["effect"] != ""]
            for b in bars:
                if b["who"] == "После мер":
                    of = [float(e["change"]) for e in nodes if _named(e) == b["direction"]]
                    assert of and b["change"] == pytest.approx(mean(of), abs=0.0051), b
    assert with_effect >= 1, "the demo has a year whose measures have an effect"


def _named(effect: dict) -> str:
    """A measure's node as the pages name it (the export names the total «Итог»)."""
    return "Итоговый балл" if effect["direction_id"] == "total" else effect["direction_name"]


def _layers(spec: dict):
    yield spec
    for layer in spec.get("layer", []):
        yield from _layers(layer)


def test_goals_page_has_every_goal_with_its_chart(built, exported):
    raw = (built / "goals" / "index.html").read_text(encoding="utf-8")
    text = text_of(built / "goals" / "index.html")
    names = {r["name"] for r in exported.goals if "name" in r}
    assert names and all(html.unescape(n) in text for n in names)
    assert raw.count('class="vega-chart"') == len(names)
    assert "достигнута" in text and "не достигнута" in text


def test_best_practices_pages_name_the_sources_and_escape_links(built):
    pages = sorted((built / "practices").glob("*/index.html"))
    assert pages, "the demo has sources of best practice"
    raws = [p.read_text(encoding="utf-8") for p in pages]
    assert any("тот же уровень" in text_of(p) for p in pages)
    for raw in raws:
        for href in re.findall(r'<a href="([^"]*)" rel="nofollow noopener"', raw):
            assert href.startswith(("http://", "https://")), href
        assert "javascript:" not in raw


def test_organization_and_direction_pages_show_their_measures(built, exported):
    ex = exported
    org_measures = [m for m in ex.measures if m["org_id"]]
    assert org_measures
    m = org_measures[0]
    org = text_of(built / "organizations" / m["org_id"] / "index.html")
    assert "Меры по результатам мониторинга" in org and html.unescape(m["title"]) in org
    direction = next(x for x in ex.measures if x["direction_id"] != "total")
    page = text_of(built / "directions" / direction["direction_id"] / "index.html")
    assert "Меры по результатам мониторинга" in page and html.unescape(direction["title"]) in page
    # The direction page's table of each year's mean effect: the export's aggregate rows per node.
    compared = 0
    for node in {m["direction_id"] for m in ex.measures} - {"total"}:
        rows = [r for r in table(built, "effects.csv") if r["row_kind"] == "node" and r["direction_id"] == node]
        raw = (built / "directions" / node / "index.html").read_text(encoding="utf-8")
        cells = re.findall(r'<tr><th scope="row"><a href="[^"]*measures/(\d{4})/#effect">\d{4}</a></th>(.*?)</tr>', raw)
        assert len(cells) == len(rows), node
        compared += len(rows)
        for (y, row), r in zip(cells, rows):
            shown = [
                number(html.unescape(re.sub(r"<[^>]+>|\(.*", "", c))) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)
            ]
            assert int(y) == int(r["year"]) and shown[0] == int(r["n"]), (node, y)
            assert shown[1:] == [float(r["change"]), float(r["comparison_change"]), float(r["effect"])], (node, y)
    assert compared
    untouched = {r["org_id"] for r in ex.scores} - {m["org_id"] for m in org_measures}
    assert untouched
    assert "Меры по результатам мониторинга" not in text_of(
        built / "organizations" / sorted(untouched)[0] / "index.html"
    )


def test_navigation_has_the_cycle_section_and_home_links_the_latest_cycle(built):
    nav = (built / "index.html").read_text(encoding="utf-8")
    assert "Управленческий цикл" in nav and "Меры и их результаты" in nav and "Лучшие практики" in nav
    assert 'href="goals/"' in nav
    latest = years()[-1]
    assert f'<a class="md-button" href="cycle/{latest}/">Управленческий цикл {latest} года</a>' in nav


# -- Without the cycle's data: the site as before -----------------------------------------------


def strip_cycle(src: Path, dst: Path) -> Path:
    """A copy of a data folder without measures, practices and goals."""
    shutil.copytree(src, dst)
    (dst / "goals.csv").unlink(missing_ok=True)
    for package in dst.glob("*/datapackage.json"):
        d = json.loads(package.read_text(encoding="utf-8"))
        for res in [r for r in d["resources"] if r["name"] in CYCLE_FILES]:
            (package.parent / res["path"]).unlink()
            (package.parent / res["schema"]).unlink(missing_ok=True)
        d["resources"] = [r for r in d["resources"] if r["name"] not in CYCLE_FILES]
        package.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return dst


def test_data_without_the_cycle_builds_as_before(tmp_path, built):
    site = build(strip_cycle(DATA, tmp_path / "data"), tmp_path / "site")
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    full = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    cycle = {p for p in full if p.split("/")[0] in ("cycle", "measures", "practices", "goals")}
    assert cycle and pages == full - cycle
    link = re.compile(r'href="[^"]*(?:(?:cycle|measures|practices)/\d{4}|goals)/"')
    for p in pages:
        raw = (site / p).read_text(encoding="utf-8")
        assert not link.search(raw), (p, link.search(raw))  # no page and no nav entry links to the cycle
        assert "Меры по результатам мониторинга" not in raw, p
        assert not re.search(r">\s*Управленческий цикл\s*<", raw), p  # the nav section (a direction may say more)


# -- Hostile texts stay text -------------------------------------------------------------------

HOSTILE = "<script>window.__pwned=1</script>**жирный** | [ссылка](javascript:x) {{ 7*7 }} <b>b</b>"


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_measure_and_practice_texts_are_escaped_everywhere(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    measures = sorted(data.glob("*/measures.csv"))[0]
    _rewrite(measures, lambda r: r.update(title=HOSTILE + r["id"], result=HOSTILE, responsible="ИМЦ " + HOSTILE))
    practices = sorted(data.glob("*/practices.csv"))[0]
    _rewrite(practices, lambda r: r.update(title=HOSTILE, description=HOSTILE))
    site = build(data, tmp_path / "site")
    shown = 0
    for page in site.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in raw, page
        assert "<b>b</b>" not in raw and 'href="javascript:' not in raw and "<strong>жирный" not in raw, page
        if HOSTILE in text_of(page):
            shown += 1
    assert shown >= 4, "the texts are shown literally on the measures, organization, direction and practices pages"
