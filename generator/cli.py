"""`monitoring-site <command>` (= `python -m generator <command>`): the one entry point.

The developer tools (synthetic data, benchmarks) are not part of it: tools/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.problems import DataError


def _data(args) -> Path:
    return Path(args.data).resolve()


def _root_for(data_dir: Path) -> Path:
    # Paths in messages are shown relative to the folder that holds data/.
    return data_dir.parent


def cmd_validate(args) -> int:
    from generator.pipeline import checked_dataset

    data_dir = _data(args)
    ds = checked_dataset(data_dir, _root_for(data_dir))
    years = ", ".join(str(y.year) for y in ds.years)
    print(f"Данные в порядке: годы {years}; организаций в {ds.latest.year} году — {len(ds.latest.organizations)}.")
    return 0


def cmd_export(args) -> int:
    from generator.pipeline import export_results

    data_dir = _data(args)
    out = Path(args.out).resolve()
    export_results(data_dir, out, _root_for(data_dir))
    written = sorted(p.name for p in out.iterdir() if p.name != "datapackage.json")
    order = ["scores.csv", "municipal.csv", "recommendations.csv"]  # as before; the extensions' files after
    names = [n for n in order if n in written] + [n for n in written if n not in order]
    print(f"Результаты записаны в {out}: {', '.join(names)}, datapackage.json.")
    return 0


def cmd_build(args) -> int:
    from generator.build import build_site
    from generator.progress import Stages

    data_dir = _data(args)
    # Stage lines on stderr when it is a terminal; in a CI log only the summary below.
    stages = Stages()
    # The folder that holds data/ is the project: its mkdocs.yml and docs/, if any, replace the packaged defaults.
    site = build_site(data_dir, Path(args.site).resolve(), _root_for(data_dir), stages)
    pages = next((r.count for r in stages.records if r.name == "render"), 0)
    print(f"Сайт собран: {site} (страниц: {pages}, {stages.total_seconds:.0f} с)")
    if args.timings:
        stages.dump(Path(args.timings))
    return 0


def cmd_diff(args) -> int:
    from generator.pipeline import run
    from generator.review.git import GitError
    from generator.review.markdown import markdown, to_json
    from generator.review.versions import run_diff

    if bool(args.base_data) != bool(args.head_data):
        print("Укажите обе папки: --base-data и --head-data (или две версии git).", file=sys.stderr)
        return 1
    if not args.base_data and not args.base:
        print(
            "Укажите базовую версию (например, main или origin/main) или папки --base-data и --head-data.",
            file=sys.stderr,
        )
        return 1
    try:
        diff = run_diff(
            _data(args),
            args.base,
            args.head,
            Path(args.base_data) if args.base_data else None,
            Path(args.head_data) if args.head_data else None,
            run=run,
        )
    except GitError as err:
        print(f"Сравнение невозможно: {err}", file=sys.stderr)
        return 1
    sys.stdout.write(to_json(diff) if args.format == "json" else markdown(diff))
    return 0


def cmd_new_year(args) -> int:
    from generator.newyear import NewYearError, check_target, new_year
    from generator.pipeline import checked_dataset

    data_dir = _data(args)
    try:
        check_target(data_dir, args.year)
        made = new_year(checked_dataset(data_dir, _root_for(data_dir)), data_dir, args.year)
    except NewYearError as err:
        print(f"Год не создан: {err}", file=sys.stderr)
        return 1
    print(
        f"Создана папка {made.folder}: организации, направления, показатели, уровни и рекомендации скопированы из {made.previous} года; "
        f"в values.csv {made.rows} строк с пустыми значениями. Впишите значения, проверьте описания и выполните make validate."
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="monitoring-site",
        description="Генератор сайта мониторинга эффективности руководителей образовательных организаций: проверка данных, расчёт, выгрузка и сборка сайта.",
    )
    sub = p.add_subparsers(dest="command", metavar="команда", required=True)

    def data_arg(sp):
        sp.add_argument("--data", default="data", help="папка с данными (по умолчанию data/ в текущей папке)")

    sp = sub.add_parser("validate", help="проверить данные всех лет и показать все ошибки")
    data_arg(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser(
        "export", help="рассчитать результаты и записать их как пакет данных (scores.csv, municipal.csv)"
    )
    data_arg(sp)
    sp.add_argument("--out", required=True, help="папка для результатов (заменяется целиком только при успехе)")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("build", help="проверить, рассчитать и собрать сайт в site/")
    data_arg(sp)
    sp.add_argument("--site", default="site", help="папка сайта (по умолчанию site/ в текущей папке)")
    sp.add_argument(
        "--timings",
        default=None,
        metavar="ФАЙЛ",
        help="записать время и пиковую память каждого этапа в файл JSON (для make bench)",
    )
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser(
        "diff",
        help="показать, что меняется в данных между двумя версиями: значения, описания, баллы, места и уровни",
        description="Сравнивает данные двух версий git (BASE и HEAD; без HEAD — с рабочей копией) или двух папок (--base-data и --head-data): "
        "что добавлено, удалено и изменено в каждом году и как от этого меняются баллы, места и уровни организаций.",
    )
    data_arg(sp)
    sp.add_argument(
        "base", nargs="?", metavar="BASE", help="базовая версия git: ветка, тег или коммит (например, origin/main)"
    )
    sp.add_argument("head", nargs="?", metavar="HEAD", help="новая версия git (по умолчанию — рабочая копия)")
    sp.add_argument("--base-data", help="папка с данными базовой версии вместо BASE (например, в CI без истории git)")
    sp.add_argument("--head-data", help="папка с данными новой версии вместо HEAD")
    sp.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown — кратко, для комментария к запросу на слияние; json — всё подробно",
    )
    sp.set_defaults(func=cmd_diff)

    sp = sub.add_parser("new-year", help="создать папку нового года из предыдущего: всё скопировано, значения пустые")
    data_arg(sp)
    sp.add_argument("year", type=int, metavar="YEAR", help="год, например 2026")
    sp.set_defaults(func=cmd_new_year)
    return p


# --- file-system errors (issue 9): a Russian message, exit 1, no traceback ---
def _unchanged(args) -> str:
    """What a failed command left as it was (every writer swaps in only a complete result)."""
    if args.command == "build":
        return f"Опубликованный сайт {Path(args.site).resolve()} не изменён."
    if args.command == "export":
        return f"Папка {Path(args.out).resolve()} не изменена."
    if args.command == "new-year":
        return "Папка нового года не создана."
    return ""


def _written(args) -> Path | None:
    """The folder a command writes into, named when an error carries no path."""
    if args.command == "build":
        return Path(args.site).resolve()
    if args.command == "export":
        return Path(args.out).resolve()
    if args.command == "new-year":
        return _data(args)
    return None


def main(argv: list[str] | None = None) -> int:
    from generator.oserrors import debug, describe
    from generator.write import PublishBusy

    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        print(err.report.text(), file=sys.stderr)
        return 1
    except PublishBusy as err:
        print(err, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of stdout went away (`diff | head`): nothing to tell it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as err:
        if debug():
            raise
        print(describe(err, _unchanged(args), _written(args)), file=sys.stderr)
        return 1


# --- end of file-system errors ---


def run() -> None:
    """The `monitoring-site` console script (pyproject.toml)."""
    sys.exit(main())
