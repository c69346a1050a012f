"""The review comment on a pull request (GitHub) or merge request (GitLab).

One place for the rules of that context:
- `comment_text()` is the only way a data string (names, values, settings,
  revisions) reaches the comment: HTML and Markdown escaped, `@name` and
  `#123` wrapped in a code span so nobody is notified and no issue is
  cross-referenced (copying the text still gives `@name`);
- `bounded()` keeps the comment under GitHub's 65,536-character limit with the
  summary first and the details cut at a section boundary (between two
  errors, list items or table rows) with a Russian note saying where the
  whole is, closing any open fence or `<details>`;
- `review_comment()` assembles what CI posts: the status of validate, build
  and diff, the validation report (generator/review/report.py: `validate
  --report`), the log of a failed build in a details block, then the
  comparison written by `generator.review.markdown.markdown()`. The full
  report and comparison stay in the job's artifact.

CI runs it from the review job, never from the job that holds the posting
token: `python -m generator.review.comment --folder review --validate STATUS
--build STATUS --diff STATUS [--link URL] --out review/comment.md`.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Callable
from pathlib import Path

from generator.russian import clean

MARKER = "<!-- monitoring-review -->"
LIMIT = 60000  # GitHub refuses comments above 65,536 characters; the margin covers the marker and the poster's note
TRUNCATED = (
    "… комментарий сокращён до предела GitHub; полностью — в артефакте задания (validate.md, diff.md, diff.json)."
)
ARTIFACT_FILES = "validate.md, validate.log, diff.md, diff.json"
ITEM = "- "  # a list item; in a validation report, one error
NOTE_ROOM = 1000  # characters kept for the closing lines and the note of a cut
TEXT_LIMIT = 500  # characters of one data string (a name, a setting) before it is shortened
LOG_LINE_LIMIT = 2000

# Backslash-escapes: CommonMark lets any ASCII punctuation be escaped; this set
# is what GitHub and GitLab give meaning to (emphasis, links, tables, headings,
# lists, strikethrough `~`, math `$`, autolinks `<`); `&<>` become entities.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")
# A mention on GitHub (user, org/team) or GitLab (user.name, group/sub), and an
# issue or merge-request reference: shown in a code span, where neither
# GitHub nor GitLab links or notifies.
_TOKEN = re.compile(r"@[A-Za-z0-9_](?:[A-Za-z0-9_.\-/]*[A-Za-z0-9_\-])?|[#!]\d+")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def comment_text(value: object, limit: int = TEXT_LIMIT) -> str:
    """A data string as literal text in a GitHub/GitLab comment (a list item or
    a table cell): nothing in it becomes markup, a mention or a reference;
    longer than `limit` characters, it is shortened with «…»."""
    s = clean(value)
    if len(s) > limit:
        s = s[:limit] + "…"
    out, pos = [], 0
    for m in _TOKEN.finditer(s):
        out.append(_escape(s[pos : m.start()]))
        out.append(f"`{m.group(0)}`")
        pos = m.end()
    out.append(_escape(s[pos:]))
    return "".join(out)


def _states(lines: list[str]) -> list[tuple[str | None, int, bool]]:
    """Before each line (and after the last): the open code fence, how many
    `<details>` are open, and whether the text may be cut there: between two
    lines of a code block, after a blank line, a list item or a table row
    (never right after a heading or a table's header)."""
    out = []
    fence: str | None = None
    depth, cut_ok, row, sep, last = 0, True, False, False, ""
    for line in lines:
        out.append((fence, depth, cut_ok or fence is not None))
        stripped = line.strip()
        was_row, was_sep, row, sep = row, sep, False, False
        if fence is not None:
            if stripped == fence:
                fence = None
            cut_ok = True
            continue
        if stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            cut_ok = False
            continue
        if stripped.startswith("<details"):
            depth += 1
        elif stripped.startswith("</details>"):
            depth = max(0, depth - 1)
        sep = stripped.startswith("|---")
        row = stripped.startswith("|") and not sep and (was_row or was_sep)
        cut_ok = (not stripped and not _heading(last)) or stripped.startswith("- ") or row or stripped == "</details>"
        last = stripped or last
    out.append((fence, depth, cut_ok or fence is not None))
    return out


def _heading(line: str) -> bool:
    """A line that titles what follows: cutting right after it would leave it alone."""
    return line.startswith(("#", "<summary", "<details")) or (line.startswith("**") and line.endswith("**"))


def bounded(
    required: list[str], optional: list[str], limit: int = LIMIT, note: str | Callable[[int], str] = TRUNCATED
) -> str:
    """Lines joined with newlines, at most `limit` characters: every required
    line, then optional lines while they fit. On a cut the text ends at a
    section boundary (_states), any open code fence and `<details>` are
    closed and the note says so; a callable note gets the number of optional
    lines kept."""
    lines = required + optional
    if sum(len(line) + 1 for line in lines) - 1 <= limit:
        return "\n".join(lines)
    budget = limit - NOTE_ROOM
    k, size = 0, 0
    while k < len(lines) and size + len(lines[k]) + 1 <= budget:
        size += len(lines[k]) + 1
        k += 1
    states = _states(lines)
    while k > len(required) and not states[k][2]:
        k -= 1
    fence, depth, _ = states[k]
    text = note(max(0, k - len(required))) if callable(note) else note
    out = lines[:k] + ([fence] if fence else []) + [""] + ["</details>"] * depth + ["", text, ""]
    return "\n".join(out)


def count_items(lines: list[str]) -> int:
    """List items among the lines: in a validation report (report.py), one per error."""
    return sum(1 for line in lines if line.startswith(ITEM))


def code_block(text: str) -> list[str]:
    """A log as a fenced block: nothing in it is Markdown, HTML or a mention;
    the fence is longer than any run of backticks in the text."""
    lines = [clean(line)[:LOG_LINE_LIMIT] for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    longest = max((len(r) for r in re.findall(r"`+", "\n".join(lines))), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


# -- What CI posts ---------------------------------------------------------------

_STEPS = {
    "validate": (
        "Проверка данных",
        "`make validate`",
        {
            "success": "✅ ошибок нет",
            "failure": "❌ в данных есть ошибки — список ниже; исправьте их и отправьте изменения ещё раз",
        },
    ),
    "build": (
        "Сборка сайта",
        "`build`",
        {
            "success": "✅ сайт собирается",
            "failure": "❌ сайт не собирается — журнал ниже; опубликовать такие данные нельзя",
            "skipped": "⏭ не выполнялась: сначала исправьте ошибки в данных",
        },
    ),
    "diff": (
        "Сравнение с основной веткой",
        "`diff`",
        {
            "success": "✅ ниже",
            "failure": "❌ сравнить не удалось — журнал ниже",
            "skipped": "⏭ не выполнялось: сначала исправьте ошибки в данных",
        },
    ),
}
_LOG_TITLES = {"validate": "Ошибки проверки данных", "build": "Журнал сборки сайта", "diff": "Журнал сравнения"}
_OTHER = {"cancelled": "⏹ отменено", "skipped": "⏭ не выполнялось", "": "⏭ не выполнялось"}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _cut_note(report: list[str], link: str) -> Callable[[int], str]:
    """The line that ends a cut comment: how many errors it still shows and
    where the whole report is."""
    where = f"артефакте задания ({ARTIFACT_FILES})" + (f": <{link}>" if link else "")

    def note(kept: int) -> str:
        total = count_items(report)
        if total and kept < len(report):
            shown = count_items(report[:kept])
            return f"… показано ошибок: {shown} из {total}; полный отчёт проверки — в {where}."
        return f"… комментарий сокращён до предела GitHub (65 536 знаков); полностью — в {where}."

    return note


def review_comment(statuses: dict[str, str], folder: Path, link: str = "") -> str:
    """The comment body: marker, heading, one line per step; for a failed
    validation the report (`folder/validate.md`, written by `validate
    --report`; the log `folder/validate.log` in a code block when there is
    none); the log of a failed build or diff in a details block; then the
    comparison (`folder/diff.md`). Bounded to LIMIT, cut between two errors."""
    link = link if re.fullmatch(r"https?://[^\s<>\"'`\\]+", link or "") else ""
    summary = [MARKER, "### Проверка данных мониторинга", ""]
    for step, (title, command, words) in _STEPS.items():
        status = statuses.get(step, "")
        summary.append(f"- **{title}** ({command}): {words.get(status) or _OTHER.get(status, _OTHER[''])}.")
    if link:
        summary.append(f"- Журнал задания и полные файлы проверки: <{link}>")
    summary.append("")
    report: list[str] = []
    if statuses.get("validate") == "failure":
        report = _read(folder / "validate.md").rstrip("\n").split("\n")
        report = report + [""] if count_items(report) else []
    details: list[str] = []
    for step in _STEPS:
        log = _read(folder / f"{step}.log")
        if statuses.get(step) == "failure" and log.strip() and not (step == "validate" and report):
            opened = " open" if step == "validate" else ""
            details += [f"<details{opened}>", f"<summary>{_LOG_TITLES[step]}</summary>", ""]
            details += [*code_block(log), "", "</details>", ""]
    diff_md = _read(folder / "diff.md") if statuses.get("diff") == "success" else ""
    if diff_md.strip():
        lines = diff_md.rstrip("\n").split("\n")
        cut = next((i for i, line in enumerate(lines) if line.startswith("<details")), len(lines))
        # The comparison's own summary (before its first details block) goes before any log.
        head = lines[:cut]
        while head and not head[-1].strip():
            head.pop()
        summary += head + [""]
        details += lines[cut:]
    return bounded(summary, report + details, note=_cut_note(report, link)) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m generator.review.comment", description="Собрать комментарий проверки для запроса на слияние."
    )
    p.add_argument("--folder", required=True, help="папка журналов: validate.log, build.log, diff.log, diff.md")
    for step in _STEPS:
        p.add_argument(f"--{step}", default="", metavar="ИТОГ", help="success, failure, skipped или cancelled")
    p.add_argument("--link", default="", help="адрес журнала задания")
    p.add_argument("--out", default="-", help="куда записать комментарий (по умолчанию — в стандартный вывод)")
    args = p.parse_args(argv)
    text = review_comment({s: getattr(args, s) for s in _STEPS}, Path(args.folder), args.link)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
