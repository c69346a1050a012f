"""`monitoring-site build` and its last stage, publish (generator/pipeline.py):
MkDocs builds the site in a staging folder from the hand-written docs and the
generated pages (handed to it in memory, generator/plugin.py), a second
process writes the downloads, then the new site is swapped in. Any failure
leaves the previous site/ exactly as it was. The site's configuration and
hand-written pages are the project's or the packaged defaults (generator/paths.py)."""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from generator import paths
from generator.parallel import Forked
from generator.pipeline import PUBLISHED, SitePages, site_pages
from generator.progress import Stages
from generator.write import publish_lock, staging_dir, swap_in, write_files


# --- file-system errors in MkDocs (issue 9): MkDocs logs «Error building page …:
# [Errno 28] …» in English before re-raising; cli.main says it in Russian.
class _NoErrnoLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and "[Errno " in record.getMessage())


logging.getLogger("mkdocs.commands.build").addFilter(_NoErrnoLine())
# --- end of file-system errors in MkDocs ---


def build_site(
    data_dir: Path,
    site_dir: Path,
    project: Path,
    stages: Stages | None = None,
    lift_blocks: bool = True,
    shown: Path | None = None,
) -> Path:
    """The whole chain (generator/pipeline.py): the site is swapped in only when
    every stage has succeeded. project: the folder whose mkdocs.yml and docs/,
    where present, replace the packaged defaults. `stages` times each stage (and
    on a terminal shows progress). lift_blocks: see pipeline.render(). shown: what
    paths in problems are relative to (pipeline.site_pages: root)."""
    stages = stages or Stages()
    hand_written = paths.docs_files(paths.docs_layers(project))
    # --- publish lock (issue 9): one build per site folder at a time (a second one
    # waits); a site a killed run left aside is put back first, stale staging
    # folders are removed (generator/write.py). The log published before is read under it.
    with publish_lock(site_dir):
        site = site_pages(data_dir, hand_written, site_dir / PUBLISHED, stages, lift_blocks, shown)
        return publish(site, hand_written, site_dir, project, stages)
    # --- end of publish lock ---


def publish(site: SitePages, hand_written: dict[str, Path], site_dir: Path, project: Path, stages: Stages) -> Path:
    """The last stage: MkDocs builds the site in a staging folder (the hand-written
    docs copied there, the generated pages in memory) while a second process makes
    the downloads, then the new site replaces site_dir (under the caller's publish lock)."""
    stage = staging_dir(site_dir)
    worker = None
    try:
        with stages.stage("write", "Рабочая папка: страницы из docs/, mkdocs.yml"):
            docs = stage / "docs"
            for rel, src in hand_written.items():
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, docs / rel)
            config_path = stage / "mkdocs.yml"
            config = site_config(site, project, docs, stage / "site")
            config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            stages.info.update(
                pages=site.sizes, nav=config["nav"], extra=config["extra"], site_name=config["site_name"]
            )
        # The download files (results package, workbook, input CSVs) do not
        # depend on the pages: a second process makes them while MkDocs, which
        # uses one core, builds the pages.
        worker = Forked(_write_downloads, site.downloads, stage / "downloads", name="файлы для скачивания")
        with stages.stage("site", "Сборка сайта MkDocs"):
            # The count: every page MkDocs built, the generated and the hand-written ones.
            _mkdocs_build(config_path, site, lambda done, total: stages.count(done, total, "страниц"))
        with stages.stage("downloads", "Файлы для скачивания") as st:
            st.count = worker.result()
            # ru_maxrss of the waited-for children: the largest peak resident set of
            # the helper processes (downloads, page renderers), counting the
            # memory they share with this one.
            st.extra["helpers_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            merge_into(stage / "downloads", stage / "site")
        with stages.stage("swap", "Замена опубликованного сайта"):
            swap_in(stage / "site", site_dir)
    finally:
        if worker is not None:
            worker.stop()
        shutil.rmtree(stage, ignore_errors=True)
    return site_dir


def site_config(site: SitePages, project: Path, docs: Path, out: Path) -> dict:
    """The mkdocs.yml written into the staging folder: the project's settings with the generated nav and extras."""
    config = load_site_config(project)
    config.update(site_name=site.site_name, docs_dir=str(docs), site_dir=str(out), nav=site.nav)
    config.setdefault("extra", {}).update(site.extra)
    from generator.plugin import with_glossary  # MkDocs is imported only when a site is built

    config["markdown_extensions"] = with_glossary(config.get("markdown_extensions") or [], site.glossary)
    if site.site_url:
        config["site_url"] = site.site_url
    return config


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


def merge_into(src: Path, dst: Path) -> None:
    """Move every file under src to the same place under dst."""
    if not src.is_dir():
        return
    for path in sorted(src.rglob("*")):
        if path.is_file():
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def _write_downloads(make: Callable[[], dict[str, bytes]], out: Path) -> int:
    """In the forked process (generator/parallel.py): make the downloads and write
    them; an OSError (disk full, no permission) is raised again in the parent,
    for cli.main's Russian message."""
    files = make()
    write_files(out, files)
    return len(files)


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


def _mkdocs_build(config_path: Path, site: SitePages, progress=None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.plugin import GeneratedPages, add_theme

    # MkDocs logs every page at INFO; staff need only warnings.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # Clamped (issue 9): a commit dated 1970 or after 2106 (gzip's 32-bit mtime in
    # the sitemap) must not stop MkDocs; [2000-01-01, 2100-01-01).
    stamp = min(max(site.stamp, 946684800), 4102444800 - 1)
    with _env(SOURCE_DATE_EPOCH=str(stamp), NO_MKDOCS_2_WARNING="1"):
        config = load_config(str(config_path))
        add_theme(config)
        # The generated pages go to MkDocs in memory; the progress counter after
        # them, so that it counts them.
        config.plugins["generator-pages"] = GeneratedPages(site)
        if progress is not None:
            config.plugins["generator-progress"] = _Progress(progress)
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
