"""Frictionless Table Schemas applied by resource name, checked column by column
with vectorised pandas (fast enough for a region's values file), with messages
staff can act on. Frictionless itself checks the schemas' own validity and the
exported package (see tests); this module reads the same schema files."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator.csvfile import RawTable
from generator.problems import MAX_PER_CHECK, Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

NUMBER_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
INTEGER_RE = r"[+-]?\d+"
# Invisible, control and direction-changing characters are never valid in text.
BAD_TEXT_RE = r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
MISSING_MARKERS = {"н/д", "нд", "н.д.", "нет данных", "-", "—", "–", "n/a", "na", "null", "none", "#н/д", "#n/a"}


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


class _Collector:
    """Caps the problems of one check in one column, so a broken 50 MB file
    gives a readable answer: the first rows, then a count of the rest."""

    def __init__(self, out: list[Problem]):
        self.out = out

    def rows(self, code: str, file: str, column: str, frame_rows: pd.Series, message, fix) -> None:
        """frame_rows: values indexed by spreadsheet row; message and fix are
        texts or functions of (row, value) giving texts."""
        n = len(frame_rows)
        say = message if callable(message) else (lambda r, v: message)
        todo = fix if callable(fix) else (lambda r, v: fix)
        for row, value in frame_rows.iloc[:MAX_PER_CHECK].items():
            self.out.append(Problem(code, file, say(row, value), todo(row, value), row=int(row), column=column, value=str(value)))
        if n > MAX_PER_CHECK:
            row, value = int(frame_rows.index[MAX_PER_CHECK]), frame_rows.iloc[MAX_PER_CHECK]
            self.out.append(
                Problem(code, file, f"та же ошибка ещё в {n - MAX_PER_CHECK} строках (первая из них — {row}).", todo(row, value), column=column)
            )


def number_hint(value: str) -> tuple[str, str]:
    """Why a cell is not a number, and what to do, for the usual spreadsheet habits."""
    v = value.strip()
    low = v.lower()
    if low in MISSING_MARKERS:
        return "отметка «нет данных» вместо значения.", "оставьте ячейку пустой: пустое значение означает «не представлено»; пояснение запишите в столбец note."
    if low in {"да", "нет", "yes", "no", "true", "false", "истина", "ложь"}:
        return "слово вместо числа.", "для логических показателей пишите 1 (да) или 0 (нет)."
    if re.fullmatch(r"[+-]?\d+,\d+", v):
        return "десятичная запятая.", f"используйте точку: {v.replace(',', '.')}. " + "При выгрузке из Excel/LibreOffice задайте язык «Английский (США)» для столбца или замените «,» на «.»."
    if v.endswith("%"):
        return "знак процента в значении.", f"запишите число без знака «%»: {v.rstrip('%').strip()}."
    if "_" in v:
        return "подчёркивание внутри числа.", "запишите число без разделителей разрядов."
    if re.search(r"\d[\s\u00a0\u202f]+\d", v) or v != value:
        return "пробелы или неразрывные пробелы в числе.", "удалите пробелы, в том числе неразрывные (разделители разрядов)."
    if any(ch.isdigit() and not ch.isascii() for ch in v):
        return "цифры не из набора 0–9.", "наберите число обычными цифрами 0–9."
    if low in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        return "не число (NaN или бесконечность).", "укажите конечное значение или оставьте ячейку пустой."
    return "не число.", "укажите число с точкой в качестве десятичного разделителя, например 12.5."


def slug_hint(value: str) -> str:
    """What is wrong with an identifier, for look-alike and invisible characters."""
    if any("\u0400" <= ch <= "\u04ff" for ch in value):
        return "в идентификаторе есть кириллические буквы (возможно, похожие на латинские: а, е, о, р, с, х)"
    if re.search(BAD_TEXT_RE, value) or "\u00a0" in value:
        return "в идентификаторе есть невидимые или управляющие символы"
    if "/" in value or "\\" in value or ".." in value:
        return "идентификатор похож на путь к файлу"
    if value != value.strip() or " " in value:
        return "в идентификаторе есть пробелы"
    if value != value.lower():
        return "в идентификаторе есть заглавные буквы"
    return "идентификатор не соответствует правилу"


def check_header(table: RawTable, schema: TableSchema) -> list[Problem]:
    problems = []
    known = schema.names
    seen: set[str] = set()
    for col in table.header:
        if col in seen:
            problems.append(Problem("duplicate-column", table.file, "столбец повторяется в заголовке.", "оставьте один столбец с этим именем.", row=1, column=col))
        seen.add(col)
        if col not in known:
            close = difflib.get_close_matches(col.strip().lower(), known, n=1, cutoff=0.6)
            hint = f"возможно, имелся в виду «{close[0]}»; " if close else ""
            problems.append(
                Problem(
                    "unknown-column",
                    table.file,
                    "столбец не предусмотрен схемой; лишние столбцы не публикуются и не принимаются (в них могут оказаться персональные данные).",
                    f"{hint}допустимые столбцы: {', '.join(known)}.",
                    row=1,
                    column=col,
                )
            )
    for col in schema.required():
        if col not in seen:
            problems.append(Problem("missing-column", table.file, f"нет обязательного столбца «{col}».", f"добавьте столбец «{col}» в первую строку файла.", row=1, column=col))
    return problems


def check_table(table: RawTable, schema: TableSchema) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check cells against the schema; return the typed frame (None if the header is wrong)."""
    problems = check_header(table, schema)
    if problems:
        return None, problems
    out = _Collector(problems)
    frame = table.frame
    typed: dict[str, pd.Series] = {}
    for spec in schema.fields:
        if spec.name not in frame.columns:
            typed[spec.name] = pd.Series(np.nan if spec.type in ("number", "integer") else "", index=frame.index, dtype=float if spec.type in ("number", "integer") else object)
            continue
        col = frame[spec.name]
        c = spec.constraints
        empty = col == ""
        bad_text = col.str.contains(BAD_TEXT_RE, regex=True)
        if bad_text.any():
            out.rows("control-character", table.file, spec.name, col[bad_text], lambda r, v: "невидимые, управляющие символы, переводы строки или символы смены направления текста.", "удалите их: наберите значение заново в одну строку.")
        if c.get("required") and empty.any():
            out.rows("required", table.file, spec.name, col[empty], lambda r, v: "обязательное значение не заполнено.", f"заполните столбец «{spec.name}» ({spec.title}).")
        filled = col[~empty & ~bad_text]
        if spec.type in ("number", "integer"):
            pattern = INTEGER_RE if spec.type == "integer" else NUMBER_RE
            ok = filled.str.fullmatch(pattern)
            bad = filled[~ok]
            if len(bad):
                what = "целое число" if spec.type == "integer" else "число"
                out.rows(
                    "not-a-number", table.file, spec.name, bad,
                    lambda r, v: f"значение не {what}: " + number_hint(str(v))[0],
                    lambda r, v: number_hint(str(v))[1],
                )
            numbers = pd.to_numeric(filled[ok], errors="coerce").astype(float)
            not_finite = ~np.isfinite(numbers)
            if not_finite.any():
                out.rows("not-a-number", table.file, spec.name, filled[ok][not_finite], lambda r, v: "число слишком велико (переполнение).", "проверьте значение: вероятно, лишние цифры.")
                numbers = numbers[~not_finite]
            values = pd.Series(np.nan, index=frame.index, dtype=float)
            values.loc[numbers.index] = numbers
            _check_range(out, table, spec, values, col)
            typed[spec.name] = values
        else:
            text = col.where(~bad_text, "")
            if "enum" in c:
                bad = filled[~filled.isin(c["enum"])]
                if len(bad):
                    out.rows("not-in-list", table.file, spec.name, bad, lambda r, v: "недопустимое значение.", f"используйте одно из: {', '.join(c['enum'])}.")
            if "pattern" in c:
                bad = filled[~filled.str.fullmatch(c["pattern"])]
                if len(bad):
                    if c["pattern"].startswith("^[a-z0-9]"):
                        out.rows("bad-id", table.file, spec.name, bad, lambda r, v: slug_hint(str(v)) + ".", "идентификатор — строчные латинские буквы, цифры, «-» и «_», без пробелов, например sch-01; несколько значений — через «;».")
                    else:
                        out.rows("bad-format", table.file, spec.name, bad, lambda r, v: "значение не соответствует формату.", _format_fix(spec))
            if "maxLength" in c:
                bad = filled[filled.str.len() > c["maxLength"]]
                if len(bad):
                    out.rows("too-long", table.file, spec.name, bad, lambda r, v: f"слишком длинное значение ({len(str(v))} символов, допустимо {c['maxLength']}).", "сократите текст; полное наименование можно дать в описании.")
            typed[spec.name] = text
        if c.get("unique"):
            present = col[~empty]
            dup = present[present.duplicated(keep=False)]
            if len(dup):
                first = {v: int(r) for r, v in dup[~dup.duplicated(keep="first")].items()}
                later = dup[dup.duplicated(keep="first")]
                out.rows("duplicate", table.file, spec.name, later, lambda r, v: f"значение повторяется (впервые — в строке {first[v]}).", "значения в этом столбце должны быть уникальны: исправьте или удалите повтор.")
    result = pd.DataFrame(typed, index=frame.index)
    if len(schema.primary_key) > 1:
        key = result[schema.primary_key[0]].fillna("").astype(str)
        for name in schema.primary_key[1:]:
            key = key + " / " + result[name].fillna("").astype(str)
        dup = key[key.duplicated(keep=False)]
        if len(dup):
            first = {v: int(r) for r, v in dup[~dup.duplicated(keep="first")].items()}
            later = dup[dup.duplicated(keep="first")]
            cols = ", ".join(schema.primary_key)
            out.rows(
                "duplicate-key", table.file, schema.primary_key[-1], later,
                lambda r, v: f"пара ({cols}) = ({v}) повторяется; впервые — в строке {first[v]}.",
                "оставьте одну строку для каждой пары; если значения в строках расходятся, выясните верное.",
            )
    return result, problems


def _format_fix(spec: FieldSpec) -> str:
    if spec.name == "website":
        return "укажите адрес сайта целиком, начиная с https://."
    if spec.name == "color":
        return "укажите цвет в формате #RRGGBB, например #2e7d32."
    return f"проверьте формат столбца «{spec.name}» ({spec.title})."


def _check_range(out: _Collector, table: RawTable, spec: FieldSpec, values: pd.Series, raw: pd.Series) -> None:
    c = spec.constraints
    checks = []
    if "minimum" in c:
        checks.append((values < c["minimum"], f"не меньше {c['minimum']:g}"))
    if "exclusiveMinimum" in c:
        checks.append((values <= c["exclusiveMinimum"], f"больше {c['exclusiveMinimum']:g}"))
    if "maximum" in c:
        checks.append((values > c["maximum"], f"не больше {c['maximum']:g}"))
    for mask, bound in checks:
        if mask.any():
            out.rows("out-of-range", table.file, spec.name, raw[mask], lambda r, v, b=bound: f"значение вне допустимого диапазона: должно быть {b}.", "исправьте значение.")

