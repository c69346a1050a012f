"""Faults while publishing (issue 9): a run killed in the middle of the swap,
staging folders of killed runs, two builds at once, full or read-only disks.
A kill is simulated by a forked child that SIGKILLs itself at a chosen step
(a patched os.rename), never by a timing race."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator import cli, write
from generator.build import build_site
from generator.oserrors import describe

ROOT = Path(__file__).resolve().parent.parent


def _tree(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _digest(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _beside(target: Path) -> list[str]:
    """Everything next to target but target itself (staging folders, lock file)."""
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name)


def _killed_after_first_rename(target: Path, files: dict[str, str]) -> None:
    """A child stages `files` and swaps them in on the two-rename path; it is
    SIGKILLed right after target was moved aside."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            real = os.rename
            write._exchange = lambda a, b: False

            def rename(src, dst):
                real(src, dst)
                if Path(src) == target:
                    os.kill(os.getpid(), signal.SIGKILL)

            os.rename = rename
            write.swap_in(_tree(write.staging_dir(target), files), target)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(ROOT / "data", data)
    return data


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory, demo_data) -> Path:
    """A real site built from the demo data (full build 1 of 3 in this file)."""
    return build_site(demo_data, tmp_path_factory.mktemp("built") / "site", ROOT)


def _bad_data(tmp_path: Path, demo_data: Path) -> Path:
    data = tmp_path / "bad" / "data"
    shutil.copytree(demo_data, data)
    latest = max(p for p in data.iterdir() if p.is_dir() and p.name.isdigit())
    values = latest / "values.csv"
    values.write_text(values.read_text(encoding="utf-8") + "nosuch-org,nosuch-indicator,abc,\n", encoding="utf-8")
    return data


# --- the swap itself ---------------------------------------------------------


def test_swap_is_one_exchange_call_target_never_missing(tmp_path, monkeypatch):
    target = _tree(tmp_path / "site", {"index.html": "old", "a/b.html": "old b"})
    new = _tree(write.staging_dir(target), {"index.html": "new"})

    def no_rename(*args):  # a two-step swap would leave a moment without site/
        raise AssertionError(f"os.rename{args}: the swap must be one renameat2(RENAME_EXCHANGE)")

    monkeypatch.setattr(os, "rename", no_rename)
    write.swap_in(new, target)
    assert _digest(target) == {"index.html": b"new"}
    assert _beside(target) == []


