"""The layout both writers format: a document is a title, a title page and a
list of blocks (headings, paragraphs, lists, tables, figures). The DOCX writer
(docx.py) and the PDF writer (pdf.py) only format these; every word and number
in them was written by layout.py from a typed context (report.py, letter.py).
Text is plain: each writer escapes it for its own format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1-3; level 1 and 2 go into the table of contents
    anchor: str = ""  # an ASCII id, unique in the document (the PDF's table of contents links it)


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body, lead (bold), note (small), right (aligned right)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # share of the text width of each column (sum 1)
    numeric: tuple[bool, ...] = ()  # True: the column is right-aligned (figures)
    caption: str = ""
    indent: tuple[int, ...] = ()  # per row: tree depth of the first cell (0 = none)


@dataclass(frozen=True)
class Figure:
    svg: bytes  # the chart as SVG (vector, the PDF's; also in the DOCX beside the PNG)
    png: bytes  # the same chart as PNG (the DOCX's fallback for editors without SVG)
    width: int  # pixels of the drawn chart at scale 1
    height: int
    caption: str
    alt: str


@dataclass(frozen=True)
class Contents:
    """The table of contents: the headings of levels 1 and 2 that follow it."""

    title: str = "Содержание"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Bullets | Table | Figure | Contents | PageBreak


@dataclass(frozen=True)
class TitlePage:
    top: tuple[str, ...]  # the authority and the centre, above the title
    title: tuple[str, ...]  # lines of the title, bold
    subtitle: tuple[str, ...] = ()
    bottom: tuple[str, ...] = ()  # place and year, at the foot of the page
    notice: str = ""  # the demo notice, '' = real data


@dataclass(frozen=True)
class Document:
    title: str  # document metadata (the PDF's and the DOCX's title)
    author: str  # who issues it (the operator), '' = none
    issued: str  # ISO date written into the metadata (the data's date: reproducible)
    blocks: tuple[Block, ...]
    title_page: TitlePage | None = None  # None: the document starts with its blocks (a letter)
    letterhead: tuple[str, ...] = field(default=())  # a letter's sender lines, top left
    addressee: tuple[str, ...] = field(default=())  # a letter's addressee lines, top right
    footer: str = ""  # text before the page number in the footer

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= 2]
