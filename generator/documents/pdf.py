"""The PDF writer: a Document (blocks.py) as HTML and CSS, laid out by
WeasyPrint. It only formats: every text is HTML-escaped; charts are the SVG of
figures.py, drawn as vectors. A4, page numbers at the foot (none on the title
page), a table of contents whose page numbers WeasyPrint fills in
(target-counter), headings kept with what follows, table headers repeated.

Fonts: the packaged Liberation Sans (generator/resources/fonts/), embedded as
subsets; nothing is fetched from the network or the system: the URL fetcher
serves only the packaged fonts and data: URLs."""

from __future__ import annotations

import base64
import functools
import html

from generator.documents.blocks import Bullets, Contents, Document, Figure, Heading, PageBreak, Para, Table
from generator.documents.figures import FONT_DIR, FONT_FAMILY
from generator.russian import no_break

FONT_FILES = {("normal", "normal"): "Regular", ("bold", "normal"): "Bold", ("normal", "italic"): "Italic"}

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @bottom-center { content: counter(page); font-family: "%(font)s"; font-size: 9pt; color: #333; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "%(font)s"; font-size: 11pt; line-height: 1.4; color: #111; }
body { margin: 0; }
h1, h2, h3 { break-after: avoid; line-height: 1.25; }
h1 { font-size: 16pt; margin: 0 0 10pt; break-before: page; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; }
p { margin: 0 0 6pt; text-align: justify; hyphens: auto; }
p.lead { font-weight: bold; }
p.note { font-size: 9pt; text-align: left; }
p.right { text-align: right; }
ul { margin: 0 0 6pt; padding-left: 16pt; }
li { margin-bottom: 3pt; }
table { width: 100%%; table-layout: fixed; border-collapse: collapse; margin: 0 0 10pt; font-size: 9pt; }
th, td { border: 0.5pt solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left;
  hyphens: auto; overflow-wrap: break-word; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
caption, figcaption { caption-side: top; font-style: italic; font-size: 9pt; margin-bottom: 3pt; text-align: left; }
figure { margin: 4pt 0 10pt; break-inside: avoid; }
figure img { width: 100%%; }
figure.narrow img { width: auto; max-width: 100%%; }
.title-page { text-align: center; break-after: page; }
.title-page .top { font-style: italic; }
.title-page .title { margin-top: 65mm; font-size: 17pt; font-weight: bold; line-height: 1.35; }
.title-page .subtitle { margin-top: 8pt; font-size: 13pt; }
.title-page .notice { margin-top: 14mm; font-size: 9pt; }
.title-page .bottom { margin-top: 75mm; }
.title-page p { text-align: center; margin: 0; hyphens: manual; }
h1, h2, h3 { hyphens: manual; }
nav.toc h1 { break-before: auto; }
nav.toc ul { list-style: none; padding: 0; }
nav.toc li.l2 { padding-left: 14pt; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader(".") target-counter(attr(href), page); }
.head { display: flex; justify-content: space-between; margin-bottom: 14pt; }
.head .from { width: 48%%; font-size: 9pt; }
.head .to { width: 46%%; }
.head p { text-align: left; margin: 0 0 2pt; }
body.letter h1 { break-before: auto; text-align: center; font-size: 14pt; margin-top: 10pt; }
"""


def _e(text: str) -> str:
    """Text as HTML (escaped), «№ 3» and «5 %» kept on one line."""
    return html.escape(no_break(str(text)), quote=True)


def _block(b, toc: list[Heading]) -> str:
    if isinstance(b, Heading):
        anchor = f' id="{_e(b.anchor)}"' if b.anchor else ""
        return f"<h{b.level}{anchor}>{_e(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        cls = f' class="{b.style}"' if b.style != "body" else ""
        return f"<p{cls}>{'<br>'.join(_e(t) for t in b.text.split(chr(10)))}</p>"
    if isinstance(b, Bullets):
        return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        data = base64.b64encode(b.svg).decode("ascii")
        cls = ' class="narrow"' if b.width < 500 else ""
        return (
            f'<figure{cls}><img src="data:image/svg+xml;base64,{data}" alt="{_e(b.alt)}">'
            f"<figcaption>{_e(b.caption)}</figcaption></figure>"
        )
    if isinstance(b, Contents):
        items = "".join(
            f'<li class="l{h.level}"><a href="#{_e(h.anchor)}">{_e(h.text)}</a></li>' for h in toc if h.anchor
        )
        return f'<nav class="toc"><h1>{_e(b.title)}</h1><ul>{items}</ul></nav>'
    if isinstance(b, PageBreak):
        return '<div style="break-after: page"></div>'
    raise TypeError(type(b))


def _table(t: Table) -> str:
    numeric = t.numeric or (False,) * len(t.header)
    cols = "".join(f'<col style="width: {w * 100:.1f}%">' for w in t.widths)
    head = "".join(f"<th{' class=num' if n else ''}>{_e(h)}</th>" for h, n in zip(t.header, numeric))
    rows = []
    for k, row in enumerate(t.rows):
        depth = t.indent[k] if k < len(t.indent) else 0
        cells = []
        for i, v in enumerate(row):
            style = f' style="padding-left: {4 + 10 * depth}pt"' if i == 0 and depth else ""
            text = "<br>".join(_e(part) for part in str(v).split("\n"))
            cells.append(f"<td{' class=num' if numeric[i] else ''}{style}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{_e(t.caption)}</caption>" if t.caption else ""
    body = "".join(rows)
    return f"<table>{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def document_html(doc: Document) -> str:
    """The document as one HTML page (the PDF's source; also what tests read)."""
    faces = "".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {w}; font-style: {s}; src: url("font:{name}"); }}\n'
        for (w, s), name in FONT_FILES.items()
    )
    parts = []
    tp = doc.title_page
    if tp is not None:
        parts.append(
            '<section class="title-page">'
            + "".join(f'<p class="top">{_e(t)}</p>' for t in tp.top)
            + '<p class="title">'
            + "<br>".join(_e(t) for t in tp.title)
            + "</p>"
            + "".join(f'<p class="subtitle">{_e(t)}</p>' for t in tp.subtitle)
            + (f'<p class="notice">{_e(tp.notice)}</p>' if tp.notice else "")
            + '<div class="bottom">'
            + "".join(f"<p>{_e(t)}</p>" for t in tp.bottom)
            + "</div></section>"
        )
    if doc.letterhead or doc.addressee:
        parts.append(
            '<div class="head"><div class="from">'
            + "".join(f"<p>{_e(t)}</p>" for t in doc.letterhead)
            + '</div><div class="to">'
            + "".join(f"<p>{_e(t)}</p>" for t in doc.addressee)
            + "</div></div>"
        )
    toc = doc.headings()
    parts += [_block(b, toc) for b in doc.blocks]
    meta = (
        f'<meta name="author" content="{_e(doc.author)}">'
        f'<meta name="dcterms.created" content="{_e(doc.issued[:10])}T12:00:00Z">'
        f'<meta name="dcterms.modified" content="{_e(doc.issued[:10])}T12:00:00Z">'
        '<meta name="generator" content="monitoring-site">'
    )
    body_class = "" if tp is not None else ' class="letter"'
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{_e(doc.title)}</title>{meta}'
        f"<style>{faces}{CSS % {'font': FONT_FAMILY}}</style></head>"
        f"<body{body_class}>{''.join(parts)}</body></html>"
    )


@functools.cache
def _fetcher():
    """Only the packaged fonts and inline data: nothing from the network or the file system."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("font:"):
                name = url.removeprefix("font:")
                if name in FONT_FILES.values():
                    data = (FONT_DIR / f"LiberationSans-{name}.ttf").read_bytes()
                    return URLFetcherResponse(url, data, {"Content-Type": "font/ttf"})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"refused: {url[:60]}")

    return Fetcher(allowed_protocols={"data"})


@functools.cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def pdf_bytes(doc: Document) -> bytes:
    """The document as a PDF file (same document, same bytes)."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = HTML(string=document_html(doc), url_fetcher=_fetcher())
    return page.write_pdf(font_config=_fonts(), pdf_identifier=b"monitoring-site", uncompressed_pdf=False)
