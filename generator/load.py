"""Stage 1: read `data/` from disk. Reads nothing outside the data folder and
opens no network connection: resource paths that are URLs, absolute, or lead
out of their package (also through a symbolic link) are refused."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator import descriptor as descriptor_rules
from generator.csvfile import RawTable, read_csv_bytes
from generator.problems import Problem, monitoring, rel
from generator.problems import files as codes
from generator.problems import texts as text_codes
from generator.problems.catalogue import Code
from generator.settings import MAX_SETTINGS_BYTES, UNKNOWN, Settings, parse_settings, too_large
from generator.texts import MAX_TEXT_BYTES, TEXTS_FOLDER

# ASCII digits only: \d also matches «٢٠٢٣» (Arabic-Indic) or «２０２３», which
# int() reads as 2023 beside the real data/2023.
YEAR_DIR_RE = re.compile(r"[0-9]{4}")
YEAR_MIN, YEAR_MAX = 2000, 2100
REQUIRED_RESOURCES = ("organizations", "directions", "indicators", "values", "levels")
OPTIONAL_RESOURCES = ("recommendations", "territories", "measures", "practices")
# measures.csv and practices.csv (rules 9, 13) are read at their usual path even when
# datapackage.json does not list them: the contract names the files, not the resources.
IMPLICIT_RESOURCES = ("measures", "practices")
GOALS_FILE = "goals.csv"  # data/goals.csv (rule 12): one file for every year, beside monitoring.yml
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class RawPackage:
    """One year's package as read from disk: descriptor and tables of strings."""

    year: int
    descriptor: dict
    file: str  # the datapackage.json, as staff see it
    tables: dict[str, RawTable] = field(default_factory=dict)
    # texts/ (issue 11, generator/texts.py): file name -> (file as staff see it, text; None = not a readable .md)
    texts: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass
class RawDataset:
    settings: Settings
    packages: list[RawPackage]  # ordered by year
    goals: RawTable | None = None  # data/goals.csv, None when there is none (or it could not be read)


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
        return None, [codes.NO_DATA.at(rel(data_dir, root))]
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
            problems.append(codes.YEAR_FOLDER_LINK.at(rel(entry, root)))
            continue
        years += 1
        package, found = _load_package(entry, data_dir, root)
        problems += found
        if package is not None:
            packages.append(package)
    if not years and not any(p.code in codes.YEAR_FOLDER_CODES for p in problems):
        problems.append(codes.NO_YEARS.at(rel(data_dir, root)))
    goals, found = _load_goals(data_dir, root)
    return RawDataset(settings, packages, goals), problems + found


