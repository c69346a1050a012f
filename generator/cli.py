"""`monitoring-site <command>` (= `python -m generator <command>`): the one entry point.

The developer tools (synthetic data, benchmarks) are not part of it: tools/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.argparse_ru import RussianParser
from generator.problems import DataError, Report
from generator.workbook import cli as workbook_commands


def _data(args) -> Path:
    # Not resolved: a data folder reached through a link is named where the user put it.
    return Path(os.path.abspath(args.data))


def _root_for(args) -> Path:
    """What paths in messages are relative to: the current folder, as the data
    folder was typed; the file system's root (absolute paths) when it was typed absolute."""
    return Path("/") if Path(args.data).is_absolute() else Path.cwd()


def _typed(path: str) -> str:
    """A path given on the command line, as the user typed it (normalised)."""
    return Path(os.path.normpath(path)).as_posix()


def cmd_validate(args) -> int:
    from generator.pipeline import checked_dataset

    data_dir = _data(args)
    try:
        ds = checked_dataset(data_dir, _root_for(args))
    except DataError as err:
        _report(args, err.report)
        raise
    _report(args, Report())
    years = ", ".join(f"{y.year} (черновик, не публикуется)" if y.draft else str(y.year) for y in ds.years)
    print(f"Данные в порядке: годы {years}; организаций в {ds.latest.year} году — {len(ds.latest.organizations)}.")
    if ds.published().drafts and not ds.published().years:
        print("Все годы — черновики: сайт не соберётся, пока хотя бы у одного года не убрана пометка «draft».")
    return 0


def _report(args, report: Report) -> None:
    """`validate --report FILE`: the report as Markdown for a pull-request comment (CI)."""
    if args.report:
        from generator.review.report import write_report

        write_report(Path(args.report), report)


def cmd_export(args) -> int:
    from generator.pipeline import export_results

    data_dir = _data(args)
    out = Path(args.out).resolve()
    export_results(data_dir, out, _root_for(args))
    written = sorted(p.name for p in out.iterdir() if p.name != "datapackage.json")
    order = ["scores.csv", "municipal.csv", "recommendations.csv"]  # as before; the extensions' files after
    names = [n for n in order if n in written] + [n for n in written if n not in order]
    print(f"Результаты записаны в {_typed(args.out)}: {', '.join(names)}, datapackage.json.")
    return 0


def cmd_documents(args) -> int:
    """`report` and `letters` (issue 15): the documents of a year, DOCX and PDF."""
    from generator.pipeline import NotPublished, write_documents

    try:
        names = write_documents(_data(args), Path(args.out).resolve(), args.command, args.year, _root_for(args))
    except NotPublished as err:
        print(f"Документы не составлены: {err}", file=sys.stderr)
        return 1
    if args.command == "report":
        print(f"Отчёт за {args.year} год записан в {_typed(args.out)}: {', '.join(names)}.")
    else:
        letters = sum(1 for n in names if n.endswith(".docx"))
        print(
            f"Письма руководителям за {args.year} год записаны в {_typed(args.out)}: {letters} в DOCX и PDF, "
            f"все вместе — в {next(n for n in names if n.endswith('.zip'))}."
        )
    return 0


def cmd_build(args) -> int:
    from generator.build import build_site
    from generator.progress import Stages

    data_dir = _data(args)
    # Stage lines on stderr when it is a terminal; in a CI log only the summary below.
    stages = Stages()
    # The folder that holds data/ is the project: its mkdocs.yml and docs/, if any, replace the packaged defaults.
    build_site(data_dir, Path(args.site).resolve(), data_dir.parent, stages, shown=_root_for(args))
    pages = next((r.count for r in stages.records if r.name == "render"), 0)
    print(f"Сайт собран: {_typed(args.site)} (страниц: {pages}, {stages.total_seconds:.0f} с)")
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
    from generator.newyear import NewYearError, carried_report, check_target, new_year
    from generator.pipeline import checked_dataset

    data_dir = _data(args)
    folder = (Path(_typed(args.data)) / str(args.year)).as_posix()
    try:
        check_target(data_dir, args.year, folder)
        made = new_year(checked_dataset(data_dir, _root_for(args)), data_dir, args.year, folder)
    except NewYearError as err:
        print(f"Год не создан: {err}", file=sys.stderr)
        return 1
    print(
        f"Создана папка {folder}: организации, направления, показатели, уровни и рекомендации скопированы из "
        f"{made.previous} года; в values.csv {made.rows} строк с пустыми значениями.\n"
        f'Год создан как черновик («"draft": true» в {folder}/datapackage.json): он проверяется, но не '
        "публикуется, а главная страница сайта сообщает, что данные года в подготовке.\n"
        "Впишите значения и выполните make validate: проверка покажет, кто что не представил. Когда данные "
        f'проверены и готовы к публикации, удалите строку «"draft": true» из {folder}/datapackage.json.'
    )
    if made.carried:
        print(carried_report(made.carried, made.previous, folder))
    return 0


