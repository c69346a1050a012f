"""The results as an XLSX workbook for staff: names beside ids, numbers as
numbers, text neutralised against formula injection, bytes deterministic.

The workbook is written directly as SpreadsheetML, column by column with
vectorised string operations and streamed into the zip in chunks of rows.
openpyxl builds a Python object per cell: at region scale (800,000 rows x 13
columns) that took minutes and more than 2 GB; this takes seconds and little
memory. Text goes into the shared-strings table, so each name is stored once.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from generator.arithmetic import round2
from generator.compute import Results
from generator.export import neutralise
from generator.model import TREND_LABELS
from generator.render.lookup import Lookup

FIXED_TIME = dt.datetime(2000, 1, 1)
CHUNK_ROWS = 50_000
NODE_KIND_LABELS = {"total": "итог", "direction": "направление", "indicator": "показатель"}

TOTALS_HEADER = [
    "Год",
    "Организация",
    "Тип",
    "Итоговый балл",
    "Место (от)",
    "Место (до)",
    "Уровень",
    "Изменение",
    "Динамика",
]
SCORES_HEADER = [
    "Год",
    "Идентификатор",
    "Организация",
    "Тип",
    "Узел",
    "Наименование",
    "Значение",
    "Балл",
    "Место (от)",
    "Место (до)",
    "Уровень",
    "Изменение",
    "Динамика",
]


def workbook(lk: Lookup, results: Results) -> bytes:
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
            _numbers(round2(frame["score"])),
            _integers(frame["rank_min"]),
            _integers(frame["rank_max"]),
            strings.column(_level_labels(lk, frame)),
            _numbers(round2(frame["delta"])),
            strings.column(frame["trend"].map(TREND_LABELS).fillna("")),
        ]
        return cols

    sheets = [("Итоги", TOTALS_HEADER, columns(t, False), len(t)), ("Баллы", SCORES_HEADER, columns(s, True), len(s))]
    header_codes = [[strings.code(h) for h in header] for _, header, _, _ in sheets]

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:

        def put(name: str, text: str) -> None:
            z.writestr(_info(name), text.encode("utf-8"))

        put("[Content_Types].xml", _content_types(len(sheets)))
        put("_rels/.rels", RELS)
        put("docProps/core.xml", CORE)
        put("docProps/app.xml", APP)
        put("xl/workbook.xml", _workbook_xml([name for name, *_ in sheets]))
        put("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        put("xl/styles.xml", STYLES)
        for n, ((_, _, cols, rows), header) in enumerate(zip(sheets, header_codes), start=1):
            with z.open(_info(f"xl/worksheets/sheet{n}.xml"), "w", force_zip64=True) as f:
                for chunk in _sheet(header, cols, rows):
                    f.write(chunk)
        put("xl/sharedStrings.xml", strings.xml())
    return out.getvalue()


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _level_labels(lk: Lookup, frame: pd.DataFrame) -> pd.Series:
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
        return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}" count="{n}" uniqueCount="{n}">{items}</sst>'


def _numbers(values) -> tuple[str, tuple[np.ndarray, list[str]]]:
    """('n', (code per row, -1 for an empty cell; the distinct numbers as text))."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=float), sort=False)
    return "n", (codes, [repr(float(u)) for u in uniques])


def _integers(values: pd.Series) -> tuple[str, tuple[np.ndarray, list[str]]]:
    codes, uniques = pd.factorize(values.astype("float64").to_numpy(), sort=False)
    return "n", (codes, [str(int(u)) for u in uniques])


def _cells(kind: str, values) -> np.ndarray:
    """Each row's <c> element, by indexing a table of the column's distinct
    cells (a C-level copy of pointers, no string work per row). Cells carry
    no reference attribute: ECMA-376 makes `r` optional and Excel, LibreOffice
    and openpyxl place such cells in order; an empty cell is <c/>."""
    if kind == "s":
        top = int(values.max()) + 1 if len(values) else 0
        table = np.array([f'<c t="s"><v>{k}</v></c>' for k in range(top)] + ["<c/>"], dtype=object)
        return table[values]  # -1 picks the last entry, <c/>
    codes, uniques = values
    table = np.array([f"<c><v>{u}</v></c>" for u in uniques] + ["<c/>"], dtype=object)
    return table[codes]


def _sheet(header: list[int], cols: list, rows: int):
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}"><sheetData>').encode()
    head = "".join(f'<c t="s"><v>{c}</v></c>' for c in header)
    yield f'<row r="1">{head}</row>'.encode()
    cells = [_cells(kind, values) for kind, values in cols]
    for start in range(0, rows, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, rows)
        grid = np.empty((stop - start, len(cells) + 2), dtype=object)
        grid[:, 0] = '<row r="' + np.arange(start + 2, stop + 2).astype(str).astype(object) + '">'
        for j, c in enumerate(cells, start=1):
            grid[:, j] = c[start:stop]
        grid[:, -1] = "</row>"
        yield "".join(grid.ravel().tolist()).encode()
    yield b"</sheetData></worksheet>"


def _xml_text(text: str) -> str:
    return escape(text)


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


def _workbook_xml(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_xml_text(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{NS}" xmlns:r="{RELNS}"><sheets>{sheets}</sheets></workbook>'


def _workbook_rels(sheets: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{RELNS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    rels += f'<Relationship Id="rId{sheets + 1}" Type="{RELNS}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{sheets + 2}" Type="{RELNS}/sharedStrings" Target="sharedStrings.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELNS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{RELNS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>monitoring-site</dc:creator>"
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{_STAMP}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_STAMP}</dcterms:modified>'
    "</cp:coreProperties>"
)
APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>monitoring-site</Application></Properties>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
