"""Hostile git history (issue 9, item 4): the corrections log, `diff` and
`build` read git as bytes and blobs and never crash on what a history can
hold: messages in any bytes, symlinks and submodules, `.gitattributes`,
absurd committer dates, rewritten history, merges, huge messages; and a
second build computes nothing again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from factory import indicator, org, write_data, year

from generator.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
DATE = "2025-03-01T10:00:00+03:00"


def git(repo: Path, *args: str, date: str = DATE, input: bytes | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "ИМЦ",
        "GIT_AUTHOR_EMAIL": "imc@example.org",
        "GIT_COMMITTER_NAME": "ИМЦ",
        "GIT_COMMITTER_EMAIL": "imc@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    out = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env, input=input).stdout
    return out.decode("utf-8", "replace")


def raw_commit(repo: Path, message: bytes, stamp: int, tree: str | None = None, parents: list | None = None) -> str:
    """A commit written as a raw object (git commit refuses such dates), made HEAD of main."""
    tree = tree or git(repo, "write-tree").strip()
    parents = [git(repo, "rev-parse", "HEAD").strip()] if parents is None else parents
    body = f"tree {tree}\n" + "".join(f"parent {p}\n" for p in parents)
    body += f"author ИМЦ <imc@example.org> {stamp} +0000\ncommitter ИМЦ <imc@example.org> {stamp} +0000\n\n"
    sha = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", input=body.encode() + message).strip()
    git(repo, "update-ref", "refs/heads/main", sha)
    return sha


def small(a_value: float) -> dict:
    values = {"s1": {"a": a_value}, "s2": {"a": 40}}
    return year(orgs=[org("s1"), org("s2")], indicators=[indicator("a")], values=values)


def set_a(data: Path, y: int, old: int, new: int) -> None:
    values = data / str(y) / "values.csv"
    text = values.read_text(encoding="utf-8")
    assert f"s1,a,{old}," in text
    values.write_text(text.replace(f"s1,a,{old},", f"s1,a,{new},"), encoding="utf-8")


def data_repo(tmp_path: Path) -> tuple[Path, Path]:
    """2024 and 2025 published in one commit; returns (repo, data)."""
    repo = tmp_path / "r"
    data = write_data(repo, {2024: small(50), 2025: small(60)})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Данные 2024–2025")
    return repo, data


def build(data: Path, site: Path) -> None:
    from generator.build import build_site

    build_site(data, site, ROOT)


def page_text(site: Path) -> str:
    import html
    import re

    raw = (site / "corrections" / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))


# -- bytes ---------------------------------------------------------------------------


def test_cp1251_commit_message_does_not_crash(tmp_path):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 61)
    git(repo, "add", "-A")
    # Raw bytes, no encoding header (git commit itself would re-encode them).
    raw_commit(repo, "Исправлено значение s1 по письму".encode("cp1251"), 1745000000)
    log = read_log(data, run=run)
    assert log.available and len(log.entries) == 1
    entry = log.entries[0]
    assert "\ufffd" in entry.message and "60,00\u00a0% → 61,00\u00a0%" in entry.years[0].sentence


# -- blobs ---------------------------------------------------------------------------


def test_symlink_in_history_is_skipped(tmp_path):
    from generator.review.corrections import read_log
    from generator.review.git import DataRepo
    from generator.review.versions import run_diff

    repo, data = data_repo(tmp_path)
    (data / "2025" / "passwd").symlink_to("/etc/passwd")
    (data / "2025" / "up").symlink_to("../..")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ссылки")
    set_a(data, 2025, 60, 62)
    git(repo, "commit", "-q", "-a", "-m", "Исправлено значение s1")

    log = read_log(data, run=run)
    assert log.available and [c.message for c in log.entries] == ["Исправлено значение s1"]
    assert "60,00\u00a0% → 62,00\u00a0%" in log.entries[0].years[0].sentence
    out = DataRepo.find(data).export(git(repo, "rev-parse", "HEAD").strip(), tmp_path / "x")
    assert (out / "2025" / "values.csv").is_file()
    assert not any(p.is_symlink() for p in out.rglob("*")) and not (out / "2025" / "passwd").exists()
    diff = run_diff(data, "HEAD~1", "HEAD", run=run)
    assert [y.year for y in diff.years] == [2025]


def test_export_ignore_gitattributes_has_no_effect(tmp_path):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    (repo / ".gitattributes").write_text("data export-ignore\ndata/** export-ignore\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "attributes")
    set_a(data, 2025, 60, 63)
    git(repo, "commit", "-q", "-a", "-m", "Исправлено значение s1")
    log = read_log(data, run=run)
    assert [c.message for c in log.entries] == ["Исправлено значение s1"]
    assert "60,00\u00a0% → 63,00\u00a0%" in log.entries[0].years[0].sentence
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "63" in proc.stdout and "Изменений нет" not in proc.stdout


def test_unreadable_version_is_reported_and_skipped(tmp_path, capsys):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 64)
    git(repo, "commit", "-q", "-a", "-m", "Исправлено значение s1")
    # A third commit whose 2025 values.csv is a blob the repository does not have.
    listing = git(repo, "ls-tree", "HEAD:data/2025")
    missing = "1" * 40
    year_tree = git(
        repo,
        "mktree",
        "--missing",
        input="".join(
            line.rsplit(" ", 1)[0] + f" {missing}\tvalues.csv\n" if line.endswith("\tvalues.csv") else line + "\n"
            for line in listing.splitlines()
        ).encode(),
    ).strip()
    data_tree = git(
        repo,
        "mktree",
        "--missing",
        input="".join(
            line.rsplit(" ", 1)[0] + f" {year_tree}\t2025\n" if line.endswith("\t2025") else line + "\n"
            for line in git(repo, "ls-tree", "HEAD:data").splitlines()
        ).encode(),
    ).strip()
    top = git(repo, "mktree", "--missing", input=f"040000 tree {data_tree}\tdata\n".encode()).strip()
    bad = raw_commit(repo, "Повреждённая версия".encode(), 1745000000, tree=top)

    log = read_log(data, run=run)
    assert log.available
    assert [c.message for c in log.entries] == ["Повреждённая версия", "Исправлено значение s1"]
    broken = log.entries[0].years[0]
    assert not broken.checked and f"версия {bad[:12]} не читается" in broken.sentence
    assert f"версия {bad[:12]} не читается" in capsys.readouterr().err
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD", "--data", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "не читается" in proc.stderr and "Traceback" not in proc.stderr


# -- dates ---------------------------------------------------------------------------


def test_committer_date_after_2106_builds(tmp_path):
    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 65)
    git(repo, "add", "-A")
    raw_commit(repo, "Исправлено значение s1".encode(), 4400000000)  # 2109-06-06
    site = tmp_path / "site"
    build(data, site)
    text = page_text(site)
    assert "31.12.2099 — данные 2025 года" in text
    assert "дата коммита (06.06.2109) вне допустимого диапазона, показана дата 31.12.2099" in text


def test_committer_date_1970_is_clamped_to_publication(tmp_path):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 66)
    git(repo, "add", "-A")
    raw_commit(repo, "Исправлено значение s1".encode(), 1)
    (entry,) = read_log(data, run=run).entries
    assert entry.date == "2025-03-01"  # the day 2025 was first published
    assert entry.date_note == "дата коммита (01.01.1970) вне допустимого диапазона, показана дата 01.03.2025."


# -- rewritten history ----------------------------------------------------------------


def test_rewritten_history_keeps_published_corrections(tmp_path, capsys):
    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 67)
    git(repo, "commit", "-q", "-a", "-m", "Исправлено значение s1 по письму № 7", date="2025-04-15T12:00:00+03:00")
    fix = git(repo, "rev-parse", "HEAD").strip()
    site = tmp_path / "site"
    build(data, site)
    published = json.loads((site / "downloads" / "corrections.json").read_text(encoding="utf-8"))
    assert [e["commit"] for e in published["entries"]] == [fix]

    # A force-push that squashes everything into one commit.
    git(repo, "reset", "-q", "--soft", "HEAD~1")
    git(repo, "commit", "-q", "--amend", "-m", "Всё одним коммитом")
    capsys.readouterr()
    build(data, site)
    text = page_text(site)
    assert "Исправлений опубликованных данных не было" not in text
    assert "Исправлено значение s1 по письму № 7" in text and "60,00 % → 67,00 %" in text
    assert "запись из ранее опубликованного журнала: этого изменения больше нет в истории данных" in text
    assert fix[:12] in capsys.readouterr().err
    again = json.loads((site / "downloads" / "corrections.json").read_text(encoding="utf-8"))
    assert [(e["commit"], e["carried"]) for e in again["entries"]] == [(fix, True)]


def test_corrupt_published_log_is_ignored_with_a_warning(tmp_path, capsys):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    previous = tmp_path / "corrections.json"
    previous.write_text('{"format": "monitoring-corrections/1", "entries": [{"commit": 1}]}', encoding="utf-8")
    log = read_log(data, previous=previous, run=run)
    assert log.available and log.entries == []
    assert "пропущено повреждённых записей: 1" in capsys.readouterr().err


# -- merges and long messages ----------------------------------------------------------


def test_merge_commit_shows_branch_messages(tmp_path):
    from generator.review.corrections import read_log

    MAX_MERGED = 10  # generator/review/corrections.py

    repo, data = data_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "fix")
    for i in range(MAX_MERGED + 2):
        set_a(data, 2025, 60 + i, 61 + i)
        git(repo, "commit", "-q", "-a", "-m", f"Исправление {i + 1} по письму ОО")
    git(repo, "checkout", "-q", "main")
    (repo / "README").write_text("readme\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "README")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge branch 'fix'", "fix")
    (entry,) = read_log(data, run=run).entries
    assert entry.message == "Merge branch 'fix'"
    assert [m["message"] for m in entry.merged] == [f"Исправление {i + 1} по письму ОО" for i in range(MAX_MERGED)]
    assert entry.merged_more == 2

    from generator.render.site import render_site

    page = render_site(*run(data), corrections=read_log(data, run=run)).pages["corrections.md"]
    assert "Изменения из ветки, вошедшие в это слияние" in page and "Исправление 1 по письму ОО" in page
    assert "и ещё 2" in page


def test_long_message_shortened(tmp_path):
    from generator.review.corrections import read_log

    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 68)
    message = "Исправлено значение\n\n" + "\n".join(f"строка {i} " + "х" * 200 for i in range(500))
    (tmp_path / "msg").write_text(message, encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-F", str(tmp_path / "msg"))
    sha = git(repo, "rev-parse", "HEAD").strip()
    (entry,) = read_log(data, run=run).entries
    assert len(entry.message) <= 2100 and len(entry.message.splitlines()) <= 21
    assert entry.message.startswith("Исправлено значение")
    assert entry.message.endswith(f"… (полностью — в коммите {sha[:12]})")


# -- cache -------------------------------------------------------------------------------


def test_second_read_log_computes_nothing_again(tmp_path, monkeypatch):
    from generator.review import compare as C
    from generator.review import corrections

    repo, data = data_repo(tmp_path)
    set_a(data, 2025, 60, 69)
    git(repo, "commit", "-q", "-a", "-m", "fix 2025")
    set_a(data, 2024, 50, 51)
    git(repo, "commit", "-q", "-a", "-m", "fix 2024")
    calls = []
    real = C.compare
    monkeypatch.setattr(C, "compare", lambda *a: calls.append(1) or real(*a))
    first = corrections.read_log(data, run=run)
    assert len(calls) == 2
    second = corrections.read_log(data, run=run)
    assert len(calls) == 2 and [asdict(c) for c in second.entries] == [asdict(c) for c in first.entries]
    cache = repo / ".git" / "monitoring-cache"
    assert git(repo, "status", "--porcelain", "--ignored") == ""
    for path in sorted(cache.glob("*.json"))[:1]:
        path.write_text("{not json", encoding="utf-8")
    third = corrections.read_log(data, run=run)
    assert len(calls) == 3 and [asdict(c) for c in third.entries] == [asdict(c) for c in first.entries]