def cmd_schemas(args) -> int:
    from generator.schemacopy import SchemaCopyError, sync

    try:
        changed = sync(_data(args), _typed(args.data), write=not args.check)
    except SchemaCopyError as err:
        print(f"Схемы не записаны: {err}", file=sys.stderr)
        return 1
    if args.check:
        if changed:
            print("Копии схем и описания пакетов не совпадают со схемами генератора:", file=sys.stderr)
            print("\n".join(f"  {f}" for f in changed), file=sys.stderr)
            print("Выполните monitoring-site schemas (make schemas), чтобы записать их.", file=sys.stderr)
            return 1
        print("Копии схем и описания пакетов совпадают со схемами генератора.")
        return 0
    if changed:
        print("Записаны:\n" + "\n".join(f"  {f}" for f in changed))
    else:
        print("Копии схем и описания пакетов уже совпадают со схемами генератора.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = RussianParser(
        prog="monitoring-site",
        description="Генератор сайта мониторинга эффективности руководителей образовательных организаций: проверка"
        " данных, расчёт, выгрузка и сборка сайта.",
    )
    sub = p.add_subparsers(dest="command", metavar="команда", required=True)

    def data_arg(sp):
        sp.add_argument(
            "--data", default="data", metavar="ПАПКА", help="папка с данными (по умолчанию data/ в текущей папке)"
        )

    sp = sub.add_parser("validate", help="проверить данные всех лет и показать все ошибки")
    data_arg(sp)
    sp.add_argument(
        "--report",
        metavar="ФАЙЛ",
        help="записать отчёт и в этот файл, в разметке Markdown (для комментария к запросу на слияние в CI)",
    )
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser(
        "export", help="рассчитать результаты и записать их как пакет данных (scores.csv, municipal.csv)"
    )
    data_arg(sp)
    sp.add_argument(
        "--out", required=True, metavar="ПАПКА", help="папка для результатов (заменяется целиком только при успехе)"
    )
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("build", help="проверить, рассчитать и собрать сайт в site/")
    data_arg(sp)
    sp.add_argument("--site", default="site", metavar="ПАПКА", help="папка сайта (по умолчанию site/ в текущей папке)")
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
        description="Сравнивает данные двух версий git (BASE и HEAD; без HEAD — с рабочей копией) или двух папок"
        " (--base-data и --head-data): "
        "что добавлено, удалено и изменено в каждом году и как от этого меняются баллы, места и уровни организаций.",
    )
    data_arg(sp)
    sp.add_argument(
        "base", nargs="?", metavar="BASE", help="базовая версия git: ветка, тег или коммит (например, origin/main)"
    )
    sp.add_argument("head", nargs="?", metavar="HEAD", help="новая версия git (по умолчанию — рабочая копия)")
    sp.add_argument(
        "--base-data",
        metavar="ПАПКА",
        help="папка с данными базовой версии вместо BASE (например, в CI без истории git)",
    )
    sp.add_argument("--head-data", metavar="ПАПКА", help="папка с данными новой версии вместо HEAD")
    sp.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown — кратко, для комментария к запросу на слияние; json — всё подробно",
    )
    sp.set_defaults(func=cmd_diff)

    sp = sub.add_parser(
        "new-year",
        help="создать папку нового года из предыдущего (черновиком): всё скопировано, значения пустые",
    )
    data_arg(sp)
    sp.add_argument("year", type=int, metavar="ГОД", help="год, например 2026")
    sp.set_defaults(func=cmd_new_year)

    sp = sub.add_parser(
        "schemas",
        help="записать в пакет каждого года копии схем таблиц и ссылки на них (стандартный пакет Frictionless)",
        description="Делает пакет каждого года стандартным пакетом Frictionless Data Package 2.0: копии схем таблиц "
        "генератора в data/<год>/schemas/, ссылка на схему у каждого ресурса, профиль в поле $schema. Остальное "
        "в datapackage.json не меняется.",
    )
    data_arg(sp)
    sp.add_argument("--check", action="store_true", help="только проверить, что всё записано (выход 1, если нет)")
    sp.set_defaults(func=cmd_schemas)

    # --- documents (issue 15) ---
    for name, what, description in (
        (
            "report",
            "составить отчёт о результатах мониторинга за год (DOCX и PDF)",
            "Отчёт за год в структуре отчёта методического центра: титульный лист, введение, методика, свод по "
            "типам организаций, результаты по направлениям с таблицей и графиком, три списка динамики "
            "показателей, рейтинг по типам, адресные рекомендации, выводы. DOCX — для правки и подписи, PDF — для "
            "сайта. Все цифры — из расчёта, как на сайте.",
        ),
        (
            "letters",
            "составить письма руководителям организаций по итогам года (DOCX и PDF, все в одном ZIP)",
            "Письмо каждой организации, адресованное руководителю по должности (имя — только при "
            "publish_personal_names: true): итоговый балл, уровень, место, динамика, результаты по направлениям, "
            "сильные стороны и дефициты, адресные рекомендации.",
        ),
    ):
        sp = sub.add_parser(name, help=what, description=description)
        data_arg(sp)
        sp.add_argument("year", type=int, metavar="ГОД", help="опубликованный год мониторинга, например 2025")
        sp.add_argument(
            "--out", required=True, metavar="ПАПКА", help="папка для документов (заменяется целиком только при успехе)"
        )
        sp.set_defaults(func=cmd_documents)
    # --- end documents ---

    workbook_commands.register(sub, data_arg)  # template, import (generator/workbook/cli.py)
    return p


# --- file-system errors (issue 9): a Russian message, exit 1, no traceback ---
def _unchanged(args) -> str:
    """What a failed command left as it was (every writer swaps in only a complete result)."""
    if args.command == "build":
        return f"Опубликованный сайт {_typed(args.site)} не изменён."
    if args.command in ("export", "report", "letters"):
        return f"Папка {_typed(args.out)} не изменена."
    if args.command == "new-year":
        return "Папка нового года не создана."
    return workbook_commands.unchanged(args)


def _written(args) -> Path | None:
    """The folder a command writes into, named when an error carries no path."""
    if args.command == "build":
        return Path(args.site).resolve()
    if args.command in ("export", "report", "letters"):
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
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is no file (captured): nothing to silence
            pass
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
