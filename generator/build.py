"""Stage 5: write the rendered pages next to the hand-written docs, build the
MkDocs site in a staging folder, then swap it in. Any failure leaves the
previous site/ exactly as it was. The site's configuration and hand-written
pages are the project's or the packaged defaults (generator/paths.py)."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator import paths
from generator.compute import compute
from generator.corrections import PUBLISHED, read_log
from generator.pipeline import checked_dataset
from generator.problems import DataError, Problem, Report
from generator.progress import Stages
from generator.render import fragments
from generator.render.site import download_files, render_site, site_config_extra
from generator.write import publish_lock, staging_dir, swap_in, write_files


# --- file-system errors in MkDocs (issue 9): MkDocs logs «Error building page …:
# [Errno 28] …» in English before re-raising; cli.main says it in Russian.
class _NoErrnoLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and "[Errno " in record.getMessage())


logging.getLogger("mkdocs.commands.build").addFilter(_NoErrnoLine())
# --- end of file-system errors in MkDocs ---


def data_version(root: Path, data_dir: Path) -> tuple[str, int]:
    """The data's git commit and date, and a timestamp for reproducible output.
    Read as bytes (issue 9): no byte in the history can stop the build."""
    try:
        out = subprocess.run(
            # A fixed abbreviation: the same commit reads the same in a full and a shallow clone.
            ["git", "-C", str(root), "log", "-1", "--abbrev=12", "--format=%h %cs %ct", "--", str(data_dir)],
            capture_output=True, check=True, timeout=30,
        ).stdout.decode("utf-8", errors="replace").split()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--", str(data_dir)],
            capture_output=True, check=True, timeout=30,
        ).stdout.strip(b"\0\n ")
    except (OSError, subprocess.SubprocessError):
        return "рабочая копия (не из git)", 946684800
    if len(out) != 3 or not out[2].lstrip("-").isdigit():
        return "рабочая копия (данные ещё не зафиксированы в git)", 946684800
    commit, date, stamp = out
    label = f"{commit} от {date}"
    if dirty:
        label += " с незафиксированными изменениями"
    return label, int(stamp)


def input_files(ds, root: Path) -> dict[int, dict[str, bytes]]:
    """The input packages as committed, for the download page."""
    return {year: {name: path.read_bytes() for name, path in files.items()} for year, files in input_names(ds, root).items()}


@contextlib.contextmanager
def _env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def input_names(ds, root: Path) -> dict[int, dict[str, Path]]:
    """The files of each year's input package, by the name they are offered under."""
    out = {}
    for y in ds.years:
        files = {}
        for rel in y.files.values():
            if rel:
                path = root / rel
                files[path.name] = path
        files["datapackage.json"] = (root / y.files["organizations"]).parent / "datapackage.json"
        out[y.year] = files
    return out


def build_site(data_dir: Path, site_dir: Path, project: Path, stages: Stages | None = None, lift_blocks: bool = True) -> Path:
    """Validate, compute, render and build; swap the new site in only when
    every stage has succeeded. project: the folder whose mkdocs.yml and docs/,
    where present, replace the packaged defaults. `stages` times each stage (and on a terminal
    shows progress). lift_blocks: keep the pages' HTML tables and charts out
    of MkDocs' Markdown and search passes (render/fragments.py); the pages
    come out the same either way."""
    # --- publish lock (issue 9): one build per site folder at a time (a second one
    # waits); a site a killed run left aside is put back first, stale staging
    # folders are removed (generator/write.py).
    with publish_lock(site_dir):
        return _build_site(data_dir, site_dir, project, stages, lift_blocks)
    # --- end of publish lock ---


