"""Stage 1: read `data/` from disk. Reads nothing outside the data folder and
opens no network connection: resource paths that are URLs, absolute, or lead
out of their package (also through a symbolic link) are refused."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.csvfile import RawTable, read_csv_bytes
from generator.problems import Problem, rel
from generator.settings import MAX_SETTINGS_BYTES, UNKNOWN, Settings, parse_settings, too_large

# ASCII digits only: \d also matches «٢٠٢٣» (Arabic-Indic) or «２０２３», which
# int() reads as 2023 beside the real data/2023.
YEAR_DIR_RE = re.compile(r"[0-9]{4}")
YEAR_MIN, YEAR_MAX = 2000, 2100
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
    if not data_dir.is_dir():
        return None, [Problem("no-data", rel(data_dir, root), "папка с данными не найдена.", "укажите папку с данными (--data) или создайте data/ с monitoring.yml и папками лет.")]
    settings, problems = _load_settings(data_dir, root)

    packages = []
    years = 0
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or entry.is_file():
            continue
        wrong = year_folder_problem(entry.name, rel(entry, root))
        if wrong is not None:
            problems.append(wrong)
            continue
        if entry.is_symlink() or not _inside(entry, data_dir):
            problems.append(Problem("outside-data", rel(entry, root), "папка года — символическая ссылка за пределы data/.", "положите данные года в саму папку data/."))
            continue
        years += 1
        package, found = _load_package(entry, data_dir, root)
        problems += found
        if package is not None:
            packages.append(package)
    if not years and not any(p.code == "not-a-year" for p in problems):
        problems.append(Problem("no-years", rel(data_dir, root), "нет ни одной папки года.", "создайте папку года, например data/2025: скопируйте в неё файлы предыдущего года или возьмите образец из README."))
    return RawDataset(settings, packages), problems


def year_folder_problem(name: str, file: str) -> Problem | None:
    """None when `name` is a year folder: four ASCII digits from YEAR_MIN to YEAR_MAX."""
    if YEAR_DIR_RE.fullmatch(name) and YEAR_MIN <= int(name) <= YEAR_MAX:
        return None
    years = f"от {YEAR_MIN} до {YEAR_MAX}"
    if YEAR_DIR_RE.fullmatch(name):
        return Problem("not-a-year", file, f"папка названа годом {name}, а годы мониторинга — {years}.",
                       "проверьте год в названии папки (например data/2025) или уберите папку из data/.")
    if name.isdigit():  # digits, but not four ASCII ones: «٢٠٢٣», «２０２３», «20251»
        ascii_name = "".join(str(unicodedata.decimal(c)) for c in name) if name.isdecimal() else ""
        if len(name) == 4 and ascii_name:
            return Problem("not-a-year", file, "папка названа цифрами не из набора 0–9 "
                           f"(так выглядит {ascii_name} в другой записи цифр); генератор такую папку не читает.",
                           f"переименуйте папку в {ascii_name}, набрав цифры на обычной клавиатуре; "
                           f"если папка data/{ascii_name} уже есть, оставьте только одну из двух.")
        return Problem("not-a-year", file, "папка названа числом, но не годом из четырёх цифр.",
                       f"папка каждого года называется четырьмя цифрами 0–9, год {years}, например data/2025.")
    return Problem("not-a-year", file, "папка в data/ названа не годом.",
                   "папка каждого года называется четырьмя цифрами, например data/2025; прочие папки уберите из data/.")


def _load_settings(data_dir: Path, root: Path) -> tuple[Settings, list[Problem]]:
    """monitoring.yml; when it is missing or unreadable, settings that let the
    tables still be checked in this run (UNKNOWN: kinds are not judged)."""
    path = data_dir / "monitoring.yml"
    file = rel(path, root)
    if not path.is_file():
        return UNKNOWN, [Problem("no-settings", file, "нет файла настроек monitoring.yml.", "создайте его по образцу из README.")]
    if path.stat().st_size > MAX_SETTINGS_BYTES:
        return UNKNOWN, [too_large(file)]  # refused unread
    text, problem = _read_inside(path, data_dir, file, "положите сам файл monitoring.yml в папку data/.")
    if problem is not None:
        return UNKNOWN, [problem]
    return parse_settings(text, file)


def unsafe_path(rpath: str) -> str:
    """Why a resource path may not be read, or "" when it is a plain path inside
    the package. The generator opens no network connection and reads nothing
    outside data/, so URLs, absolute paths and ".." are refused before any
    file system call."""
    if re.search(r"[\x00-\x1f\x7f]", rpath):
        return "в пути есть управляющие символы"
    if rpath.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", rpath):
        return "это абсолютный путь"
    if "://" in rpath or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", rpath):
        return "это адрес в интернете, а генератор ничего не скачивает"
    if "\\" in rpath:
        return "в пути обратная косая черта «\\»; разделитель папок — «/»"
    if ".." in rpath.split("/"):
        return "путь ведёт за пределы папки года («..»)"
    return ""


def _read_inside(path: Path, folder: Path, file: str, fix: str) -> tuple[str, Problem | None]:
    """A text file that must be inside `folder` (also after following links), as UTF-8."""
    if not _inside(path, folder):
        return "", Problem("path-outside", file, "файл — символическая ссылка за пределы папки с данными; такие файлы не читаются.", fix)
    try:
        data = path.read_bytes()
    except OSError as err:
        return "", Problem("unreadable", file, f"файл не читается ({err.strerror}).", "проверьте права доступа к файлу.")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), None
    except UnicodeDecodeError as err:
        row = data.count(b"\n", 0, err.start) + 1
        return "", Problem("encoding", file, "файл не в кодировке UTF-8 (возможно, сохранён в Windows-1251).", "сохраните файл в кодировке UTF-8 (в Блокноте: «Сохранить как», кодировка UTF-8).", row=row)


def _parse_json(text: str, file: str) -> tuple[dict, Problem | None]:
    fix = "проверьте запятые, кавычки и скобки в этой строке и строкой выше; сравните с datapackage.json предыдущего года."
    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict:
        # json keeps the last of two equal keys; staff would not know which one counted.
        keys = [k for k, _ in items]
        repeated.extend(k for i, k in enumerate(keys) if k in keys[:i])
        return dict(items)

    try:
        descriptor = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as err:
        return {}, Problem("bad-json", file, f"файл не читается как JSON: {_json_reason(err.msg)} (позиция {err.colno} в строке).", fix, row=err.lineno)
    except RecursionError:
        return {}, Problem("bad-json", file, "слишком глубокая вложенность скобок.", fix)
    if not isinstance(descriptor, dict):
        return {}, Problem("bad-json", file, "ожидается объект JSON { ... }.", "сравните с datapackage.json предыдущего года.", row=1)
    if repeated:
        key = repeated[0]
        found = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)]
        row = text.count("\n", 0, found[1]) + 1 if len(found) > 1 else None
        return {}, Problem("bad-json", file, "поле указано дважды в одном объекте.", "оставьте одно поле с этим именем.", row=row, column=key)
    return descriptor, None


JSON_REASONS = {
    "Expecting ',' delimiter": "не хватает запятой между элементами",
    "Expecting property name enclosed in double quotes": "ожидается имя поля в двойных кавычках (возможно, лишняя запятая перед «}»)",
    "Expecting value": "ожидается значение (возможно, лишняя запятая перед «]» или пустой файл)",
    "Expecting ':' delimiter": "не хватает двоеточия после имени поля",
    "Unterminated string starting at": "строка в кавычках не закрыта",
    "Invalid control character at": "перевод строки или управляющий символ внутри строки",
    "Extra data": "лишний текст после закрывающей скобки",
}


def _json_reason(msg: str) -> str:
    return JSON_REASONS.get(msg, msg)


def _load_package(folder: Path, data_dir: Path, root: Path) -> tuple[RawPackage | None, list[Problem]]:
    problems: list[Problem] = []
    year = int(folder.name)
    desc_path = folder / "datapackage.json"
    file = rel(desc_path, root)
    if not desc_path.is_file():
        return None, [Problem("no-descriptor", file, "нет описания пакета datapackage.json.", "скопируйте datapackage.json из предыдущего года и исправьте год в name и title.")]
    data, problem = _read_inside(desc_path, folder, file, f"положите сам файл datapackage.json в папку {rel(folder, root)}.")
    if problem is not None:
        return None, [problem]
    descriptor, problem = _parse_json(data, file)
    if problem is not None:
        return None, [problem]
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
    for i, res in enumerate(resources, start=1):
        rname, table, found = _load_resource(res, f"resources[{i}]", seen, folder, data_dir, root, file)
        problems += found
        if table is not None:
            package.tables[rname] = table
    for rname in REQUIRED_RESOURCES:
        if rname not in seen:
            problems.append(Problem("missing-resource", file, f"в пакете нет ресурса «{rname}».", f"добавьте в resources {{\"name\": \"{rname}\", \"path\": \"{rname}.csv\"}} и файл {rname}.csv."))
    return package, problems


def _load_resource(res: object, where: str, seen: set[str], folder: Path, data_dir: Path, root: Path, file: str) -> tuple[str, RawTable | None, list[Problem]]:
    """One entry of `resources`: its name, its table (None when not read) and
    the problems. `where` names the entry in the descriptor, e.g. resources[4]."""
    known = REQUIRED_RESOURCES + OPTIONAL_RESOURCES
    problems: list[Problem] = []

    def bad(code: str, message: str, fix: str, column: str | None = where, value: str | None = None, at: str = file):
        return "", None, problems + [Problem(code, at, message, fix, column=column, value=value)]

    if not isinstance(res, dict):
        return bad("descriptor", "ресурс должен быть объектом с полями name и path.", "см. datapackage.json предыдущего года.")
    rname, rpath = res.get("name"), res.get("path")
    extra = set(res) - RESOURCE_KEYS
    if extra:
        problems.append(Problem("descriptor", file, f"лишние поля ресурса: {', '.join(sorted(map(str, extra)))}.", "у ресурса указываются только name и path.", column=where))
    if rname not in known:
        return bad("unknown-resource", "неизвестный ресурс.", f"допустимые ресурсы: {', '.join(known)}.", where + ".name", str(rname))
    if rname in seen:
        return bad("descriptor", "ресурс указан дважды.", "оставьте одно описание ресурса.", where + ".name", rname)
    seen.add(rname)
    if not isinstance(rpath, str) or not rpath:
        return bad("descriptor", "не указан путь к файлу ресурса.", f"укажите \"path\": \"{rname}.csv\".", where + ".path")
    put_here = f"положите файл в папку {rel(folder, root)} и укажите только имя файла, например \"{rname}.csv\"."
    why = unsafe_path(rpath)
    if why:
        return bad("path-outside", f"путь ресурса недопустим: {why}; такие файлы не читаются.", put_here, where + ".path", rpath)
    path = folder / rpath
    if not _inside(path, folder) or not _inside(path, data_dir):
        return bad("path-outside", "файл ресурса — символическая ссылка за пределы пакета; такие файлы не читаются.", put_here, where + ".path", rpath)
    if not path.is_file():
        return bad("missing-file", f"файл ресурса «{rname}» не найден.", f"создайте файл или исправьте путь в {file}.", None, rpath, rel(path, root))
    if not rpath.lower().endswith(".csv"):
        return bad("descriptor", "ресурс должен быть файлом CSV.", "сохраните таблицу в CSV (UTF-8, разделитель «,»).", where + ".path", rpath)
    if path.stat().st_size > MAX_FILE_BYTES:
        return bad("too-large", "файл слишком велик (больше 512 МБ).", "проверьте, что сохранена нужная таблица.", None, None, rel(path, root))
    try:
        data = path.read_bytes()
    except OSError as err:
        return bad("unreadable", f"файл не читается ({err.strerror}).", "проверьте права доступа к файлу.", None, None, rel(path, root))
    table, found = read_csv_bytes(data, rname, rel(path, root))
    return rname, table, problems + found
