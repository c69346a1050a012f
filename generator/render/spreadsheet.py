"""The results as an XLSX workbook for staff: names beside ids, numbers as
numbers, text neutralised against formula injection, bytes deterministic.

The workbook is written directly as SpreadsheetML, column by column with
vectorised string operations and streamed into the zip in chunks of rows.
openpyxl builds a Python object per cell: at region scale (800,000 rows x 13
columns) that took minutes and more than 2 GB; this takes seconds and little
memory. Text goes into the shared-strings table, so each name is stored once.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute import Results
from generator.cycletables import Table, tables
from generator.export import neutralise
from generator.model import TREND_LABELS, UNIT_LABELS
from generator.render.readmodel import ReadModel
from generator.render.sheetheads import (
    GROUPS_HEADER,
    INDICATORS_HEADER,
    SCORES_HEADER,
    TERRITORIES_HEADER,
    TOTALS_HEADER,
)
from generator.render.xlsxparts import (
    APP,
    CORE,
    NS,
    RELS,
    STYLES,
    _content_types,
    _range,
    _workbook_rels,
    _workbook_xml,
    _xml_text,
)

CHUNK_ROWS = 50_000
NODE_KIND_LABELS = {"total": "итог", "direction": "направление", "indicator": "показатель"}


def _indicator_columns(lk: ReadModel, strings: _Strings) -> tuple[list, int]:
    frames = []
    for y in lk.ds.years:
        names = dict(zip(y.directions["id"], y.directions["name"]))
        frames.append(y.indicators.assign(year=y.year, direction_name=y.indicators["direction_id"].map(names)))
    ind = pd.concat(frames, ignore_index=True)
    cols = [
        _integers(ind["year"]),
        strings.column(ind["direction_name"]),
        strings.column(ind["name"]),
        strings.column(ind["unit"].map(UNIT_LABELS).fillna(ind["unit"])),
        strings.column(ind["source"]),
    ]
    return cols, len(ind)


def workbook(lk: ReadModel, results: Results) -> bytes:
    s = results.scores
    t = s[s["node_kind"] == "total"]
    strings = _Strings()
    org_names = {o: row.name for o, row in lk.org.items()}
    kind_labels = dict(lk.kinds)
    indicator_names = {i: row.name for i, row in lk.indicator.items()}
    direction_names = {d: row.name for d, row in lk.direction.items()}

    def columns(frame: pd.DataFrame, detailed: bool) -> list:
        cols = [_integers(frame["year"])]
        if detailed:
            cols.append(strings.column(frame["org_id"]))
        # Dictionary maps (hashing in C), not functions called per row.
        cols += [
            strings.column(frame["org_id"].map(org_names)),
            strings.column(frame["kind"].map(kind_labels).fillna(frame["kind"])),
        ]
        if detailed:
            kind = frame["node_kind"]
            names = np.where(
                kind == "total",
                "Итог",
                np.where(
                    kind == "indicator",
                    frame["node_id"].map(indicator_names).fillna(""),
                    frame["node_id"].map(direction_names).fillna(""),
                ),
            )
            cols += [
                strings.column(kind.map(NODE_KIND_LABELS)),
                strings.column(pd.Series(names, index=frame.index)),
                _numbers(frame["value"]),
            ]
        cols += [
            _numbers(round2(frame["score"]), HUNDREDTHS),
            _integers(frame["rank_min"]),
            _integers(frame["rank_max"]),
            strings.column(_level_labels(lk, frame)),
            _numbers(round2(frame["delta"]), HUNDREDTHS),
            strings.column(frame["trend"].map(TREND_LABELS).fillna("")),
        ]
        return cols

    sheets = [("Итоги", TOTALS_HEADER, columns(t, False), len(t)), ("Баллы", SCORES_HEADER, columns(s, True), len(s))]
    sheets.append(("Показатели", INDICATORS_HEADER, *_indicator_columns(lk, strings)))
    scope_labels = {"all": "Все организации", **kind_labels}

    def summary(frame: pd.DataFrame, unit: list) -> list:
        """The columns of a sheet of group or territory summaries: `unit` first, then scope and node."""
        kind = frame["node_kind"]
        nodes = np.where(kind == "total", "Итог", frame["node_id"].map({**direction_names, **indicator_names}))
        ranks = [_integers(frame[c]) for c in ("rank_min", "rank_max") if c in frame]
        return [
            _integers(frame["year"]),
            *(strings.column(c) for c in unit),
            strings.column(frame["scope"].map(scope_labels).fillna(frame["scope"])),
            strings.column(kind.map(NODE_KIND_LABELS)),
            strings.column(pd.Series(nodes, index=frame.index).fillna("")),
            _numbers(round2(frame["score"]), HUNDREDTHS),
            *ranks,
            strings.column(_level_labels(lk, frame)),
            _integers(frame["n"]),
            _numbers(round2(frame["delta"]), HUNDREDTHS),
            strings.column(frame["trend"].map(TREND_LABELS).fillna("")),
        ]

    g, u = results.groups, results.territories
    if len(g):
        labels = g["group_id"].map(lk.units.group_labels).fillna(g["group_id"])
        sheets.append(("Группы", GROUPS_HEADER, summary(g, [labels]), len(g)))
    if len(u):
        units = lk.units.unit
        names = u["territory_id"].map({k: v.name for k, v in units.items()})
        parents = u["territory_id"].map(
            {k: units[v.parent_id].name if v.parent_id in units else "" for k, v in units.items()}
        )
        kinds = u["territory_kind"].map(lk.units.kind_label)
        sheets.append(("Территории", TERRITORIES_HEADER, summary(u, [names, kinds, parents]), len(u)))
    for table in tables(lk.ds, results):  # the management cycle (issue 12), only with its files
        sheets.append(
            (
                table.sheet,
                [f["title"] for f in table.schema["fields"]],
                _table_columns(table, strings),
                len(table.frame),
            )
        )
    header_codes = [[strings.code(h) for h in header] for _, header, _, _ in sheets]

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:

        def put(name: str, text: str) -> None:
            z.writestr(_info(name), text.encode("utf-8"))

        put("[Content_Types].xml", _content_types(len(sheets)))
        put("_rels/.rels", RELS)
        put("docProps/core.xml", CORE)
        put("docProps/app.xml", APP)
        put("xl/workbook.xml", _workbook_xml([(name, len(header), rows) for name, header, _, rows in sheets]))
        put("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        put("xl/styles.xml", STYLES)
        texts = list(strings.index)  # shared strings by code
        for n, ((_, names, cols, rows), header) in enumerate(zip(sheets, header_codes), start=1):
            widths = [_width(title, kind, values, texts) for title, (kind, values, *_) in zip(names, cols)]
            with z.open(_info(f"xl/worksheets/sheet{n}.xml"), "w", force_zip64=True) as f:
                for chunk in _sheet(header, cols, rows, widths):
                    f.write(chunk)
        put("xl/sharedStrings.xml", strings.xml())
    return out.getvalue()


def _table_columns(table: Table, strings: _Strings) -> list:
    """The cells of a table of the results package, by its fields' types (the CSV's words: «да» / «нет»)."""
    out = []
    for f in table.schema["fields"]:
        values = table.frame[f["name"]]
        if f["type"] == "number":
            out.append(_numbers(values, HUNDREDTHS))
        elif f["type"] == "integer":
            out.append(_integers(values))
        elif f["type"] == "boolean":
            flags = [("да" if v else "нет") if isinstance(v, (bool, np.bool_)) else "" for v in values]
            out.append(strings.column(pd.Series(flags, index=values.index, dtype=object)))
        else:
            out.append(strings.column(values))
    return out


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _level_labels(lk: ReadModel, frame: pd.DataFrame) -> pd.Series:
    out = pd.Series("", index=frame.index, dtype=object)
    for y in frame["year"].unique():
        labels = {lv.id: lv.label for lv in lk.levels.get(int(y), [])}
        mask = frame["year"] == y
        out[mask] = frame.loc[mask, "level"].map(labels).fillna("").to_numpy()
    return out


class _Strings:
    """The shared-strings table: each distinct text once, in order of first use."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def code(self, text: str) -> int:
        return self.index.setdefault(neutralise(text), len(self.index))

    def column(self, values: pd.Series) -> tuple[str, np.ndarray]:
        """('s', shared-string index per row, -1 for an empty cell)."""
        codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
        ids = np.array([-1 if u == "" else self.code(u) for u in uniques], dtype=np.int64)
        return "s", ids[codes] if len(ids) else np.full(len(values), -1, dtype=np.int64)

    def xml(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{_xml_text(t)}</t></si>' for t in self.index)
        n = len(self.index)
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        return f'{head}<sst xmlns="{NS}" count="{n}" uniqueCount="{n}">{items}</sst>'


HEADER_STYLE, HUNDREDTHS = 1, 2  # cellXfs of STYLES: bold heading; number shown to hundredths (0.00)
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters


def _numbers(values, style: int = 0) -> tuple[str, tuple[np.ndarray, list[str]], int]:
    """('n', (code per row, -1 for an empty cell; the distinct numbers as text), cell style)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=float), sort=False)
    return "n", (codes, [repr(float(u)) for u in uniques]), style


def _width(title: str, kind: str, values, texts: list[str]) -> float:
    """A column's width: its longest heading or cell, in characters, within MIN_WIDTH..MAX_WIDTH
    (measured on the distinct cells only)."""
    if kind == "s":
        longest = max((len(texts[k]) for k in np.unique(values).tolist() if k >= 0), default=0)
    else:
        codes, uniques = values
        # A number shown to hundredths is a digit or two longer than its repr.
        longest = max((len(u) + 2 for u in uniques), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(title), longest) + 2))


def _integers(values: pd.Series) -> tuple[str, tuple[np.ndarray, list[str]], int]:
    codes, uniques = pd.factorize(values.astype("float64").to_numpy(), sort=False)
    return "n", (codes, [str(int(u)) for u in uniques]), 0


def _cells(kind: str, values, style: int = 0) -> np.ndarray:
    """Each row's <c> element, by indexing a table of the column's distinct
    cells (a C-level copy of pointers, no string work per row). Cells carry
    no reference attribute: ECMA-376 makes `r` optional and Excel, LibreOffice
    and openpyxl place such cells in order; an empty cell is <c/>."""
    if kind == "s":
        top = int(values.max()) + 1 if len(values) else 0
        table = np.array([f'<c t="s"><v>{k}</v></c>' for k in range(top)] + ["<c/>"], dtype=object)
        return table[values]  # -1 picks the last entry, <c/>
    codes, uniques = values
    s = f' s="{style}"' if style else ""
    table = np.array([f"<c{s}><v>{u}</v></c>" for u in uniques] + ["<c/>"], dtype=object)
    return table[codes]


def _sheet(header: list[int], cols: list, rows: int, widths: list[float]):
    """The worksheet: the heading row frozen (it stays on screen while scrolling),
    a filter on every column, each column as wide as its content."""
    view = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    )
    cols_xml = "".join(
        f'<col min="{n}" max="{n}" width="{w:g}" customWidth="1"/>' for n, w in enumerate(widths, start=1)
    )
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
        f'<dimension ref="{_range(len(header), rows)}"/>{view}<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols_xml}</cols><sheetData>"
    ).encode()
    head = "".join(f'<c t="s" s="{HEADER_STYLE}"><v>{c}</v></c>' for c in header)
    yield f'<row r="1">{head}</row>'.encode()
    cells = [_cells(kind, values, *style) for kind, values, *style in cols]
    for start in range(0, rows, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, rows)
        grid = np.empty((stop - start, len(cells) + 2), dtype=object)
        grid[:, 0] = '<row r="' + np.arange(start + 2, stop + 2).astype(str).astype(object) + '">'
        for j, c in enumerate(cells, start=1):
            grid[:, j] = c[start:stop]
        grid[:, -1] = "</row>"
        yield "".join(grid.ravel().tolist()).encode()
    yield f'</sheetData><autoFilter ref="{_range(len(header), rows)}"/></worksheet>'.encode()
