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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator.csvfile import RawTable
from generator.paths import SCHEMAS
from generator.problems import Problem, show_value
from generator.problems import tables as codes
from generator.problems.catalogue import Code
from generator.problems.hints import NUMBER_RE, format_fix, number_hint, slug_hint

# ASCII digits only, as NUMBER_RE (problems/hints.py, which checks its guesses against it).
INTEGER_RE = r"[+-]?[0-9]+"
# Invisible, control and direction-changing characters are never valid in text.
BAD_TEXT_RE = r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"


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

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.constraints.get("required")]


def load_schemas(schema_dir: Path = SCHEMAS) -> dict[str, TableSchema]:
    schemas = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        resource = path.name.removesuffix(".schema.json")
        fields = [
            FieldSpec(f["name"], f.get("type", "string"), f.get("title", f["name"]), f.get("constraints", {}))
            for f in raw["fields"]
        ]
        pk = raw.get("primaryKey", [])
        schemas[resource] = TableSchema(resource, fields, [pk] if isinstance(pk, str) else list(pk))
    return schemas


# --- header ---------------------------------------------------------------------


def check_header(table: RawTable, schema: TableSchema) -> list[Problem]:
    problems = []
    known = schema.names
    seen: set[str] = set()
    for col in table.header:
        if col in seen:
            problems.append(codes.DUPLICATE_COLUMN.at(table.file, row=1, column=col))
        seen.add(col)
        if col not in known:
            code, params = _unknown_column(col, known)
            problems.append(code.at(table.file, row=1, column=col, **params))
    for col in schema.required():
        if col not in seen:
            problems.append(codes.MISSING_COLUMN.at(table.file, row=1, column=col, name=col))
    return problems


