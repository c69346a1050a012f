"""A data folder whose names and texts are hostile: HTML, script, Markdown,
Jinja and chart-breaking strings, and spreadsheet formulas. Every one must
come out as literal text wherever it is written."""

from __future__ import annotations

import csv
import html
import html.parser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

ORG_NAME = (
    '</title><script>window.__pwned=1</script>Школа <img src=x onerror="window.__pwned=2"> **жирный** | '
    "[ссылка](javascript:window.__pwned=3) {{ 7*7 }} {% if true %}JINJA{% endif %}"
)
ORG_SHORT = "</script><img src=x onerror=window.__pwned=4>СОШ"
DIRECTION_NAME = '<svg onload="window.__pwned=5">Направление *курсив* _подчерк_ `код` # не заголовок'
INDICATOR_NAME = (
    "</div></figure><script>window.__pwned=6</script>Показатель \"кавычки\" 'апостроф' ${7*7} &amp; <b>жирный</b>"
)
RECOMMENDATION = '=HYPERLINK("https://evil.example/","нажмите")'
FORMULA_DISTRICT = "@SUM(1+1)"
# What a visitor must read, literally, somewhere on the organization's page.
VISIBLE_PIECES = [
    "</title><script>window.__pwned=1</script>Школа",
    "**жирный**",
    "{{ 7*7 }}",
    "{% if true %}JINJA{% endif %}",
]


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


# -- Payloads in every text field ------------------------------------------------
# Each payload would run (or carry a javascript: link) if its context let it
# through: Markdown + attr_list, raw HTML, attribute breakouts, URLs. The
# number in each tells which one fired.
# CORE goes into every text cell (attr_list makes an element with a handler
# that fires on load, a Markdown link takes a javascript: URL); one of
# PAYLOADS follows it, in turn.
CORE = "*x*{: autofocus onfocus=alert(11) } [ссылка](javascript:alert(12))"
PAYLOADS = [
    '*x*{: autofocus onfocus="window.__pwned=11" }',
    "[ссылка](javascript:window.__pwned=12)",
    '<img src=x onerror="window.__pwned=13">',
    '"><svg onload=window.__pwned=14>',
    "'><a href=javascript:window.__pwned=15>a</a>",
    '![i](x){: onerror="window.__pwned=16" }',
    '<https://example.org/" onmouseover="window.__pwned=17>',
    '<div markdown="1">*x*{: onclick="window.__pwned=19" }</div>',
    '!!! danger "<script>window.__pwned=20</script>"',
    "javascript:window.__pwned=21",
    "`</code><script>window.__pwned=22</script>`",
    "&lt;script&gt;window.__pwned=23&lt;/script&gt;",
    "[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0yNDwvc2NyaXB0Pg==)",
    "_a_ **b** {: #top .x } | c | [^1] <!-- d --> {{ 7*7 }}",
]
# The title becomes MkDocs' site_name; validation refuses markup characters there.
TITLE_PAYLOAD = "Мониторинг [x](javascript:window.__pwned=30) *y* !!! danger"
COMMIT_PAYLOADS = [
    "*x*{: autofocus onfocus=alert(40) } Данные 2024 [a](javascript:alert(41))",
    '<img src=x onerror="window.__pwned=42"> исправлено: @octocat `x` | y |',
]
# Text columns of each resource: free text in the Table Schemas (no pattern, no enum).
TEXT_COLUMNS = {
    "organizations.csv": ["name", "short_name", "district", "head"],
    "directions.csv": ["name", "description"],
    "indicators.csv": ["name", "source", "description"],
    "levels.csv": ["label", "description"],
    "recommendations.csv": ["text"],
    "values.csv": ["note"],
}
LIMITS = {"short_name": 120, "district": 120, "label": 100, "head": 200, "source": 300, "note": 500}


