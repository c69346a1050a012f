"""A data folder whose names and texts are hostile: HTML, script, Markdown,
Jinja and chart-breaking strings, and spreadsheet formulas. Every one must
come out as literal text wherever it is written."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ORG_NAME = '</title><script>window.__pwned=1</script>Школа <img src=x onerror="window.__pwned=2"> **жирный** | [ссылка](javascript:window.__pwned=3) {{ 7*7 }} {% if true %}JINJA{% endif %}'
ORG_SHORT = '</script><img src=x onerror=window.__pwned=4>СОШ'
DIRECTION_NAME = '<svg onload="window.__pwned=5">Направление *курсив* _подчерк_ `код` # не заголовок'
INDICATOR_NAME = '</div></figure><script>window.__pwned=6</script>Показатель "кавычки" \'апостроф\' ${7*7} &amp; <b>жирный</b>'
RECOMMENDATION = '=HYPERLINK("https://evil.example/","нажмите")'
FORMULA_DISTRICT = "@SUM(1+1)"
# What a visitor must read, literally, somewhere on the organization's page.
VISIBLE_PIECES = ["</title><script>window.__pwned=1</script>Школа", "**жирный**", "{{ 7*7 }}", "{% if true %}JINJA{% endif %}"]


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        change(dict(zip(header, row)), row, header)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def hostile_data(dest: Path) -> Path:
    """A copy of the demo data with hostile strings in the latest year."""
    data = dest / "data"
    shutil.copytree(ROOT / "data", data)
    year = data / "2025"

    def org(rec, row, header):
        if rec["id"] == "sch-01":
            row[header.index("name")] = ORG_NAME
            row[header.index("short_name")] = ORG_SHORT
            row[header.index("district")] = FORMULA_DISTRICT

    def direction(rec, row, header):
        if rec["id"] == "sys-talent":
            row[header.index("name")] = DIRECTION_NAME

    def indicator(rec, row, header):
        if rec["id"] == "olympiad":
            row[header.index("name")] = INDICATOR_NAME

    def recommendation(rec, row, header):
        row[header.index("text")] = RECOMMENDATION

    _rewrite(year / "organizations.csv", org)
    _rewrite(year / "directions.csv", direction)
    _rewrite(year / "indicators.csv", indicator)
    _rewrite(year / "recommendations.csv", recommendation)
    return data
