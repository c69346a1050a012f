"""The validation report (generator/problems/) as Markdown for a pull-request
comment or merge-request note: `monitoring-site validate --report FILE`.

One problem is one list item on one line, under the heading of its file, so
the comment (generator/review/comment.py) can cut the report between two
problems and say how many it shows. Every string of the report (file and
column names, messages quoting data, the offending value) is first named the
way the terminal report names it (invisible characters as <U+XXXX>), then
escaped for Markdown and HTML by comment.comment_text: nothing in it becomes
markup, a link, a mention or a reference.
"""

from __future__ import annotations

from pathlib import Path

from generator.problems import Problem, Report, escape, show_value
from generator.review.comment import ITEM, comment_text

HEADING = "#### Ошибки в данных"
OK = "Ошибок в данных нет."


def _t(text: str) -> str:
    return comment_text(escape(text), limit=2000)


def _item(p: Problem) -> str:
    where = []
    if p.row is not None:
        where.append(f"строка {p.row}")
    if p.column is not None:
        where.append(f"столбец «{_t(p.column[:80])}»")
    line = ITEM + (f"**{', '.join(where)}:** " if where else "") + _t(p.message)
    if p.value is not None:
        line += f" Значение: {comment_text(show_value(p.value), limit=2000)}."
    if p.fix:
        line += f" *Что сделать:* {_t(p.fix)}"
    return line


def report_markdown(report: Report) -> str:
    """The whole report: a heading with the count, then file by file every problem."""
    if report.valid:
        return OK + "\n"
    n = len(report.problems)
    lines = [f"{HEADING}: {n}", ""]
    current = None
    for p in report.ordered():
        if p.file != current:
            if current is not None:
                lines.append("")
            current = p.file
            lines += [f"**Файл {_t(p.file)}**", ""]
        lines.append(_item(p))
    lines += ["", "Сайт не собран: исправьте данные и отправьте изменения ещё раз."]
    return "\n".join(lines) + "\n"


def write_report(path: Path, report: Report) -> None:
    path.write_text(report_markdown(report), encoding="utf-8")
