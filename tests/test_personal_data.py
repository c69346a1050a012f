"""Personal names (the head of an organization) reach the site only when
monitoring.yml says publish_personal_names: true."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from generator.pipeline import input_files, run
from generator.render.site import render_site

ROOT = Path(__file__).resolve().parent.parent
HEAD = "Тестова Мария Ивановна"


def _with_heads(tmp_path: Path, publish: bool) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "2025" / "organizations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[0].append("head")
    for i, row in enumerate(rows[1:]):
        row.append(HEAD if i == 0 else "")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    settings = data / "monitoring.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "publish_personal_names: false", f"publish_personal_names: {str(publish).lower()}"
        ),
        encoding="utf-8",
    )
    return data


def _everything(data: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    ds, results = run(data, data.parent)
    site = render_site(ds, results, input_files(ds, data))
    return site.pages, site.files


@pytest.mark.parametrize("publish", [False, True])
def test_head_name_published_only_on_request(tmp_path, publish):
    pages, files = _everything(_with_heads(tmp_path, publish))
    first_org = "organizations/sch-01.md"
    shown_on_pages = [p for p, text in pages.items() if HEAD in text]
    shown_in_files = [p for p, content in files.items() if HEAD.encode("utf-8") in content]
    if publish:
        assert shown_on_pages == [first_org]
        assert shown_in_files == ["downloads/data/2025/organizations.csv"]
    else:
        assert shown_on_pages == []
        assert shown_in_files == []
        header = files["downloads/data/2025/organizations.csv"].decode("utf-8-sig").splitlines()[0]
        assert header == "id,name,kind,short_name,district,website,groups,territory"  # the demo's, without head
