"""Stage 1: read `data/` from disk. Reads nothing outside the data folder and
opens no network connection: resource paths that are URLs, absolute, or lead
out of their package (also through a symbolic link) are refused."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.csvfile import RawTable, read_csv_bytes
from generator.problems import Problem, rel
from generator.settings import Settings, parse_settings

YEAR_DIR_RE = re.compile(r"\d{4}")
PACKAGE_KEYS = {"name", "title", "version", "resources", "sources", "licenses", "contributors", "description", "$schema", "profile"}
RESOURCE_KEYS = {"name", "path", "title", "description", "profile", "format", "mediatype", "encoding", "schema"}
REQUIRED_RESOURCES = ("organizations", "directions", "indicators", "values", "levels")
OPTIONAL_RESOURCES = ("recommendations",)
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class RawPackage:
    """One year's package as read from disk: descriptor and tables of strings."""

    year: int
    descriptor: dict
    file: str  # the datapackage.json, as staff see it
    tables: dict[str, RawTable] = field(default_factory=dict)


@dataclass
class RawDataset:
    settings: Settings
    packages: list[RawPackage]  # ordered by year


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def load(data_dir: Path, root: Path | None = None) -> tuple[RawDataset | None, list[Problem]]:
    """Read monitoring.yml and every `data/<year>/` package."""
    root = root or data_dir.parent
    problems: list[Problem] = []
    if not data_dir.is_dir():
        problems.append(Problem("no-data", rel(data_dir, root), "папка с данными не найдена.", "укажите папку с данными (--data) или создайте data/ с monitoring.yml и папками лет."))
        return None, problems
    settings_path = data_dir / "monitoring.yml"
    settings: Settings | None = Settings()
    if settings_path.is_file():
        settings, found = parse_settings(settings_path.read_text(encoding="utf-8", errors="replace"), rel(settings_path, root))
        problems += found
    else:
        problems.append(Problem("no-settings", rel(settings_path, root), "нет файла настроек monitoring.yml.", "создайте его по образцу из README."))

    packages = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.is_file():
            continue
        if not YEAR_DIR_RE.fullmatch(entry.name):
            problems.append(Problem("not-a-year", rel(entry, root), "папка в data/ названа не годом.", "папка каждого года называется четырьмя цифрами, например data/2025; прочие папки уберите из data/."))
            continue
        if entry.is_symlink() or not _inside(entry, data_dir):
            problems.append(Problem("outside-data", rel(entry, root), "папка года — символическая ссылка за пределы data/.", "положите данные года в саму папку data/."))
            continue
        package, found = _load_package(entry, data_dir, root)
        problems += found
        if package is not None:
            packages.append(package)
    if not packages and not any(p.code == "not-a-year" for p in problems):
        problems.append(Problem("no-years", rel(data_dir, root), "нет ни одной папки года.", "создайте папку года, например data/2025, командой python -m generator new-year 2025 или по образцу из README."))
    if settings is None:
        return None, problems
    return RawDataset(settings, packages), problems


