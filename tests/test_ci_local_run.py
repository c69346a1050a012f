"""A pull request with invalid data, run through the CI templates on this
machine step by step (tests/ci_local.py): the GitHub review job and the
comment workflow, the GitLab review job and the note job. The API calls go to
a fake `gh` / `curl` that records them; the test reads what would be posted.

Done means (issue 14): the comment (note) carries the validation report, is
updated in place on every push (the bot's own comment, found by its marker),
the job still fails, and no hostile string of the data becomes markup or a
mention in it."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_local import FakeForge, copy_tree, run_github_job, run_gitlab_job
from hostile import INDICATOR_NAME, ORG_NAME

from generator.review.comment import MARKER

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BOT = "github-actions[bot]"


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@e"
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _venv(repo: Path) -> None:
    """The repository's .venv: this interpreter's, with the repository's own
    stamp, so `make install` has nothing to do and changes nothing here."""
    venv = repo / ".venv"
    venv.mkdir()
    prefix = Path(sys.prefix)
    for part in ("bin", "lib", "lib64", "include"):
        if (prefix / part).exists():
            (venv / part).symlink_to(prefix / part)
    shutil.copy2(prefix / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / ".installed").touch()


def _break(data: Path, value: str, org_id: str) -> None:
    """Row 2 of 2025's values.csv gets a value that is not a number, row 3 an unknown organization."""
    path = data / "2025" / "values.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("value")] = value
    rows[2][rows[0].index("org_id")] = org_id
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A data repository as staff have it: the demo data on main, then a pull request that breaks it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "requirements-dev.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("data", "docs", ".github"):
        copy_tree(ROOT / folder, repo / folder)
    shutil.copy2(ROOT / ".gitlab-ci.yml", repo / ".gitlab-ci.yml")
    (repo / ".gitignore").write_text(".venv/\nreview/\n", encoding="utf-8")
    _venv(repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "main")
    _git(repo, "checkout", "-qb", "pr")
    _break(repo / "data", "@octocat " + ORG_NAME, "sch-99")
    _git(repo, "commit", "-qam", "broken values")
    return repo


def _env(tmp: Path, forge: FakeForge | None = None) -> dict[str, str]:
    runner = tmp / "runner"
    runner.mkdir(exist_ok=True)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", "RUNNER_TEMP": str(runner)}
    env["GITHUB_STEP_SUMMARY"] = str(runner / "summary.md")
    return forge.env(env) if forge else env


def github_review(repo: Path, tmp: Path, artifact: Path):
    """The pull request's review job; the artifact it uploads goes to `artifact`."""
    base = _git(repo, "rev-parse", "main")
    ctx = {
        "github": {
            "event_name": "pull_request",
            "event": {"pull_request": {"number": 7, "base": {"sha": base}}},
            "server_url": "https://github.com",
            "repository": "o/r",
            "run_id": "42",
        },
        "runner": {"temp": str(tmp / "runner")},
    }

    def upload(inputs, env):
        assert inputs["name"] == "monitoring-review"
        shutil.rmtree(artifact, ignore_errors=True)
        shutil.copytree(repo / inputs["path"], artifact)

    actions = {"actions/checkout": lambda i, e: None, "actions/setup-python": lambda i, e: None}
    actions["actions/upload-artifact"] = upload
    return run_github_job(WORKFLOWS / "monitoring.yml", "review", repo, ctx, _env(tmp), actions)


def github_comment(tmp: Path, artifact: Path, forge: FakeForge, head_sha: str):
    """The workflow_run job that posts the comment: it gets only the artifact."""
    ctx = {
        "github": {
            "event": {
                "workflow_run": {"event": "pull_request", "conclusion": "failure", "id": 42, "head_sha": head_sha}
            },
            "repository": "o/r",
            "token": "ghs_token",
        },
        "runner": {"temp": str(tmp / "runner")},
    }

    def download(inputs, env):
        assert inputs["name"] == "monitoring-review" and inputs["run-id"] == "42"
        shutil.rmtree(inputs["path"], ignore_errors=True)
        shutil.copytree(artifact, inputs["path"])

    empty = tmp / "empty"  # no checkout: the job runs in an empty folder
    empty.mkdir(exist_ok=True)
    workflow = WORKFLOWS / "monitoring-comment.yml"
    return run_github_job(workflow, "comment", empty, ctx, _env(tmp, forge), {"actions/download-artifact": download})


