"""Trees given as parent links (directions, territorial units): levels and
cycles, each in one pass over the links. Pure functions of plain dicts."""

from __future__ import annotations


def depths(parent: dict[str, str]) -> dict[str, int | None]:
    """Level of each direction below the top (0 = top level), in one pass over
    the links: each node is walked once, so a chain of 10,000 directions costs
    10,000 steps, not 50 million. A parent that is not a direction (reported
    elsewhere) counts as the top; a node in or below a cycle (reported) gets None."""
    depth: dict[str, int | None] = {}
    for start in parent:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in parent and node not in depth and node not in on_path:
            on_path.add(node)
            path.append(node)
            node = parent[node]
        base = depth[node] if node in depth else (None if node in on_path else -1)
        for n in reversed(path):
            base = None if base is None else base + 1
            depth[n] = base
    return depth


def cycles(ids: list[str], parent: dict[str, str]) -> list[list[str]]:
    """Every cycle of the parent links, each once, in walking order."""
    done: set[str] = set()
    found = []
    for start in ids:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node = start
        while node in parent and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent[node]
        if node in on_path:
            found.append(path[on_path[node] :])
        done.update(path)
    return found
