"""Reading the data folder as it was at a git revision, without checking
anything out: `git ls-tree` to see which files changed, `git archive` to copy
a revision's files into a temporary folder. Nothing here writes to the
repository."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SETTINGS = "monitoring.yml"


class GitError(Exception):
    """A git question that has no answer: not a repository, no such revision.
    The message is Russian, for staff."""


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=True, timeout=120, env=env, text=not binary)


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str  # first parent; "" for a root commit
    date: str  # committer date, YYYY-MM-DD
    message: str


@dataclass(frozen=True)
class DataRepo:
    """The git repository that holds a data folder.

    top: the repository's working tree; prefix: the data folder inside it,
    as a POSIX path ("data"; "" when the data folder is the top itself)."""

    top: Path
    prefix: str

    @classmethod
    def find(cls, data_dir: Path) -> DataRepo:
        data_dir = Path(os.path.abspath(data_dir))
        existing = data_dir
        while not existing.is_dir() and existing != existing.parent:
            existing = existing.parent
        try:
            top = Path(_git(existing, "rev-parse", "--show-toplevel").stdout.strip())
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

    def shallow(self) -> bool:
        try:
            return _git(self.top, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
        except (OSError, subprocess.SubprocessError):
            return False

    def commit(self, rev: str) -> str:
        """The full hash of a revision (branch, tag, hash, HEAD~1 …)."""
        if rev.startswith("-"):
            raise GitError(f"«{rev}» — не название версии.")
        try:
            return _git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").stdout.strip()
        except (OSError, subprocess.SubprocessError) as err:
            raise GitError(f"версия «{rev}» не найдена в репозитории {self.top}. Проверьте название ветки или коммита; в CI получите историю целиком (git fetch --unshallow или fetch-depth: 0) либо передайте папки данных через --base-data и --head-data.") from err

    def entries(self, commit: str) -> dict[str, str]:
        """Names directly inside the data folder at `commit` -> object id
        (years are trees, monitoring.yml a blob); {} when there is no data folder."""
        target = self.path() + "/" if self.prefix else "."
        try:
            out = _git(self.top, "ls-tree", "-z", commit, "--", target).stdout
        except (OSError, subprocess.SubprocessError) as err:
            raise GitError(f"не удалось прочитать версию {commit[:12]}.") from err
        found = {}
        for line in out.split("\0"):
            if not line:
                continue
            meta, path = line.split("\t", 1)
            found[PurePosixPath(path).name] = meta.split()[2]
        return found

    def export(self, commit: str, dest: Path, names: list[str] | None = None) -> Path:
        """Copy the data folder (or only `names` inside it) at `commit` into
        dest/data; return that folder (empty when the commit has no data)."""
        out = dest / "data"
        out.mkdir(parents=True, exist_ok=True)
        present = self.entries(commit)
        wanted = [n for n in (names if names is not None else present) if n in present]
        if not wanted:
            return out
        try:
            tar = _git(self.top, "archive", "--format=tar", commit, "--", *[self.path(n) for n in wanted], binary=True).stdout
        except (OSError, subprocess.SubprocessError) as err:
            raise GitError(f"не удалось прочитать данные версии {commit[:12]}.") from err
        strip = len(PurePosixPath(self.prefix).parts) if self.prefix else 0
        with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
            members = []
            for m in archive.getmembers():
                parts = PurePosixPath(m.name).parts[strip:]
                if not parts or m.name == "pax_global_header":
                    continue
                m.name = str(PurePosixPath(*parts))
                members.append(m)
            archive.extractall(out, members=members, filter="data")
        return out

    def data_commits(self) -> list[Commit]:
        """Commits of the first-parent history of HEAD that change the data
        folder, oldest first (a merged pull request counts once, as its merge)."""
        fmt = "%H%x1f%P%x1f%cI%x1f%B%x1e"
        try:
            out = _git(self.top, "log", "--first-parent", f"--format={fmt}", "HEAD", "--", self.path()).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        commits = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, parents, date, message = record.split("\x1f", 3)
            commits.append(Commit(sha, parents.split()[0] if parents.split() else "", date[:10], message.strip()))
        return commits[::-1]

    def has_commits(self) -> bool:
        try:
            _git(self.top, "rev-parse", "--verify", "--quiet", "HEAD")
            return True
        except (OSError, subprocess.SubprocessError):
            return False
