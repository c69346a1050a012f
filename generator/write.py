"""The far end of the pipeline: put files on disk so that a failed or killed
run leaves what was there before exactly as it was (write beside, then swap).

Next to a target folder `name/` live only these (all ignored by git):
- `.name.new-PID-XXXX/`: a staging folder of process PID;
- `.name.old-PID-XXXX/name/`: the previous tree, set aside during a swap
  where the kernel cannot exchange two folders in one call;
- `.name.lock`: the lock that lets one process at a time publish into name/.
A run that starts publishing first puts back a previous tree left aside by a
killed run, then removes staging folders whose process is gone."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: no lock, the swap is still recoverable
    fcntl = None  # type: ignore[assignment]

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# A staging folder with no pid in its name (made by an older version) is
# stale once it is this old; one with a pid, once its process is gone (or
# after a day, in case the pid was reused by an unrelated process).
STALE_UNTAGGED_SECONDS = 3600
STALE_TAGGED_SECONDS = 86400


class PublishBusy(Exception):
    """Another process holds the lock of the target; the message is Russian."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- one system call to exchange two folders ----------------------------------

_renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange a and b with renameat2(RENAME_EXCHANGE); False where the
    kernel, libc or file system does not offer it (the caller falls back)."""
    global _renameat2
    if not sys.platform.startswith("linux"):
        return False
    if _renameat2 is None:
        try:
            fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28, musl >= 1.2.2
        except (OSError, AttributeError):
            _renameat2 = False
            return False
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        fn.restype = ctypes.c_int
        _renameat2 = fn
    if _renameat2 is False:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


# --- staging folders -----------------------------------------------------------


def _make(target: Path, kind: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        # mkdir, not mkdtemp: the folder becomes the target and keeps the
        # usual permissions (mkdtemp's 0700 would hide exports from a web server).
        path = target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "no free staging name", str(target.parent))


def staging_dir(target: Path) -> Path:
    """A fresh folder next to `target` (same file system, so the swap is a rename)."""
    return _make(target, "new")


def _staging_folders(target: Path, kind: str) -> list[tuple[Path, int | None]]:
    """(folder, pid or None) of every `.name.kind-*` next to target, in name order."""
    prefix = f".{target.name}.{kind}-"
    tagged = re.compile(r"(\d+)-")
    out = []
    try:
        entries = sorted(os.listdir(target.parent))
    except FileNotFoundError:
        return []
    for entry in entries:
        if entry.startswith(prefix):
            m = tagged.match(entry[len(prefix) :])
            out.append((target.parent / entry, int(m.group(1)) if m else None))
    return out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, under another user
        return True
    return True


def _stale(folder: Path, pid: int | None, now: float) -> bool:
    try:
        age = now - folder.lstat().st_mtime
    except FileNotFoundError:
        return False
    if pid is None:
        return age > STALE_UNTAGGED_SECONDS
    return not _alive(pid) or age > STALE_TAGGED_SECONDS


def recover(target: Path) -> Path | None:
    """If target is missing and a killed swap left the previous tree aside,
    put it back; return the folder it came from."""
    if target.exists() or target.is_symlink():
        return None
    aside = [
        (folder.lstat().st_mtime_ns, folder)
        for folder, pid in _staging_folders(target, "old")
        if (pid is None or not _alive(pid)) and ((folder / target.name).exists() or (folder / target.name).is_symlink())
    ]
    if not aside:
        return None
    folder = max(aside)[1]  # the latest swap
    os.rename(folder / target.name, target)
    shutil.rmtree(folder, ignore_errors=True)
    _say(
        f"Восстановлена прежняя версия {target}: предыдущий запуск был прерван во время замены "
        f"и оставил её в {folder.name}."
    )
    return folder


def clean_stale(target: Path) -> list[Path]:
    """Remove staging folders next to target that no live process uses."""
    now = time.time()
    removed = []
    for kind in ("new", "old"):
        for folder, pid in _staging_folders(target, kind):
            if _stale(folder, pid, now):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


# --- the lock ------------------------------------------------------------------

_held: dict[str, list] = {}  # lock path -> [fd, depth]: re-entrant within a process


class PublishLock:
    """Exclusive right to publish into target. flock, so the kernel drops it
    when the holder dies: a killed run never leaves the folder locked. The
    lock file is removed on release; whoever locked a file that was removed
    meanwhile locks the new one instead (the inode check)."""

    def __init__(self, target: Path, timeout: float | None = None):
        self.target = Path(os.path.abspath(target))
        self.path = self.target.parent / f".{self.target.name}.lock"
        self.timeout = timeout
        self.key = str(self.path)
        self._said = False

    def acquire(self) -> PublishLock:
        if self.key in _held:
            _held[self.key][1] += 1
            return self
        self.target.parent.mkdir(parents=True, exist_ok=True)
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        while True:
            fd = self._open()
            try:
                self._wait(fd, deadline)
                if _same_file(fd, self.path):
                    break
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the holder removed this file on release: lock the current one
        with contextlib.suppress(OSError):  # the pid is only for the message of a waiting process
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        _held[self.key] = [fd, 1]
        try:
            recover(self.target)
            clean_stale(self.target)
        except BaseException:
            self.release()
            raise
        return self

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            if not self.path.exists():
                raise
            return os.open(self.path, os.O_RDONLY)  # another user's lock file: flock still works

    def _wait(self, fd: int, deadline: float | None) -> None:
        if fcntl is None:
            return
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            holder = _read_pid(self.path)
            who = f"другой процесс (pid {holder})" if holder else "другой процесс"
            if deadline is not None and time.monotonic() >= deadline:
                raise PublishBusy(
                    f"Папку {self.target} сейчас обновляет {who}: дождитесь, пока он закончит, "
                    "и запустите команду снова."
                ) from None
            if not self._said:
                _say(f"Папку {self.target} сейчас обновляет {who}; ждём, пока он закончит…")
                self._said = True
            time.sleep(0.1)

    def release(self) -> None:
        entry = _held.get(self.key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] == 0:
            del _held[self.key]
            with contextlib.suppress(OSError):  # removed while still locked: see the inode check
                os.unlink(self.path)
            os.close(entry[0])

    def __enter__(self) -> PublishLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def publish_lock(target: Path, timeout: float | None = None) -> PublishLock:
    """`with publish_lock(target):` wait for other publishers, then recover and clean."""
    return PublishLock(target, timeout)


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


# --- writing and swapping ------------------------------------------------------


def write_files(folder: Path, files: dict[str, bytes | str]) -> None:
    for name, content in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new`. Where the kernel can, one system call
    exchanges the two, so target is never missing; elsewhere two renames,
    with the previous tree kept at `.name.old-PID-*/name` in between, where
    the next run finds it if this one is killed."""
    with publish_lock(target):
        if target.is_dir() and not target.is_symlink() and _exchange(new, target):
            shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous tree
            return
        if not (target.exists() or target.is_symlink()):
            os.rename(new, target)
            return
        old = _make(target, "old")
        aside = old / target.name
        os.rename(target, aside)
        try:
            os.rename(new, target)
        except BaseException:
            os.rename(aside, target)
            os.rmdir(old)
            raise
        # Renamed first: a tree under `old/<name>` is always a complete one.
        os.rename(aside, old / "removed")
        shutil.rmtree(old, ignore_errors=True)


def replace_dir(target: Path, files: dict[str, bytes | str]) -> None:
    with publish_lock(target):
        new = staging_dir(target)
        try:
            write_files(new, files)
            swap_in(new, target)
        finally:
            shutil.rmtree(new, ignore_errors=True)  # nothing left there after a swap
