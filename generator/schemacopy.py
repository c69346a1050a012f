"""`monitoring-site schemas`: make every year's package a standard Frictionless
package that `frictionless validate data/<year>/datapackage.json` accepts.

Each year gets copies of the generator's Table Schemas in schemas/ (byte for
byte), each resource a `schema` reference to its copy, and the package the
Data Package 2.0 profile (`$schema`). Everything else in datapackage.json is
kept as it was, in its order. Validation refuses a copy that differs from the
generator's schema (generator/descriptor.py), so after an upgrade of the
generator this command brings the copies up to date.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.descriptor import PROFILE_V2, schema_path
from generator.load import YEAR_DIR_RE
from generator.paths import SCHEMAS


class SchemaCopyError(Exception):
    """Why a year's package could not be updated; the message is Russian, for staff."""


def standard_descriptor(descriptor: dict) -> dict:
    """The descriptor with the v2 profile first and every known resource referring to its schema copy."""
    out = {"$schema": PROFILE_V2, **{k: v for k, v in descriptor.items() if k != "$schema"}}
    resources = []
    for res in out.get("resources", []):
        if isinstance(res, dict) and (SCHEMAS / f"{res.get('name')}.schema.json").is_file():
            res = dict(res)
            items = [(k, v) for k, v in res.items() if k != "schema"]
            at = next((i + 1 for i, (k, _) in enumerate(items) if k == "path"), len(items))
            items.insert(at, ("schema", schema_path(res["name"])))
            res = dict(items)
        resources.append(res)
    if "resources" in out:
        out["resources"] = resources
    return out


def descriptor_bytes(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def year_files(folder: Path, descriptor: dict) -> dict[str, bytes]:
    """What a year's package holds besides its tables: folder-relative path -> bytes."""
    desc = standard_descriptor(descriptor)
    files = {"datapackage.json": descriptor_bytes(desc)}
    for res in desc.get("resources", []):
        if isinstance(res, dict) and "schema" in res:
            files[res["schema"]] = (SCHEMAS / f"{res['name']}.schema.json").read_bytes()
    return files


def _read(folder: Path, shown: str) -> dict:
    path = folder / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise SchemaCopyError(f"в папке {shown} нет datapackage.json.") from None
    except (OSError, ValueError) as err:
        raise SchemaCopyError(
            f"{shown}/datapackage.json не читается ({err}); исправьте его (make validate покажет где)."
        ) from None
    if not isinstance(descriptor, dict):
        raise SchemaCopyError(f"{shown}/datapackage.json — не объект JSON; исправьте его.")
    return descriptor


def sync(data_dir: Path, shown: str, write: bool = True) -> list[str]:
    """Bring every year's package up to date; return the files (as `shown`/...) that
    were (or, with write=False, would be) changed."""
    changed = []
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir() and YEAR_DIR_RE.fullmatch(p.name)):
        where = f"{shown}/{folder.name}"
        for rel, content in year_files(folder, _read(folder, where)).items():
            path = folder / rel
            if path.is_file() and path.read_bytes() == content:
                continue
            changed.append(f"{where}/{rel}")
            if write:
                write_file(path, content)
    return changed


def write_file(path: Path, content: bytes) -> None:
    """Whole or not at all: a temporary file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
