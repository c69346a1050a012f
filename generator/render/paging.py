"""Long lists split over numbered pages, so that no page grows with the
number of organizations.

A municipality has 10-200 organizations and every list fits on its page. A
region has ~2,500: one ranking of them is ~700 KB of HTML, too much for a
phone, and the site search would parse it on every build. The rule is per
page: when the tables of a page hold more than PAGE_ROWS rows together, each
table longer than INLINE_ROWS moves to pages of its own under lists/, at most
PAGE_ROWS rows each, and the page links to them. The numbered pages are left
out of the search index (`search: exclude`): what people search for — names
of organizations, indicators and directions — has pages of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.render import urls as U

PAGE_ROWS = 500
INLINE_ROWS = 50


class Paging:
    """Splits the long tables of page contexts; `put(path, context)` renders a
    numbered page with the listing template."""

    def __init__(self, put: Callable[[str, dict], None]):
        self.put = put

    def _too_long(self, *tables: list) -> bool:
        return sum(len(t) for t in tables) > PAGE_ROWS

    def split(self, rows: list[dict], parent: str, name: tuple, title: str, back: str, table: str, **extra) -> list[dict]:
        """Write rows as numbered pages lists/<name parts>/<n>.md; return the
        links for the parent page. Row links are rewritten for the new page.
        `name` holds a path segment per part (an id each, never joined into
        one name: see urls.listing). `title` names the page, with {span} for
        the rows it holds («1–500»)."""
        chunks = [rows[i : i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)]
        paths = [U.listing(*name, n) for n in range(1, len(chunks) + 1)]
        spans = []
        first = 1
        for chunk in chunks:
            spans.append(f"{first}–{first + len(chunk) - 1}")
            first += len(chunk)
        for n, (path, chunk) in enumerate(zip(paths, chunks)):
            self.put(path, {
                "title": title.replace("{span}", spans[n]),  # not format(): names may hold braces
                "back": {"label": back, "href": U.href(path, parent)},
                "pager": [{"label": s, "href": U.href(path, p), "current": p == path} for s, p in zip(spans, paths)],
                "table": table,
                "rows": [dict(r, href=U.rebase(r["href"], parent, path)) if "href" in r else r for r in chunk],
                **extra,
            })
        return [{"label": s, "href": U.href(parent, p), "current": False} for s, p in zip(spans, paths)]

    # -- The pages that can grow with the number of organizations ---------------

    def year(self, ctx: dict, page: str) -> dict:
        y = ctx["year"]
        changes = ctx.get("changes") or {}
        moves = changes.get("level_moves") or []
        if not self._too_long(moves, *(k["rows"] for k in ctx["kinds"])):
            return ctx
        for k in ctx["kinds"]:
            if len(k["rows"]) > INLINE_ROWS:
                k["pages"] = self.split(k["rows"], page, ("years", y, "kinds", k["id"]), f"Результаты {y} года: {k['label'].lower()}, места {{span}}", f"Результаты {y} года", "ranking")
                k["rows"] = []
        if len(moves) > INLINE_ROWS:
            changes["level_moves_count"] = len(moves)
            changes["level_moves_pages"] = self.split(
                moves, page, ("years", y, "level-changes"), f"Смена уровня в {y} году по сравнению с {changes['previous']}: {{span}}", f"Результаты {y} года", "level_moves",
                previous=changes["previous"], year=y,
            )
            changes["level_moves"] = []
        return ctx

    def organizations(self, ctx: dict, page: str) -> dict:
        if not self._too_long(*(g["rows"] for g in ctx["groups"])):
            return ctx
        for g in ctx["groups"]:
            if len(g["rows"]) > INLINE_ROWS:
                g["pages"] = self.split(g["rows"], page, ("organizations", g["id"]), g["label"] + ": {span}", "Организации", "orgs")
                g["rows"] = []
        return ctx

    def node(self, ctx: dict, page: str, node_kind: str, node_id: str) -> dict:
        groups = ctx["results"]
        if not self._too_long(*(g["rows"] for g in groups)):
            return ctx
        name = ctx["i"]["name"] if node_kind == "indicator" else ctx["d"]["name"]
        for g in groups:
            if len(g["rows"]) > INLINE_ROWS:
                g["pages"] = self.split(
                    g["rows"], page, (node_kind + "s", node_id, g["id"]), f"{name}: {g['label'].lower()}, {ctx['year']}, места {{span}}", name, "results",
                    unit=g.get("unit"), show_value=node_kind == "indicator",
                )
                g["rows"] = []
        return ctx