def _load_goals(data_dir: Path, root: Path) -> tuple[RawTable | None, list[Problem]]:
    """data/goals.csv, when there is one."""
    path = data_dir / GOALS_FILE
    if not path.exists() and not path.is_symlink():
        return None, []
    file = rel(path, root)
    if not path.is_file() or not _inside(path, data_dir):
        return None, [codes.LINK_OUTSIDE.at(file, name=path.name, folder="data/")]
    if path.stat().st_size > MAX_FILE_BYTES:
        return None, [codes.FILE_TOO_LARGE.at(file, limit=MAX_FILE_BYTES // 2**20)]
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [codes.UNREADABLE.at(file, reason=err.strerror)]
    return read_csv_bytes(data, "goals", file)


def year_folder_problem(name: str, file: str) -> Problem | None:
    """None when `name` is a year folder: four ASCII digits from YEAR_MIN to YEAR_MAX."""
    if YEAR_DIR_RE.fullmatch(name) and YEAR_MIN <= int(name) <= YEAR_MAX:
        return None
    if YEAR_DIR_RE.fullmatch(name):
        return codes.YEAR_OUT_OF_RANGE.at(file, name=name, low=YEAR_MIN, high=YEAR_MAX)
    if name.isdigit():  # digits, but not four ASCII ones: «٢٠٢٣», «２０２３», «20251»
        ascii_name = "".join(str(unicodedata.decimal(c)) for c in name) if name.isdecimal() else ""
        if len(name) == 4 and ascii_name:
            return codes.YEAR_FOREIGN_DIGITS.at(file, year=ascii_name)
        return codes.YEAR_NOT_FOUR_DIGITS.at(file, low=YEAR_MIN, high=YEAR_MAX)
    return codes.NOT_A_YEAR.at(file)


def _load_settings(data_dir: Path, root: Path) -> tuple[Settings, list[Problem]]:
    """monitoring.yml; when it is missing or unreadable, settings that let the
    tables still be checked in this run (UNKNOWN: kinds are not judged)."""
    path = data_dir / "monitoring.yml"
    file = rel(path, root)
    if not path.is_file():
        return UNKNOWN, [monitoring.NO_SETTINGS.at(file)]
    if path.stat().st_size > MAX_SETTINGS_BYTES:
        return UNKNOWN, [too_large(file)]  # refused unread
    text, problem = _read_inside(path, data_dir, file, "data/")
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


def _read_inside(path: Path, folder: Path, file: str, shown_folder: str) -> tuple[str, Problem | None]:
    """A text file that must be inside `folder` (also after following links), as
    UTF-8. shown_folder: where the file belongs, as staff see it, for the fix."""
    if not _inside(path, folder):
        return "", codes.LINK_OUTSIDE.at(file, name=path.name, folder=shown_folder)
    try:
        data = path.read_bytes()
    except OSError as err:
        return "", codes.UNREADABLE.at(file, reason=err.strerror)
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), None
    except UnicodeDecodeError as err:
        row = data.count(b"\n", 0, err.start) + 1
        return "", codes.TEXT_ENCODING.at(file, row=row)


def _parse_json(text: str, file: str) -> tuple[dict, Problem | None]:
    repeated: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict:
        # json keeps the last of two equal keys; staff would not know which one counted.
        keys = [k for k, _ in items]
        repeated.extend(k for i, k in enumerate(keys) if k in keys[:i])
        return dict(items)

    try:
        descriptor = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as err:
        return {}, codes.JSON_SYNTAX.at(file, row=err.lineno, reason=_json_reason(err.msg), position=err.colno)
    except RecursionError:
        return {}, codes.JSON_TOO_DEEP.at(file)
    if not isinstance(descriptor, dict):
        return {}, codes.JSON_NOT_OBJECT.at(file, row=1)
    if repeated:
        key = repeated[0]
        found = [m.start() for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:", text)]
        row = text.count("\n", 0, found[1]) + 1 if len(found) > 1 else None
        return {}, codes.JSON_DUPLICATE_KEY.at(file, row=row, column=key)
    return descriptor, None


JSON_REASONS = {
    "Expecting ',' delimiter": "не хватает запятой между элементами",
    "Expecting property name enclosed in double quotes": (
        "ожидается имя поля в двойных кавычках (возможно, лишняя запятая перед «}»)"
    ),
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
        return None, [codes.NO_DESCRIPTOR.at(file)]
    data, problem = _read_inside(desc_path, folder, file, rel(folder, root))
    if problem is not None:
        return None, [problem]
    descriptor, problem = _parse_json(data, file)
    if problem is not None:
        return None, [problem]
    problems += descriptor_rules.package_problems(descriptor, year, file)
    name = descriptor.get("name")
    if name != f"monitoring-{year}":
        problems.append(codes.PACKAGE_NAME_YEAR.at(file, column="name", value=str(name), folder=folder.name, year=year))
    title = descriptor.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(codes.PACKAGE_NO_TITLE.at(file, column="title", year=folder.name))
    elif re.search(r"\b(19|20)\d{2}\b", title) and folder.name not in title:
        problems.append(codes.PACKAGE_TITLE_YEAR.at(file, column="title", value=title, folder=folder.name))
    if not isinstance(descriptor.get("version", ""), str):
        problems.append(codes.PACKAGE_VERSION_TYPE.at(file, column="version"))
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return None, problems + [codes.NO_RESOURCES.at(file, column="resources")]

    package = RawPackage(year, descriptor, file)
    seen: set[str] = set()
    for i, res in enumerate(resources, start=1):
        rname, table, found = _load_resource(res, f"resources[{i}]", seen, folder, data_dir, root, file)
        problems += found
        if table is not None:
            package.tables[rname] = table
    for rname in IMPLICIT_RESOURCES:  # the cycle's files, read at their usual path even when not declared
        if rname not in seen and (folder / f"{rname}.csv").is_file():
            res = {"name": rname, "path": f"{rname}.csv"}
            _, table, found = _load_resource(res, f"{rname}.csv", seen, folder, data_dir, root, file)
            problems += found
            if table is not None:
                package.tables[rname] = table
    for rname in REQUIRED_RESOURCES:
        if rname not in seen:
            problems.append(codes.MISSING_RESOURCE.at(file, name=rname))
    package.texts = _load_texts(folder, root, problems)
    return package, problems


def _load_texts(folder: Path, root: Path, problems: list[Problem]) -> dict[str, tuple[str, str | None]]:
    """The files of the year's texts/ folder (hidden ones aside), each read when it
    is a .md file inside the folder and not too large; validate judges the names."""
    texts_dir = folder / TEXTS_FOLDER
    if not texts_dir.is_dir():
        return {}
    if not _inside(texts_dir, folder):
        problems.append(codes.LINK_OUTSIDE.at(rel(texts_dir, root), name=TEXTS_FOLDER, folder=rel(folder, root)))
        return {}
    out: dict[str, tuple[str, str | None]] = {}
    for entry in sorted(texts_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        file = rel(entry, root)
        source = None
        if entry.suffix == ".md" and entry.is_file() and entry.stat().st_size > MAX_TEXT_BYTES:
            problems.append(text_codes.TEXT_TOO_LARGE.at(file, limit=MAX_TEXT_BYTES // 1024))
        elif entry.suffix == ".md" and entry.is_file():
            source, problem = _read_inside(entry, texts_dir, file, rel(texts_dir, root))
            if problem is not None:
                problems.append(problem)
                source = None
        out[entry.name] = (file, source)
    return out


def _load_resource(
    res: object, where: str, seen: set[str], folder: Path, data_dir: Path, root: Path, file: str
) -> tuple[str, RawTable | None, list[Problem]]:
    """One entry of `resources`: its name, its table (None when not read) and
    the problems. `where` names the entry in the descriptor, e.g. resources[4]."""
    known = REQUIRED_RESOURCES + OPTIONAL_RESOURCES
    problems: list[Problem] = []

    def bad(code: Code, column: str | None = where, value: str | None = None, at: str = file, **params: object):
        return "", None, problems + [code.at(at, column=column, value=value, **params)]

    if not isinstance(res, dict):
        return bad(codes.RESOURCE_NOT_OBJECT)
    rname, rpath = res.get("name"), res.get("path")
    if rname not in known:
        return bad(codes.UNKNOWN_RESOURCE, where + ".name", str(rname), known=", ".join(known))
    if rname in seen:
        return bad(codes.RESOURCE_TWICE, where + ".name", rname)
    seen.add(rname)
    problems += descriptor_rules.resource_problems(res, rname, where, folder, file)
    if not isinstance(rpath, str) or not rpath:
        return bad(codes.RESOURCE_NO_PATH, where + ".path", name=rname)
    here = {"folder": rel(folder, root), "name": rname}  # where the file belongs, for the fix
    why = unsafe_path(rpath)
    if why:
        return bad(codes.RESOURCE_PATH_UNSAFE, where + ".path", rpath, why=why, **here)
    path = folder / rpath
    if not _inside(path, folder) or not _inside(path, data_dir):
        return bad(codes.RESOURCE_LINK_OUTSIDE, where + ".path", rpath, **here)
    if not path.is_file():
        return bad(codes.MISSING_FILE, None, rpath, rel(path, root), name=rname, descriptor=file)
    if not rpath.lower().endswith(".csv"):
        return bad(codes.RESOURCE_NOT_CSV, where + ".path", rpath)
    if path.stat().st_size > MAX_FILE_BYTES:
        return bad(codes.FILE_TOO_LARGE, None, None, rel(path, root), limit=MAX_FILE_BYTES // 2**20)
    try:
        data = path.read_bytes()
    except OSError as err:
        return bad(codes.UNREADABLE, None, None, rel(path, root), reason=err.strerror)
    table, found = read_csv_bytes(data, rname, rel(path, root))
    return rname, table, problems + found