def test_github_pull_request_with_invalid_data_gets_the_report_as_its_comment_updated_on_every_push(repo, tmp_path):
    artifact = tmp_path / "artifact"
    review = github_review(repo, tmp_path, artifact)
    assert review.result == "failure"  # the job still fails ...
    assert review.step("Validate").outcome == "failure"
    assert review.step("Build the site into a temporary folder").outcome == "skipped"
    assert review.step("Write the comment").outcome == "success"  # ... after the comment is written
    assert review.steps[-1].outcome == "failure" and "Проверка не пройдена" in review.steps[-1].stdout
    full = (artifact / "validate.md").read_text(encoding="utf-8")
    assert full.startswith("#### Ошибки в данных: 2")

    head = _git(repo, "rev-parse", "HEAD")
    mallory = {"id": 3, "user": {"login": "mallory"}, "body": MARKER + "\nподделка"}
    ours = {"id": 5, "user": {"login": BOT}, "body": MARKER + "\nпрошлая проверка"}
    later = {"id": 8, "user": {"login": BOT}, "body": MARKER + "\nещё одна"}  # two of ours: the oldest is kept
    forge = FakeForge(tmp_path / "forge", {"head_sha": head, "bot": BOT, "comments": [mallory, ours, later]})
    posted = github_comment(tmp_path, artifact, forge, head)
    assert posted.result == "success", [s.stdout for s in posted.steps]
    writes = [c for c in forge.calls if c["method"] != "GET"]
    assert [(c["method"], c["path"]) for c in writes] == [("PATCH", "repos/o/r/issues/comments/5")]
    body = forge.state["comments"][1]["body"]
    assert forge.state["comments"][0]["body"] == MARKER + "\nподделка"  # somebody else's comment is left alone
    assert body.startswith(MARKER + "\n### Проверка данных мониторинга")
    assert "❌ в данных есть ошибки" in body
    assert "#### Ошибки в данных: 2" in body and "**Файл data/2025/values\\.csv**" in body
    assert "- **строка 2, столбец «value»:** значение — не число" in body
    assert "- **строка 3, столбец «org\\_id»:** организация не найдена" in body and "«sch\\-99»" in body
    # The hostile value is shown, as text only.
    assert "&lt;/title&gt;&lt;script&gt;window\\.\\_\\_pwned=1&lt;/script&gt;Школа" in body
    assert "<script" not in body and "<img" not in body
    assert "`@octocat`" in body and not re.search(r"(?<!`)@octocat", body)  # nobody is notified
    assert len(body) <= 65536

    # The next push: another mistake; the same comment is updated, no new one.
    _git(repo, "checkout", "-q", "main", "--", "data")
    _break(repo / "data", "12,5", INDICATOR_NAME[:20])
    _git(repo, "commit", "-qam", "another try")
    assert github_review(repo, tmp_path, artifact).result == "failure"
    head = _git(repo, "rev-parse", "HEAD")
    state = forge.state
    state["head_sha"] = head
    forge.state_file.write_text(json.dumps(state), encoding="utf-8")
    assert github_comment(tmp_path, artifact, forge, head).result == "success"
    comments = forge.state["comments"]
    assert [c["id"] for c in comments] == [3, 5, 8] and comments[2]["body"] == MARKER + "\nещё одна"
    assert "«12,5»" in comments[1]["body"] and "«sch\\-99»" not in comments[1]["body"]
    assert "&lt;/div&gt;&lt;/figure&gt;&lt;scri" in comments[1]["body"]

    # A late run of an older commit posts nothing.
    before = len(forge.calls)
    assert github_comment(tmp_path, artifact, forge, "0" * 40).result == "success"
    assert [c["method"] for c in forge.calls[before:]] == ["GET"]


