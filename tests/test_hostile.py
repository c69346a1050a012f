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
from hostile import (
    COMMIT_PAYLOADS,
    CORE,
    FORMULA_DISTRICT,
    PAYLOADS,
    RECOMMENDATION,
    VISIBLE_PIECES,
    active_markup,
    built_site,
    hostile_data,
    payload_data,
    visible_text,
)

ROOT = Path(__file__).resolve().parent.parent
# Markup that would run if a hostile string were written unescaped.
ACTIVE = re.compile(r"<script>window\.__pwned|<img src=x onerror|<svg onload|</title><|href=[\"']?javascript:")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    site = built_site(tmp, hostile_data)
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
    page = (hostile_site / "organizations" / "sch-01" / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page, re.S).group(1)
    assert "<" not in h1.replace("<a ", "")  # no element inside the heading
    shown = visible_text(h1).replace(" ", "")
    for piece in VISIBLE_PIECES:
        assert piece.replace(" ", "") in shown
    assert "<strong>жирный</strong>" not in page and ">49<" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("&lt;/title&gt;&lt;script&gt;") and "<" not in title


def test_chart_specs_carry_the_name_as_data(hostile_site):
    html = (hostile_site / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    specs = re.findall(r'data-spec="([^"]*)"', html)
    assert specs and all("<" not in s for s in specs)  # attribute-escaped JSON
    assert any("&lt;/script&gt;&lt;img src=x onerror=window.__pwned=4&gt;СОШ" in s for s in specs)


def test_csv_downloads_neutralise_formulas(hostile_site):
    recs = (hostile_site / "downloads" / "results" / "recommendations.csv").read_text(encoding="utf-8-sig")
    texts = [row["text"] for row in csv.DictReader(io.StringIO(recs)) if row["year"] == "2025"]
    assert texts and all(t == "'" + RECOMMENDATION for t in texts)
    orgs = (hostile_site / "downloads" / "data" / "2025" / "organizations.csv").read_text(encoding="utf-8-sig")
    districts = [row["district"] for row in csv.DictReader(io.StringIO(orgs))]
    assert "'" + FORMULA_DISTRICT in districts and FORMULA_DISTRICT not in districts
    values = (hostile_site / "downloads" / "data" / "2025" / "values.csv").read_text(encoding="utf-8-sig")
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
    settings.write_text(
        re.sub(r"(?m)^title: .*$", 'title: "Мониторинг <script>alert(1)</script>"', text), encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(data)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "monitoring.yml, строка 1, столбец «title»" in proc.stderr


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("payloads")
    site = built_site(tmp, payload_data)
    return site


def test_payloads_in_every_text_field_make_no_active_element(payload_site):
    # Names, labels, texts, notes, settings and commit messages hold Markdown,
    # attr_list, HTML and URL payloads; no page may carry a handler or a script URL.
    assert active_markup(payload_site) == {}


def test_payloads_are_shown_as_written(payload_site):
    year = visible_text((payload_site / "years" / "2025" / "index.html").read_text(encoding="utf-8"))
    assert CORE in year  # the level label and the names, literally
    corrections = visible_text((payload_site / "corrections" / "index.html").read_text(encoding="utf-8"))
    assert COMMIT_PAYLOADS[1].split(" @")[0] in corrections and CORE in corrections
    org = visible_text((payload_site / "organizations" / "sch-01" / "index.html").read_text(encoding="utf-8"))
    assert CORE in org and sum(p in org for p in PAYLOADS) >= 3


def test_active_markup_check_sees_a_handler(tmp_path):
    # Control: the scan reports what the payloads would have made unescaped.
    (tmp_path / "p.html").write_text(
        '<p><em autofocus onfocus="alert(11)">x</em> <a href=" JavaScript:alert(1)">a</a></p>', encoding="utf-8"
    )
    found = active_markup(tmp_path)["p.html"]
    assert ("em", "onfocus", "alert(11)") in found and ("a", "href", " JavaScript:alert(1)") in found


def test_every_template_expression_is_escaped_for_markdown_and_html():
    from generator.render.markup import SafeUrl
    from generator.render.site import environment

    env = environment()
    out = env.from_string('# {{ a }}\n<span>{{ a }}</span> <a href="{{ u }}">{{ n }}</a>').render(
        a="*x*{: onfocus=alert(1) } [l](javascript:alert(2)) <b>", u=SafeUrl("../org/sch-01/#c-1"), n=1.5
    )
    assert "*" not in out and "{" not in out and "[" not in out and "<b>" not in out
    assert 'href="../org/sch-01/#c-1"' in out  # a link the generator made stays a plain attribute
    assert "&#42;x&#42;&#123;&#58; onfocus&#61;alert&#40;1&#41; &#125;" in out


def test_no_template_turns_escaping_off():
    templates = (ROOT / "site_templates").glob("*.j2")
    offenders = [
        p.name
        for p in templates
        if re.search(r"\|\s*safe\b|autoescape\s+false|\|\s*e\b", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_external_link_only_for_http_addresses():
    from generator.render.markup import external_url

    assert external_url("https://sch1.example.org/a?b=1") == "https://sch1.example.org/a?b=1"
    for bad in ("javascript:alert(1)", " data:text/html,x", 'https://a.example/" onclick="x', "//evil.example"):
        assert external_url(bad) is None
