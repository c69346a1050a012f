"""The documents (issue 15): the yearly report and the letters to heads, read
back as a person would: the DOCX with python-docx, the PDF's text with
pdftotext (Debian poppler-utils), its pages as PNG in test-artifacts/documents/.
Every figure of the results (the export's municipal.csv and scores.csv) is
found in its section; the same commit gives the same bytes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from generator import documents as D
from generator import russian as R
from generator.compute import ALL
from generator.documents.zipfiles import zip_date
from generator.pipeline import publishable, run
from generator.render.readmodel import ReadModel

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "documents"
SEED000 = ROOT / "examples" / "000-nizhnyaya-tura" / "data"
ISSUED = "2025-04-15"
HEAD = "Тестова Мария Ивановна"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing")


def _lookup(data: Path) -> ReadModel:
    ds, results = run(data, data.parent)
    ds = publishable(ds)
    from generator.compute import compute

    return ReadModel(ds, compute(ds))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def docx_sections(data: bytes) -> dict[str, str]:
    """Heading 1 text -> the text of its paragraphs and tables, in document order."""
    d = docx.Document(io.BytesIO(data))
    sections: dict[str, list[str]] = {"": []}
    current = ""
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(child, d)
            if p.style is not None and p.style.name.lower() == "heading 1":
                current = p.text
                sections[current] = []
            else:
                sections[current].append(p.text)
        elif tag == "tbl":
            t = docx.table.Table(child, d)
            sections[current] += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return {k: _norm(" ".join(v)) for k, v in sections.items()}


def pdf_text(data: bytes, tmp: Path, first: int = 1) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-f", str(first), str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def pdf_sections(text: str, titles: list[str]) -> dict[str, str]:
    """Split the PDF's text at the section headings (in order), after the table of contents."""
    flat = _norm(text)
    out, pos = {}, 0
    starts = []
    for t in titles:
        i = flat.find(t, pos)
        assert i >= 0, f"heading {t!r} not found in the PDF"
        starts.append(i)
        pos = i + len(t)
    for k, t in enumerate(titles):
        out[t] = flat[starts[k] : starts[k + 1] if k + 1 < len(titles) else len(flat)]
    return out


def render_png(data: bytes, name: str, pages: str = "1-3") -> list[Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    first, last = pages.split("-")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", first, "-l", last, str(pdf), str(ARTIFACTS / name)], check=True
    )
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def section(sections: dict[str, str], word: str) -> str:
    (key,) = [k for k in sections if word in k]
    return sections[key]


def expected_figures(lk: ReadModel, y: int) -> dict[str, list[str]]:
    """Section word -> figures of the results that the section must show, as the documents write them."""
    m = lk.results.municipal
    m = m[m["year"] == y]
    out: dict[str, list[str]] = {"Сводные": [], "направлениям": [], "Рейтинг": []}
    for r in m[m["node_kind"] == "total"].itertuples():
        out["Сводные"].append(R.score(r.score))
    for r in m[m["node_kind"] == "direction"].itertuples():
        out["направлениям"].append(R.score(r.score))
    units = {i.id: i.unit for i in lk.indicator_rows[y]}
    for r in m[(m["node_kind"] == "indicator") & (m["scope"] == ALL)].itertuples():
        unit = "percent" if units[r.node_id] == "boolean" else units[r.node_id]
        out["направлениям"].append(R.figure(r.value, unit))
    s = lk.results.scores
    totals = s[(s["year"] == y) & (s["node_kind"] == "total")]
    out["Рейтинг"] += [R.score(x) for x in totals["score"]]
    return out


SECTIONS = [
    "Введение",
    "Методика в кратком изложении",
    "Сводные результаты по типам организаций",
    "Результаты по направлениям",
    "Динамика показателей",
    "Выявленные проблемы",  # the year's text «problems» (demo and seed 000 have one)
    "Рейтинг организаций",
    "Адресные рекомендации",
    "Выводы",
]


@pytest.fixture(scope="module", params=["demo", "seed000"])
def made(request, tmp_path_factory):
    data, y = (ROOT / "data", None) if request.param == "demo" else (SEED000, 2023)
    lk = _lookup(data)
    y = y or lk.latest
    files = D.report_files(lk, y, ISSUED)
    return request.param, lk, y, files


