"""The DOCX writer: a Document (blocks.py) as WordprocessingML, written by hand
so that it is fast (a letter per organization: thousands of files) and byte
for byte reproducible (every part in a fixed order, zip entries dated by the
data's date). It only formats: every text is escaped as XML character data.

A4, margins of Russian official documents (left 3 cm, right 1.5 cm, top and
bottom 2 cm), page numbers in the footer (none on the title page), headings
with outline levels, a TOC field whose cached entries list the headings (Word
and LibreOffice fill in the pages when they update the fields: the settings
ask them to on opening), bullets, tables with a repeated header row, charts as
PNG with the SVG beside it (asvg:svgBlip: Word 2016+ shows the vector)."""

from __future__ import annotations

import io
import re

from generator.documents.blocks import Bullets, Contents, Document, Figure, Heading, PageBreak, Para, Table
from generator.documents.zipfiles import write_zip
from generator.russian import no_break

FONT = "Arial"  # metric-compatible with Liberation Sans, the PDF's font; LibreOffice maps one to the other
TEXT_WIDTH_CM = 16.5  # A4 21 cm minus the margins
EMU_PER_CM = 360000
EMU_PER_PX = 9525
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def esc(text: str) -> str:
    """Text as XML character data (also safe inside a quoted attribute)."""
    text = no_break(_BAD_XML.sub("", str(text)))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run(text: str, bold: bool = False, size: int | None = None, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = text.split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{esc(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


def _para(
    text: str,
    style: str = "",
    align: str = "",
    bold: bool = False,
    size: int | None = None,
    keep_next: bool = False,
    italic: bool = False,
) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "")
    ppr += f'<w:jc w:val="{align}"/>' if align else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{_run(text, bold, size, italic)}</w:p>"


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.media: list[tuple[str, bytes]] = []  # (part name under word/, bytes)
        self.body: list[str] = []
        self.bookmark = 0

    def write(self) -> str:
        d = self.doc
        if d.title_page is not None:
            self._title_page()
        if d.letterhead or d.addressee:
            self._letter_head()
        for block in d.blocks:
            self._block(block)
        sect = (
            '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>'
            '<w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" '
            'w:gutter="0"/>' + ("<w:titlePg/>" if d.title_page is not None else "") + "</w:sectPr>"
        )
        return f"{HEAD}<w:document {NS}><w:body>{''.join(self.body)}{sect}</w:body></w:document>"

    def _title_page(self) -> None:
        tp = self.doc.title_page
        for line in tp.top:
            self.body.append(_para(line, align="center", italic=True))
        self.body.append(_para("", size=24) * 6)
        for line in tp.title:
            self.body.append(_para(line, align="center", bold=True, size=32))
        for line in tp.subtitle:
            self.body.append(_para(line, align="center", size=28))
        if tp.notice:
            self.body.append(_para("", size=24) * 2 + _para(tp.notice, "Note", align="center"))
        self.body.append(_para("", size=24) * 8)
        for line in tp.bottom:
            self.body.append(_para(line, align="center"))
        self.body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _letter_head(self) -> None:
        d = self.doc
        rows = max(len(d.letterhead), len(d.addressee))
        left = "".join(_para(t, "Note", align="left") for t in d.letterhead) or "<w:p/>"
        right = "".join(_para(t, align="left") for t in d.addressee) or "<w:p/>"
        if rows:
            self.body.append(
                '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr>'
                '<w:tblGrid><w:gridCol w:w="4700"/><w:gridCol w:w="4650"/></w:tblGrid><w:tr>'
                f'<w:tc><w:tcPr><w:tcW w:w="4700" w:type="dxa"/></w:tcPr>{left}</w:tc>'
                f'<w:tc><w:tcPr><w:tcW w:w="4650" w:type="dxa"/></w:tcPr>{right}</w:tc></w:tr></w:tbl>'
            )
            self.body.append("<w:p/>")

    def _block(self, b) -> None:
        if isinstance(b, Heading):
            self.bookmark += 1
            name = esc(b.anchor or f"h{self.bookmark}")
            # A section of the report starts a page, as in the PDF; a letter's heading does not.
            brk = "<w:pageBreakBefore/>" if b.level == 1 and self.doc.title_page is not None else ""
            self.body.append(
                f'<w:p><w:pPr><w:pStyle w:val="Heading{b.level}"/>{brk}</w:pPr>'
                f'<w:bookmarkStart w:id="{self.bookmark}" w:name="_{name}"/>{_run(b.text)}'
                f'<w:bookmarkEnd w:id="{self.bookmark}"/></w:p>'
            )
        elif isinstance(b, Para):
            style = {"lead": "Lead", "note": "Note", "right": ""}.get(b.style, "")
            self.body.append(_para(b.text, style, "right" if b.style == "right" else ""))
        elif isinstance(b, Bullets):
            for item in b.items:
                self.body.append(
                    '<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/>'
                    f'<w:numId w:val="1"/></w:numPr></w:pPr>{_run(item)}</w:p>'
                )
        elif isinstance(b, Table):
            self._table(b)
        elif isinstance(b, Figure):
            self._figure(b)
        elif isinstance(b, Contents):
            self._contents(b)
        elif isinstance(b, PageBreak):
            self.body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _contents(self, b: Contents) -> None:
        self.body.append(_para(b.title, "TOCHeading"))  # right after the title page's break
        entries = self.doc.headings()
        first = '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        first += '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        first += '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        if not entries:
            self.body.append(f'<w:p>{first}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
            return
        for i, h in enumerate(entries):
            start = first if i == 0 else ""
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(entries) - 1 else ""
            self.body.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{h.level}"/></w:pPr>{start}{_run(h.text)}{end}</w:p>')

    def _table(self, t: Table) -> None:
        total = 9355  # twips of the text width
        widths = [max(300, int(total * w)) for w in t.widths]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        numeric = t.numeric or (False,) * len(t.header)

        def cell(text: str, w: int, right: bool, header: bool, depth: int = 0) -> str:
            ind = f'<w:ind w:left="{depth * 240}"/>' if depth else ""
            jc = '<w:jc w:val="right"/>' if right else ""
            return (
                f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>'
                f"{ind}{jc}</w:pPr>{_run(text, bold=header)}</w:p></w:tc>"
            )

        rows = [
            "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
            + "".join(cell(h, w, False, True) for h, w in zip(t.header, widths))
            + "</w:tr>"
        ]
        for k, row in enumerate(t.rows):
            depth = t.indent[k] if k < len(t.indent) else 0
            cells = "".join(
                cell(v, w, numeric[i], False, depth if i == 0 else 0) for i, (v, w) in enumerate(zip(row, widths))
            )
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
        if t.caption:
            self.body.append(_para(t.caption, "Caption", keep_next=True))
        self.body.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        self.body.append("<w:p/>")

    def _figure(self, f: Figure) -> None:
        n = len(self.media) // 2 + 1
        png, svg = f"media/chart{n}.png", f"media/chart{n}.svg"
        self.media += [(png, f.png), (svg, f.svg)]
        cx = min(int(TEXT_WIDTH_CM * EMU_PER_CM), f.width * EMU_PER_PX)
        cy = int(cx * f.height / max(1, f.width))
        svg_ext = (
            '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
            '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
            f'r:embed="rIdImg{n}s"/></a:ext></a:extLst>'
        )
        self.body.append(
            '<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="{n}" name="chart{n}" descr="{esc(f.alt)}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png" descr="{esc(f.alt)}"/><pic:cNvPicPr/>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg{n}">{svg_ext}</a:blip>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r></w:p>"
        )
        self.body.append(_para(f.caption, "Caption"))


def docx_bytes(doc: Document) -> bytes:
    """The document as a .docx file."""
    w = _Writer(doc)
    document = w.write()
    rels = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdFooter", "footer", "footer1.xml"),
    ]
    rel_xml = "".join(
        f'<Relationship Id="{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{t}" '
        f'Target="{target}"/>'
        for i, t, target in rels
    )
    for k, (name, _) in enumerate(w.media):
        n, svg = k // 2 + 1, name.endswith(".svg")
        rel_xml += (
            f'<Relationship Id="rIdImg{n}{"s" if svg else ""}" '
            f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{name}"/>'
        )
    from generator.documents import docx_parts as parts

    files = [
        ("[Content_Types].xml", parts.content_types()),
        ("_rels/.rels", parts.ROOT_RELS),
        ("docProps/core.xml", parts.core(esc(doc.title), esc(doc.author), doc.issued)),
        ("docProps/app.xml", parts.APP),
        ("word/document.xml", document),
        ("word/styles.xml", parts.styles(FONT)),
        ("word/settings.xml", parts.SETTINGS),
        ("word/numbering.xml", parts.NUMBERING),
        ("word/footer1.xml", parts.footer(esc(doc.footer))),
        (
            "word/_rels/document.xml.rels",
            f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rel_xml}</Relationships>",
        ),
    ]
    out = [(name, text.encode("utf-8")) for name, text in files]
    out += [(f"word/{name}", data) for name, data in w.media]
    buf = io.BytesIO()
    write_zip(buf, out, doc.issued)
    return buf.getvalue()
