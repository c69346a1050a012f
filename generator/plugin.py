"""The generator as an MkDocs plugin (`plugins: [monitoring]` in mkdocs.yml,
registered through the `mkdocs.plugins` entry point in pyproject.toml).

`mkdocs build` and `mkdocs serve` then build the same site as
`monitoring-site build`: on_config checks the data, computes and renders
every page in memory (the same stages as generator/build.py) and sets the
site name, the nav and the data version; on_files adds the packaged
hand-written pages and assets that docs/ does not replace, the generated pages
and the downloads (`File.generated`); on_post_page puts back the tables and
charts kept out of MkDocs' Markdown pass (render/fragments.py); on_serve
watches data/.

Invalid data: `mkdocs build` prints the validation report (the text of
`monitoring-site validate`) and exits with 1; `mkdocs serve` prints it and
keeps serving the pages of the last valid data.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key

from generator import paths
from generator.problems import DataError, Problem, Report

log = logging.getLogger("mkdocs.plugins.monitoring")


class MonitoringConfig(base.Config):
    data_dir = c.Type(str, default="data")  # the data folder, relative to mkdocs.yml (`data` is taken by Config)
    lift_blocks = c.Type(bool, default=True)  # keep tables and charts out of MkDocs' Markdown pass (faster)


@dataclass(frozen=True)
class Generated:
    """What one run of the stages adds to the MkDocs build."""

    site_name: str
    site_url: str
    nav: list
    extra: dict
    stamp: int  # SOURCE_DATE_EPOCH: the data's commit time, for reproducible pages
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative .md path -> Markdown
    blocks: dict[str, list[str]] = field(default_factory=dict)  # lifted HTML blocks by page
    downloads: dict[str, bytes] = field(default_factory=dict)  # downloads/... -> bytes


def generate(data_dir: Path, docs_dir: Path, lift_blocks: bool = True) -> Generated:
    """Validate, compute and render; raise DataError with every problem found."""
    from generator.build import data_version, input_names, prune_nav
    from generator.compute import compute
    from generator.corrections import read_log
    from generator.pipeline import checked_dataset
    from generator.render import fragments
    from generator.render.site import download_files, render_site, site_config_extra

    root = data_dir.parent
    ds = checked_dataset(data_dir, root)
    results = compute(ds)
    names = input_names(ds, root)
    rendered = render_site(
        ds, results, {y: dict.fromkeys(f) for y, f in names.items()}, read_log(data_dir), with_files=False
    )
    hand_written = paths.docs_files([paths.DOCS, docs_dir])
    clash = sorted(p for p in rendered.pages if p in hand_written)
    if clash:
        problem = Problem(
            "docs-clash", f"docs/{clash[0]}", "страница с таким путём создаётся генератором.",
            "переименуйте или удалите файл в docs/.",
        )
        raise DataError(Report([problem]))
    nav = prune_nav(rendered.nav, lambda page: page in rendered.pages or page in hand_written)
    pages, blocks = dict(rendered.pages), {}
    if lift_blocks:
        for path, md in rendered.pages.items():
            pages[path], blocks[path] = fragments.split(md)
    downloads = download_files(
        rendered.lookup, {y: {n: p.read_bytes() for n, p in f.items()} for y, f in names.items()}
    )
    version, stamp = data_version(root, data_dir)
    return Generated(
        ds.settings.title,
        ds.settings.site_url or "",
        nav,
        site_config_extra(ds, version),
        stamp,
        pages,
        blocks,
        downloads,
    )


def add_theme(config) -> None:
    """The packaged theme overrides, right below theme.custom_dir (first when none is set)."""
    dirs, theme = config.theme.dirs, str(paths.THEME)
    if theme not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, theme)


def _nav_pages(nav: list):
    for item in nav:
        for target in item.values():
            if isinstance(target, list):
                yield from _nav_pages(target)
            else:
                yield target


def _walk_order(f: File) -> tuple:
    # The order in which MkDocs' get_files() walks docs_dir: a folder's files, then its subfolders.
    *folders, name = f.src_uri.split("/")
    return (*((1, d) for d in folders), (0, _file_sort_key(name)))


class MonitoringPlugin(BasePlugin[MonitoringConfig]):
    def __init__(self):
        self.command = "build"
        self.last: Generated | None = None  # the last valid data's site (kept by `mkdocs serve`)

    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
        self.command = command

    def data_dir(self, config) -> Path:
        return (Path(config.config_file_path or ".").resolve().parent / self.config.data_dir).resolve()

    def on_config(self, config):
        try:
            self.last = generate(self.data_dir(config), Path(config.docs_dir), self.config.lift_blocks)
        except DataError as err:
            if self.command != "serve" or self.last is None:
                raise PluginError(err.report.text()) from None
            log.error(err.report.text() + "\nСайт не обновлён: показаны страницы последних правильных данных.")
        g = self.last
        add_theme(config)
        config.site_name = g.site_name
        config.nav = g.nav
        config.extra.update(g.extra)
        if g.site_url and self.command != "serve":  # serve sets its own local address
            config.site_url = g.site_url
        os.environ["SOURCE_DATE_EPOCH"] = str(g.stamp)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        g, docs_dir = self.last, config.docs_dir
        own = [f for f in files if f.src_dir == docs_dir]
        added = [
            File(rel, str(paths.DOCS), config.site_dir, config.use_directory_urls)
            for rel in paths.docs_files([paths.DOCS])
            if files.get_file_from_path(rel) is None
        ]
        # Organization, direction and indicator pages are reached from the lists, not the nav:
        # marked so, MkDocs does not list them as missing from it.
        in_nav = set(_nav_pages(g.nav))
        added += [
            File.generated(
                config,
                rel,
                content=md,
                inclusion=InclusionLevel.INCLUDED if rel in in_nav else InclusionLevel.NOT_IN_NAV,
            )
            for rel, md in g.pages.items()
        ]
        added += [File.generated(config, rel, content=data) for rel, data in g.downloads.items()]
        # The same order as when all of them are files in one docs folder (generator/build.py).
        return Files(sorted(own + added, key=_walk_order) + [f for f in files if f.src_dir != docs_dir])

    def on_post_page(self, output: str, *, page, config) -> str:
        from generator.render import fragments

        return fragments.join(output, self.last.blocks.get(page.file.src_uri, []))

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.data_dir(config)))
        return server