def test_report_has_seed_000_sections_in_order(made, tmp_path):
    name, lk, y, files = made
    sections = docx_sections(files[D.report_name(y, "docx")])
    titles = [k for k in sections if k]
    from generator.documents.cycle import cycle_context

    cycle = cycle_context(lk, y)
    expected = SECTIONS[:-1]
    if cycle is not None and cycle.measures:
        expected.append("Меры по итогам мониторинга и их результат")
    if cycle is not None and cycle.goals:
        expected.append("Цели и их достижение")
    assert (name, bool(cycle)) in (("demo", True), ("seed000", True))  # both have measures, the demo goals too
    assert [re.sub(r"^\d+\. ", "", t) for t in titles] == [*expected, "Выводы"]
    text = pdf_text(files[D.report_name(y, "pdf")], tmp_path, first=3)
    pdf_sections(text, titles)  # the same headings, in the same order, in the PDF
    pngs = render_png(files[D.report_name(y, "pdf")], f"report-{name}-{y}", "1-4")
    assert len(pngs) == 4 and all(p.stat().st_size > 5000 for p in pngs)


def test_every_figure_of_the_export_is_in_its_section(made, tmp_path):
    _, lk, y, files = made
    in_docx = docx_sections(files[D.report_name(y, "docx")])
    titles = [k for k in in_docx if k]
    in_pdf = pdf_sections(pdf_text(files[D.report_name(y, "pdf")], tmp_path, first=3), titles)
    for word, figures in expected_figures(lk, y).items():
        assert figures
        for sections in (in_docx, in_pdf):
            text = section(sections, word)
            missing = [f for f in figures if _norm(f) not in text]
            assert not missing, (word, missing[:5])


def test_dynamics_lists_and_recommendations_are_in_their_places(made):
    _, lk, y, files = made
    d = docx.Document(io.BytesIO(files[D.report_name(y, "docx")]))
    heading, under = "", {}
    for p in d.paragraphs:
        if p.style.name.lower().startswith("heading"):
            heading = p.text
        else:
            under.setdefault(heading, []).append(p.text)
    lists = {"improved": "Положительная", "stable": "Стабильно", "worsened": "Отрицательная"}
    for ind in lk.indicator_rows[y]:
        m = lk.muni(y, ALL, "indicator", ind.id)
        if m is not None and m.trend in lists:
            (key,) = [h for h in under if lists[m.trend] in h]
            assert any(p.startswith(ind.name + ":") for p in under[key]), (ind.name, m.trend)
    recs = section(docx_sections(files[D.report_name(y, "docx")]), "Адресные рекомендации")
    for items in lk.recs.values():
        for r in items:
            if r.year == y:
                assert _norm(r.text) in recs


def test_seed_000_report_states_its_figures(tmp_path):
    lk = _lookup(SEED000)
    files = D.report_files(lk, 2023, ISSUED)
    summary = section(docx_sections(files["report-2023.docx"]), "Сводные")
    assert "Свод показателей за 2023 год достиг 63,00 %" in summary
    assert "что соответствует уровню «Средний уровень»" in summary
    assert "Наиболее высокие результаты демонстрируют общеобразовательные организации — 86,00 %" in summary
    text = _norm(pdf_text(files["report-2023.pdf"], tmp_path))
    assert "достиг 63,00 %" in text and "общеобразовательные организации — 86,00 %" in text
    assert "Управление образования" not in text or "Информационно-методический центр" in text
    assert "Информационно-методический центр (пример)" in text.split("Содержание")[0]  # the title page


def test_pdf_embeds_the_packaged_font_only(made, tmp_path):
    _, _, y, files = made
    path = tmp_path / "r.pdf"
    path.write_bytes(files[D.report_name(y, "pdf")])
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" for r in rows), fonts  # every font embedded
    assert all("Liberation" in r[0] for r in rows), fonts
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info


def test_same_commit_gives_the_same_bytes(tmp_path):
    outs = []
    for k in (1, 2):
        out = tmp_path / f"out{k}"
        for command in ("report", "letters"):
            subprocess.run(
                [sys.executable, "-m", "generator", command, "2023", "--data", str(SEED000), "--out", out / command],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0].keys() == outs[1].keys() and len(outs[0]) == 2 + 2 * 8 + 1
    changed = [name for name in outs[0] if outs[0][name] != outs[1][name]]
    assert changed == []
    with zipfile.ZipFile(io.BytesIO(outs[0]["letters/letters-2023.zip"])) as z:
        assert {i.date_time for i in z.infolist()} == {zip_date(D.issued_date(_stamp()))}