def _unknown_column(col: str, known: list[str]) -> tuple[Code, dict[str, str]]:
    """The code for a column the schema does not have, and its placeholders."""
    allowed = ", ".join(known)
    if not col.strip():
        return codes.UNNAMED_COLUMN, {"allowed": allowed}
    cleaned = re.sub(BAD_TEXT_RE, "", col).strip().lower()
    if cleaned in known:
        return codes.MISSPELLED_COLUMN, {"name": cleaned}
    close = difflib.get_close_matches(cleaned, known, n=1, cutoff=0.6)
    maybe = f"возможно, имелся в виду «{close[0]}» — переименуйте столбец; иначе удалите его. " if close else ""
    advice = maybe or "удалите столбец. "
    return codes.UNKNOWN_COLUMN, {"advice": advice, "allowed": allowed}


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

    def report(self, code: Code, cells: _Cells, column: str, bad, **params) -> None:
        """Report the rows holding a distinct value marked in `bad`; params fill
        the code's templates (a function of (row, value) is called per row)."""
        bad = np.asarray(bad, dtype=bool)
        if bad.any():
            code.rows(self.problems, self.table.file, column, cells.raw[cells.rows(bad)], **params)

    def field(self, spec: FieldSpec) -> pd.Series:
        """Check one column; return it typed, with invalid cells as "" or NaN."""
        cells = _Cells(self.table.frame[spec.name])
        v = cells.distinct
        c = spec.constraints
        empty = (v == "").to_numpy()
        bad_text = v.str.contains(BAD_TEXT_RE, regex=True).to_numpy(dtype=bool)
        self.report(codes.CONTROL_CHARACTER, cells, spec.name, bad_text)
        check = ~empty & ~bad_text
        if c.get("required"):
            # A cell of spaces looks empty in the table: it is reported as empty, once.
            blank = (v.str.strip() == "").to_numpy() & ~bad_text
            self.report(codes.REQUIRED, cells, spec.name, blank, field=spec.name, title=spec.title)
            check &= ~blank
        if spec.type in ("number", "integer"):
            return self._number(spec, cells, check)
        valid = self._text(spec, cells, check)
        if spec.name in self.schema.primary_key:
            self.key_codes[spec.name] = np.where(valid[cells.codes], cells.codes, -1)
        if c.get("unique"):
            self._unique(spec, cells, pd.Series(cells.codes, index=cells.raw.index)[~cells.rows(empty)])
        return pd.Series(
            v.where(valid | empty, "").to_numpy(dtype=object)[cells.codes], index=cells.raw.index, dtype="str"
        )

    def _text(self, spec: FieldSpec, cells: _Cells, check: np.ndarray) -> np.ndarray:
        v, c, name = cells.distinct, spec.constraints, spec.name
        valid = check.copy()
        if "enum" in c:
            bad = check & ~v.isin(c["enum"]).to_numpy()
            self.report(
                codes.NOT_IN_LIST,
                cells,
                name,
                bad,
                maybe=lambda r, x: _enum_maybe(str(x), c["enum"]),
                allowed=", ".join(c["enum"]),
            )
            valid &= ~bad
        if "pattern" in c:
            bad = check & ~v.str.fullmatch(c["pattern"]).to_numpy(dtype=bool)
            if c["pattern"].startswith("^[a-z0-9]"):
                self.report(
                    codes.BAD_ID,
                    cells,
                    name,
                    bad,
                    reason=lambda r, x: slug_hint(str(x))[0],
                    advice=lambda r, x: slug_hint(str(x))[1],
                )
            else:
                self.report(codes.BAD_FORMAT, cells, name, bad, advice=format_fix(spec.name, spec.title))
            valid &= ~bad
        if "maxLength" in c:
            bad = check & (v.str.len() > c["maxLength"]).to_numpy()
            self.report(codes.TOO_LONG, cells, name, bad, length=lambda r, x: len(str(x)), limit=c["maxLength"])
            valid &= ~bad
        return valid

    def _number(self, spec: FieldSpec, cells: _Cells, check: np.ndarray) -> pd.Series:
        v, name = cells.distinct, spec.name
        pattern = INTEGER_RE if spec.type == "integer" else NUMBER_RE
        ok = check & v.str.fullmatch(pattern).to_numpy(dtype=bool)
        what = "целое число" if spec.type == "integer" else "число"
        self.report(
            codes.NOT_A_NUMBER,
            cells,
            name,
            check & ~ok,
            what=what,
            reason=lambda r, x: number_hint(str(x))[0],
            advice=lambda r, x: number_hint(str(x))[1],
        )
        numbers = pd.to_numeric(v.where(ok, None), errors="coerce").to_numpy(dtype=float)
        # float() turns 1e999 into inf and 1e-999 into 0: both would be wrong numbers.
        overflow = ok & ~np.isfinite(numbers)
        underflow = ok & (numbers == 0) & v.str.contains(r"[1-9][0-9.]*[eE]", regex=True).to_numpy(dtype=bool)
        self.report(codes.NUMBER_OVERFLOW, cells, name, overflow | underflow)
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
            self.report(codes.OUT_OF_RANGE, cells, spec.name, mask, bound=bound, field=spec.name, title=spec.title)

    def _unique(self, spec: FieldSpec, cells: _Cells, keys: pd.Series) -> None:
        """keys: one comparable key per non-empty row (codes or numbers), indexed by row."""
        dup = keys[keys.duplicated(keep=False)]
        if not len(dup):
            return
        first_row = dict(zip(dup[~dup.duplicated()].to_numpy(), dup[~dup.duplicated()].index))
        later = dup[dup.duplicated()]
        codes.DUPLICATE.rows(
            self.problems,
            self.table.file,
            spec.name,
            cells.raw.loc[later.index],
            first=lambda r, x: first_row[later[r]],
        )

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

        def detail(r, _):
            f = first_of(r)
            differ = [c for c in raw.columns if c not in key and raw.at[f, c] != raw.at[r, c]]
            if not differ:
                return "; строка полностью повторяет её"
            shown = "; ".join(
                f"{c}: {show_value(raw.at[f, c])} в строке {f}, {show_value(raw.at[r, c])} здесь" for c in differ
            )
            return f", и данные расходятся ({shown})"

        def advice(r, _):
            f = first_of(r)
            if all(raw.at[f, c] == raw.at[r, c] for c in raw.columns):
                return "удалите повторяющуюся строку."
            return (
                "оставьте одну строку с верным значением (уточните его у организации), другую удалите: "
                "генератор не выбирает сам."
            )

        codes.DUPLICATE_KEY.rows(
            self.problems,
            self.table.file,
            key[-1],
            typed.loc[later.index, key[-1]],
            names=names,
            values=lambda r, _: ", ".join(typed.loc[r, key]),
            first=lambda r, _: first_of(r),
            detail=detail,
            advice=advice,
        )


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


def _enum_maybe(value: str, allowed: list[str]) -> str:
    """The allowed value staff probably meant, as the start of the fix, or ""."""
    close = difflib.get_close_matches(value.strip().lower(), allowed, n=1, cutoff=0.6)
    return f"возможно, имелось в виду «{close[0]}». " if close else ""


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
            typed[spec.name] = pd.Series(
                np.nan if numeric else "", index=table.frame.index, dtype=float if numeric else "str"
            )
        elif counts[spec.name] == 1:
            typed[spec.name] = checker.field(spec)
    if header_problems:
        return None, header_problems + checker.problems
    result = pd.DataFrame(typed, index=table.frame.index, copy=False)
    checker.primary_key(result)
    return result, checker.problems
