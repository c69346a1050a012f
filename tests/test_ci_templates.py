"""The CI templates (issue 9, item 7) and the review comment they post.

- No job that runs the pull request's Makefile or code holds a write token or
  the note token; the comment is posted by a job that runs nothing of it.
- Every action pinned by a commit SHA, every job with a timeout, a paths
  filter, the review job runs a full build, a failed validation still writes
  the comment.
- The comment: at most 65,536 characters with the summary first, and no data
  string becomes a mention, a reference or markup."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from factory import indicator, org, write_data, year

from generator.pipeline import run
from generator.problems import Problem, Report
from generator.review import comment
from generator.review.markdown import markdown
from generator.review.model import DataDiff, FieldChange, ValueChange, YearDiff
from generator.review.report import write_report
from generator.review.versions import run_diff

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITHUB_REVIEW = WORKFLOWS / "monitoring.yml"
GITHUB_COMMENT = WORKFLOWS / "monitoring-comment.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB_LIMIT = 65536
TOKEN = "MONITORING_NOTE_TOKEN"
RUNS_CODE = re.compile(r"\bmake\b|python|\.venv/|-m generator|\bpip\b")
# A mention GitHub or GitLab would turn into a notification: `@name` outside a code span.
BARE_MENTION = re.compile(r"(?<!`)@octocat")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_workflows() -> dict[str, dict]:
    return {p.name: load(p) for p in sorted(WORKFLOWS.glob("*.yml"))}


def gitlab_jobs() -> dict[str, dict]:
    return {k: v for k, v in load(GITLAB).items() if isinstance(v, dict) and "script" in v}


def _scripts(node, keys: tuple[str, ...]) -> list[str]:
    """Every shell script in a CI file: GitHub `run:` steps, GitLab `script:` lists."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (_lines(v) if k in keys else _scripts(v, keys))]
    if isinstance(node, list):
        return [s for v in node for s in _scripts(v, keys)]
    return []