def test_github_first_review_creates_the_comment(repo, tmp_path):
    artifact = tmp_path / "artifact"
    assert github_review(repo, tmp_path, artifact).result == "failure"
    head = _git(repo, "rev-parse", "HEAD")
    forge = FakeForge(tmp_path / "forge", {"head_sha": head, "bot": BOT, "comments": []})
    assert github_comment(tmp_path, artifact, forge, head).result == "success"
    (made,) = forge.state["comments"]
    assert made["body"].startswith(MARKER) and "#### Ошибки в данных: 2" in made["body"]
    assert [c["method"] for c in forge.calls] == ["GET", "GET", "POST"]


def gitlab_review(repo: Path, tmp: Path) -> object:
    env = _env(tmp) | {
        "CI_PROJECT_DIR": str(repo),
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": _git(repo, "rev-parse", "main"),
        "CI_JOB_URL": "https://gitlab.example/o/r/-/jobs/9",
    }
    return run_gitlab_job(repo / ".gitlab-ci.yml", "review", repo, env)


def gitlab_note(repo: Path, tmp: Path, forge: FakeForge) -> object:
    job = tmp / "note-job"  # GIT_STRATEGY: none: only the artifact is there
    shutil.rmtree(job, ignore_errors=True)
    job.mkdir()
    shutil.copytree(repo / "review", job / "review")
    env = _env(tmp, forge) | {
        "MONITORING_NOTE_TOKEN": "glpat-secret",
        "CI_API_V4_URL": "https://gitlab.example/api/v4",
        "CI_PROJECT_ID": "9",
        "CI_MERGE_REQUEST_IID": "4",
    }
    return run_gitlab_job(repo / ".gitlab-ci.yml", "review-note", job, env)


def test_gitlab_merge_request_note_carries_the_report_and_is_updated_in_place(repo, tmp_path):
    review = gitlab_review(repo, tmp_path)
    assert review.result == "failure" and review.steps[-1].outcome == "failure"
    assert (repo / "review" / "validate.md").read_text(encoding="utf-8").startswith("#### Ошибки в данных: 2")
    notes = [
        {"id": 1, "author": {"id": 5}, "body": "вопрос"},
        {"id": 2, "author": {"id": 77}, "body": "без метки"},
        {"id": 3, "author": {"id": 5}, "body": MARKER + "\nподделка"},
        {"id": 4, "author": {"id": 77}, "body": MARKER + "\nпрошлая проверка"},
    ]
    forge = FakeForge(tmp_path / "forge", {"token": "glpat-secret", "me": 77, "notes": notes, "page_size": 2})
    assert gitlab_note(repo, tmp_path, forge).result == "success"
    writes = [c for c in forge.calls if c["method"] != "GET"]
    assert [(c["method"], c["url"]) for c in writes] == [
        ("PUT", "https://gitlab.example/api/v4/projects/9/merge_requests/4/notes/4")
    ]
    pages = [c["url"] for c in forge.calls if "notes?" in c["url"]]
    assert len(pages) == 2 and pages[1].endswith("page=2")  # the note was on the second page
    body = forge.state["notes"][3]["body"]
    assert forge.state["notes"][2]["body"] == MARKER + "\nподделка"
    assert body.startswith(MARKER) and "- **строка 2, столбец «value»:** значение — не число" in body
    assert "<script" not in body and "&lt;script&gt;" in body

    # The next push: the same note again.
    _git(repo, "checkout", "-q", "main", "--", "data")
    _break(repo / "data", "12,5", "sch-01")
    _git(repo, "commit", "-qam", "another try")
    assert gitlab_review(repo, tmp_path).result == "failure"
    assert gitlab_note(repo, tmp_path, forge).result == "success"
    assert len(forge.state["notes"]) == 4 and "«12,5»" in forge.state["notes"][3]["body"]
