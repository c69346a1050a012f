"""Issue 11: the extensions of the data contract (methodology.md, «Extensions»),
each rule with hand-computed numbers, and the promise that a data folder using
none of them gives exactly the results it gave before.

tests/fixtures/demo-before-11/ holds the demo data as it was before issue 11
and the SHA-256 of its exported CSVs (a leading byte-order mark ignored) and
the column names and types of the exported package, recorded before any of
the extensions was written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.export import results_package
from generator.pipeline import run

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo-before-11"


def _sha(content: bytes) -> str:
    return hashlib.sha256(content.removeprefix(b"\xef\xbb\xbf")).hexdigest()


def test_demo_data_before_the_extensions_exports_byte_identical_results():
    files = results_package(*run(FIXTURE / "data", FIXTURE))
    recorded = dict(reversed(line.split("  ")) for line in (FIXTURE / "export.sha256").read_text().splitlines())
    assert {name: _sha(files[name]) for name in recorded} == recorded
    assert set(files) == {"datapackage.json", *recorded}  # no new file for data that uses no extension
    descriptor = json.loads(files["datapackage.json"])
    fields = {r["name"]: [[f["name"], f["type"]] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    assert fields == json.loads((FIXTURE / "fields.json").read_text())
