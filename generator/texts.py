"""A year's own texts (issue 11, item 2): `data/<year>/texts/<id>.md`, listed
with their titles and order under `year_texts:` in monitoring.yml.

They are written by staff in Markdown; only a safe subset is accepted and
turned into plain typed blocks, so every output (the site, DOCX, PDF) formats
the same model and none of them ever sees the staff's markup:

    Heading(level 1-3, runs)   Paragraph(runs)   ListBlock(ordered, items)
    Table(header, rows)        Run(text, emphasis, strong, href)

Anything outside the subset is a problem naming the file and the line
(codes in generator/problems/texts.py): raw HTML, images, code, quotes,
horizontal rules, nested lists, headings below «###», and links other than
http(s)://, mailto: and the site's own pages written from its root («/methodology/»).
HTML entities are decoded into text (and escaped again by every output)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.problems import Problem
from generator.problems import texts as codes

MAX_TEXT_BYTES = 100 * 1024  # a year's conclusions are a few pages; more is not a text for the site
TEXTS_FOLDER = "texts"


@dataclass(frozen=True)
class Run:
    """A piece of text in one formatting. href: "" = not a link; otherwise an
    http(s):// or mailto: address or a path of the site from its root
    («/methodology/», «/years/2025/#itogi»), which each output makes relative."""

    text: str
    emphasis: bool = False
    strong: bool = False
    href: str = ""


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 («#»), 2 («##») or 3 («###»): relative to the text, whose title is above them
    runs: Runs


@dataclass(frozen=True)
class Paragraph:
    runs: Runs


@dataclass(frozen=True)
class ListBlock:
    ordered: bool  # numbered («1.») or bulleted («-», «*»)
    items: tuple[Runs, ...]  # one item = one line of runs (an item's paragraphs joined by a space)
    start: int = 1  # the first number of a numbered list


@dataclass(frozen=True)
class Table:
    header: tuple[Runs, ...]  # one cell = runs
    rows: tuple[tuple[Runs, ...], ...]  # every row has as many cells as the header


Block = Heading | Paragraph | ListBlock | Table


@dataclass(frozen=True)
class YearText:
    """One text of a year, as the site and the documents show it."""

    id: str  # the id under year_texts: in monitoring.yml = the file name without .md
    title: str  # its Russian title from monitoring.yml («Выводы»)
    file: str  # the file as staff see it, e.g. data/2025/texts/conclusions.md
    blocks: tuple[Block, ...]  # never empty: an empty file is not shown

    def plain(self) -> str:
        """The text without formatting, blocks separated by blank lines (search, meta, tests)."""
        return "\n\n".join(block_plain(b) for b in self.blocks)


def runs_plain(runs: Runs) -> str:
    return "".join(r.text for r in runs)


def block_plain(block: Block) -> str:
    if isinstance(block, (Heading, Paragraph)):
        return runs_plain(block.runs)
    if isinstance(block, ListBlock):
        return "\n".join(runs_plain(item) for item in block.items)
    return "\n".join(" | ".join(runs_plain(c) for c in row) for row in (block.header, *block.rows))


# -- links -------------------------------------------------------------------------------

_WEB = re.compile(r"https?://[^\s/?#<>\"'`\\]+[^\s<>\"'`\\]*", re.IGNORECASE)
_MAIL = re.compile(r"mailto:[^\s<>\"'`\\/]+@[^\s<>\"'`\\/]+", re.IGNORECASE)
_SITE = re.compile(r"(/(?![/\\])|#)[^\s<>\"'`\\]*")


def link_allowed(href: str) -> bool:
    """http(s):// with a host, mailto: with an address, or a path of the site
    from its root («/…», not «//host») or an anchor of the same page («#…»)."""
    return bool(_WEB.fullmatch(href) or _MAIL.fullmatch(href) or _SITE.fullmatch(href))


# -- parsing -----------------------------------------------------------------------------


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = lambda url: True  # every link is judged here, so that a refused one is reported
    return md


_MD = _parser()
# Block tokens outside the subset -> the code that refuses them.
_REFUSED_BLOCKS = {
    "html_block": codes.TEXT_HTML,
    "code_block": codes.TEXT_CODE,
    "fence": codes.TEXT_CODE,
    "blockquote_open": codes.TEXT_QUOTE,
    "hr": codes.TEXT_RULE,
}


def parse_text(source: str, file: str) -> tuple[tuple[Block, ...], list[Problem]]:
    """The blocks of a text and the problems with it (each with its line)."""
    problems: list[Problem] = []
    if len(source.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        return (), [codes.TEXT_TOO_LARGE.at(file, limit=MAX_TEXT_BYTES // 1024)]
    if "\x00" in source:
        return (), [codes.TEXT_CONTROL.at(file, row=source.count("\n", 0, source.index("\x00")) + 1)]
    tokens = _MD.parse(source)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        i = _block(tokens, i, file, blocks, problems)
    seen: set[tuple[str, int | None]] = set()  # «<b>x</b>»: one problem for the line, not one per tag
    unique = [p for p in problems if not ((p.code, p.row) in seen or seen.add((p.code, p.row)))]
    return tuple(blocks), unique


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _close(tokens: list[Token], i: int) -> int:
    """The index after the token that closes tokens[i] (same nesting)."""
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j + 1
    return len(tokens)


def _block(tokens: list[Token], i: int, file: str, blocks: list[Block], problems: list[Problem]) -> int:
    """Read the block starting at tokens[i] into blocks; the index after it."""
    t = tokens[i]
    if t.type in _REFUSED_BLOCKS:
        problems.append(_REFUSED_BLOCKS[t.type].at(file, row=_line(t)))
        return _close(tokens, i) if t.nesting == 1 else i + 1
    if t.type == "heading_open":
        level = int(t.tag[1])
        if level > 3:
            problems.append(codes.TEXT_HEADING.at(file, row=_line(t), value="#" * level))
        else:
            blocks.append(Heading(level, _inline(tokens[i + 1], file, problems)))
        return _close(tokens, i)
    if t.type == "paragraph_open":
        runs = _inline(tokens[i + 1], file, problems)
        if runs:
            blocks.append(Paragraph(runs))
        return _close(tokens, i)
    if t.type in ("bullet_list_open", "ordered_list_open"):
        end = _close(tokens, i)
        blocks.append(_list(tokens, i, end, file, problems))
        return end
    if t.type == "table_open":
        end = _close(tokens, i)
        blocks.append(_table(tokens[i:end], file, problems))
        return end
    return i + 1  # closing tokens of refused containers and the like


def _list(tokens: list[Token], start: int, end: int, file: str, problems: list[Problem]) -> ListBlock:
    opener = tokens[start]
    items: list[Runs] = []
    runs: list[Run] = []
    depth = 0
    for t in tokens[start + 1 : end - 1]:
        if t.type in ("bullet_list_open", "ordered_list_open"):
            problems.append(codes.TEXT_NESTED_LIST.at(file, row=_line(t)))
        if t.type in _REFUSED_BLOCKS or t.type in ("heading_open", "table_open"):
            if depth == 1:  # a heading or table inside an item is as much out of place as a nested list
                code = _REFUSED_BLOCKS.get(t.type, codes.TEXT_LIST_BLOCK)
                problems.append(code.at(file, row=_line(t)))
        depth += t.nesting if t.type in ("list_item_open", "list_item_close") else 0
        if t.type == "list_item_open" and depth == 1:
            runs = []
        elif t.type == "list_item_close" and depth == 0:
            items.append(_merge(runs))
        elif t.type == "inline" and depth == 1:
            if runs:
                runs.append(Run(" "))
            runs += _inline(t, file, problems)
    first = int(opener.attrs.get("start", 1) or 1) if opener.type == "ordered_list_open" else 1
    return ListBlock(opener.type == "ordered_list_open", tuple(items), first)


def _table(tokens: list[Token], file: str, problems: list[Problem]) -> Table:
    header: list[Runs] = []
    rows: list[tuple[Runs, ...]] = []
    row: list[Runs] = []
    in_head = False
    for t in tokens:
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline":
            row.append(_inline(t, file, problems))
        elif t.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(tuple(row))
    return Table(tuple(header), tuple(rows))


def _inline(token: Token, file: str, problems: list[Problem]) -> Runs:
    """The runs of an inline token; problems with the line of each construct."""
    line = _line(token) or 1
    emphasis = strong = 0
    href = ""
    runs: list[Run] = []
    for c in token.children or []:
        kind = c.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
            runs.append(Run(" ", emphasis > 0, strong > 0, href))
        elif kind in ("text", "code_inline"):
            runs.append(Run(c.content, emphasis > 0, strong > 0, href))
        elif kind in ("em_open", "em_close"):
            emphasis += c.nesting
        elif kind in ("strong_open", "strong_close"):
            strong += c.nesting
        elif kind == "link_open":
            target = str(c.attrs.get("href", ""))
            if link_allowed(target):
                href = target
            else:
                problems.append(codes.TEXT_LINK.at(file, row=line, value=target[:200]))
        elif kind == "link_close":
            href = ""
        elif kind == "html_inline":
            problems.append(codes.TEXT_HTML.at(file, row=line, value=c.content[:200]))
        elif kind == "image":
            problems.append(codes.TEXT_IMAGE.at(file, row=line, value=str(c.attrs.get("src", ""))[:200]))
    return _merge(runs)


def _merge(runs: list[Run]) -> Runs:
    """Adjacent runs of one formatting as one; no leading or trailing spaces."""
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].emphasis, out[-1].strong, out[-1].href) == (r.emphasis, r.strong, r.href):
            out[-1] = Run(out[-1].text + r.text, r.emphasis, r.strong, r.href)
        elif r.text:
            out.append(r)
    if out and not out[0].href:
        out[0] = Run(out[0].text.lstrip(), out[0].emphasis, out[0].strong)
    if out and not out[-1].href:
        out[-1] = Run(out[-1].text.rstrip(), out[-1].emphasis, out[-1].strong)
    return tuple(r for r in out if r.text)


# -- a year's folder of texts -----------------------------------------------------------------


def year_texts(
    found: dict[str, tuple[str, str | None]], specs: tuple, judge: bool = True
) -> tuple[tuple[YearText, ...], list[Problem]]:
    """The texts of one year, in the order of year_texts (specs: TextSpec), and
    the problems. found: file name in texts/ -> (file as staff see it, its
    text; None when it is not a readable .md file). A listed text without a
    file, or with an empty one, is simply not shown; a file that is not
    listed is an error (judge=False: year_texts itself is broken, reported)."""
    problems: list[Problem] = []
    by_name = {f"{s.id}.md": s for s in specs}
    if judge:
        listed = ", ".join(by_name) or "(список пуст)"
        for name, (file, _) in found.items():
            if name not in by_name:
                advice = (
                    f"переименуйте файл в один из: {listed} — или добавьте текст в year_texts в monitoring.yml "
                    "(id — имя файла без .md, и title)."
                )
                problems.append(codes.TEXT_UNKNOWN_FILE.at(file, name=name, advice=advice))
    texts: list[YearText] = []
    for name, spec in by_name.items():
        file, source = found.get(name, ("", None))
        if source is None:
            continue
        blocks, found_problems = parse_text(source, file)
        problems += found_problems
        if blocks:
            texts.append(YearText(spec.id, spec.title, file, blocks))
    return tuple(texts), problems