def _load_package(folder: Path, data_dir: Path, root: Path) -> tuple[RawPackage | None, list[Problem]]:
    problems: list[Problem] = []
    year = int(folder.name)
    desc_path = folder / "datapackage.json"
    file = rel(desc_path, root)
    if not desc_path.is_file():
        return None, [Problem("no-descriptor", file, "нет описания пакета datapackage.json.", "скопируйте datapackage.json из предыдущего года и исправьте год в name и title.")]
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        return None, [Problem("bad-json", file, f"файл не читается как JSON ({getattr(err, 'msg', err)}).", "проверьте запятые, кавычки и скобки; сравните с datapackage.json предыдущего года.", row=line)]
    if not isinstance(descriptor, dict):
        return None, [Problem("bad-json", file, "ожидается объект JSON { ... }.", "сравните с datapackage.json предыдущего года.")]
    for key in descriptor:
        if key not in PACKAGE_KEYS:
            problems.append(Problem("descriptor", file, "лишнее поле в описании пакета.", "допустимы: name, title, version, resources, sources, licenses, contributors; схемы таблиц задаются в schemas/ и не указываются в пакете.", column=key))
    name = descriptor.get("name")
    if name != f"monitoring-{year}":
        problems.append(Problem("year-mismatch", file, f"имя пакета не соответствует папке {folder.name}.", f"укажите \"name\": \"monitoring-{year}\".", column="name", value=str(name)))
    title = descriptor.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem("descriptor", file, "нет названия пакета.", "заполните \"title\", например «Мониторинг, " + folder.name + " год».", column="title"))
    elif re.search(r"\b(19|20)\d{2}\b", title) and folder.name not in title:
        problems.append(Problem("year-mismatch", file, f"в названии пакета указан другой год, чем в имени папки ({folder.name}).", "исправьте год в \"title\" или переместите пакет в папку нужного года.", column="title", value=title))
    if not isinstance(descriptor.get("version", ""), str):
        problems.append(Problem("descriptor", file, "версия должна быть текстом.", "например \"version\": \"1.0.0\".", column="version"))
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return None, problems + [Problem("descriptor", file, "нет списка ресурсов resources.", "перечислите ресурсы: {\"name\": \"values\", \"path\": \"values.csv\"} и другие.", column="resources")]

    package = RawPackage(year, descriptor, file)
    seen: set[str] = set()
    known = REQUIRED_RESOURCES + OPTIONAL_RESOURCES
    for i, res in enumerate(resources, start=1):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            problems.append(Problem("descriptor", file, "ресурс должен быть объектом с полями name и path.", "см. datapackage.json предыдущего года.", column=where))
            continue
        rname, rpath = res.get("name"), res.get("path")
        extra = set(res) - RESOURCE_KEYS
        if extra:
            problems.append(Problem("descriptor", file, f"лишние поля ресурса: {', '.join(sorted(map(str, extra)))}.", "у ресурса указываются только name и path.", column=where))
        if rname not in known:
            problems.append(Problem("unknown-resource", file, "неизвестный ресурс.", f"допустимые ресурсы: {', '.join(known)}.", column=where + ".name", value=str(rname)))
            continue
        if rname in seen:
            problems.append(Problem("descriptor", file, "ресурс указан дважды.", "оставьте одно описание ресурса.", column=where + ".name", value=rname))
            continue
        seen.add(rname)
        if not isinstance(rpath, str) or not rpath:
            problems.append(Problem("descriptor", file, "не указан путь к файлу ресурса.", f"укажите \"path\": \"{rname}.csv\".", column=where + ".path"))
            continue
        if "://" in rpath or rpath.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rpath) or ".." in Path(rpath).parts:
            problems.append(Problem("path-outside", file, "путь ресурса ведёт за пределы пакета (адрес в интернете, абсолютный путь или «..»); такие файлы не читаются.", f"положите файл в папку {rel(folder, root)} и укажите только имя файла, например \"{rname}.csv\".", column=where + ".path", value=rpath))
            continue
        path = folder / rpath
        if not _inside(path, folder) or not _inside(path, data_dir):
            problems.append(Problem("path-outside", file, "файл ресурса — символическая ссылка за пределы пакета; такие файлы не читаются.", f"положите сам файл в папку {rel(folder, root)}.", column=where + ".path", value=rpath))
            continue
        if not path.is_file():
            problems.append(Problem("missing-file", rel(path, root), f"файл ресурса «{rname}» не найден.", f"создайте файл или исправьте путь в {file}.", value=rpath))
            continue
        if not rpath.lower().endswith(".csv"):
            problems.append(Problem("descriptor", file, "ресурс должен быть файлом CSV.", "сохраните таблицу в CSV (UTF-8, разделитель «,»).", column=where + ".path", value=rpath))
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem("too-large", rel(path, root), "файл слишком велик (больше 512 МБ).", "проверьте, что сохранена нужная таблица."))
            continue
        table, found = read_csv_bytes(path.read_bytes(), rname, rel(path, root))
        problems += found
        if table is not None:
            package.tables[rname] = table
    for rname in REQUIRED_RESOURCES:
        if rname not in seen:
            problems.append(Problem("missing-resource", file, f"в пакете нет ресурса «{rname}».", f"добавьте в resources {{\"name\": \"{rname}\", \"path\": \"{rname}.csv\"}} и файл {rname}.csv."))
    return package, problems
