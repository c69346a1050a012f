"""The generator as a package: `pip install` into a fresh virtual environment
gives the `monitoring-site` command and the `monitoring` MkDocs plugin; a
folder holding only data/ builds the whole site with the packaged defaults;
`mkdocs build` on the repository's mkdocs.yml builds the same site as
`python -m generator build`.

The install is offline: `--no-deps --no-index --no-build-isolation`; the new
environment sees this one's packages (the pinned dependencies and setuptools)
through a .pth file, so nothing is downloaded."""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import paths

ROOT = Path(__file__).resolve().parent.parent
BAD_VALUE = "\nsch-01,olympiad,12;5,,,\n"  # org_id, indicator_id, value, note, numerator, denominator
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def _backend_ok() -> bool:
    # setuptools builds wheels by itself from 70.1 on; before that it needs the wheel package.
    try:
        version = tuple(int(x) for x in importlib.metadata.version("setuptools").split(".")[:2])
    except importlib.metadata.PackageNotFoundError:
        return False
    if version >= (70, 1):
        return True
    try:
        importlib.metadata.version("wheel")
        return True
    except importlib.metadata.PackageNotFoundError:
        return False


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with the package installed from a copy of the sources."""
    if not _backend_ok():
        pytest.skip("no build backend here: setuptools>=70.1 comes with `make install` (requirements-dev.txt)")
    base = tmp_path_factory.mktemp("package")
    src = base / "src"
    src.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", src / "pyproject.toml")
    shutil.copytree(ROOT / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    env = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This environment's package folders (sys.path: also those its own .pth files add).
    parent = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    Path(purelib, "_parent_env.pth").write_text("\n".join(parent) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            str(src),
        ],
        capture_output=True,
        text=True,
        cwd=base,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _html(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def test_installed_command_builds_whole_site_from_a_folder_with_only_data(venv, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    proc = subprocess.run([venv / "bin" / "monitoring-site", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    generated = int(re.search(r"страниц: (\d+)", proc.stdout).group(1))
    site_dir = project / "site"
    # Every generated page, the packaged hand-written pages (about, corrections policy) and 404.
    packaged = sorted(p for p in paths.docs_files([paths.DOCS]) if p.endswith(".md") and not p.startswith("assets/"))
    assert packaged == ["about.md", "corrections-policy.md"]
    assert len(_html(site_dir)) == generated + len(packaged) + 1
    for name in (
        "index.html",
        "about/index.html",
        "corrections-policy/index.html",
        "assets/vendor/vega-bundle.min.js",
        "assets/stylesheets/monitoring.css",
        "downloads/results/scores.csv",
    ):
        assert (site_dir / name).is_file(), name
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "demo-banner" in home  # the packaged theme overrides are in use
    assert sorted(p.name for p in project.iterdir()) == ["data", "site"]


def test_mkdocs_build_of_the_repository_is_the_generator_build(venv, tmp_path):
    by_mkdocs, by_generator = tmp_path / "mkdocs-site", tmp_path / "generator-site"
    proc = subprocess.run(
        [
            venv / "bin" / "python",
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(by_mkdocs),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--data", str(ROOT / "data"), "--site", str(by_generator)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(_html(by_mkdocs)) == len(_html(by_generator)) > 70
    assert _digest(by_mkdocs) == _digest(by_generator)


def test_mkdocs_build_with_invalid_data_prints_the_report_and_fails(venv, tmp_path):
    project = _project(tmp_path)
    values = project / "data" / "2025" / "values.csv"
    values.write_text(values.read_text(encoding="utf-8").replace("\n", BAD_VALUE, 1), encoding="utf-8")
    proc = subprocess.run(
        [venv / "bin" / "python", "-m", "mkdocs", "build", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "data/2025/values.csv, строка 2, столбец «value»" in proc.stderr
    assert not (project / "site").exists()


def _project(tmp_path: Path) -> Path:
    """A folder with data/, an empty docs/ and the packaged mkdocs.yml."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    (project / "docs").mkdir()
    shutil.copy2(paths.CONFIG, project / "mkdocs.yml")
    return project


def test_serve_keeps_the_last_valid_pages_when_data_breaks(tmp_path, caplog):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError

    from generator.plugin import MonitoringPlugin

    project = _project(tmp_path)

    def config() -> MkDocsConfig:
        cfg = MkDocsConfig(config_file_path=str(project / "mkdocs.yml"))
        cfg.load_dict({"site_name": "x", "docs_dir": str(project / "docs"), "site_dir": str(tmp_path / "site")})
        errors, _ = cfg.validate()
        assert not errors
        return cfg

    plugin = MonitoringPlugin()
    plugin.load_config({"data_dir": "data"})
    plugin.on_startup(command="serve", dirty=False)
    good = plugin.on_config(config())
    assert good.site_name.startswith("Мониторинг эффективности руководителей")  # data/monitoring.yml title
    pages = dict(plugin.last.pages)
    assert "organizations/sch-01.md" in pages

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    assert plugin.on_serve(Server(), config=good, builder=None).watched == [str(project / "data")]

    values = project / "data" / "2025" / "values.csv"
    values.write_text(values.read_text(encoding="utf-8").replace("\n", BAD_VALUE, 1), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.monitoring"):
        again = plugin.on_config(config())
    assert "data/2025/values.csv, строка 2, столбец «value»" in caplog.text
    assert "показаны страницы последних правильных данных" in caplog.text
    assert plugin.last.pages == pages and again.nav == good.nav

    fresh = MonitoringPlugin()
    fresh.load_config({"data_dir": "data"})
    fresh.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError, match="строка 2"):
        fresh.on_config(config())
