"""Stage 5: write the rendered pages next to the hand-written docs, build the
MkDocs site in a staging folder, then swap it in. Any failure leaves the
previous site/ exactly as it was."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
from pathlib import Path

import yaml

from generator.corrections import read_log
from generator.pipeline import run
from generator.problems import DataError, Problem, Report
from generator.render.site import render_site, site_config_extra
from generator.write import staging_dir, swap_in, write_files


def data_version(root: Path, data_dir: Path) -> tuple[str, int]:
    """The data's git commit and date, and a timestamp for reproducible output."""
    try:
        out = subprocess.run(
            # A fixed abbreviation: the same commit reads the same in a full and a shallow clone.
            ["git", "-C", str(root), "log", "-1", "--abbrev=12", "--format=%h %cs %ct", "--", str(data_dir)],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.split()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", str(data_dir)],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "рабочая копия (не из git)", 946684800
    if len(out) != 3:
        return "рабочая копия (данные ещё не зафиксированы в git)", 946684800
    commit, date, stamp = out
    label = f"{commit} от {date}"
    if dirty:
        label += " с незафиксированными изменениями"
    return label, int(stamp)


def input_files(ds, root: Path) -> dict[int, dict[str, bytes]]:
    """The input packages as committed, for the download page."""
    out = {}
    for y in ds.years:
        files = {}
        for rel in y.files.values():
            if rel:
                path = root / rel
                files[path.name] = path.read_bytes()
        files["datapackage.json"] = (root / y.files["organizations"]).parent.joinpath("datapackage.json").read_bytes()
        out[y.year] = files
    return out


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


def build_site(data_dir: Path, site_dir: Path, project: Path) -> Path:
    root = data_dir.parent
    ds, results = run(data_dir, root)
    rendered = render_site(ds, results, input_files(ds, root), read_log(data_dir))
    version, stamp = data_version(root, data_dir)

    stage = staging_dir(site_dir)
    try:
        docs = stage / "docs"
        shutil.copytree(project / "docs", docs)
        clash = [p for p in rendered.pages if (docs / p).exists()]
        if clash:
            raise DataError(Report([Problem("docs-clash", f"docs/{clash[0]}", "страница с таким путём создаётся генератором.", "переименуйте или удалите файл в docs/.")]))
        write_files(docs, rendered.pages)
        write_files(docs, rendered.files)
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config.update(
            site_name=ds.settings.title,
            docs_dir=str(docs),
            site_dir=str(stage / "site"),
            nav=rendered.nav,
        )
        config["theme"]["custom_dir"] = str(project / config["theme"].get("custom_dir", "overrides"))
        config.setdefault("extra", {}).update(site_config_extra(ds, version))
        if ds.settings.site_url:
            config["site_url"] = ds.settings.site_url
        config_path = stage / "mkdocs.yml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _mkdocs_build(config_path, stamp)
        built = stage / "site"
        swap_in(built, site_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return site_dir


def _mkdocs_build(config_path: Path, stamp: int) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # MkDocs logs every page at INFO; staff need only warnings.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with _env(SOURCE_DATE_EPOCH=str(stamp), NO_MKDOCS_2_WARNING="1"):
        config = load_config(str(config_path))
        build(config)