def _lines(v) -> list[str]:
    return [v] if isinstance(v, str) else [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


def gitlab_shell(job: dict, defaults: dict) -> str:
    before = job.get("before_script", defaults.get("before_script", []))
    return "\n".join(_lines(before) + _lines(job.get("script", [])))


# -- Tokens: who holds what ------------------------------------------------------------


def test_github_jobs_running_pull_request_code_have_read_only_tokens():
    for name, wf in github_workflows().items():
        assert "pull_request_target" not in wf[True], name  # YAML 1.1 reads the key `on` as true
        top = wf.get("permissions", {})
        assert top in ({}, "read-all") or all(v in ("read", "none") for v in top.values()), (name, top)
        for job_name, job in wf["jobs"].items():
            steps = job["steps"]
            checks_out = any(s.get("uses", "").startswith("actions/checkout") for s in steps)
            runs = any(RUNS_CODE.search(s.get("run", "")) for s in steps)
            if not (checks_out or runs):
                continue
            perms = job.get("permissions", top)
            read_only = isinstance(perms, dict) and all(v in ("read", "none") for v in perms.values())
            assert read_only, (name, job_name, perms)
            text = yaml.safe_dump(job, allow_unicode=True)
            assert "secrets." not in text and "github-script" not in text, (name, job_name)
            for s in steps:
                if s.get("uses", "").startswith("actions/checkout"):
                    assert s["with"].get("persist-credentials") is False, (name, job_name)


def test_github_comment_is_posted_by_a_workflow_that_runs_no_pull_request_code():
    review, poster = load(GITHUB_REVIEW), load(GITHUB_COMMENT)
    trigger = poster[True]["workflow_run"]
    assert trigger["workflows"] == [review["name"]] and trigger["types"] == ["completed"]
    assert poster.get("permissions") == {}
    (job,) = poster["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    uses = [s.get("uses", "").split("@")[0] for s in job["steps"]]
    assert uses == ["actions/download-artifact", ""]
    download = job["steps"][0]["with"]
    assert download["run-id"] == "${{ github.event.workflow_run.id }}" and download["name"] == "monitoring-review"
    post = job["steps"][1]
    script = post["run"]
    # No checkout, nothing installed or run from the pull request: `gh api` and jq on the artifact's text.
    words = set(shlex.split(script.replace("\\\n", " "), comments=True))
    assert not words & {"make", "python", "python3", "pip", "git", "bash", "sh", "source", "eval", "."}
    assert "${{" not in script  # every value reaches the shell through env, never spliced into the script
    assert comment.MARKER in script and "--method PATCH" in script and "--method POST" in script
    assert '.user.login == "github-actions[bot]"' in script  # only the bot's own comment is updated
    # The number in the artifact is written by the pull request's code: checked against the run's head.
    assert '"$head" != "$HEAD_SHA"' in script and "tr -cd '0-9'" in script
    assert post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert post["env"]["GH_TOKEN"] == "${{ github.token }}"
    # The review uploads exactly what the poster reads.
    steps = review["jobs"]["review"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["name"] == "monitoring-review" and upload["if"] == "always()"
    shell = "\n".join(s.get("run", "") for s in review["jobs"]["review"]["steps"])
    assert "review/comment.md" in shell and "review/pr-number" in shell


def test_gitlab_note_token_only_in_a_job_that_runs_nothing_from_the_repository():
    conf = load(GITLAB)
    defaults = conf.get("default", {})
    assert TOKEN not in yaml.safe_dump(conf.get("variables", {})) and TOKEN not in yaml.safe_dump(defaults)
    holders = []
    for name, job in gitlab_jobs().items():
        shell = gitlab_shell(job, defaults)
        env = job.get("environment", {})
        env_name = env.get("name") if isinstance(env, dict) else env
        if TOKEN not in shell:
            # The token is scoped to this environment: no other job may claim it.
            assert env_name != "review-comment", name
            continue
        holders.append(name)
        assert env_name == "review-comment", name
        assert job["variables"]["GIT_STRATEGY"] == "none", name
        assert job.get("before_script") == [] and job.get("cache") == [], name
        assert "python" not in job.get("image", ""), name
        words = set(shlex.split(shell, comments=True))
        assert not words & {"make", "python", "python3", "pip", "git"}, (name, words & {"make", "python", "pip", "git"})
        assert not re.search(r"\.venv|-m generator", shell), name
        assert "curl" in words and "jq" in words
        assert "PUT" in shell and comment.MARKER in shell  # one note, updated in place
        (need,) = job["needs"]
        assert need["artifacts"] is True and gitlab_jobs()[need["job"]]["artifacts"]["when"] == "always"
        assert all(r.get("when") == "always" for r in job["rules"])  # a failed review is posted too
    assert holders == ["review-note"]


# -- Shape of every job ------------------------------------------------------------------


def test_every_action_is_pinned_by_a_full_commit_sha_with_its_version():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses:", line):
                pinned = re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)
                assert pinned, f"{path.name}: {line.strip()}"


def test_every_job_has_a_timeout():
    for name, wf in github_workflows().items():
        for job_name, job in wf["jobs"].items():
            assert 0 < job.get("timeout-minutes", 0) <= 60, (name, job_name)
    for name, job in gitlab_jobs().items():
        assert re.fullmatch(r"\d+ minutes", job.get("timeout", "")), name


def test_review_runs_a_full_build_into_a_temporary_folder_and_still_comments_on_failure():
    steps = load(GITHUB_REVIEW)["jobs"]["review"]["steps"]
    by_id = {s["id"]: s for s in steps if "id" in s}
    assert by_id["validate"]["continue-on-error"] is True and "make validate" in by_id["validate"]["run"]
    build = by_id["build"]
    assert build["continue-on-error"] is True
    assert re.search(r'-m generator build --data data --site "\$RUNNER_TEMP/site"', build["run"])
    after = steps[steps.index(by_id["diff"]) + 1 :]
    assert [s.get("if") for s in after] == ["always()"] * len(after)
    assert "exit 1" in after[-1]["run"] and "steps.build.outcome" in yaml.safe_dump(after[-1])

    script = gitlab_shell(gitlab_jobs()["review"], {})
    site = re.search(r"-m generator build --data data --site (\S+)", script)
    assert site and "mktemp" in site.group(1)
    assert "-m generator.review.comment" in script and script.rstrip().endswith("= success/success/success")


def test_reviews_run_only_when_data_schemas_or_code_change():
    paths = load(GITHUB_REVIEW)[True]["pull_request"]["paths"]
    assert {"data/**", "generator/**", "docs/**", "mkdocs.yml"} <= set(paths)
    (rule,) = gitlab_jobs()["review"]["rules"]
    assert {"data/**/*", "generator/**/*", "docs/**/*", "mkdocs.yml"} <= set(rule["changes"])
    assert gitlab_jobs()["review-note"]["rules"][0]["changes"] == rule["changes"]


# Files of this repository that cannot change the site or the review: no review for a change to them alone.
NOT_OUTPUT = ("tests/", "tools/", ".ci/", "README.md", ".gitignore", "examples/", "METHODOLOGY.md")


def glob_match(path: str, pattern: str) -> bool:
    """GitHub's and GitLab's path globs: `**/` is any number of folders (none too), `*` stays in one."""
    rx = ""
    for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        rx += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part))
    return re.fullmatch(rx, path) is not None


