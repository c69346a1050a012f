"""Reading the data folder as it was at a git revision, without checking
anything out. Nothing here writes to the repository.

Everything git prints is read as bytes: paths come with -z and are decoded
with os.fsdecode, commit messages are decoded as UTF-8 with replacement (or
with the encoding the commit declares in its `encoding` header, as git log
itself does), so no byte in the history can stop a build.

Files are read blob by blob: `git ls-tree -r -z --full-tree` lists the data
folder at a commit (mode, type, object id, path) and one `git cat-file
--batch` process streams the regular blobs, which are written into a
temporary folder here. Symbolic links (mode 120000), submodules (160000) and
anything else that is not a regular file are skipped, never followed; a name
that would lead out of the folder makes the version unreadable. There is no
`git archive`, so `.gitattributes` (export-ignore, filters) has no effect.
A version that cannot be read raises GitError «версия … не читается: …».
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SETTINGS = "monitoring.yml"
REGULAR_MODES = (b"100644", b"100755")
CHUNK = 1 << 20
MAX_MESSAGE_BYTES = 256 * 1024  # of a commit object; the rest is never published anyway
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1"}


class GitError(Exception):
    """A git question that has no answer: not a repository, no such revision,
    a version that cannot be read. The message is Russian, for staff."""


def _env() -> dict[str, str]:
    return {**os.environ, **_ENV}


def _git(cwd: Path, *args: str) -> bytes:
    """stdout of a git command, as bytes."""
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=True, timeout=120, env=_env())
    return proc.stdout


def decode(raw: bytes, encoding: str = "utf-8") -> str:
    """Text from git: never raises. An unknown declared encoding reads as UTF-8."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    return raw.decode(encoding, errors="replace")


def day(stamp: int, tz_minutes: int = 0) -> str | None:
    """YYYY-MM-DD of a timestamp in the committer's time zone; None when no calendar has it."""
    try:
        return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=stamp, minutes=tz_minutes)).date().isoformat()
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    time: int  # committer timestamp, as recorded (any value: clamp before use)
    tz: int  # committer time zone, minutes east of UTC
    message: str

    @property
    def parent(self) -> str:
        """The first parent; "" for a root commit."""
        return self.parents[0] if self.parents else ""

    @property
    def date(self) -> str | None:
        return day(self.time, self.tz)


def parse_commit(sha: str, raw: bytes) -> Commit:
    """A raw commit object (as `git cat-file` gives it) -> Commit."""
    head, _, body = raw.partition(b"\n\n")
    parents, stamp, tz, encoding = [], 0, 0, "utf-8"
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"parent":
            parents.append(value.strip().decode("ascii", "replace"))
        elif key == b"encoding":
            encoding = value.strip().decode("ascii", "replace")
        elif key == b"committer":
            # "Name <email> 1700000000 +0300": the last two fields, after the closing ">".
            fields = value.rpartition(b">")[2].split()
            try:
                stamp = int(fields[0])
                sign = -1 if fields[1].startswith(b"-") else 1
                tz = sign * (int(fields[1][-4:-2]) * 60 + int(fields[1][-2:]))
            except (IndexError, ValueError):
                pass
    return Commit(sha, tuple(parents), stamp, tz, decode(body, encoding).strip("\n"))


