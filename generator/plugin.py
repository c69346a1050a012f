"""The generator as an MkDocs plugin (`plugins: [monitoring]` in mkdocs.yml,
registered through the `mkdocs.plugins` entry point in pyproject.toml).

`mkdocs build` and `mkdocs serve` then build the same site as
`monitoring-site build`: on_config checks the data, computes and renders
every page in memory (generator/pipeline.site_pages, as `build` does) and sets
the site name, the nav and the data version; on_files adds the packaged
hand-written pages and assets that docs/ does not replace, the generated pages
and the downloads (`File.generated`); on_post_page puts back the tables and
charts kept out of MkDocs' Markdown pass (render/fragments.py); on_serve
watches data/. `monitoring-site build` hands MkDocs the generated pages the
same way (GeneratedPages, below), so both build the same site.

Invalid data: `mkdocs build` prints the validation report (the text of
`monitoring-site validate`) and exits with 1; `mkdocs serve` prints it and
keeps serving the pages of the last valid data.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, _file_sort_key

from generator import paths
from generator.pipeline import SitePages, site_pages
from generator.problems import DataError
from generator.render import fragments

log = logging.getLogger("mkdocs.plugins.monitoring")


class MonitoringConfig(base.Config):
    data_dir = c.Type(str, default="data")  # the data folder, relative to mkdocs.yml (`data` is taken by Config)
    lift_blocks = c.Type(bool, default=True)  # keep tables and charts out of MkDocs' Markdown pass (faster)


def generate(data_dir: Path, docs_dir: Path, lift_blocks: bool = True) -> tuple[SitePages, dict[str, bytes]]:
    """load -> validate -> compute -> render (generator/pipeline.py), and the downloads;
    raise DataError with every problem found."""
    site = site_pages(data_dir, paths.docs_files([paths.DOCS, docs_dir]), lift_blocks=lift_blocks)
    return site, site.downloads()


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


def with_pages(files: Files, config, site: SitePages, extra: list[File] = ()) -> Files:
    """The files of docs_dir with the generated pages (in memory, never written to
    disk) and `extra` files among them, in the order in which MkDocs walks one docs
    folder that holds them all: the site is the same as from files on disk."""
    docs_dir = config.docs_dir
    own = [f for f in files if f.src_dir == docs_dir]
    # Organization, direction and indicator pages are reached from the lists, not the nav:
    # marked so, MkDocs does not list them as missing from it.
    in_nav = set(_nav_pages(site.nav))
    added = list(extra) + [
        File.generated(
            config,
            rel,
            content=md,
            inclusion=InclusionLevel.INCLUDED if rel in in_nav else InclusionLevel.NOT_IN_NAV,
        )
        for rel, md in site.pages.items()
    ]
    return Files(sorted(own + added, key=_walk_order) + [f for f in files if f.src_dir != docs_dir])


def with_glossary(extensions: list, glossary: dict[str, str]) -> list:
    """markdown_extensions as mkdocs.yml lists them (names, or {name: options}),
    with abbr's glossary set from monitoring.yml: every abbreviation gets its
    <abbr title> in page text. abbr is added when the list lacks it."""
    out, found = [], False
    for ext in extensions:
        name = ext if isinstance(ext, str) else next(iter(ext))
        if name in ("abbr", "markdown.extensions.abbr"):
            options = {} if isinstance(ext, str) else dict(ext[name] or {})
            options["glossary"] = {**options.get("glossary", {}), **glossary}
            out.append({name: options})
            found = True
        else:
            out.append(ext)
    if not found and glossary:
        out.append({"abbr": {"glossary": dict(glossary)}})
    return out


def meta_description(page, site: SitePages) -> None:
    """The page's own description (render/describe.py) unless its front matter
    gives one. The theme writes it into the attribute as it is: escaped here."""
    if page.meta.get("description"):
        return
    text = site.descriptions.get(page.file.src_uri)
    if text:
        page.meta["description"] = html.escape(text, quote=True)


MARKER = re.compile(r"<!--\s*monitoring:\s*([a-z_]+)\s*-->")


def with_inserts(markdown: str, page, site: SitePages) -> str:
    """A hand-written page with each marker `<!-- monitoring: NAME -->` replaced by
    the generated Markdown of that name (the calendar on the about page), or by
    nothing when the data gives none. Generated pages are left as they are."""
    if page.file.src_uri in site.pages:
        return markdown
    return MARKER.sub(lambda m: site.inserts.get(m[1], ""), markdown)


class GeneratedPages:
    """A MkDocs plugin registered in code by generator/build.py (never listed in
    mkdocs.yml): the generated pages added in memory, and the tables and charts
    kept out of MkDocs' Markdown pass put back into the finished pages."""

    def __init__(self, site: SitePages):
        self.site = site

    def on_files(self, files: Files, *, config) -> Files:
        return with_pages(files, config, self.site)

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        return with_inserts(markdown, page, self.site)

    def on_page_context(self, context, *, page, config, nav):
        meta_description(page, self.site)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        return fragments.join(output, self.site.blocks.get(page.file.src_uri, []))


class MonitoringPlugin(BasePlugin[MonitoringConfig]):
    def __init__(self):
        self.command = "build"
        self.last: SitePages | None = None  # the last valid data's site (kept by `mkdocs serve`)
        self.downloads: dict[str, bytes] = {}  # its downloads/... files

    def on_startup(self, *, command, dirty):
        # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
        self.command = command

    def data_dir(self, config) -> Path:
        return (Path(config.config_file_path or ".").resolve().parent / self.config.data_dir).resolve()

    def on_config(self, config):
        try:
            self.last, self.downloads = generate(self.data_dir(config), Path(config.docs_dir), self.config.lift_blocks)
        except DataError as err:
            if self.command != "serve" or self.last is None:
                raise PluginError(err.report.text()) from None
            log.error(err.report.text() + "\nСайт не обновлён: показаны страницы последних правильных данных.")
        site = self.last
        add_theme(config)
        config.site_name = site.site_name
        config.nav = site.nav
        config.extra.update(site.extra)
        if site.glossary:
            if not any(e in ("abbr", "markdown.extensions.abbr") for e in config.markdown_extensions):
                config.markdown_extensions.append("abbr")
            options = config.mdx_configs.setdefault("abbr", {})
            options["glossary"] = {**options.get("glossary", {}), **site.glossary}
        if site.site_url and self.command != "serve":  # serve sets its own local address
            config.site_url = site.site_url
        os.environ["SOURCE_DATE_EPOCH"] = str(site.stamp)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        packaged = [
            File(rel, str(paths.DOCS), config.site_dir, config.use_directory_urls)
            for rel in paths.docs_files([paths.DOCS])
            if files.get_file_from_path(rel) is None
        ]
        downloads = [File.generated(config, rel, content=data) for rel, data in self.downloads.items()]
        return with_pages(files, config, self.last, packaged + downloads)

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        return with_inserts(markdown, page, self.last)

    def on_page_context(self, context, *, page, config, nav):
        meta_description(page, self.last)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        return fragments.join(output, self.last.blocks.get(page.file.src_uri, []))

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.data_dir(config)))
        return server
