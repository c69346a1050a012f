"""The far end of the pipeline: put files on disk so that a failed run leaves
what was there before exactly as it was (write beside, then swap)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(target: Path) -> Path:
    """A fresh folder next to `target` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))


def write_files(folder: Path, files: dict[str, bytes | str]) -> None:
    for name, content in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new`; the old tree is removed only once the new one is in place."""
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def replace_dir(target: Path, files: dict[str, bytes | str]) -> None:
    new = staging_dir(target)
    try:
        write_files(new, files)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    swap_in(new, target)