class Batch:
    """One `git cat-file --batch` process; objects are streamed through it one
    at a time (request, then read the whole answer), so no pipe can fill up."""

    def __init__(self, top: Path):
        try:
            self.proc = subprocess.Popen(
                ["git", "-C", str(top), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        except OSError as err:
            raise GitError(f"git не запускается: {err}.") from err

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.SubprocessError):
            self.proc.kill()
            self.proc.wait()

    def stream(self, oid: str, sink=None, limit: int | None = None) -> tuple[str, bytes]:
        """(type, content). With sink (a callable taking bytes) the content goes
        there in chunks and b"" is returned; with limit only that many bytes are
        kept. Raises GitError when the object is missing or git stops answering."""
        if not oid or any(c not in "0123456789abcdef" for c in oid):
            raise GitError(f"«{oid}» — не идентификатор объекта git.")
        try:
            self.proc.stdin.write(oid.encode("ascii") + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline().split()
            if len(header) != 3:
                raise GitError(f"объекта {oid[:12]} нет в репозитории.")
            kind, left = header[1].decode("ascii", "replace"), int(header[2])
            kept, failed = [], None
            room = limit if limit is not None else -1
            while left:
                chunk = self.proc.stdout.read(min(CHUNK, left))
                if not chunk:
                    raise GitError(f"git перестал отвечать при чтении объекта {oid[:12]}.")
                left -= len(chunk)
                if sink is not None:
                    try:
                        sink(chunk)
                    except OSError as err:  # disk full: read the object to its end, then say so
                        failed, sink = err, (lambda _chunk: None)
                elif room < 0:
                    kept.append(chunk)
                elif room:
                    kept.append(chunk[:room])
                    room -= len(kept[-1])
            self.proc.stdout.read(1)  # the newline after the content
        except (OSError, ValueError) as err:
            raise GitError(f"git перестал отвечать при чтении объекта {oid[:12]}: {err}.") from err
        if failed is not None:
            raise failed
        return kind, b"".join(kept)

    def commit(self, sha: str) -> Commit:
        kind, raw = self.stream(sha, limit=MAX_MESSAGE_BYTES)
        if kind != "commit":
            raise GitError(f"{sha[:12]} — не коммит.")
        return parse_commit(sha, raw)


@dataclass(frozen=True)
class TreeEntry:
    mode: bytes
    kind: str
    oid: str
    path: str  # relative to the data folder, POSIX

    @property
    def regular(self) -> bool:
        return self.kind == "blob" and self.mode in REGULAR_MODES


@dataclass(frozen=True)
class DataRepo:
    """The git repository that holds a data folder.

    top: the repository's working tree; prefix: the data folder inside it,
    as a POSIX path ("data"; "" when the data folder is the top itself)."""

    top: Path
    prefix: str
    _trees: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def find(cls, data_dir: Path) -> DataRepo:
        data_dir = Path(os.path.abspath(data_dir))
        existing = data_dir
        while not existing.is_dir() and existing != existing.parent:
            existing = existing.parent
        try:
            top = Path(os.fsdecode(_git(existing, "rev-parse", "--show-toplevel").rstrip(b"\n")))
        except (OSError, subprocess.SubprocessError) as err:
            raise GitError(f"папка {existing} не в git-репозитории (или git не установлен).") from err
        try:
            rel = data_dir.resolve().relative_to(top.resolve())
        except ValueError as err:
            raise GitError(f"папка {data_dir} не внутри репозитория {top}.") from err
        return cls(top, rel.as_posix() if rel.parts else "")

    def path(self, name: str = "") -> str:
        parts = [p for p in (self.prefix, name) if p]
        return str(PurePosixPath(*parts)) if parts else "."

    def git(self, *args: str) -> bytes:
        return _git(self.top, *args)

    def git_dir(self) -> Path | None:
        """The repository's (common) .git folder; None when git cannot say."""
        try:
            out = os.fsdecode(self.git("rev-parse", "--git-common-dir").rstrip(b"\n"))
        except (OSError, subprocess.SubprocessError):
            return None
        return (self.top / out) if not os.path.isabs(out) else Path(out)

    def shallow(self) -> bool:
        try:
            return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"
        except (OSError, subprocess.SubprocessError):
            return False

    def commit(self, rev: str) -> str:
        """The full hash of a revision (branch, tag, hash, HEAD~1 …)."""
        if rev.startswith("-"):
            raise GitError(f"«{rev}» — не название версии.")
        try:
            out = self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
            return out.strip().decode("ascii")
        except (OSError, subprocess.SubprocessError, UnicodeDecodeError) as err:
            raise GitError(
                f"версия «{rev}» не найдена в репозитории {self.top}. Проверьте название ветки или коммита; "
                "в CI получите историю целиком (git fetch --unshallow или fetch-depth: 0) "
                "либо передайте папки данных через --base-data и --head-data."
            ) from err

    def _ls(self, commit: str, recursive: bool) -> list[TreeEntry]:
        target = self.path() + "/" if self.prefix else "."
        args = ["ls-tree", "-z", "--full-tree"] + (["-r"] if recursive else []) + [commit, "--", target]
        try:
            out = self.git(*args)
        except (OSError, subprocess.SubprocessError) as err:
            raise GitError(f"версия {commit[:12]} не читается: git ls-tree не смог прочитать её дерево.") from err
        strip = len(PurePosixPath(self.prefix).parts) if self.prefix else 0
        found = []
        for record in out.split(b"\0"):
            meta, tab, raw_path = record.partition(b"\t")
            parts = meta.split()
            if not tab or len(parts) != 3:
                continue
            path = PurePosixPath(os.fsdecode(raw_path))
            rel = PurePosixPath(*path.parts[strip:]) if len(path.parts) > strip else None
            if rel is not None:
                kind, oid = (x.decode("ascii", "replace") for x in parts[1:])
                found.append(TreeEntry(parts[0], kind, oid, str(rel)))
        return found

    def entries(self, commit: str) -> dict[str, str]:
        """Names directly inside the data folder at `commit` -> object id:
        folders (years) and regular files (monitoring.yml); links and
        submodules are not data. {} when there is no data folder."""
        if commit not in self._trees:
            self._trees[commit] = {
                e.path: e.oid for e in self._ls(commit, recursive=False) if e.kind == "tree" or e.regular
            }
        return self._trees[commit]

    def export(self, commit: str, dest: Path, names: list[str] | None = None, batch: Batch | None = None) -> Path:
        """Write the data folder (or only `names` inside it) at `commit` into
        dest/data; return that folder (empty when the commit has no data)."""
        out = dest / "data"
        out.mkdir(parents=True, exist_ok=True)
        wanted = None if names is None else set(names)
        files = [e for e in self._ls(commit, recursive=True) if e.regular]
        files = [e for e in files if wanted is None or PurePosixPath(e.path).parts[0] in wanted]
        if not files:
            return out
        if batch is None:
            with Batch(self.top) as own:
                return self.export(commit, dest, names, own)
        for e in files:
            parts = PurePosixPath(e.path).parts
            if any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
                raise GitError(f"версия {commit[:12]} не читается: имя «{e.path}» ведёт за пределы папки данных.")
            target = out.joinpath(*parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.parent.is_symlink() or not target.parent.resolve().is_relative_to(out.resolve()):
                    raise GitError(f"версия {commit[:12]} не читается: «{e.path}» ведёт за пределы папки данных.")
                # O_EXCL|O_NOFOLLOW: a name listed twice or anything already there is refused, never overwritten.
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
                with os.fdopen(fd, "wb") as f:
                    kind, _ = batch.stream(e.oid, f.write)
            except OSError as err:
                why = f"файл «{e.path}» не записать ({err.strerror})"
                raise GitError(f"версия {commit[:12]} не читается: {why}.") from err
            except GitError as err:
                if str(err).startswith("версия"):
                    raise
                raise GitError(f"версия {commit[:12]} не читается: {err}") from err
            if kind != "blob":
                raise GitError(f"версия {commit[:12]} не читается: «{e.path}» — не файл.")
        return out

    def data_commits(self, batch: Batch) -> list[Commit]:
        """Commits of the first-parent history of HEAD that change the data
        folder, oldest first (a merged pull request counts once, as its merge)."""
        try:
            out = self.git("rev-list", "--first-parent", "--reverse", "HEAD", "--", self.path())
        except (OSError, subprocess.SubprocessError):
            return []
        return [batch.commit(sha) for sha in out.decode("ascii", "replace").split()]

    def reachable(self) -> set[str]:
        """Every commit reachable from HEAD."""
        try:
            return set(self.git("rev-list", "HEAD").decode("ascii", "replace").split())
        except (OSError, subprocess.SubprocessError):
            return set()

    def merged(self, c: Commit, batch: Batch, limit: int) -> tuple[list[Commit], int]:
        """For a merge: the commits it brings in (parent1..parentN) that touch
        the data folder, merges left out, oldest first; at most `limit` of them,
        and how many more there are."""
        if len(c.parents) < 2:
            return [], 0
        try:
            out = self.git("rev-list", "--no-merges", "--reverse", *c.parents[1:], f"^{c.parent}", "--", self.path())
        except (OSError, subprocess.SubprocessError):
            return [], 0
        shas = out.decode("ascii", "replace").split()
        return [batch.commit(s) for s in shas[:limit]], max(0, len(shas) - limit)

    def has_commits(self) -> bool:
        try:
            self.git("rev-parse", "--verify", "--quiet", "HEAD")
            return True
        except (OSError, subprocess.SubprocessError):
            return False