def _stamp() -> int:
    from generator.pipeline import data_version

    return data_version(SEED000.parent, SEED000)[1]


def _with_heads(tmp_path: Path, publish: bool) -> Path:
    import csv

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "2025" / "organizations.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[0].append("head")
    for i, row in enumerate(rows[1:]):
        row.append(HEAD if i == 0 else "")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    settings = data / "monitoring.yml"
    text = settings.read_text(encoding="utf-8").replace(
        "publish_personal_names: false", f"publish_personal_names: {str(publish).lower()}"
    )
    settings.write_text(text, encoding="utf-8")
    return data


@pytest.mark.parametrize("publish", [False, True])
def test_letter_names_the_head_only_when_published(tmp_path, publish):
    lk = _lookup(_with_heads(tmp_path, publish))
    files = D.letter_files(lk, 2025, ISSUED, orgs=["sch-01", "sch-02"])
    assert sorted(files) == [
        "letter-2025-sch-01.docx",
        "letter-2025-sch-01.pdf",
        "letter-2025-sch-02.docx",
        "letter-2025-sch-02.pdf",
        "letters-2025.zip",
    ]
    letter = docx.Document(io.BytesIO(files["letter-2025-sch-01.docx"]))
    cells = " ".join(c.text for t in letter.tables for row in t.rows for c in row.cells)
    assert "Руководителю" in cells and lk.name("sch-01") in _norm(cells).replace("№ ", "№ ")
    everywhere = b"".join(files.values()) + b"".join(
        zipfile.ZipFile(io.BytesIO(files[n])).read("word/document.xml") for n in files if n.endswith(".docx")
    )
    pdf = _norm(pdf_text(files["letter-2025-sch-01.pdf"], tmp_path))
    if publish:
        assert HEAD in cells and HEAD in pdf
    else:
        assert HEAD.encode("utf-8") not in everywhere and HEAD not in pdf


def test_letter_holds_the_organizations_figures(tmp_path):
    lk = _lookup(ROOT / "data")
    y = lk.latest
    files = D.letter_files(lk, y, ISSUED, orgs=["sch-01"])
    text = _norm(pdf_text(files[D.letter_name(y, "sch-01", "pdf")], tmp_path))
    total = lk.org_totals["sch-01"][y]
    of = lk.ranked_count[(y, "general")]
    assert f"Итоговый балл организации — {_norm(R.score(total.score))} из 100" in text
    assert _norm(R.rank(total.rank_min, total.rank_max, of)) in text
    assert lk.level(y, total.level).label in text
    for r in lk.recs["sch-01"]:
        if r.year == y:
            assert _norm(r.text)[:40] in text
    render_png(files[D.letter_name(y, "sch-01", "pdf")], f"letter-{y}-sch-01", "1-1")


