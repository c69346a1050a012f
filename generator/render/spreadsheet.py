"""The results as an XLSX workbook for staff: names beside ids, numbers as
numbers, text neutralised against formula injection, bytes deterministic."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pandas as pd
from openpyxl import Workbook

from generator.arithmetic import round2
from generator.compute import Results
from generator.export import neutralise
from generator.model import TREND_LABELS
from generator.render.lookup import Lookup

FIXED_TIME = dt.datetime(2000, 1, 1)


def _cell(x):
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return None
    if isinstance(x, str):
        return neutralise(x)
    return x


def workbook(lk: Lookup, results: Results) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Итоги"
    ws.append(["Год", "Организация", "Тип", "Итоговый балл", "Место (от)", "Место (до)", "Уровень", "Изменение", "Динамика"])
    s = results.scores
    t = s[s["node_kind"] == "total"]
    for r in t.itertuples():
        lv = lk.level(r.year, r.level)
        ws.append([_cell(v) for v in (int(r.year), lk.name(r.org_id), lk.kinds.get(r.kind, r.kind), _num(r.score), _int(r.rank_min), _int(r.rank_max), lv.label if lv else "", _num(r.delta), TREND_LABELS.get(r.trend, ""))])
    ws2 = wb.create_sheet("Баллы")
    ws2.append(["Год", "Идентификатор", "Организация", "Тип", "Узел", "Наименование", "Значение", "Балл", "Место (от)", "Место (до)", "Уровень", "Изменение", "Динамика"])
    for r in s.itertuples():
        node_name = "Итог" if r.node_kind == "total" else (lk.indicator[r.node_id]["name"] if r.node_kind == "indicator" else lk.direction[r.node_id]["name"])
        lv = lk.level(r.year, r.level) if r.level else None
        ws2.append([_cell(v) for v in (
            int(r.year), r.org_id, lk.name(r.org_id), lk.kinds.get(r.kind, r.kind), {"total": "итог", "direction": "направление", "indicator": "показатель"}[r.node_kind],
            node_name, None if pd.isna(r.value) else float(r.value), _num(r.score), _int(r.rank_min), _int(r.rank_max), lv.label if lv else "", _num(r.delta), TREND_LABELS.get(r.trend, ""),
        )])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "monitoring-site"
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def _num(x):
    return None if pd.isna(x) else float(round2(x))


def _int(x):
    return None if pd.isna(x) else int(x)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same data gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time into dcterms:modified whatever
                # the workbook says; put the fixed time back.
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()
