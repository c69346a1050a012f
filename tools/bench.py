"""`python -m tools.bench` (`make bench`; a developer tool, not installed with the package): the whole pipeline measured at
municipal and at region scale, against a bare MkDocs Material build of the
same pages, written to docs/benchmarks.md.

For each scale, in a temporary folder:

1. tools/synth.py writes the data (not timed as part of the build);
2. `python -m generator build --timings` runs in a fresh process: its wall
   time is the build's; each stage reports its wall time and the main
   process's peak resident memory (VmHWM reset at the start of the stage);
   the memory of the whole build — main process and the downloads worker —
   is sampled here as the sum of their PSS (proportional set size: pages the
   two processes share are counted once);
3. the anchor: a bare MkDocs Material site with the same mkdocs.yml (theme,
   plugins, overrides, nav), the same hand-written docs and, at the same
   paths, placeholder pages of the same byte sizes as the generated ones,
   each a paragraph and a Markdown table — what the same site costs with no
   generator in front. Built with `python -m mkdocs build` in a fresh process.

Timings are never asserted in tests; the targets below are checked here and
shown with the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import paths
from generator.build import load_site_config
from tools import ROOT

SCALES = {  # name: (organizations, years, indicators, label)
    "tiny": (12, 3, 8, "крошечный (для тестов)"),
    "municipal": (40, 4, 20, "муниципальный"),
    "region": (2500, 5, 60, "региональный"),
}
MB = 1024 * 1024
TARGETS = {
    "ratio": 1.2,  # whole build / bare MkDocs build of the same pages, region
    "validate_s": 10.0,
    "compute_s": 5.0,
    "memory_mb": 2048.0,
    "search_mb": 3.0,
    "page_kb": 300.0,
    "municipal_s": 10.0,  # the whole `make site`
}


@dataclass
class Run:
    seconds: float = 0.0
    peak_pss_mb: float = 0.0  # all processes of the run, sampled
    peak_rss_mb: float = 0.0  # the largest single process (wait4)
    returncode: int = 0
    stderr: str = ""


@dataclass
class Site:
    bytes: int = 0
    html_pages: int = 0
    largest_html: tuple[int, str] = (0, "")
    over_limit: int = 0
    search_bytes: int = 0
    chart_scripts: list[str] = field(default_factory=list)
    bundle_bytes: int = 0


@dataclass
class Scale:
    name: str
    orgs: int
    years: int
    indicators: int
    label: str
    values: int = 0
    synth_s: float = 0.0
    build: Run = field(default_factory=Run)
    stages: list[dict] = field(default_factory=list)
    pages: int = 0
    site: Site = field(default_factory=Site)
    bare: Run = field(default_factory=Run)
    bare_site: Site = field(default_factory=Site)
    search_orgs: tuple[int, int] = (0, 0)  # organizations found by name in the index, of all
    search_indicators: tuple[int, int] = (0, 0)

    def stage(self, name: str) -> dict:
        return next((s for s in self.stages if s["name"] == name), {"seconds": 0.0, "peak_mb": 0.0, "count": 0, "extra": {}})

    @property
    def ratio(self) -> float:
        return self.build.seconds / self.bare.seconds if self.bare.seconds else float("nan")


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

    st.chart_scripts = sorted(set(re.findall(r'<script src="([^"]*vega[^"]*)"', home)))
    st.bundle_bytes = sum((site / s.split("?")[0]).stat().st_size for s in st.chart_scripts if (site / s.split("?")[0]).is_file())
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

    titles = {html.unescape(t) for t in titles}
    return (sum(n in titles for n in orgs), len(orgs)), (sum(n in titles for n in inds), len(inds))


# -- The anchor: the same pages with no generator in front ------------------------------------

ROW = "| Синтетическая организация № {n} | {a},{b}{b} | Средний уровень | ▲ +{b},5 | Синтетический район № {d} |\n"


def bare_site(folder: Path, pages: dict[str, int], nav: list, extra: dict, site_name: str) -> Path:
    """Placeholder pages of the given byte sizes at the given paths, the
    project's hand-written docs and mkdocs.yml; return the config path."""
    docs = folder / "docs"
    for rel, src in paths.docs_files(paths.docs_layers(ROOT)).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, docs / rel)
    for rel, size in pages.items():
        head = (
            f"# Страница {rel}\n\nСтраница-заглушка того же размера, что и страница генератора: абзац текста и таблица Markdown.\n\n"
            "| Организация | Балл | Уровень | Динамика | Район |\n|---|---:|---|---|---|\n"
        )
        parts, total, n = [head], len(head.encode()), 0
        while total < size:
            row = ROW.format(n=n, a=n % 100, b=n % 10, d=n % 40)
            parts.append(row)
            total += len(row.encode())
            n += 1
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(parts), encoding="utf-8")
    config = load_site_config(ROOT)  # the repository's settings, without the generator's plugin
    config.update(site_name=site_name, docs_dir=str(docs), site_dir=str(folder / "site"), nav=nav)
    config["theme"].setdefault("custom_dir", str(paths.THEME))
    config.setdefault("extra", {}).update(extra)
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
    sc.build = measure([sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(folder / "site"), "--timings", str(timings)], env=env)
    if sc.build.returncode != 0:
        raise RuntimeError(f"сборка на масштабе «{label}» не удалась:\n{sc.build.stderr}")
    info = json.loads(timings.read_text(encoding="utf-8"))
    sc.stages = info["stages"]
    sc.pages = len(info["pages"])
    sc.site = site_stats(folder / "site")
    sc.search_orgs, sc.search_indicators = search_coverage(folder / "site", data)
    say(f"{label}: «голая» сборка MkDocs Material тех же {sc.pages} страниц…")
    config = bare_site(folder / "bare", info["pages"], info["nav"], info.get("extra", {}), info.get("site_name", "bench"))
    sc.bare = measure([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config)], env=dict(env, SOURCE_DATE_EPOCH="946684800"))
    if sc.bare.returncode != 0:
        raise RuntimeError(f"«голая» сборка MkDocs не удалась:\n{sc.bare.stderr}")
    sc.bare_site = site_stats(folder / "bare" / "site")
    # Free the disk for the next scale: a region's two sites are ~1 GB.
    for sub in ("site", "bare"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    return sc


def demo_build(folder: Path) -> Run:
    """`make site` as staff run it: the demo data in data/, built once more into a temporary folder."""
    return measure([sys.executable, "-m", "generator", "build", "--data", str(ROOT / "data"), "--site", str(folder / "site")], env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


# -- The report ------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} ГБ".replace(".", ",")
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": cores,
        "memory": memory,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def _n(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "\u00a0").replace(".", ",")


def _int(x: int) -> str:
    return f"{x:,}".replace(",", "\u00a0")


def _s(x: float) -> str:
    return _n(x, 1) + " с"


def _mb(x: float) -> str:
    return _n(x, 0) + " МБ"


def _size(b: int) -> str:
    if b >= 10 * MB:
        return _n(b / MB, 0) + " МБ"
    if b >= MB:
        return _n(b / MB, 1) + " МБ"
    return _n(b / 1024, 0) + " КБ"


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗ не достигнуто"


STAGE_ROWS = [
    ("validate", "Проверка данных: чтение и все проверки"),
    ("compute", "Расчёт баллов, уровней, мест, динамики"),
    ("render", "Страницы (Markdown) по шаблонам, на всех ядрах"),
    ("write", "Запись страниц в рабочую папку"),
    ("site", "Сборка сайта MkDocs Material"),
    ("downloads", "Файлы для скачивания (второй процесс; ожидание после MkDocs)"),
    ("swap", "Замена опубликованного сайта"),
]


def targets(scales: list[Scale], demo: Run | None) -> list[tuple[str, str, bool]]:
    """(what, measured, met) for the targets of the issue."""
    out = []
    region = next((s for s in scales if s.name == "region"), None)
    if region is not None:
        v, c = region.stage("validate"), region.stage("compute")
        out += [
            (f"Вся сборка ≤ {_n(TARGETS['ratio'], 1)} × «голой» сборки MkDocs тех же страниц", f"{_n(region.ratio, 2)} ({_s(region.build.seconds)} против {_s(region.bare.seconds)})", region.ratio <= TARGETS["ratio"]),
            (f"Проверка {_int(region.values)} значений со всеми проверками ≤ {_s(TARGETS['validate_s'])}", _s(v["seconds"]), v["seconds"] <= TARGETS["validate_s"]),
            (f"Расчёт ≤ {_s(TARGETS['compute_s'])}", _s(c["seconds"]), c["seconds"] <= TARGETS["compute_s"]),
            (f"Пик памяти всех процессов сборки ≤ {_n(TARGETS['memory_mb'] / 1024, 0)} ГБ", _mb(region.build.peak_pss_mb), region.build.peak_pss_mb <= TARGETS["memory_mb"]),
            (f"Поисковый индекс ≤ {_n(TARGETS['search_mb'], 0)} МБ", _size(region.site.search_bytes), region.site.search_bytes <= TARGETS["search_mb"] * MB),
            (f"Ни одной HTML-страницы больше {_n(TARGETS['page_kb'], 0)} КБ", f"самая большая — {_size(region.site.largest_html[0])}", region.site.over_limit == 0),
            ("Поиск находит организации и показатели по названию", f"организаций {region.search_orgs[0]} из {region.search_orgs[1]}, показателей {region.search_indicators[0]} из {region.search_indicators[1]}",
             region.search_orgs[0] == region.search_orgs[1] and region.search_indicators[0] == region.search_indicators[1]),
        ]
    any_site = next((s for s in scales), None)
    if any_site is not None:
        scripts = any_site.site.chart_scripts
        out.append(("Библиотека графиков — один файл (один адрес, кешируется браузером)", f"{len(scripts)}: {', '.join(Path(s).name for s in scripts)}, {_size(any_site.site.bundle_bytes)}", len(scripts) == 1))
    if demo is not None:
        out.append((f"Муниципальный масштаб: весь `make site` ≤ {_s(TARGETS['municipal_s'])}", f"{_s(demo.seconds)} (демонстрационные данные data/)", demo.seconds <= TARGETS["municipal_s"]))
    municipal = next((s for s in scales if s.name == "municipal"), None)
    if municipal is not None:
        out.append((f"Муниципальный масштаб (синтетика {municipal.orgs} × {municipal.indicators} × {municipal.years}): вся сборка ≤ {_s(TARGETS['municipal_s'])}", _s(municipal.build.seconds), municipal.build.seconds <= TARGETS["municipal_s"]))
    return out


def report(info: dict, scales: list[Scale], demo: Run | None) -> str:
    heads = " | ".join(f"{s.label}" for s in scales)
    sep = "|---|" + "---:|" * len(scales)

    def row(title: str, cells) -> str:
        return f"| {title} | " + " | ".join(cells) + " |"

    lines = [
        "---",
        "title: Производительность",
        "---",
        "",
        "# Производительность",
        "",
        "Замер командой `make bench` (`python -m tools.bench`): синтетические данные"
        " (`python -m tools.synth`) муниципального и регионального масштаба, вся сборка сайта"
        " и для сравнения — сборка «голого» MkDocs Material из страниц-заглушек того же числа и размера.",
        "",
        f"**Машина:** {info['cpu']}, ядер: {info['cores']}, память: {info['memory']}; {info['os']}; Python {info['python']}. **Дата:** {info['date']}.",
        "",
        "## Объём",
        "",
        f"| | {heads} |",
        sep,
        row("Организаций × показателей × лет", [f"{_int(s.orgs)} × {s.indicators} × {s.years}" for s in scales]),
        row("Значений в values.csv за все годы", [_int(s.values) for s in scales]),
        row("Строк результата (scores)", [_int(s.stage("compute")["count"]) for s in scales]),
        row("Страниц сайта", [_int(s.pages) for s in scales]),
        "",
        "## Время и память по этапам",
        "",
        "Время — по часам; память — пик резидентной памяти основного процесса на этапе.",
        "",
        f"| Этап | {heads} |",
        sep,
    ]
    for name, title in STAGE_ROWS:
        lines.append(row(title, [f"{_s(s.stage(name)['seconds'])}, {_mb(s.stage(name)['peak_mb'])}" for s in scales]))
    lines += [
        row("**Вся сборка** (`python -m generator build`, с запуском Python)", [f"**{_s(s.build.seconds)}**" for s in scales]),
        row("из них MkDocs / генератор (проверка, расчёт, страницы, запись)", [
            f"{_n(100 * s.stage('site')['seconds'] / s.build.seconds, 0)} % / {_s(sum(s.stage(n)['seconds'] for n in ('validate', 'compute', 'render', 'write')))}" for s in scales
        ]),
        row("Пик памяти всех процессов сборки (сумма PSS)", [_mb(s.build.peak_pss_mb) for s in scales]),
        row("Вспомогательные процессы (страницы, файлы для скачивания), пик RSS одного", [_mb(s.stage("downloads")["extra"].get("helpers_peak_mb", 0.0)) for s in scales]),
        row("«Голая» сборка MkDocs Material тех же страниц", [_s(s.bare.seconds) for s in scales]),
        row("**Отношение: вся сборка / «голая» сборка**", [f"**{_n(s.ratio, 2)}**" for s in scales]),
        row("Синтетические данные (не входят в сборку)", [_s(s.synth_s) for s in scales]),
        "",
        "## Сайт",
        "",
        f"| | {heads} |",
        sep,
        row("Размер site/ (со всеми файлами для скачивания)", [_size(s.site.bytes) for s in scales]),
        row("HTML-страниц", [_int(s.site.html_pages) for s in scales]),
        row("Самая большая HTML-страница", [f"{_size(s.site.largest_html[0])} (`{s.site.largest_html[1]}`)" for s in scales]),
        row("Поисковый индекс", [_size(s.site.search_bytes) for s in scales]),
        row("Поисковый индекс «голого» сайта", [_size(s.bare_site.search_bytes) for s in scales]),
        row("Библиотека графиков", [f"{len(s.site.chart_scripts)} файл, {_size(s.site.bundle_bytes)}" for s in scales]),
    ]
    if demo is not None:
        lines += ["", f"Демонстрационные данные `data/` (`make site` после установки): **{_s(demo.seconds)}**, пик памяти {_mb(demo.peak_pss_mb)}."]
    lines += ["", "## Цели", "", "| Цель | Замер | |", "|---|---|---|"]
    for what, measured, ok in targets(scales, demo):
        lines.append(f"| {what} | {measured} | {_mark(ok)} |")
    lines += [
        "",
        "## Как измерено",
        "",
        "- Каждая сборка — отдельный процесс Python, как в CI; время «всей сборки» включает запуск интерпретатора.",
        "- Пик памяти этапа — максимум резидентной памяти (VmHWM) основного процесса, сброшенный в начале этапа:"
        " он включает то, что держат предыдущие этапы. Пик всех процессов — сумма PSS основного процесса и процесса,"
        " который готовит файлы для скачивания, пока MkDocs собирает страницы (общие страницы памяти считаются один раз);"
        " замер 10 раз в секунду.",
        "- «Голая» сборка: тот же `mkdocs.yml` (тема, плагины, поиск, переопределения, меню), те же страницы из `docs/`"
        " и на тех же путях страницы-заглушки того же размера в байтах — абзац и таблица Markdown; генератора перед ней нет."
        " Её поиск индексирует каждую ячейку таблиц; сайт генератора — названия организаций и показателей, заголовки и тексты страниц.",
        "- Страницы рендерятся на всех ядрах (разветвлённые процессы, `generator/parallel.py`); файлы для скачивания"
        " готовит второй процесс, пока MkDocs (одно ядро) собирает сайт. Таблицы и графики страниц не проходят через"
        " Markdown и поиск MkDocs: они вставляются в готовые страницы (`generator/render/fragments.py`), HTML тот же.",
        "- Длинные списки (больше 500 строк на странице) разбиты на страницы по 500 строк (`lists/`), они не входят в поисковый индекс.",
        "- Данные синтетические: `python -m tools.synth --orgs N --years Y --indicators I --seed 1`.",
        "",
    ]
    return "\n".join(lines)


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
        description="Измерить время и память всех этапов на муниципальном и региональном масштабе, записать docs/benchmarks.md.",
    )
    p.add_argument("--scales", default="municipal,region", help="масштабы через запятую: municipal, region, tiny (по умолчанию municipal,region)")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"), help="куда записать таблицу (по умолчанию docs/benchmarks.md); «-» — не записывать")
    p.add_argument("--workdir", default=None, help="рабочая папка (по умолчанию временная, удаляется после замера)")
    return main(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(cli())
