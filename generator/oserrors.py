"""Russian messages for file-system errors (no permission, read-only disk,
disk full, too many open files…): what happened, which folder or file, and
what to do. The path shown is the one staff chose (site/, the exports
folder), not the hidden staging folder beside it where the write failed."""

from __future__ import annotations

import errno
import os
import re
import shutil
from pathlib import Path

_STAGING = re.compile(r"^\.(?P<name>.+?)\.(?:new|old|lock)(?:-.*)?$")
_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")

DEBUG_VARIABLE = "MONITORING_DEBUG"


def debug() -> bool:
    """MONITORING_DEBUG=1: let the exception through with its traceback (for developers)."""
    return os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")


def shown_path(filename) -> str:
    """The path to name in a message: `<parent>/.site.new-123-ab/docs/x.md`
    and `<parent>/.site.lock` are shown as `<parent>/site`."""
    if filename is None:
        return ""
    if isinstance(filename, bytes):
        filename = os.fsdecode(filename)
    path = Path(os.path.abspath(str(filename)))
    parts = path.parts
    for i, part in enumerate(parts):
        m = _STAGING.match(part)
        if m:
            return _from_cwd(Path(*parts[:i], m.group("name")))
    return _from_cwd(path)


def _from_cwd(path: Path) -> str:
    """As the user would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path(os.path.abspath(os.curdir))).as_posix() or "."
    except ValueError:
        return str(path)


def _details(err: OSError) -> tuple[int | None, str, str]:
    """errno, path, system text; shutil.Error (copytree) packs its errors in a list."""
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list) and err.args[0]:
        first = err.args[0][0]
        if isinstance(first, tuple) and len(first) == 3:
            src, dst, why = first
            m = _ERRNO_IN_TEXT.search(str(why))
            return (int(m.group(1)) if m else None), shown_path(dst or src), str(why)
    # shutil.copyfile names the source first and the destination second; a
    # full or read-only disk is the destination's.
    written = err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS) and err.filename2
    return err.errno, shown_path(err.filename2 if written else err.filename), err.strerror or str(err)


def describe(err: OSError, unchanged: str = "", folder: Path | None = None) -> str:
    """One Russian paragraph for staff; `unchanged` says what stayed as it was;
    `folder` is named when the error carries no path (a failed write() does not)."""
    code, path, system = _details(err)
    where = path or (str(folder) if folder else "") or "(путь не известен)"
    if code == errno.ENOSPC:
        text = f"Нет места на диске при записи в {where}: освободите место и запустите команду снова."
    elif code == errno.EDQUOT:
        text = (
            f"Исчерпана дисковая квота при записи в {where}: освободите место или попросите администратора "
            "увеличить квоту, затем запустите команду снова."
        )
    elif code == errno.EROFS:
        text = (
            f"Диск доступен только для чтения: запись в {where} невозможна. Укажите папку на диске, "
            "доступном для записи, или подключите этот диск для записи и запустите команду снова."
        )
    elif code in (errno.EACCES, errno.EPERM):
        text = (
            f"Нет прав на доступ к {where}: проверьте владельца и права папки (ls -ld), "
            "запустите команду от пользователя, которому она принадлежит, или укажите другую папку."
        )
    elif code in (errno.EMFILE, errno.ENFILE):
        text = (
            f"Слишком много открытых файлов при работе с {where}: увеличьте предел (ulimit -n) "
            "или закройте другие программы и запустите команду снова."
        )
    elif code == errno.EFBIG:
        text = f"Файл {where} слишком велик для этого диска: укажите папку на другом диске."
    elif code == errno.ENAMETOOLONG:
        text = f"Слишком длинный путь: {where}. Укажите папку с более коротким путём."
    elif code in (errno.ENOENT, errno.ENOTDIR):
        text = f"Нет такого файла или папки: {where}. Проверьте путь и запустите команду снова."
    elif code in (errno.EBUSY, errno.ETXTBSY):
        text = (
            f"Файл или папка {where} заняты: их использует другая программа, или папка — точка монтирования "
            "(например, том Docker), которую нельзя заменить целиком. Закройте программу или укажите папку "
            "внутри тома и запустите команду снова."
        )
    elif code == errno.EIO:
        text = (
            f"Ошибка чтения или записи диска при работе с {where}: диск может быть повреждён или "
            "отключён; проверьте его и запустите команду снова."
        )
    elif code == errno.ENOMEM:
        text = "Не хватает памяти: закройте другие программы и запустите команду снова."
    else:
        name = errno.errorcode.get(code, str(code)) if code is not None else "без кода"
        text = (
            f"Ошибка файловой системы при работе с {where} (системное сообщение: {system}; {name}). "
            "Проверьте диск и права на папку и запустите команду снова."
        )
    return f"{text} {unchanged}".strip()