def test_kill_between_renames_next_build_restores_previous_site(tmp_path, previous_site, demo_data, capsys):
    site = tmp_path / "pub" / "site"
    shutil.copytree(previous_site, site)
    before = _digest(site)
    _killed_after_first_rename(site, {"index.html": "new"})
    assert not site.exists()  # what the kill leaves: the site is only in .site.old-*
    assert any(name.startswith(".site.old-") for name in _beside(site))

    # The next build fails on bad data, yet the site is back as it was.
    assert cli.main(["build", "--data", str(_bad_data(tmp_path, demo_data)), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"Восстановлена прежняя версия {site}" in err
    assert "nosuch-org" in err
    assert _digest(site) == before
    assert _beside(site) == []


def test_failed_second_rename_puts_previous_tree_back(tmp_path, monkeypatch):
    target = _tree(tmp_path / "exports", {"scores.csv": "old"})
    new = _tree(write.staging_dir(target), {"scores.csv": "new"})
    monkeypatch.setattr(write, "_exchange", lambda a, b: False, raising=False)  # the two-rename path
    real = os.rename

    def rename(src, dst):
        if Path(src) == new:
            raise OSError(errno.EIO, "Input/output error", str(src))
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        write.swap_in(new, target)
    assert _digest(target) == {"scores.csv": b"old"}
    assert not any(name.startswith(".exports.old-") for name in _beside(target))


def test_recovery_skips_tree_already_marked_removed(tmp_path):
    """After both renames the aside copy is renamed `removed`: a later run must not resurrect it."""
    target = tmp_path / "site"
    _tree(tmp_path / f".site.old-{_dead_pid()}-ab" / "removed", {"index.html": "stale"})
    with write.publish_lock(target):
        pass
    assert not target.exists()
    assert _beside(target) == []


# --- stale staging folders ---------------------------------------------------


def test_stale_staging_of_dead_pid_removed_live_pid_kept(tmp_path):
    target = _tree(tmp_path / "exports", {"scores.csv": "old"})
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for name in (
            f".exports.new-{dead}-aa",
            f".exports.old-{dead}-bb/exports",
            f".exports.new-{live.pid}-cc",
            ".exports.new-legacy01",
            ".exports.new-legacy02",
        ):
            _tree(tmp_path / name, {"x.csv": "x"})
        hours_ago = time.time() - 2 * 3600
        os.utime(tmp_path / ".exports.new-legacy01", (hours_ago, hours_ago))  # older version's, long dead
        write.replace_dir(target, {"scores.csv": "new"})
        assert _digest(target) == {"scores.csv": b"new"}
        assert _beside(target) == [f".exports.new-{live.pid}-cc", ".exports.new-legacy02"]
    finally:
        live.kill()
        live.wait()


def test_exports_folder_not_private_to_owner(tmp_path):
    """mkdtemp made the swapped-in folder 0700: a web server could not read the exports."""
    target = tmp_path / "exports"
    write.replace_dir(target, {"scores.csv": "x"})
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask


def test_gitignore_covers_staging_old_and_lock_of_site_and_exports(tmp_path):
    repo = tmp_path / "clone"
    repo.mkdir()
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    names = [
        ".site.new-12-ab/index.html",
        ".site.old-12-cd/site/index.html",
        ".site.lock",
        ".exports.new-3-ef/scores.csv",
        ".exports.old-3-gh/exports/scores.csv",
        ".exports.lock",
        "out/.results.new-4-ij/scores.csv",
        "out/.results.lock",
        "data/.2026.new/values.csv",
    ]
    for name in names:
        _tree(repo, {name: "x"})
    _tree(repo, {"kept.csv": "x"})
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert sorted(filter(None, status)) == ["?? .gitignore", "?? kept.csv"]


# --- two publishers ----------------------------------------------------------

HOLD = """
import sys
from pathlib import Path
from generator.write import publish_lock
with publish_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_two_publishers_cannot_swap_at_once(tmp_path):
    target = _tree(tmp_path / "site", {"index.html": "old"})
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(write.PublishBusy) as busy:
            write.publish_lock(target, timeout=0).acquire()
        assert f"Папку {target} сейчас обновляет другой процесс (pid {holder.pid})" in str(busy.value)

        waiting = threading.Thread(target=write.replace_dir, args=(target, {"index.html": "new"}))
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and _digest(target) == {"index.html": b"old"}  # it waits, it does not swap
    finally:
        holder.stdin.close()
        holder.wait()
    waiting.join(30)
    assert not waiting.is_alive()
    assert _digest(target) == {"index.html": b"new"}


# --- full and read-only disks ------------------------------------------------


def _no_space(content, path):  # mkdocs.utils.write_file(content, output_path)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def test_disk_full_during_mkdocs_names_site_and_keeps_previous(tmp_path, previous_site, demo_data, monkeypatch, capsys):
    import mkdocs.utils

    site = tmp_path / "site"
    shutil.copytree(previous_site, site)
    before = _digest(site)
    monkeypatch.setattr(mkdocs.utils, "write_file", _no_space)
    assert cli.main(["build", "--data", str(demo_data), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"Нет места на диске при записи в {site}: освободите место" in err
    assert f"Опубликованный сайт {site} не изменён." in err
    assert "Traceback" not in err and "Error building page" not in err
    assert _digest(site) == before
    assert _beside(site) == []


_DOWNLOADS_FULL = """
import errno, os, sys
import generator.build
from generator import cli

parent, real = os.getpid(), generator.build.write_files

def write_files(folder, files):  # only in the forked downloads process
    if os.getpid() != parent:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "results.xlsx"))
    real(folder, files)

