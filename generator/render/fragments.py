"""Raw HTML blocks of the generated pages kept out of MkDocs' Markdown and
search passes, and put back in the finished pages.

The tables and charts of a page are HTML written by the templates; Markdown
passes a raw HTML block through unchanged, but only after tokenizing every
tag of it with Python's HTMLParser (md_in_html), and the search plugin parses
the page's HTML once more. At region scale (3,000 pages, most of them tables)
that was three quarters of the MkDocs build. So before MkDocs runs, each such
block becomes a one-tag placeholder, and the generator's MkDocs plugins
(generator/plugin.py) substitute the blocks back into each page's final HTML
(`on_post_page`). The pages come out byte for byte as without it
(tests/test_synth_bench.py compares both builds).

What is lifted out: top-level blocks (at the start of the page or after a
blank line) that open with `<div class="table-wrap" data-search-exclude>`,
`<figure class="chart">` or `<nav class="pager"` and end on a line closing
that element, followed by a blank line (a table, also by a heading). Search would
skip the tables anyway (data-search-exclude); what
it no longer sees are the chart captions, which repeat the headings.
"""

from __future__ import annotations

import re

# A block: its opening line, and the line that closes it (matched on the
# stripped line). The templates write each block on its own lines.
_OPEN = re.compile(r'^(<div class="table-wrap" data-search-exclude>|<figure class="chart[^"]*">|<nav class="pager")')
_CLOSE = {"<div": ("</table></div>",), "<figure": ("</figure>",), "<nav": ("</nav>", "</ul></nav>")}
PLACEHOLDER = '<div data-fragment="{}"></div>'
_PLACEHOLDER_RE = re.compile(r'<div data-fragment="(\d+)"></div>')


def split(markdown: str) -> tuple[str, list[str]]:
    """The page with each liftable block replaced by a placeholder, and the blocks."""
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _OPEN.match(line)
        top_level = not out or out[-1].strip() == ""
        if m and top_level:
            ends = _CLOSE[m.group(1).split(" ", 1)[0]]
            j = i
            depth_ok = False
            while j < len(lines):
                if lines[j].rstrip().endswith(ends) and _balanced(lines[i : j + 1], m.group(1).split(" ", 1)[0][1:]):
                    depth_ok = True
                    break
                j += 1
            # The block must end its line and be followed by a blank line or the end; a
            # table search skips may also be followed by a heading (Markdown closes an
            # HTML block there too; the templates write a table right before the next heading).
            after = lines[j + 1] if j + 1 < len(lines) else ""
            if depth_ok and (after.strip() == "" or (after.startswith("#") and "data-search-exclude" in line)):
                blocks.append("\n".join(lines[i : j + 1]))
                out.append(PLACEHOLDER.format(len(blocks) - 1))
                i = j + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out), blocks


def _balanced(lines: list[str], tag: str) -> bool:
    text = "\n".join(lines)
    return len(re.findall(rf"<{tag}[\s>]", text)) == len(re.findall(rf"</{tag}>", text))


def join(html: str, blocks: list[str]) -> str:
    """Put the blocks back in place of their placeholders."""
    if not blocks:
        return html
    return _PLACEHOLDER_RE.sub(lambda m: blocks[int(m.group(1))], html)
