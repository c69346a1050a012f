"""The review comment on a pull request (GitHub) or merge request (GitLab).

One place for the rules of that context:
- `comment_text()` is the only way a data string (names, values, settings,
  revisions) reaches the comment: HTML and Markdown escaped, `@name` and
  `#123` wrapped in a code span so nobody is notified and no issue is
  cross-referenced (copying the text still gives `@name`);
- `bounded()` keeps the comment under GitHub's 65,536-character limit with the
  summary first and the details cut with a note, closing any open fence or
  `<details>`;
- `review_comment()` assembles what CI posts: the status of validate, build
  and diff, the validation report or build log in a details block, then the
  comparison written by `generator.review.markdown.markdown()`.

CI runs it from the review job, never from the job that holds the posting
token: `python -m generator.review.comment --folder review --validate STATUS
--build STATUS --diff STATUS [--link URL] --out review/comment.md`.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from generator.russian import clean

MARKER = "<!-- monitoring-review -->"
LIMIT = 60000  # GitHub refuses comments above 65,536 characters; the margin covers the marker and the poster's note
TRUNCATED = "… сравнение сокращено, полностью — в артефакте/журнале задания."
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


def bounded(required: list[str], optional: list[str], limit: int = LIMIT, note: str = TRUNCATED) -> str:
    """Lines joined with newlines, at most `limit` characters: every required
    line that fits, then optional lines while they fit; on a cut, any open code
    fence and `<details>` are closed and `note` says so."""
    out: list[str] = []
    size = 0
    fence: str | None = None
    depth = 0
    budget = limit - len(note) - 64  # room for the closing lines and the note
    for line in required + optional:
        if size + len(line) + 1 > budget:
            out += [fence] if fence else []
            out += [""] + ["</details>"] * depth + ["", note, ""]
            return "\n".join(out)
        out.append(line)
        size += len(line) + 1
        stripped = line.strip()
        if fence is not None:
            if stripped == fence:
                fence = None
        elif stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
        elif stripped.startswith("<details"):
            depth += 1
        elif stripped.startswith("</details>"):
            depth = max(0, depth - 1)
    return "\n".join(out)


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


def review_comment(statuses: dict[str, str], folder: Path, link: str = "") -> str:
    """The comment body: marker, heading, one line per step, then the log of
    each failed step (in a details block, open for validation errors) and the
    comparison (`folder/diff.md`). Logs are `folder/<step>.log`."""
    summary = [MARKER, "### Проверка данных мониторинга", ""]
    for step, (title, command, words) in _STEPS.items():
        status = statuses.get(step, "")
        summary.append(f"- **{title}** ({command}): {words.get(status) or _OTHER.get(status, _OTHER[''])}.")
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", link or ""):
        summary.append(f"- Журнал задания и полные файлы проверки: <{link}>")
    summary.append("")
    details: list[str] = []
    for step in _STEPS:
        log = _read(folder / f"{step}.log")
        if statuses.get(step) == "failure" and log.strip():
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
    return bounded(summary, details) + "\n"


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
