"""The subcommands `template` and `import` of `monitoring-site` (generator/cli.py
registers them here). Heavy imports (openpyxl, calamine) wait until a command runs."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.problems import DataError


def _data(args) -> tuple[Path, Path]:
    data_dir = Path(args.data).resolve()
    return data_dir, data_dir.parent  # paths in messages relative to the folder holding data/, as cli.py does


def cmd_template(args) -> int:
    data_dir, root = _data(args)
    out = Path(args.out)
    try:
        return _template(args, data_dir, root, out)
    except DataError as err:
        print(err.report.text("Книга не записана: сначала исправьте данные года."), file=sys.stderr)
        return 1


def _template(args, data_dir: Path, root: Path, out: Path) -> int:
    from generator.russian import plural
    from generator.workbook.commands import make_templates

    if args.per_organization and out.suffix.lower() in (".xlsx", ".ods"):
        print(f"С --per-organization в --out указывается папка, а не файл: {out}.", file=sys.stderr)
        return 1
    if not args.per_organization and out.suffix.lower() != ".xlsx":
        print(
            f"Книга записывается в формате XLSX: укажите в --out файл с расширением .xlsx, а не {out}.", file=sys.stderr
        )
        return 1
    written = make_templates(data_dir, args.year, out, args.per_organization, root)
    if args.per_organization:
        books = plural(len(written), "книга", "книги", "книг")
        print(f"Записаны книги организаций {args.year} года ({books}) в папку {out}.")
    else:
        print(
            f"Книга для ввода данных {args.year} года записана: {out}. Заполните лист «Значения» и загрузите её: "
            f"make import FILES={out} YEAR={args.year}."
        )
    return 0


def cmd_import(args) -> int:
    from generator.workbook.commands import import_books

    data_dir, root = _data(args)
    try:
        done = import_books(data_dir, args.year, [(Path(f), f) for f in args.files], root)
    except DataError as err:
        outcome = f"Ничего не записано, данные {args.year} года не изменены: исправьте книги и загрузите их снова."
        print(err.report.text(outcome), file=sys.stderr)
        return 1
    files = (
        f"записаны файлы: {', '.join(done.written)}"
        if done.written
        else "файлы CSV уже совпадают с книгами, ничего не изменено"
    )
    print(
        f"Загружено книг: {done.books}; строк значений: {done.values}, из них заполнено: {done.filled}. "
        f"Данные {args.year} года проверены, ошибок нет; {files}."
    )
    for p in done.incomplete:
        print(f"Внимание: {p.text()}")
    return 0


def register(sub, data_arg) -> None:
    """Add `template` and `import` to the subparsers `sub`; data_arg adds --data."""
    sp = sub.add_parser(
        "template",
        help="записать книгу XLSX для ввода данных года (или по книге на организацию)",
        description="Книга для ввода данных года: лист «Значения» со всеми парами «организация — показатель» "
        "(наименования, единица и допустимые значения рядом, проверка ячеек, списки «да/нет»), листы таблиц года "
        "и инструкция. Год должен быть в данных (make new-year YEAR=…).",
    )
    data_arg(sp)
    sp.add_argument("year", type=int, metavar="YEAR", help="год, например 2026")
    sp.add_argument("--out", required=True, metavar="ФАЙЛ", help="файл книги .xlsx (с --per-organization — папка)")
    sp.add_argument(
        "--per-organization",
        action="store_true",
        help="по небольшой книге на каждую организацию (ГОД-id.xlsx): что отправляется в школу",
    )
    sp.set_defaults(func=cmd_template)

    sp = sub.add_parser(
        "import",
        help="загрузить заполненные книги XLSX или ODS в файлы CSV года",
        description="Читает одну или несколько книг (XLSX и ODS, как их сохраняют Excel и LibreOffice), "
        "проверяет данные года как validate и только если ошибок нет, записывает файлы CSV года. "
        "Ошибка называет файл, лист, ячейку и что сделать; при ошибке ничего не записывается.",
    )
    data_arg(sp)
    sp.add_argument("files", nargs="+", metavar="ФАЙЛ", help="книги .xlsx или .ods")
    sp.add_argument("--year", type=int, required=True, metavar="YEAR", help="год, в который загружаются данные")
    sp.set_defaults(func=cmd_import)


def unchanged(args) -> str:
    """What a failed command left as it was."""
    if args.command == "import":
        return f"Данные {args.year} года не изменены."
    if args.command == "template":
        return "Книга не записана."
    return ""
