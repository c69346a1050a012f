"""Charts of the documents: the site's Vega-Lite specs (generator/render/charts.py,
filled exactly as the pages fill them) drawn by vl-convert, which bundles Vega
and Vega-Lite and runs them without a browser or the network (no data URL is
allowed: allowed_base_urls is empty). SVG for the PDF (vector), PNG beside it
for the DOCX. The text is measured and drawn with the packaged font, so the
same spec gives the same bytes on every machine."""

from __future__ import annotations

import copy
import functools
import re

from generator.documents.blocks import Figure
from generator.paths import RESOURCES

FONT_DIR = RESOURCES / "fonts"
FONT_FAMILY = "Liberation Sans"
WIDTH = 620  # pixels of a chart across the text width (16.5 cm)
PNG_SCALE = 2  # the PNG's pixels per chart pixel: sharp when printed


@functools.cache
def _converter():
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))
    return vl_convert


def printable(spec: dict, width: int = WIDTH) -> dict:
    """The site's spec with a fixed width (the page's is the container's) and the packaged font."""
    out = copy.deepcopy(spec)
    out["width"] = width
    out.pop("usermeta", None)
    config = out.setdefault("config", {})
    config["font"] = FONT_FAMILY
    return out


_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"')


def figure(spec: dict, caption: str, alt: str, width: int = WIDTH) -> Figure:
    """A chart of the site as a document figure."""
    vlc = _converter()
    spec = printable(spec, width)
    svg = vlc.vegalite_to_svg(spec, format_locale="ru-RU", allowed_base_urls=[]).encode("utf-8")
    png = vlc.svg_to_png(svg.decode("utf-8"), scale=PNG_SCALE)
    m = _SIZE.search(svg)
    w, h = (float(m.group(1)), float(m.group(2))) if m else (width, spec.get("height", 300))
    return Figure(svg=svg, png=png, width=int(w), height=int(h), caption=caption, alt=alt)