def _build_site(data_dir: Path, site_dir: Path, project: Path, stages: Stages | None, lift_blocks: bool) -> Path:
    stages = stages or Stages()
    root = data_dir.parent
    with stages.stage("validate", "Проверка данных") as st:
        ds = checked_dataset(data_dir, root)
        st.count = sum(len(y.values) for y in ds.years)
    with stages.stage("compute", "Расчёт баллов") as st:
        results = compute(ds)
        st.count = len(results.scores)
    names = input_names(ds, root)
    with stages.stage("render", "Страницы сайта (Markdown)") as st:
        rendered = render_site(
            ds, results, {y: dict.fromkeys(files) for y, files in names.items()}, read_log(data_dir, previous=site_dir / PUBLISHED),  # issue 9: the log published before
            with_files=False, progress=lambda done, total: stages.count(done, total, "организаций"),
        )
        st.count = len(rendered.pages)
    version, stamp = data_version(root, data_dir)

    stage = staging_dir(site_dir)
    worker = None
    try:
        with stages.stage("write", "Запись страниц"):
            docs = stage / "docs"
            for rel, src in paths.docs_files(paths.docs_layers(project)).items():
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, docs / rel)
            clash = [p for p in rendered.pages if (docs / p).exists()]
            if clash:
                raise DataError(Report([Problem("docs-clash", f"docs/{clash[0]}", "страница с таким путём создаётся генератором.", "переименуйте или удалите файл в docs/.")]))
            sizes = {p: len(md.encode("utf-8")) for p, md in rendered.pages.items()}
            blocks: dict[str, list[str]] = {}
            if lift_blocks:
                for path, md in rendered.pages.items():
                    rendered.pages[path], blocks[path] = fragments.split(md)
            write_files(docs, rendered.pages)
            config = load_site_config(project)
            config.update(
                site_name=ds.settings.title,
                docs_dir=str(docs),
                site_dir=str(stage / "site"),
                # A page of the nav that is neither generated nor in docs/ (docs/benchmarks.md
                # until `make bench` has run) is left out rather than linked broken.
                nav=prune_nav(rendered.nav, lambda page: page in sizes or (docs / page).is_file()),
            )
            config.setdefault("extra", {}).update(site_config_extra(ds, version))
            if ds.settings.site_url:
                config["site_url"] = ds.settings.site_url
            config_path = stage / "mkdocs.yml"
            config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            stages.info.update(
                pages=sizes, nav=config["nav"], extra=config["extra"], site_name=config["site_name"],
            )
            rendered.pages.clear()  # on disk now; the lifted blocks stay in memory for MkDocs
        # The download files (results package, workbook, input CSVs) do not
        # depend on the pages: a second process makes them while MkDocs, which
        # uses one core, builds the pages.
        worker = DownloadsWorker(rendered.lookup, names, stage / "downloads")
        with stages.stage("site", "Сборка сайта MkDocs") as st:
            _mkdocs_build(config_path, stamp, lambda done, total: stages.count(done, total, "страниц"), fragments.FragmentsPlugin(blocks) if blocks else None)
            st.count = len(sizes)
        with stages.stage("downloads", "Файлы для скачивания") as st:
            st.count = worker.finish()
            st.extra["helpers_peak_mb"] = worker.peak_mb
            merge_into(stage / "downloads", stage / "site")
        with stages.stage("swap", "Замена опубликованного сайта"):
            swap_in(stage / "site", site_dir)
    finally:
        if worker is not None:
            worker.stop()
        shutil.rmtree(stage, ignore_errors=True)
    return site_dir