def test_hostile_strings_stay_text(tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile import ORG_NAME, RECOMMENDATION, hostile_data

    lk = _lookup(hostile_data(tmp_path))
    files = {**D.report_files(lk, 2025, ISSUED), **D.letter_files(lk, 2025, ISSUED, orgs=["sch-01"])}
    for name in ("report-2025.docx", "letter-2025-sch-01.docx"):
        d = docx.Document(io.BytesIO(files[name]))  # well-formed XML, or python-docx fails
        text = " ".join(p.text for p in d.paragraphs) + " ".join(
            c.text for t in d.tables for row in t.rows for c in row.cells
        )
        assert _norm(ORG_NAME) in _norm(text)
        xml = zipfile.ZipFile(io.BytesIO(files[name])).read("word/document.xml").decode("utf-8")
        assert "<script" not in xml and "<img" not in xml and "&lt;script&gt;" in xml
    from generator.documents.layout import report_document
    from generator.documents.pdf import document_html
    from generator.documents.report import report

    page = document_html(report_document(report(lk, 2025, ISSUED), ISSUED))
    assert "<script" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    text = _norm(pdf_text(files["letter-2025-sch-01.pdf"], tmp_path))
    assert "<script>window.__pwned=1</script>" in text and _norm(RECOMMENDATION) in text


def test_cli_refuses_a_year_not_published(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "generator", "report", "2019", "--data", str(SEED000), "--out", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 1
    refused = "Документы не составлены: 2019 год отсутствует в данных; опубликованные годы: 2022, 2023."
    assert out.stderr.strip() == refused
    assert not (tmp_path / "r").exists()


def test_measures_effects_coverage_and_goals_appear_when_the_results_have_them(tmp_path):
    """The cycle's frames as generator/compute/cyclecols.py (branch `cycle`) defines them:
    the report gets its sections and the letter its planned measures; without them, none."""
    import pandas as pd

    plain_data = tmp_path / "seed000"  # example 000 without its measures.csv / practices.csv
    shutil.copytree(SEED000, plain_data)
    for f in [*plain_data.glob("*/measures.csv"), *plain_data.glob("*/practices.csv")]:
        f.unlink()
        pkg = f.parent / "datapackage.json"
        meta = json.loads(pkg.read_text(encoding="utf-8"))
        meta["resources"] = [r for r in meta["resources"] if r["path"] != f.name]
        pkg.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    lk = _lookup(plain_data)
    y = lk.latest
    plain = D.report_files(lk, y, ISSUED, ("docx",))[D.report_name(y, "docx")]
    assert not any("Меры" in k or "Цели" in k for k in docx_sections(plain))
    r = lk.results
    names = ("measures", "effect_summary", "coverage", "goals", "goal_values")
    saved = {n: getattr(r, n) for n in names if hasattr(r, n)}
    r.measures = pd.DataFrame(
        [
            [
                y,
                "m1",
                "sch-a",
                "general",
                "sys-vsoko",
                "Курсы для команды",
                "courses",
                "ИМЦ",
                "",
                "2026-03-01",
                "planned",
                "",
            ],
            [
                y,
                "m2",
                "",
                "",
                "total",
                "Семинар для руководителей",
                "seminar",
                "ИМЦ",
                "",
                "2026-02-01",
                "done",
                "Проведён",
            ],
        ],
        columns=[
            "year",
            "id",
            "org_id",
            "kind",
            "direction_id",
            "title",
            "form",
            "responsible",
            "start",
            "due",
            "status",
            "result",
        ],
    )
    r.effect_summary = pd.DataFrame(
        [[y, "form", "courses", "", 3, 4.5, 1.25, 3.25, 0]],
        columns=[
            "year",
            "by",
            "form",
            "direction_id",
            "n",
            "mean_change",
            "mean_comparison_change",
            "mean_effect",
            "n_method_changed",
        ],
    )
    r.coverage = pd.DataFrame([[y, "all", 40, 10, 25.0]], columns=["year", "scope", "pairs", "covered", "coverage"])
    r.goals = pd.DataFrame(
        [["g1", "Свод не ниже 70", "total", "all", "summary", "", y - 1, y, 70.0, False, 60.0, 72.5, True, True]],
        columns=[
            "id",
            "name",
            "node_id",
            "scope",
            "measure",
            "level",
            "baseline_year",
            "target_year",
            "target",
            "lower_is_better",
            "baseline_value",
            "target_value",
            "achieved",
            "due",
        ],
    )
    r.goal_values = pd.DataFrame([["g1", y, 72.5]], columns=["goal_id", "year", "actual"])
    try:
        sections = docx_sections(D.report_files(lk, y, ISSUED, ("docx",))[D.report_name(y, "docx")])
        measures = section(sections, "Меры по итогам")
        assert "Курсы для команды" in measures and "Семинар для руководителей" in measures
        assert "+3,25" in measures and "25,00 %" in measures and "01.03.2026" in measures
        goals = section(sections, "Цели")
        assert "Свод не ниже 70" in goals and "72,50" in goals and "достигнута" in goals
        letter = D.letter_files(lk, y, ISSUED, ("docx",), ["sch-a"])[D.letter_name(y, "sch-a", "docx")]
        text = " ".join(c.text for t in docx.Document(io.BytesIO(letter)).tables for row in t.rows for c in row.cells)
        assert "Курсы для команды" in text and "01.03.2026" in text and "Семинар" not in text
    finally:
        for name in names:
            if name in saved:
                setattr(r, name, saved[name])
            else:
                delattr(r, name)


def test_no_system_font_is_needed(tmp_path):
    """With fontconfig seeing no font at all (a fresh machine without fonts), the report
    comes out byte for byte the same: only the packaged fonts are used and embedded."""
    import os

    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>')
    made = {}
    for name, env in (("system", {}), ("none", {"FONTCONFIG_FILE": str(conf)})):
        out = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "generator", "report", "2023", "--data", str(SEED000), "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, **env},
        )
        made[name] = (out / "report-2023.pdf").read_bytes()
    assert made["none"] == made["system"]