def _inject(path: Path, columns: list[str], counter: list[int]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for col in columns:
        if col not in header:
            header.append(col)
            for row in rows[1:]:
                row.append("")
    for n, row in enumerate(rows[1:]):
        for col in columns:
            i = header.index(col)
            if col == "note" and n % 7:
                continue  # a note on every 7th value is plenty
            payload = CORE + " " + PAYLOADS[counter[0] % len(PAYLOADS)]
            counter[0] += 1
            row[i] = (payload + " " + row[i]).strip()[: LIMITS.get(col, 300)]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _git(repo: Path, *args: str) -> None:
    env = {
        "GIT_AUTHOR_NAME": "Тест",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Тест",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2025-07-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2025-07-01T10:00:00+00:00",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def payload_data(dest: Path) -> Path:
    """The demo data with a payload in every text field of every year and of
    monitoring.yml, committed to a git repository whose commit messages are
    payloads too (one of them a correction of a published year, so that the
    corrections log shows it)."""
    data = dest / "data"
    shutil.copytree(ROOT / "data", data)
    counter = [0]
    for year in sorted(p for p in data.iterdir() if p.is_dir()):
        for name, columns in TEXT_COLUMNS.items():
            _inject(year / name, columns, counter)
    settings = yaml.safe_load((data / "monitoring.yml").read_text(encoding="utf-8"))
    settings["title"] = TITLE_PAYLOAD
    for i, key in enumerate(("territory", "operator", "demo_notice")):
        settings[key] = CORE + " " + PAYLOADS[i] + " " + settings.get(key, "")
    settings["kinds"] = {
        k: CORE + " " + PAYLOADS[(i + 3) % len(PAYLOADS)] + " " + v
        for i, (k, v) in enumerate(settings["kinds"].items())
    }
    settings["publish_personal_names"] = True
    # The public settings of issue 13: the footer's address and hours, a glossary expansion (an <abbr title>).
    settings["contacts"]["address"] = CORE + " " + PAYLOADS[4 % len(PAYLOADS)]
    settings["contacts"]["hours"] = PAYLOADS[5 % len(PAYLOADS)]
    settings["glossary"]["ВСОКО"] = CORE + " " + PAYLOADS[6 % len(PAYLOADS)]
    # Issue 11, items 2 and 8: the titles of the year's texts, a stage and its responsible in the calendar,
    # and in a text file every payload the safe subset lets through as text (the rest it refuses).
    settings["year_texts"][0]["title"] = (CORE + " " + PAYLOADS[7])[:200]
    settings["calendar"][0]["stage"] = (CORE + " " + PAYLOADS[8])[:200]
    settings["calendar"][0]["responsible"] = PAYLOADS[9][:200]
    for year in sorted(p for p in data.iterdir() if p.is_dir()):
        text = year / "texts" / "conclusions.md"
        passing = [PAYLOADS[0], PAYLOADS[8].replace("<", "&lt;"), PAYLOADS[11], PAYLOADS[9]]
        text.write_text(text.read_text(encoding="utf-8") + "\n" + "\n\n".join([CORE.split(" [")[0], *passing]) + "\n")
    (data / "monitoring.yml").write_text(
        yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "data")
    _git(dest, "commit", "-q", "-m", COMMIT_PAYLOADS[0])
    values = data / "2024" / "values.csv"
    lines = values.read_text(encoding="utf-8").splitlines(keepends=True)
    head, first = lines[0], lines[1].split(",")
    first[2] = "0" if first[2] != "0" else "1"
    values.write_text(head + ",".join(first) + "".join(lines[2:]), encoding="utf-8")
    _git(dest, "commit", "-q", "-am", COMMIT_PAYLOADS[1] + "\n\n" + CORE + "\n" + PAYLOADS[2])
    return data


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
ACTIVE_URL = re.compile(r"\s*(?:javascript|data|vbscript):", re.IGNORECASE)


class _ActiveMarkup(html.parser.HTMLParser):
    """Elements that would act on their own: an on* handler, autofocus, a
    javascript:/data: URL."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or name == "autofocus":
                self.found.append((tag, name, value))
            elif name in URL_ATTRIBUTES and value and ACTIVE_URL.match(value):
                self.found.append((tag, name, value))


def active_markup(site: Path) -> dict[str, list]:
    """Every generated page (theme assets aside) -> its active elements, where any."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        if "assets" in path.parts:
            continue
        parser = _ActiveMarkup()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            found[path.relative_to(site).as_posix()] = parser.found[:3]
    return found


def visible_text(page_html: str) -> str:
    """What a browser shows of a page, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", page_html))


def built_site(tmp: Path, make_data) -> Path:
    """The site built by the real command from make_data(tmp), in tmp/site."""
    data = make_data(tmp)
    site = tmp / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(data), "--site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return site
