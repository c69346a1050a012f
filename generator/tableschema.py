"""Frictionless Table Schemas applied by resource name, checked column by column
with vectorised pandas (fast enough for a region's values file), with messages
staff can act on. Frictionless itself checks the schemas' own validity and the
exported package (see tests); this module reads the same schema files.

Every check runs once per distinct value of a column and is spread to the rows
through the Categorical codes: a 750,000-row values file has a few thousand
distinct ids and values, so checks cost little more than for a small file.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator.csvfile import LIBREOFFICE_EXPORT, RawTable
from generator.paths import SCHEMAS
from generator.problems import Problem, add_rows, show_value

SCHEMA_DIR = SCHEMAS  # generator/paths.py

# ASCII digits only: Python's \d also matches Arabic-Indic and other digits,
# which pandas would then fail to convert and silently read as "not reported".
NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
INTEGER_RE = r"[+-]?[0-9]+"
# Invisible, control and direction-changing characters are never valid in text.
BAD_TEXT_RE = r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
MISSING_MARKERS = {"н/д", "нд", "н.д.", "нет данных", "n/a", "na", "null", "none", "#н/д", "#n/a", "x", "х"}
DASHES = {"-", "—", "–", "\u2212"}
YES_NO = {"да": "1", "нет": "0", "yes": "1", "no": "0", "true": "1", "false": "0", "истина": "1", "ложь": "0", "+": "1"}
NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "#знач!", "#value!", "#дел/0!", "#div/0!"}
# Cyrillic letters that look like Latin ones, as typed on a Russian keyboard layout.
LOOKALIKE = str.maketrans("аеорсхукАВЕКМНОРСТХУ", "aeopcxykABEKMHOPCTXY")


@dataclass
class FieldSpec:
    name: str
    type: str
    title: str
    constraints: dict = field(default_factory=dict)


@dataclass
class TableSchema:
    resource: str
    fields: list[FieldSpec]
    primary_key: list[str]
    foreign_keys: list[dict]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.constraints.get("required")]


def load_schemas(schema_dir: Path = SCHEMA_DIR) -> dict[str, TableSchema]:
    schemas = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        resource = path.name.removesuffix(".schema.json")
        fields = [FieldSpec(f["name"], f.get("type", "string"), f.get("title", f["name"]), f.get("constraints", {})) for f in raw["fields"]]
        pk = raw.get("primaryKey", [])
        schemas[resource] = TableSchema(resource, fields, [pk] if isinstance(pk, str) else list(pk), raw.get("foreignKeys", []))
    return schemas


# --- hints: why a cell is wrong and how to fix it -------------------------------


def number_hint(value: str) -> tuple[str, str]:
    """Why a cell is not a number, and what to do, for the usual spreadsheet habits.
    The fix names the number staff probably meant; it is never used silently."""
    v = value.strip()
    low = v.lower()
    if not v:
        return "ячейка содержит только пробелы.", "очистите ячейку (пустое значение означает «не представлено») или введите число."
    if low in DASHES:
        return "прочерк вместо значения.", "если это «нет» (0), укажите 0; если данных нет, оставьте ячейку пустой — это означает «не представлено»; пояснение запишите в столбец note."
    if low in MISSING_MARKERS:
        return "отметка «нет данных» вместо значения.", "оставьте ячейку пустой: пустое значение означает «не представлено»; пояснение запишите в столбец note."
    if low in YES_NO:
        return "слово вместо числа.", f"для показателей «да/нет» пишите 1 (да) или 0 (нет): здесь {YES_NO[low]}."
    if low in NOT_FINITE:
        return "не число (NaN, бесконечность или ошибка формулы).", "укажите конечное значение или оставьте ячейку пустой, если значение не представлено."
    if "_" in v:
        return "подчёркивание внутри числа.", "запишите число без «_» и других разделителей разрядов."
    habits, guess = _number_habits(value)
    if habits and guess and re.fullmatch(NUMBER_RE, guess):
        return ", ".join(habits) + ".", f"запишите {guess}. Так выгружает Excel/LibreOffice с русскими настройками; чтобы не править вручную: " + LIBREOFFICE_EXPORT
    if habits:
        return ", ".join(habits) + ".", "укажите число цифрами 0–9 с точкой в качестве десятичного разделителя, например 12.5."
    return "не число.", "укажите число цифрами 0–9 с точкой в качестве десятичного разделителя, например 12.5; пустая ячейка — «не представлено»."


def _number_habits(value: str) -> tuple[list[str], str | None]:
    """The spreadsheet habits found in a number, and the number without them
    (None when what was meant cannot be told, e.g. «12 5»)."""
    habits = []
    s = value
    if s != s.strip():
        habits.append("пробелы в начале или в конце")
        s = s.strip()
    if s.endswith("%"):
        habits.append("знак «%» (процент записывается числом от 0 до 100 без знака)")
        s = s[:-1].rstrip()  # «85 %», as the Russian number format writes it
    if re.search(r"\s", s):
        # Only digit grouping (1 234 567) is read back; any other space is a typo to look at.
        grouped = re.fullmatch(r"[+-]?[0-9]{1,3}(?:\s[0-9]{3})+(?:[.,][0-9]+)?", s)
        habits.append("пробелы внутри числа (разделители разрядов, часто неразрывные)" if grouped else "пробел внутри числа")
        if not grouped:
            return habits, None
        s = re.sub(r"\s", "", s)
    if s[:1] in ("\u2212", "\u2013", "\u2014"):
        habits.append("вместо знака минус — тире или типографский минус")
        s = "-" + s[1:]
    if any(ch.isdigit() and not ch.isascii() for ch in s):
        habits.append("цифры не из набора 0–9")
        s = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in s)
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", s):
        habits.append("десятичная запятая вместо точки")
        s = s.replace(",", ".")
    return habits, s


def slug_hint(value: str) -> tuple[str, str]:
    """What is wrong with an identifier, and the id staff probably meant."""
    rule = "идентификатор — строчные латинские буквы, цифры, «-» и «_», без пробелов, например sch-01"
    if any("\u0400" <= ch <= "\u04ff" for ch in value):
        latin = value.translate(LOOKALIKE).lower()
        # Only a mix of scripts is a look-alike slip; an all-Cyrillic id is a word to transliterate.
        if re.search(r"[a-z]", value) and re.fullmatch(r"[a-z0-9][a-z0-9_;-]*", latin):
            return "в идентификаторе есть кириллические буквы, похожие на латинские (а, е, о, р, с, х и др.)", f"наберите его латиницей: {latin}."
        return "в идентификаторе есть кириллические буквы", rule + "."
    if "/" in value or "\\" in value or ".." in value:
        return "идентификатор похож на путь к файлу", rule + "."
    if value != value.strip() or " " in value:
        return "в идентификаторе есть пробелы", f"{rule}: {re.sub(r' *; *', ';', value.strip())}." if ";" in value else rule + "."
    if value != value.lower():
        return "в идентификаторе есть заглавные буквы", f"наберите строчными: {value.lower()}."
    return "идентификатор не соответствует правилу", rule + "."


def _format_fix(spec: FieldSpec) -> str:
    if spec.name == "website":
        return "укажите адрес сайта целиком, начиная с https://, например https://school1.example.ru."
    if spec.name == "color":
        return "укажите цвет в формате #RRGGBB, например #2e7d32."
    return f"проверьте формат столбца «{spec.name}» ({spec.title})."


# --- header ---------------------------------------------------------------------


def check_header(table: RawTable, schema: TableSchema) -> list[Problem]:
    problems = []
    known = schema.names
    seen: set[str] = set()
    for col in table.header:
        if col in seen:
            problems.append(Problem("duplicate-column", table.file, "столбец повторяется в заголовке.", "оставьте один столбец с этим именем.", row=1, column=col))
        seen.add(col)
        if col not in known:
            problems.append(Problem("unknown-column", table.file, *_unknown_column(col, known), row=1, column=col))
    for col in schema.required():
        if col not in seen:
            problems.append(Problem("missing-column", table.file, f"нет обязательного столбца «{col}».", f"добавьте столбец «{col}» в первую строку файла.", row=1, column=col))
    return problems


def _unknown_column(col: str, known: list[str]) -> tuple[str, str]:
    allowed = f"допустимые столбцы: {', '.join(known)}."
    if not col.strip():
        return "столбец без имени.", "удалите пустой столбец (часто это лишняя запятая в конце первой строки) или дайте ему имя; " + allowed
    message = "столбец не предусмотрен схемой; лишние столбцы не публикуются и не принимаются (в них могут оказаться персональные данные)."
    cleaned = re.sub(BAD_TEXT_RE, "", col).strip().lower()
    if cleaned in known:
        return "имя столбца записано с лишними пробелами, невидимыми символами или заглавными буквами.", f"переименуйте столбец в «{cleaned}»."
    close = difflib.get_close_matches(cleaned, known, n=1, cutoff=0.6)
    if close:
        return message, f"возможно, имелся в виду «{close[0]}» — переименуйте столбец; иначе удалите его. {allowed.capitalize()}"
    return message, f"удалите столбец. {allowed.capitalize()}"


# --- cells ----------------------------------------------------------------------


class _Cells:
    """One column as its distinct values plus, per row, which one it holds."""

    def __init__(self, column: pd.Series):
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.fillna("").astype(str).astype("category")
        self.raw = column
        categorical = column.array
        self.codes = np.asarray(categorical.codes)
        self.distinct = pd.Series(np.asarray(categorical.categories, dtype=object), dtype=object)

    def rows(self, per_value) -> pd.Series:
        """A per-distinct-value answer as a per-row boolean Series."""
        return pd.Series(np.asarray(per_value, dtype=bool)[self.codes], index=self.raw.index)

    def spread(self, per_value) -> np.ndarray:
        return np.asarray(per_value)[self.codes]


class _Checker:
    """Checks one table's cells against its schema, collecting problems."""

    def __init__(self, table: RawTable, schema: TableSchema):
        self.table, self.schema = table, schema
        self.problems: list[Problem] = []
        # Per primary-key column: each row's distinct-value code, -1 when empty
        # or invalid; duplicates are found on these integers, not on strings.
        self.key_codes: dict[str, np.ndarray] = {}

    def report(self, code: str, cells: _Cells, column: str, bad, message, fix) -> None:
        """Report the rows holding a distinct value marked in `bad`."""
        bad = np.asarray(bad, dtype=bool)
        if bad.any():
            add_rows(self.problems, code, self.table.file, column, cells.raw[cells.rows(bad)], message, fix)

    def field(self, spec: FieldSpec) -> pd.Series:
        """Check one column; return it typed, with invalid cells as "" or NaN."""
        cells = _Cells(self.table.frame[spec.name])
        v = cells.distinct
        c = spec.constraints
        empty = (v == "").to_numpy()
        bad_text = v.str.contains(BAD_TEXT_RE, regex=True).to_numpy(dtype=bool)
        self.report("control-character", cells, spec.name, bad_text,
                    "невидимые или управляющие символы, перевод строки внутри ячейки или символы смены направления текста.",
                    "наберите значение заново в одну строку: символы, показанные как <U+…>, не видны в таблице, но мешают сравнению и публикации.")
        check = ~empty & ~bad_text
        if c.get("required"):
            # A cell of spaces looks empty in the table: it is reported as empty, once.
            blank = (v.str.strip() == "").to_numpy() & ~bad_text
            self.report("required", cells, spec.name, blank, "обязательное значение не заполнено.", f"заполните столбец «{spec.name}» ({spec.title}).")
            check &= ~blank
        if spec.type in ("number", "integer"):
            return self._number(spec, cells, check)
        valid = self._text(spec, cells, check)
        if spec.name in self.schema.primary_key:
            self.key_codes[spec.name] = np.where(valid[cells.codes], cells.codes, -1)
        if c.get("unique"):
            self._unique(spec, cells, pd.Series(cells.codes, index=cells.raw.index)[~cells.rows(empty)])
        return pd.Series(v.where(valid | empty, "").to_numpy(dtype=object)[cells.codes], index=cells.raw.index, dtype="str")

    def _text(self, spec: FieldSpec, cells: _Cells, check: np.ndarray) -> np.ndarray:
        v, c, name = cells.distinct, spec.constraints, spec.name
        valid = check.copy()
        if "enum" in c:
            bad = check & ~v.isin(c["enum"]).to_numpy()
            self.report("not-in-list", cells, name, bad, "недопустимое значение.", lambda r, x: _enum_fix(str(x), c["enum"]))
            valid &= ~bad
        if "pattern" in c:
            bad = check & ~v.str.fullmatch(c["pattern"]).to_numpy(dtype=bool)
            if c["pattern"].startswith("^[a-z0-9]"):
                self.report("bad-id", cells, name, bad, lambda r, x: slug_hint(str(x))[0] + ".", lambda r, x: slug_hint(str(x))[1])
            else:
                self.report("bad-format", cells, name, bad, "значение не соответствует формату.", _format_fix(spec))
            valid &= ~bad
        if "maxLength" in c:
            bad = check & (v.str.len() > c["maxLength"]).to_numpy()
            self.report("too-long", cells, name, bad, lambda r, x: f"слишком длинное значение ({len(str(x))} символов, допустимо не больше {c['maxLength']}).",
                        "сократите текст; подробности можно дать в описании.")
            valid &= ~bad
        return valid

    def _number(self, spec: FieldSpec, cells: _Cells, check: np.ndarray) -> pd.Series:
        v, name = cells.distinct, spec.name
        pattern = INTEGER_RE if spec.type == "integer" else NUMBER_RE
        ok = check & v.str.fullmatch(pattern).to_numpy(dtype=bool)
        what = "целое число" if spec.type == "integer" else "число"
        self.report("not-a-number", cells, name, check & ~ok,
                    lambda r, x: f"значение — не {what}: " + number_hint(str(x))[0], lambda r, x: number_hint(str(x))[1])
        numbers = pd.to_numeric(v.where(ok, None), errors="coerce").to_numpy(dtype=float)
        # float() turns 1e999 into inf and 1e-999 into 0: both would be wrong numbers.
        overflow = ok & ~np.isfinite(numbers)
        underflow = ok & (numbers == 0) & v.str.contains(r"[1-9][0-9.]*[eE]", regex=True).to_numpy(dtype=bool)
        self.report("not-a-number", cells, name, overflow | underflow, "число вне представимого диапазона (слишком много цифр в порядке числа).", "проверьте значение: вероятно, лишние цифры.")
        numbers = np.where(ok & ~overflow & ~underflow, numbers, np.nan) + 0.0  # + 0.0: -0 is 0
        self._range(spec, cells, numbers)
        typed = pd.Series(cells.spread(numbers), index=cells.raw.index, dtype=float)
        if spec.constraints.get("unique"):
            self._unique(spec, cells, typed.dropna())
        return typed

    def _range(self, spec: FieldSpec, cells: _Cells, numbers: np.ndarray) -> None:
        c = spec.constraints
        checks = []
        with np.errstate(invalid="ignore"):
            if "minimum" in c:
                checks.append((numbers < c["minimum"], f"не меньше {c['minimum']:g}"))
            if "exclusiveMinimum" in c:
                checks.append((numbers <= c["exclusiveMinimum"], f"больше {c['exclusiveMinimum']:g}"))
            if "maximum" in c:
                checks.append((numbers > c["maximum"], f"не больше {c['maximum']:g}"))
        for mask, bound in checks:
            self.report("out-of-range", cells, spec.name, mask, f"значение вне допустимого диапазона: должно быть {bound}.", f"исправьте значение в столбце «{spec.name}» ({spec.title}).")

    def _unique(self, spec: FieldSpec, cells: _Cells, keys: pd.Series) -> None:
        """keys: one comparable key per non-empty row (codes or numbers), indexed by row."""
        dup = keys[keys.duplicated(keep=False)]
        if not len(dup):
            return
        first_row = dict(zip(dup[~dup.duplicated()].to_numpy(), dup[~dup.duplicated()].index))
        later = dup[dup.duplicated()]
        add_rows(self.problems, "duplicate", self.table.file, spec.name, cells.raw.loc[later.index],
                 lambda r, x: f"значение повторяется: оно уже есть в строке {first_row[later[r]]}.",
                 "значения в этом столбце должны быть уникальны: исправьте или удалите повтор.")

    def primary_key(self, typed: pd.DataFrame) -> None:
        """A key of several columns, e.g. one value per (org_id, indicator_id)."""
        key = self.schema.primary_key
        if len(key) < 2 or any(k not in self.key_codes for k in key):
            return
        keys = pd.Series(*_combined_key([self.key_codes[k] for k in key], typed.index))
        # Sorting finds the repeated keys in little memory (a hash table over
        # 1.7 million rows would take more than the file); then only those rows.
        ordered = np.sort(keys.to_numpy())
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]
        if not len(repeated):
            return
        keys = keys[np.isin(keys.to_numpy(), repeated)]
        dup = keys[keys.duplicated(keep=False)]
        first = dup[~dup.duplicated()]
        first_row = dict(zip(first.to_numpy(), first.index))
        later = dup[dup.duplicated()]
        raw = self.table.frame
        names = ", ".join(key)

        def first_of(r) -> int:
            return int(first_row[later[r]])

        def says(r, _):
            f = first_of(r)
            where = f"пара ({names}) = ({', '.join(typed.loc[r, key])}) уже есть в строке {f}"
            differ = [c for c in raw.columns if c not in key and raw.at[f, c] != raw.at[r, c]]
            if not differ:
                return where + "; строка полностью повторяет её."
            shown = "; ".join(f"{c}: {show_value(raw.at[f, c])} в строке {f}, {show_value(raw.at[r, c])} здесь" for c in differ)
            return where + f", и данные расходятся ({shown})."

        def fix(r, _):
            f = first_of(r)
            if all(raw.at[f, c] == raw.at[r, c] for c in raw.columns):
                return "удалите повторяющуюся строку."
            return "оставьте одну строку с верным значением (уточните его у организации), другую удалите: генератор не выбирает сам."

        add_rows(self.problems, "duplicate-key", self.table.file, key[-1], typed.loc[later.index, key[-1]], says, fix)


