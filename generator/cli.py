"""`python -m generator <command>`: the one entry point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.problems import DataError

ROOT = Path(__file__).resolve().parent.parent


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
    from generator.export import results_package
    from generator.pipeline import run
    from generator.write import replace_dir

    data_dir = _data(args)
    ds, results = run(data_dir, _root_for(data_dir))
    out = Path(args.out).resolve()
    replace_dir(out, results_package(ds, results))
    print(f"Результаты записаны в {out}: scores.csv, municipal.csv, recommendations.csv, datapackage.json.")
    return 0


def cmd_build(args) -> int:
    from generator.build import build_site

    data_dir = _data(args)
    site = build_site(data_dir, Path(args.site).resolve(), ROOT)
    print(f"Сайт собран: {site}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Генератор сайта мониторинга эффективности руководителей образовательных организаций: проверка данных, расчёт, выгрузка и сборка сайта.",
    )
    sub = p.add_subparsers(dest="command", metavar="команда", required=True)

    def data_arg(sp):
        sp.add_argument("--data", default=str(ROOT / "data"), help="папка с данными (по умолчанию data/)")

    sp = sub.add_parser("validate", help="проверить данные всех лет и показать все ошибки")
    data_arg(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("export", help="рассчитать результаты и записать их как пакет данных (scores.csv, municipal.csv)")
    data_arg(sp)
    sp.add_argument("--out", required=True, help="папка для результатов (заменяется целиком только при успехе)")
    sp.set_defaults(func=cmd_export)

    sp = sub.add_parser("build", help="проверить, рассчитать и собрать сайт в site/")
    data_arg(sp)
    sp.add_argument("--site", default=str(ROOT / "site"), help="папка сайта (по умолчанию site/)")
    sp.set_defaults(func=cmd_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        print(err.report.text(), file=sys.stderr)
        return 1
