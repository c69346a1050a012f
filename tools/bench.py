"""`python -m tools.bench` (`make bench`; a developer tool, not installed with
the package): the whole pipeline measured at municipal and at region scale,
against a bare MkDocs Material build of as many pages, written to
docs/benchmarks.md (tools/benchreport.py).

For each scale, in a temporary folder:

1. tools/synth.py writes the data (not timed as part of the build);
2. `python -m generator build --timings` runs in a fresh process: its wall
   time is the build's; each stage reports its wall time and the main
   process's peak resident memory (VmHWM reset at the start of the stage);
   the memory of the whole build — main process and the downloads worker —
   is sampled here as the sum of their PSS (proportional set size: pages the
   two processes share are counted once);
3. the anchor, in the same run: a bare MkDocs Material site of as many pages
   as MkDocs built for ours, each page a 60-row Markdown table and one chart
   spec block, out of the navigation, with the default search plugin (no
   theme overrides, no other plugin). Built with `python -m mkdocs build` in a
   fresh process; the report gives the ratio of our whole build to it.

Timings are never asserted in tests; the targets below are checked here and
shown with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from tools import ROOT
from tools.benchreport import TARGETS, Run, Scale, Site, machine, report, targets

SCALES = {  # name: (organizations, years, indicators, label)
    "tiny": (12, 3, 8, "крошечный (для тестов)"),
    "municipal": (40, 4, 20, "муниципальный"),
    "region": (2500, 5, 60, "региональный"),
}


# -- Running and measuring processes ----------------------------------------------------


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def measure(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> Run:
    """Run cmd; wall time, the peak of the summed PSS of it and its children
    (sampled 10 times a second), and the peak RSS of its largest process."""
    run = Run()
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            run.peak_pss_mb = max(run.peak_pss_mb, sum(_pss_mb(p) for p in _descendants(proc.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    run.seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = run.returncode = os.waitstatus_to_exitcode(status)
    run.peak_rss_mb = usage.ru_maxrss / 1024
    err.seek(0)
    run.stderr = err.read().decode("utf-8", "replace")
    err.close()
    return run


def site_stats(site: Path) -> Site:
    st = Site()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        st.bytes += size
        if path.suffix == ".html":
            st.html_pages += 1
            if size > st.largest_html[0]:
                st.largest_html = (size, path.relative_to(site).as_posix())
            if size > TARGETS["page_kb"] * 1024:
                st.over_limit += 1
    index = site / "search" / "search_index.json"
    st.search_bytes = index.stat().st_size if index.is_file() else 0
    home = (site / "index.html").read_text(encoding="utf-8") if (site / "index.html").is_file() else ""
    import re

    # The chart library is no <script> of the page: charts.js requests it, from assets/vendor/,
    # once a chart scrolls into view. Counted: the vega files a page or charts.js names.
    scripts = set(re.findall(r'<script src="([^"]*vega[^"]*)"', home))
    loader = site / "assets" / "javascripts" / "charts.js"
    if loader.is_file():
        named = re.findall(r"vendor/(vega[\w.-]*\.js)", loader.read_text(encoding="utf-8"))
        scripts |= {f"assets/vendor/{name}" for name in named}
    st.chart_scripts = sorted(scripts)
    st.bundle_bytes = sum(
        (site / s.split("?")[0]).stat().st_size for s in st.chart_scripts if (site / s.split("?")[0]).is_file()
    )
    return st


def search_coverage(site: Path, data: Path) -> tuple[tuple[int, int], tuple[int, int]]:
    """How many organizations and indicators of the latest year have an entry
    titled with their name in the search index (what finds them by name)."""
    import pandas as pd

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in index["docs"]}
    latest = max(p for p in data.iterdir() if p.is_dir())
    orgs = pd.read_csv(latest / "organizations.csv", dtype=str, keep_default_na=False)["name"]
    inds = pd.read_csv(latest / "indicators.csv", dtype=str, keep_default_na=False)["name"]
    import html

    def plain(text: str) -> str:  # titles keep a no-break space after «№» and before units
        return html.unescape(text).replace("\u00a0", " ")

    titles = {plain(t) for t in titles}
    return (sum(plain(n) in titles for n in orgs), len(orgs)), (sum(plain(n) in titles for n in inds), len(inds))


# -- The anchor: a bare MkDocs Material site of as many pages --------------------------------

ANCHOR_ROWS = 60  # rows of the Markdown table on each page of the anchor
ROW = "| Синтетическая организация № {n} | {a},{b}{b} | Средний уровень | ▲ +{b},5 | Синтетический район № {d} |\n"


def anchor_page(k: int) -> str:
    """One page of the anchor: a heading, a paragraph, a 60-row Markdown table and one chart spec block."""
    rows = [ROW.format(n=60 * k + n, a=n % 100, b=n % 10, d=n % 40) for n in range(ANCHOR_ROWS)]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {
            "values": [
                {"name": f"Синтетическая организация № {60 * k + n}", "score": n % 100 + (n % 10) / 10}
                for n in range(ANCHOR_ROWS)
            ]
        },
        "mark": "bar",
        "encoding": {"x": {"field": "score", "type": "quantitative"}, "y": {"field": "name", "type": "nominal"}},
    }
    return (
        f"# Страница {k}\n\nСтраница «голого» сайта: абзац текста, таблица Markdown и спецификация графика.\n\n"
        "| Организация | Балл | Уровень | Динамика | Район |\n|---|---:|---|---|---|\n"
        + "".join(rows)
        + "\n```vega-lite\n"
        + json.dumps(spec, ensure_ascii=False)
        + "\n```\n"
    )


def bare_site(folder: Path, pages: int) -> Path:
    """The anchor of the issue: a bare MkDocs Material site of `pages` pages,
    each a 60-row Markdown table and one chart spec block, out of the navigation
    (only the home page is in it), with the default search plugin. Returns the config path."""
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(anchor_page(0), encoding="utf-8")
    for k in range(1, pages):
        (docs / f"page-{k:05d}.md").write_text(anchor_page(k), encoding="utf-8")
    config = {
        "site_name": "Голый MkDocs Material",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "theme": {"name": "material", "language": "ru"},
        "plugins": ["search"],
        "nav": [{"Главная": "index.md"}],
        "not_in_nav": "/page-*.md",  # MkDocs lists no page as missing from the nav
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- One scale -------------------------------------------------------------------------------


def run_scale(name: str, folder: Path, say) -> Scale:
    from tools.synth import write_synthetic

    orgs, years, indicators, label = SCALES[name]
    sc = Scale(name, orgs, years, indicators, label)
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    say(f"{label}: синтетические данные {orgs} × {indicators} × {years}…")
    t0 = time.perf_counter()
    sc.values = write_synthetic(data, orgs, years, indicators, seed=1)
    sc.synth_s = time.perf_counter() - t0
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    say(f"{label}: сборка сайта (python -m generator build)…")
    timings = folder / "timings.json"
    sc.build = measure(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--data",
            str(data),
            "--site",
            str(folder / "site"),
            "--timings",
            str(timings),
        ],
        env=env,
    )
    if sc.build.returncode != 0:
        raise RuntimeError(f"сборка на масштабе «{label}» не удалась:\n{sc.build.stderr}")
    info = json.loads(timings.read_text(encoding="utf-8"))
    sc.stages = info["stages"]
    sc.pages = len(info["pages"])
    sc.site = site_stats(folder / "site")
    sc.search_orgs, sc.search_indicators = search_coverage(folder / "site", data)
    sc.site_pages = sc.stage("site")["count"]
    say(f"{label}: «голая» сборка MkDocs Material из {sc.site_pages} страниц…")
    config = bare_site(folder / "bare", sc.site_pages)
    sc.bare = measure(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)],
        env=dict(env, SOURCE_DATE_EPOCH="946684800"),
    )
    if sc.bare.returncode != 0:
        raise RuntimeError(f"«голая» сборка MkDocs не удалась:\n{sc.bare.stderr}")
    sc.bare_site = site_stats(folder / "bare" / "site")
    # Free the disk for the next scale: a region's two sites are ~1 GB.
    for sub in ("site", "bare"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    return sc


def demo_build(folder: Path) -> Run:
    """`make site` as staff run it: the demo data in data/, built once more into a temporary folder."""
    return measure(
        [sys.executable, "-m", "generator", "build", "--data", str(ROOT / "data"), "--site", str(folder / "site")],
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


def main(args) -> int:
    names = [n.strip() for n in args.scales.split(",") if n.strip()]
    unknown = [n for n in names if n not in SCALES]
    if unknown:
        print(f"Неизвестный масштаб: {', '.join(unknown)}; допустимые: {', '.join(SCALES)}.", file=sys.stderr)
        return 2
    work = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="monitoring-bench-"))
    keep = bool(args.workdir)

    def say(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    try:
        scales = [run_scale(name, work / name, say) for name in names]
        demo = None
        if "municipal" in names:
            say("демонстрационные данные data/: make site…")
            demo = demo_build(work / "demo")
            if demo.returncode != 0:
                raise RuntimeError(f"сборка демонстрационных данных не удалась:\n{demo.stderr}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    text = report(machine(), scales, demo)
    print(text)
    if args.out and args.out != "-":
        Path(args.out).write_text(text, encoding="utf-8")
        say(f"таблица записана в {args.out}")
    missed = [what for what, _, ok in targets(scales, demo) if not ok]
    if missed:
        say("не достигнуто: " + "; ".join(missed))
    return 0


def cli(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description=(
            "Измерить время и память всех этапов на муниципальном и региональном масштабе, записать docs/benchmarks.md."
        ),
    )
    p.add_argument(
        "--scales",
        default="municipal,region",
        help="масштабы через запятую: municipal, region, tiny (по умолчанию municipal,region)",
    )
    p.add_argument(
        "--out",
        default=str(ROOT / "docs" / "benchmarks.md"),
        help="куда записать таблицу (по умолчанию docs/benchmarks.md); «-» — не записывать",
    )
    p.add_argument("--workdir", default=None, help="рабочая папка (по умолчанию временная, удаляется после замера)")
    return main(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(cli())