def load_site_config(project: Path) -> dict:
    """The project's MkDocs settings (INHERIT resolved) as a dict to write into
    the staging folder: a theme.custom_dir made absolute, and without the
    `monitoring` plugin, since this build has rendered the pages itself."""
    from mkdocs.utils.yaml import yaml_load

    path = paths.site_config(project)
    with path.open("rb") as f:
        config = yaml_load(f)
    theme = config.setdefault("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(path.parent / theme["custom_dir"])
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        plugins.pop(paths.PLUGIN, None)
    elif isinstance(plugins, list):
        config["plugins"] = [p for p in plugins if paths.PLUGIN not in ([p] if isinstance(p, str) else p)]
    return config


def prune_nav(nav: list, exists) -> list:
    """The nav without pages for which exists(path) is false, and without sections left empty."""
    out = []
    for item in nav:
        (title, target), = item.items()
        if isinstance(target, list):
            target = prune_nav(target, exists)
            if target:
                out.append({title: target})
        elif exists(target):
            out.append(item)
    return out


def merge_into(src: Path, dst: Path) -> None:
    """Move every file under src to the same place under dst."""
    if not src.is_dir():
        return
    for path in sorted(src.rglob("*")):
        if path.is_file():
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def _write_downloads(lookup, names: dict[int, dict[str, Path]], out: Path) -> int:
    files = download_files(lookup, {y: {name: path.read_bytes() for name, path in f.items()} for y, f in names.items()})
    write_files(out, files)
    return len(files)


# --- file-system errors of the downloads process (issue 9) ---
def _write_downloads_child(conn, *args) -> None:
    """In the forked process: an OSError (disk full, no permission) goes back
    to the parent, which raises it for cli.main's Russian message."""
    try:
        _write_downloads(*args)
    except OSError as err:
        conn.send((err.errno, err.strerror, err.filename))
        sys.exit(1)  # an int code: multiprocessing prints no traceback
# --- end of file-system errors of the downloads process ---


class DownloadsWorker:
    """download_files() in a forked process (the pages' data is inherited,
    not copied up front); where fork is not available, it runs in finish()."""

    def __init__(self, lookup, names: dict[int, dict[str, Path]], out: Path):
        self.args = (lookup, names, out)
        self.peak_mb = 0.0
        self.process = None
        self.errors = None
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.errors, child_end = ctx.Pipe(duplex=False)  # issue 9: OSError of the child
            self.process = ctx.Process(
                target=_write_downloads_child, args=(child_end, *self.args), name="downloads", daemon=True,
            )
            self.process.start()
            child_end.close()

    def finish(self) -> int:
        """Wait for the files; return how many there are."""
        if self.process is None:
            return _write_downloads(*self.args)
        self.process.join()
        # ru_maxrss of the waited-for children: the largest peak resident set of
        # the helper processes (this worker, and the page renderers of
        # generator/parallel.py), counting the memory they share with this one.
        self.peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if self.process.exitcode != 0:
            if self.errors.poll():  # issue 9: the child's OSError, raised here
                code, text, filename = self.errors.recv()
                raise OSError(code, text, filename)
            raise RuntimeError(f"файлы для скачивания не созданы: процесс завершился с кодом {self.process.exitcode} (подробности выше).")
        return sum(1 for p in self.args[2].rglob("*") if p.is_file())

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.errors is not None:
            self.errors.close()


def _mkdocs_build(config_path: Path, stamp: int, progress=None, lifted=None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.plugin import add_theme

    # MkDocs logs every page at INFO; staff need only warnings.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # Clamped (issue 9): a commit dated 1970 or after 2106 (gzip's 32-bit mtime in
    # the sitemap) must not stop MkDocs; [2000-01-01, 2100-01-01).
    stamp = min(max(stamp, 946684800), 4102444800 - 1)
    with _env(SOURCE_DATE_EPOCH=str(stamp), NO_MKDOCS_2_WARNING="1"):
        config = load_config(str(config_path))
        add_theme(config)
        if progress is not None:
            config.plugins["generator-progress"] = _Progress(progress)
        if lifted is not None:
            config.plugins["generator-fragments"] = lifted
        build(config)


class _Progress:
    """A MkDocs plugin (registered in code, not in mkdocs.yml) that counts built pages."""

    def __init__(self, report):
        self.report, self.done, self.total = report, 0, 0

    def on_files(self, files, **kwargs):
        self.total = len(files.documentation_pages())
        return files

    def on_post_page(self, output, **kwargs):
        self.done += 1
        self.report(self.done, self.total)
        return output