def _combined_key(codes: list[np.ndarray], index: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """One integer per row for a key of several columns, from the columns'
    codes (-1: empty or invalid, such rows are left out)."""
    combined = np.zeros(len(index), dtype=np.int64)
    complete = np.ones(len(index), dtype=bool)
    for c in codes:
        complete &= c >= 0
        width = int(c.max(initial=0)) + 2
        if int(combined.max(initial=0)) >= 2**62 // width:  # renumber before it could overflow
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined = combined * width + (c + 1)
    return combined[complete], index[complete]


def _enum_fix(value: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(value.strip().lower(), allowed, n=1, cutoff=0.6)
    hint = f"возможно, имелось в виду «{close[0]}». " if close else ""
    return f"{hint}Допустимые значения: {', '.join(allowed)}."


def check_table(table: RawTable, schema: TableSchema) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check cells against the schema; return the typed frame (None if the header
    is wrong). Cells of the known columns are checked even then, so one run
    shows everything that is wrong with the file."""
    checker = _Checker(table, schema)
    header_problems = check_header(table, schema)
    counts = pd.Series(table.header).value_counts()
    typed: dict[str, pd.Series] = {}
    for spec in schema.fields:
        if spec.name not in table.header:
            numeric = spec.type in ("number", "integer")
            typed[spec.name] = pd.Series(np.nan if numeric else "", index=table.frame.index, dtype=float if numeric else "str")
        elif counts[spec.name] == 1:
            typed[spec.name] = checker.field(spec)
    if header_problems:
        return None, header_problems + checker.problems
    result = pd.DataFrame(typed, index=table.frame.index, copy=False)
    checker.primary_key(result)
    return result, checker.problems
