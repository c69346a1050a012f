"""The report of `python -m tools.bench`: what is measured (Run, Site, Scale),
the targets, and docs/benchmarks.md as Markdown."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from generator.render.pages.paging import PAGE_ROWS

MB = 1024 * 1024
TARGETS = {
    "ratio": 1.0,  # whole build / the anchor (bare MkDocs Material, as many pages), region
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
    pages: int = 0  # generated pages
    site_pages: int = 0  # pages MkDocs built: the generated and the hand-written ones (as many in the anchor)
    site: Site = field(default_factory=Site)
    bare: Run = field(default_factory=Run)
    bare_site: Site = field(default_factory=Site)
    search_orgs: tuple[int, int] = (0, 0)  # organizations found by name in the index, of all
    search_indicators: tuple[int, int] = (0, 0)

    def stage(self, name: str) -> dict:
        return next(
            (s for s in self.stages if s["name"] == name), {"seconds": 0.0, "peak_mb": 0.0, "count": 0, "extra": {}}
        )

    @property
    def ratio(self) -> float:
        return self.build.seconds / self.bare.seconds if self.bare.seconds else float("nan")


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
    ("write", "Рабочая папка: страницы из docs/ и mkdocs.yml"),
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
            (
                f"Вся сборка ≤ {_n(TARGETS['ratio'], 1)} × «голой» сборки MkDocs Material из стольких же страниц",
                f"{_n(region.ratio, 2)} ({_s(region.build.seconds)} против {_s(region.bare.seconds)})",
                region.ratio <= TARGETS["ratio"],
            ),
            (
                f"Проверка {_int(region.values)} значений со всеми проверками ≤ {_s(TARGETS['validate_s'])}",
                _s(v["seconds"]),
                v["seconds"] <= TARGETS["validate_s"],
            ),
            (f"Расчёт ≤ {_s(TARGETS['compute_s'])}", _s(c["seconds"]), c["seconds"] <= TARGETS["compute_s"]),
            (
                f"Пик памяти всех процессов сборки ≤ {_n(TARGETS['memory_mb'] / 1024, 0)} ГБ",
                _mb(region.build.peak_pss_mb),
                region.build.peak_pss_mb <= TARGETS["memory_mb"],
            ),
            (
                f"Поисковый индекс ≤ {_n(TARGETS['search_mb'], 0)} МБ",
                _size(region.site.search_bytes),
                region.site.search_bytes <= TARGETS["search_mb"] * MB,
            ),
            (
                f"Ни одной HTML-страницы больше {_n(TARGETS['page_kb'], 0)} КБ",
                f"самая большая — {_size(region.site.largest_html[0])}",
                region.site.over_limit == 0,
            ),
            (
                "Поиск находит организации и показатели по названию",
                f"организаций {region.search_orgs[0]} из {region.search_orgs[1]}, показателей "
                f"{region.search_indicators[0]} из {region.search_indicators[1]}",
                region.search_orgs[0] == region.search_orgs[1]
                and region.search_indicators[0] == region.search_indicators[1],
            ),
        ]
    any_site = next((s for s in scales), None)
    if any_site is not None:
        scripts = any_site.site.chart_scripts
        out.append(
            (
                "Библиотека графиков — один файл (один адрес, кешируется браузером)",
                f"{len(scripts)}: {', '.join(Path(s).name for s in scripts)}, {_size(any_site.site.bundle_bytes)}",
                len(scripts) == 1,
            )
        )
    if demo is not None:
        out.append(
            (
                f"Муниципальный масштаб: весь `make site` ≤ {_s(TARGETS['municipal_s'])}",
                f"{_s(demo.seconds)} (демонстрационные данные data/)",
                demo.seconds <= TARGETS["municipal_s"],
            )
        )
    municipal = next((s for s in scales if s.name == "municipal"), None)
    if municipal is not None:
        out.append(
            (
                f"Муниципальный масштаб (синтетика {municipal.orgs} × {municipal.indicators} × "
                f"{municipal.years}): вся сборка ≤ {_s(TARGETS['municipal_s'])}",
                _s(municipal.build.seconds),
                municipal.build.seconds <= TARGETS["municipal_s"],
            )
        )
    return out


def _generator_seconds(s: Scale) -> float:
    return sum(s.stage(n)["seconds"] for n in ("validate", "compute", "render", "write"))


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
        " и для сравнения в том же запуске — сборка «голого» MkDocs Material из стольких же страниц,"
        " на каждой таблица Markdown из 60 строк и один блок спецификации графика.",
        "",
        f"**Машина:** {info['cpu']}, ядер: {info['cores']}, память: {info['memory']}; {info['os']}; Python "
        f"{info['python']}. **Дата:** {info['date']}.",
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
        row(
            "**Вся сборка** (`python -m generator build`, с запуском Python)",
            [f"**{_s(s.build.seconds)}**" for s in scales],
        ),
        row(
            "из них MkDocs / генератор (проверка, расчёт, страницы, запись)",
            [
                f"{_n(100 * s.stage('site')['seconds'] / s.build.seconds, 0)} % / {_s(_generator_seconds(s))}"
                for s in scales
            ],
        ),
        row("Пик памяти всех процессов сборки (сумма PSS)", [_mb(s.build.peak_pss_mb) for s in scales]),
        row(
            "Вспомогательные процессы (страницы, файлы для скачивания), пик RSS одного",
            [_mb(s.stage("downloads")["extra"].get("helpers_peak_mb", 0.0)) for s in scales],
        ),
        row(
            "«Голая» сборка MkDocs Material из стольких же страниц",
            [f"{_s(s.bare.seconds)} ({_int(s.site_pages)} стр.)" for s in scales],
        ),
        row("**Отношение: вся сборка / «голая» сборка**", [f"**{_n(s.ratio, 2)}**" for s in scales]),
        row("Синтетические данные (не входят в сборку)", [_s(s.synth_s) for s in scales]),
        "",
        "## Сайт",
        "",
        f"| | {heads} |",
        sep,
        row("Размер site/ (со всеми файлами для скачивания)", [_size(s.site.bytes) for s in scales]),
        row("HTML-страниц", [_int(s.site.html_pages) for s in scales]),
        row(
            "Самая большая HTML-страница",
            [f"{_size(s.site.largest_html[0])} (`{s.site.largest_html[1]}`)" for s in scales],
        ),
        row("Поисковый индекс", [_size(s.site.search_bytes) for s in scales]),
        row("Поисковый индекс «голого» сайта", [_size(s.bare_site.search_bytes) for s in scales]),
        row("Библиотека графиков", [f"{len(s.site.chart_scripts)} файл, {_size(s.site.bundle_bytes)}" for s in scales]),
    ]
    if demo is not None:
        lines += [
            "",
            f"Демонстрационные данные `data/` (`make site` после установки): **{_s(demo.seconds)}**, пик памяти "
            f"{_mb(demo.peak_pss_mb)}.",
        ]
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
        " который готовит файлы для скачивания, пока MkDocs собирает страницы (общие страницы памяти считаются "
        "один раз);"
        " замер 10 раз в секунду.",
        "- «Голая» сборка — точка отсчёта: сайт MkDocs Material из стольких же страниц, сколько собирает MkDocs"
        " у нас (созданные генератором и написанные вручную), на каждой — таблица Markdown из 60 строк и один блок"
        " спецификации графика (Vega-Lite), страницы вне меню, стандартный плагин поиска; без переопределений темы"
        " и без других плагинов. Её поиск индексирует каждую ячейку таблиц; сайт генератора — названия организаций"
        " и показателей, заголовки и тексты страниц.",
        "- Страницы рендерятся на всех ядрах (разветвлённые процессы, `generator/parallel.py`); файлы для скачивания"
        " готовит второй процесс, пока MkDocs (одно ядро) собирает сайт. Таблицы и графики страниц не проходят через"
        " Markdown и поиск MkDocs: они вставляются в готовые страницы (`generator/render/fragments.py`), HTML тот же.",
        f"- Длинные списки (больше {PAGE_ROWS} строк на странице) разбиты на страницы по {PAGE_ROWS} строк"
        " (`lists/`), они не входят в поисковый индекс.",
        "- Данные синтетические: `python -m tools.synth --orgs N --years Y --indicators I --seed 1`.",
        "",
    ]
    return "\n".join(lines)
