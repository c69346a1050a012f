"""Hostile strings are inert in every file the build writes (the browser
half of this is tests/browser/test_hostile_pages.py)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hostile import FORMULA_DISTRICT, RECOMMENDATION, hostile_data

ROOT = Path(__file__).resolve().parent.parent
# Markup that would run if a hostile string were written unescaped.
ACTIVE = re.compile(r"<script>window\.__pwned|<img src=x onerror|<svg onload|</title><|href=[\"']?javascript:")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data = hostile_data(tmp)
    site = tmp / "site"
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(site)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return site


def test_no_active_markup_in_any_page_or_index(hostile_site):
    offenders = []
    for path in hostile_site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml") and "assets" not in path.parts:
            text = path.read_text(encoding="utf-8")
            if ACTIVE.search(text):
                offenders.append(str(path.relative_to(hostile_site)))
    assert offenders == []


def test_hostile_name_is_shown_literally(hostile_site):
    html = (hostile_site / "organizations" / "sch-01" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;Школа" in h1
    assert "**жирный**" in h1 and "{{ 7*7 }}" in h1 and "{% if true %}JINJA{% endif %}" in h1
    assert "<strong>жирный</strong>" not in html and "JINJA" in h1 and ">49<" not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;") and "<" not in title


def test_chart_specs_carry_the_name_as_data(hostile_site):
    html = (hostile_site / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    specs = re.findall(r'data-spec="([^"]*)"', html)
    assert specs and all("<" not in s for s in specs)  # attribute-escaped JSON
    assert any("&lt;/script&gt;&lt;img src=x onerror=window.__pwned=4&gt;СОШ" in s for s in specs)


def test_csv_downloads_neutralise_formulas(hostile_site):
    recs = (hostile_site / "downloads" / "results" / "recommendations.csv").read_text(encoding="utf-8")
    texts = [row["text"] for row in csv.DictReader(io.StringIO(recs)) if row["year"] == "2025"]
    assert texts and all(t == "'" + RECOMMENDATION for t in texts)
    orgs = (hostile_site / "downloads" / "data" / "2025" / "organizations.csv").read_text(encoding="utf-8")
    districts = [row["district"] for row in csv.DictReader(io.StringIO(orgs))]
    assert "'" + FORMULA_DISTRICT in districts and FORMULA_DISTRICT not in districts
    values = (hostile_site / "downloads" / "data" / "2025" / "values.csv").read_text(encoding="utf-8")
    assert not re.search(r",'\d", values)  # numbers stay numbers


def test_xlsx_download_neutralises_formulas(hostile_site):
    wb = openpyxl.load_workbook(hostile_site / "downloads" / "results" / "results.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(isinstance(c.value, (int, float)) for c in cells)


def test_site_title_with_markup_is_refused(tmp_path):
    data = hostile_data(tmp_path)
    settings = data / "monitoring.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^title: .*$", 'title: "Мониторинг <script>alert(1)</script>"', text), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--data", str(data)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "monitoring.yml, строка 1, столбец «title»" in proc.stderr
