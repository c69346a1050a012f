"""The fixed parts of every DOCX file the writer makes (docx.py): content
types, relationships, styles, numbering, settings, footer and properties."""

from __future__ import annotations

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CT = "application/vnd.openxmlformats-officedocument"


def content_types() -> str:
    overrides = {
        "/word/document.xml": f"{_CT}.wordprocessingml.document.main+xml",
        "/word/styles.xml": f"{_CT}.wordprocessingml.styles+xml",
        "/word/settings.xml": f"{_CT}.wordprocessingml.settings+xml",
        "/word/numbering.xml": f"{_CT}.wordprocessingml.numbering+xml",
        "/word/footer1.xml": f"{_CT}.wordprocessingml.footer+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": f"{_CT}.extended-properties+xml",
    }
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="svg" ContentType="image/svg+xml"/>'
        + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
        + "</Types>"
    )


ROOT_RELS = (
    f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/></Relationships>'
)

APP = (
    f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>monitoring-site</Application></Properties>"
)


def core(title: str, author: str, issued: str) -> str:
    """title and author already escaped; issued: an ISO date (the data's date, never the clock)."""
    stamp = f"{issued[:10]}T12:00:00Z"
    return (
        f"{HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:language>ru-RU</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


SETTINGS = (
    f'{HEAD}<w:settings {W}><w:defaultTabStop w:val="708"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/>'
    '<w:themeFontLang w:val="ru-RU"/></w:settings>'
)

NUMBERING = (
    f'{HEAD}<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def footer(text: str) -> str:
    """A centred footer: text (escaped) and the page number (a PAGE field)."""
    lead = f'<w:r><w:t xml:space="preserve">{text} · </w:t></w:r>' if text else ""
    return (
        f'{HEAD}<w:ftr {W}><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>{lead}'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
    )


def _style(sid: str, name: str, ppr: str = "", rpr: str = "", kind: str = "paragraph", extra: str = "") -> str:
    default = ' w:default="1"' if sid == "Normal" else ""
    return (
        f'<w:style w:type="{kind}"{default} w:styleId="{sid}"><w:name w:val="{name}"/>{extra}'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def styles(font: str) -> str:
    based = '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
    heading = (
        '<w:keepNext/><w:keepLines/><w:spacing w:before="{b}" w:after="120"/><w:jc w:val="left"/>'
        '<w:outlineLvl w:val="{lvl}"/>'
    )
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    body = [
        _style(
            "Normal",
            "Normal",
            '<w:spacing w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/>',
            _size(24),
            extra="<w:qFormat/>",
        ),
        _style("Heading1", "heading 1", heading.format(b=360, lvl=0), "<w:b/>" + _size(32), extra=based),
        _style("Heading2", "heading 2", heading.format(b=240, lvl=1), "<w:b/>" + _size(28), extra=based),
        _style("Heading3", "heading 3", heading.format(b=200, lvl=2), "<w:b/>" + _size(24), extra=based),
        _style("Lead", "Lead", "", "<w:b/>", extra=based),
        _style("Note", "Note", '<w:jc w:val="left"/>', _size(20), extra=based),
        _style(
            "Caption", "caption", '<w:spacing w:after="200"/><w:jc w:val="center"/>', "<w:i/>" + _size(20), extra=based
        ),
        _style(
            "TableText",
            "Table Text",
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
            _size(20),
            extra=based,
        ),
        _style("ListBullet", "List Bullet", '<w:spacing w:after="60"/>', extra=based),
        _style(
            "TOCHeading", "TOC Heading", '<w:spacing w:before="240" w:after="240"/>', "<w:b/>" + _size(32), extra=based
        ),
        _style("TOC1", "toc 1", '<w:spacing w:after="60"/><w:jc w:val="left"/>', "", extra=based),
        _style("TOC2", "toc 2", '<w:spacing w:after="60"/><w:ind w:left="284"/><w:jc w:val="left"/>', "", extra=based),
        _style("Footer", "footer", '<w:jc w:val="center"/>', _size(18), extra=based),
        f'<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>{borders}'
        '</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
    ]
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:eastAsia="{font}"/>'
    return (
        f"{HEAD}<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr>{fonts}{_size(24)}"
        f'<w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>{"".join(body)}</w:styles>'
    )