def test_paths_filter_covers_every_file_that_can_change_the_site():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert "data/monitoring.yml" in tracked
    github = load(GITHUB_REVIEW)[True]["pull_request"]["paths"]
    (rule,) = gitlab_jobs()["review"]["rules"]
    custom_dir = (load(ROOT / "mkdocs.yml").get("theme") or {}).get("custom_dir")
    probes = [f"{custom_dir}/main.html"] if custom_dir else []
    for path in [*tracked, *probes]:
        if path.startswith(NOT_OUTPUT):
            continue
        ours = path.startswith(".github/") or path == ".gitlab-ci.yml"
        if not ours or path.startswith(".github/"):
            assert any(glob_match(path, p) for p in github), path
        if not ours or path == ".gitlab-ci.yml":
            assert any(glob_match(path, p) for p in rule["changes"]), path
    # ... and not everything: a change to the tests alone is not reviewed.
    assert not any(glob_match("tests/test_ci_templates.py", p) for p in github + rule["changes"])


def test_deploy_fetches_the_published_corrections_log_before_building():
    steps = load(GITHUB_REVIEW)["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    fetch = next(i for i, r in enumerate(runs) if "curl" in r)
    assert "site/downloads/corrections.json" in runs[fetch] and "downloads/corrections.json" in runs[fetch]
    assert fetch < next(i for i, r in enumerate(runs) if "make site" in r)
    pages = gitlab_shell(gitlab_jobs()["pages"], {})
    assert pages.index("site/downloads/corrections.json") < pages.index("make site")


def test_ci_templates_call_commands_that_exist():
    from generator.cli import parser

    commands = set(next(a for a in parser()._actions if a.dest == "command").choices)
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    github = load(GITHUB_REVIEW)
    gitlab = load(GITLAB)
    assert set(github[True]) >= {"pull_request", "push"}
    all_steps = [s for wf in github_workflows().values() for job in wf["jobs"].values() for s in job["steps"]]
    uses = {s.get("uses", "").split("@")[0] for s in all_steps}
    needed = {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages", "actions/download-artifact"}
    assert needed <= uses
    assert all(s["with"]["fetch-depth"] == 0 for s in all_steps if s.get("uses", "").startswith("actions/checkout"))
    assert "pages" in gitlab and gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    called_gen, called_make = set(), set()
    for script in _scripts(github, ("run",)) + _scripts(gitlab, ("script", "before_script")):
        for line in script.replace("\\\n", " ").splitlines():
            skip = not line.strip() or line.strip().startswith(("if ", "fi", "curl", "--"))
            words = [] if skip else shlex.split(line, comments=True)
            for i, w in enumerate(words):
                if w == "-m" and i + 2 < len(words) and words[i + 1] == "generator":
                    called_gen.add(words[i + 2])
                if w == "make" and i + 1 < len(words):
                    called_make.add(words[i + 1])
    assert called_gen >= {"diff", "build"} and called_gen <= commands, called_gen - commands
    assert called_make >= {"install", "validate", "site"} and called_make <= targets, called_make - targets


def test_ci_comment_module_is_the_review_package_and_importable():
    """The comment writer moved into generator/review/ (issue 10): every
    `python -m generator.<module>` in the templates names a module that exists."""
    import importlib.util

    modules = set()
    for path in [*sorted(WORKFLOWS.glob("*.yml")), GITLAB]:
        modules |= set(re.findall(r"-m (generator\.[\w.]+)", path.read_text(encoding="utf-8")))
    assert modules == {"generator.review.comment"}
    assert all(importlib.util.find_spec(m) is not None for m in modules), modules


# -- The comment -----------------------------------------------------------------------------


def _huge_diff() -> DataDiff:
    """A 100,000-character title change and more detail than a comment can hold."""
    org_name, ind_name = "Организация " + "о" * 3000, "Показатель " + "п" * 3000
    values = [ValueChange(f"o{i}", org_name, f"i{i}", ind_name, "number", i, i + 1) for i in range(200)]
    years = [YearDiff(y, "changed", values=values) for y in (2024, 2025)]
    return DataDiff("main", "рабочая копия", settings=[FieldChange("title", "А" * 100_000, "Б" * 100_000)], years=years)


def test_comment_with_a_100000_character_title_fits_githubs_limit_summary_first():
    md = markdown(_huge_diff())
    assert len(md) <= GITHUB_LIMIT
    assert md.startswith("### Изменения данных мониторинга: main → рабочая копия")
    summary = md.split("<details>")[0]
    assert "**Настройки (monitoring.yml):** title: " in summary
    assert "- **2024 год:**" in summary and "- **2025 год:**" in summary
    assert "А" * comment.TEXT_LIMIT + "…" in summary and "А" * (comment.TEXT_LIMIT + 1) not in md
    assert md.rstrip().endswith(comment.TRUNCATED)
    assert md.count("<details>") == md.count("</details>")  # the cut closes what it opened

    # What CI posts: the marker and the statuses first, then the comparison, still bounded.
    folder = Path(__file__).parent  # any folder: the logs are absent
    text = comment.review_comment({"validate": "success", "build": "success", "diff": "success"}, folder)
    assert "Изменения данных" not in text  # no diff.md in this folder
    assert len(text) <= GITHUB_LIMIT


def test_review_comment_of_a_failed_validation_lists_the_errors_bounded(tmp_path):
    data = write_data(tmp_path, {2025: year([org("s1")], [indicator("i1")], {"s1": {"i1": "много"}})})
    argv = [sys.executable, "-m", "generator", "validate", "--data", str(data)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    review = tmp_path / "review"
    review.mkdir()
    log = proc.stdout + proc.stderr + "\n@octocat " + "x" * 200_000 + "\n" * 5000
    (review / "validate.log").write_text(log, encoding="utf-8")
    out = review / "comment.md"
    assert (
        comment.main(
            [
                "--folder",
                str(review),
                "--validate",
                "failure",
                "--build",
                "skipped",
                "--diff",
                "skipped",
                "--link",
                "https://github.com/o/r/actions/runs/1",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert len(text) <= GITHUB_LIMIT and text.startswith(comment.MARKER + "\n### Проверка данных мониторинга")
    assert "❌ в данных есть ошибки" in text and "⏭ не выполнялась: сначала исправьте ошибки в данных" in text
    assert "<details open>\n<summary>Ошибки проверки данных</summary>" in text
    assert "values.csv, строка 2, столбец «value»" in text
    block = text.split("````text\n")[1] if "````text" in text else text.split("```text\n")[1]
    assert block.index("values.csv, строка 2") < block.index("@octocat")  # the log is a code block: no mention


def test_at_names_and_references_in_data_never_notify(tmp_path):
    base = write_data(tmp_path / "a", {2025: year([org("s1")], [indicator("i1")], {"s1": {"i1": 10}})})
    renamed = org("s1", name="Школа @octocat и @org/team, см. #12 и !7 | *x* <b>y</b>")
    head = write_data(tmp_path / "b", {2025: year([renamed], [indicator("i1")], {"s1": {"i1": 20}})})
    md = markdown(run_diff(base, None, None, base, head, run=run))
    assert "@octocat" in md and not BARE_MENTION.search(md)
    assert "`@octocat`" in md and "`@org/team`" in md and "`#12`" in md and "`!7`" in md
    assert "<b>" not in md and "&lt;b&gt;" in md and "\\|" in md and "\\*x\\*" in md


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("@octocat", "`@octocat`"),
        ("Школа@octocat.", "Школа`@octocat`\\."),
        ("@john.doe, @a-b_c", "`@john.doe`, `@a-b_c`"),
        ("@\u200boctocat", "`@octocat`"),  # an invisible character does not hide a mention
        ("# Заголовок", "\\# Заголовок"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
        ("~~s~~ $x$ `c`", "\\~\\~s\\~\\~ \\$x\\$ \\`c\\`"),
        ("a & <script>", "a &amp; &lt;script&gt;"),
        ("50 %", "50 %"),
    ],
)
def test_comment_text_neutralises_mentions_and_markup(raw, shown):
    assert comment.comment_text(raw) == shown


def test_bounded_closes_an_open_code_fence_and_details():
    lines = ["<details>", "<summary>s</summary>", "", "```text", *["x" * 100] * 1000, "```", "</details>"]
    text = comment.bounded(["summary"], lines, limit=5000)
    assert len(text) <= 5000 and text.startswith("summary\n")
    tail = text.split("\n")[-6:]
    assert tail[:3] == ["```", "", "</details>"] and tail[-2] == comment.TRUNCATED


# -- The validation report in the comment (issue 14) ------------------------------------------


def _report(n: int, text: str = "значение — не число") -> Report:
    return Report(
        [
            Problem("not-a-number", f"data/{2020 + i % 3}/values.csv", text, "укажите число", i + 2, "value", "x")
            for i in range(n)
        ]
    )


def test_a_long_validation_report_is_cut_between_two_errors_and_says_where_the_whole_is(tmp_path):
    write_report(tmp_path / "validate.md", _report(3000, "значение — не число " + "д" * 40))
    full = (tmp_path / "validate.md").read_text(encoding="utf-8")
    assert len(full) > 3 * GITHUB_LIMIT and full.count("\n- **строка") == 3000
    link = "https://github.com/o/r/actions/runs/1"
    text = comment.review_comment({"validate": "failure", "build": "skipped", "diff": "skipped"}, tmp_path, link)
    assert GITHUB_LIMIT - 10000 < len(text) <= GITHUB_LIMIT
    lines = text.rstrip("\n").split("\n")
    items = [line for line in lines if line.startswith("- **строка")]
    note = f"… показано ошибок: {len(items)} из 3000; полный отчёт проверки — в артефакте задания ("
    assert lines[-1].startswith(note) and lines[-1].endswith(f"<{link}>.")
    # Every error shown is whole, in the order of the report, the first ones first.
    all_items = [line for line in full.split("\n") if line.startswith("- **строка")]
    assert items == all_items[: len(items)]
    assert all(i.endswith("*Что сделать:* укажите число") for i in items)


def test_a_short_validation_report_is_whole_in_the_comment(tmp_path):
    write_report(tmp_path / "validate.md", _report(5))
    text = comment.review_comment({"validate": "failure", "build": "skipped", "diff": "skipped"}, tmp_path)
    assert "#### Ошибки в данных: 5" in text and text.count("\n- **строка") == 5
    assert "показано ошибок" not in text and "сокращён" not in text
    assert "<details" not in text  # the report itself, not the log, when there is a report


def test_hostile_strings_in_the_validation_report_stay_text(tmp_path):
    from hostile import DIRECTION_NAME, INDICATOR_NAME, ORG_NAME

    problems = [
        Problem("unknown-id", "data/2025/<b>values</b>.csv", f"нет {ORG_NAME} @octocat", DIRECTION_NAME, 2, "org_id"),
        Problem("not-a-number", "data/2025/values.csv", "не число", "", 3, "| *x* |", INDICATOR_NAME),
    ]
    write_report(tmp_path / "validate.md", Report(problems))
    text = comment.review_comment({"validate": "failure"}, tmp_path)
    report = text.split("#### Ошибки в данных: 2")[1]
    for raw in ("<script", "<img", "<svg", "<b>", "</div>"):
        assert raw not in report, raw
    assert not BARE_MENTION.search(report) and "`@octocat`" in report
    assert "&lt;b&gt;values&lt;/b&gt;" in report and "«\\| \\*x\\* \\|»" in report
    assert "\\[ссылка\\]\\(javascript:window\\.\\_\\_pwned=3\\)" in report  # no link
    assert "\\{\\{ 7\\*7 \\}\\}" in report


def test_bounded_cuts_a_table_after_a_row_never_after_its_header():
    table = ["**Значения**", "", "| a | b |", "|---|---|", *[f"| {'x' * 50} | {i} |" for i in range(500)], ""]
    text = comment.bounded(["summary", ""], table, limit=3000)
    lines = text.split("\n")
    body = lines[: lines.index(comment.TRUNCATED) - 2]
    assert len(text) <= 3000 and body[-1].startswith("| " + "x" * 50) and body[5] == "|---|---|"
    # With room for no row, the heading and header go too: no empty table.
    text = comment.bounded(["summary", ""], table, limit=comment.NOTE_ROOM + 45)
    assert "| a | b |" not in text and "**Значения**" not in text
