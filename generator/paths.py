"""Where the packaged resources are, and which site configuration a project
uses: the one place that derives paths from this package's location.

The package carries everything a site needs (generator/resources/): the
Table Schemas, the page templates, the theme overrides, the default MkDocs
settings and the default hand-written pages and assets. A project folder (the
folder that holds data/) may add its own `mkdocs.yml`, which then replaces the
default one, and its own `docs/`, whose files are laid over the default pages
(a file at the same path replaces the packaged one)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
RESOURCES = PACKAGE / "resources"
SCHEMAS = RESOURCES / "schemas"  # the Table Schema of every resource, by resource name
TEMPLATES = RESOURCES / "site_templates"  # Jinja2 templates of the generated pages
THEME = RESOURCES / "overrides"  # Material theme overrides, below a project's theme.custom_dir
DOCS = RESOURCES / "docs"  # default hand-written pages and assets (CSS, scripts, vendored charts)
CONFIG = RESOURCES / "mkdocs.yml"  # default MkDocs Material settings

PLUGIN = "monitoring"  # the generator's name in mkdocs.yml `plugins:` (pyproject entry point)


def site_config(project: Path) -> Path:
    """The MkDocs configuration of a project: its own mkdocs.yml, or the packaged one."""
    own = project / "mkdocs.yml"
    return own if own.is_file() else CONFIG


def docs_layers(project: Path) -> list[Path]:
    """The folders of hand-written pages, lowest first: the packaged docs, then the project's docs/."""
    own = project / "docs"
    return [DOCS, own] if own.is_dir() else [DOCS]


def docs_files(layers: list[Path]) -> dict[str, Path]:
    """Every file of the given docs folders by its docs-relative path; a later folder's file wins."""
    files: dict[str, Path] = {}
    for layer in layers:
        for path in sorted(layer.rglob("*")):
            if path.is_file():
                files[path.relative_to(layer).as_posix()] = path
    return files