generator.build.write_files = write_files
sys.exit(cli.main(["build", "--data", sys.argv[1], "--site", sys.argv[2]]))
"""


def test_disk_full_in_downloads_process_reported_in_russian(tmp_path, previous_site, demo_data):
    # In a fresh interpreter: this test process may have loaded vl-convert (the documents'
    # charts), after which a build forks nothing (generator/parallel.py), and the failure
    # has to come from the forked downloads process.
    site = tmp_path / "site"
    shutil.copytree(previous_site, site)
    before = _digest(site)
    run = subprocess.run(
        [sys.executable, "-c", _DOWNLOADS_FULL, str(demo_data), str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr
    assert f"Нет места на диске при записи в {site}" in run.stderr
    assert "Traceback" not in run.stderr and "RuntimeError" not in run.stderr
    assert _digest(site) == before


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EROFS, "Диск доступен только для чтения: запись в {out} невозможна"),
        (errno.EACCES, "Нет прав на доступ к {out}: проверьте владельца и права папки"),
        (errno.EDQUOT, "Исчерпана дисковая квота при записи в {out}"),
        (errno.EMFILE, "Слишком много открытых файлов при работе с {out}"),
        (errno.EIO, "Ошибка чтения или записи диска при работе с {out}"),
    ],
)
def test_export_os_error_russian_message_names_folder(tmp_path, demo_data, monkeypatch, capsys, code, expected):
    out = _tree(tmp_path / "exports", {"scores.csv": "old"})

    def failing(folder, files):
        raise OSError(code, os.strerror(code), str(folder / "scores.csv"))

    monkeypatch.setattr(write, "write_files", failing)
    assert cli.main(["export", "--data", str(demo_data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert expected.format(out=out) in err
    assert f"Папка {out} не изменена." in err
    assert "Traceback" not in err and ".exports.new-" not in err
    assert _digest(out) == {"scores.csv": b"old"}
    assert _beside(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0o555 folder; the monkeypatched variant covers it")
def test_export_into_read_only_folder_without_traceback(tmp_path, demo_data, capsys):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert cli.main(["export", "--data", str(demo_data), "--out", str(parent / "exports")]) == 1
    finally:
        parent.chmod(0o755)
    assert f"Нет прав на доступ к {parent / 'exports'}" in capsys.readouterr().err


def test_debug_variable_lets_traceback_through(tmp_path, demo_data, monkeypatch):
    def failing(folder, files):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "scores.csv"))

    monkeypatch.setenv("MONITORING_DEBUG", "1")
    monkeypatch.setattr(write, "write_files", failing)
    with pytest.raises(OSError) as raised:
        cli.main(["export", "--data", str(demo_data), "--out", str(tmp_path / "exports")])
    assert raised.value.errno == errno.ENOSPC


def test_copytree_error_list_described_with_target_folder(tmp_path):
    site = tmp_path / "site"
    err = shutil.Error(
        [
            (
                str(ROOT / "docs" / "index.md"),
                str(tmp_path / ".site.new-1-ab" / "docs" / "index.md"),
                "[Errno 28] No space left on device: 'index.md'",
            )
        ]
    )
    assert describe(err, "Опубликованный сайт не изменён.") == (
        f"Нет места на диске при записи в {site}: освободите место и запустите команду снова. "
        "Опубликованный сайт не изменён."
    )


def test_failed_write_without_path_names_the_output_folder(tmp_path, demo_data, monkeypatch, capsys):
    """write() on a full disk raises OSError with no file name: the message still names the folder."""
    out = tmp_path / "exports"

    def failing(folder, files):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write, "write_files", failing)
    assert cli.main(["export", "--data", str(demo_data), "--out", str(out)]) == 1
    assert f"Нет места на диске при записи в {out}: освободите место" in capsys.readouterr().err


def test_copyfile_error_names_destination_not_source(tmp_path):
    """shutil.copyfile names the source first; a full disk is the destination's."""
    err = OSError(
        errno.ENOSPC,
        "No space left on device",
        str(ROOT / "docs" / "index.md"),
        None,
        str(tmp_path / ".site.new-1-ab" / "docs" / "index.md"),
    )
    assert describe(err).startswith(f"Нет места на диске при записи в {tmp_path / 'site'}: ")
    locked = OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".site.lock"))
    assert describe(locked).startswith(f"Диск доступен только для чтения: запись в {tmp_path / 'site'} невозможна.")
