"""The shape of the package (issue 10): no import cycle between its folders,
the Russian words below every stage, no module over 400 lines.

Imports are read with ast from every module of generator/, including those
inside functions and under TYPE_CHECKING: a late import is still a
dependency. A folder is a sub-package directly under generator/
(generator/render/, generator/review/, …; deeper folders count as theirs);
every module directly in generator/ is its own node, since the top folder
holds both the lowest modules (model, arithmetic) and the entry points
(cli, build) that import everything."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).resolve().parent
MAX_LINES = 400
# The files of the review subsystem (issue 10, item 3): they must stay small now.
REVIEW_FILES = ("generator/review/", "generator/russian.py")


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (resources hold no code)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "resources" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _target(name: str) -> str | None:
    """The module an imported name lives in: the longest prefix that is a module."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    """(imported module of the package, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from generator.review import compare` imports the module generator.review.compare;
            # `from generator.model import Dataset` the module generator.model.
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            hit = _target(name) if name.split(".")[0] == "generator" else None
            if hit is not None and hit != module and (hit, node.lineno) not in found:
                found.append((hit, node.lineno))
    return found


def _folder(module: str) -> str:
    """The node of a module: its folder under generator/, or the module itself."""
    parts = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    if len(parts) > 2 or (len(parts) == 2 and is_package):
        return ".".join(parts[:2])
    return module


def _is_folder(node: str) -> bool:
    return node != "generator" and MODULES[node].name == "__init__.py"


def _graph() -> dict[str, dict[str, tuple[str, str, int]]]:
    """node -> {node it imports: one (module, imported module, line) that does it}."""
    edges: dict[str, dict[str, tuple[str, str, int]]] = defaultdict(dict)
    for module, path in MODULES.items():
        for target, line in _imports(module, path):
            a, b = _folder(module), _folder(target)
            if a != b:
                edges[a].setdefault(b, (module, target, line))
    return edges


def _components(edges: dict[str, dict]) -> list[list[str]]:
    """Strongly connected components (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(set(edges) | {w for e in edges.values() for w in e}):
        if v not in index:
            visit(v)
    return out


def _cycle(edges: dict[str, dict], start: str, allowed: set[str]) -> list[str]:
    """A shortest import path from `start` back to itself inside one component."""
    paths = {w: [start, w] for w in edges.get(start, {}) if w in allowed}
    queue = list(paths)
    while queue:
        v = queue.pop(0)
        if v == start:
            return paths[v]
        for w in sorted(edges.get(v, {})):
            if w in allowed and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return [start]


def _describe(edges: dict[str, dict], cycle: list[str]) -> str:
    steps = []
    for a, b in zip(cycle, cycle[1:]):
        module, target, line = edges[a][b]
        steps.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target}")
    return " -> ".join(cycle) + "\n    " + "\n    ".join(steps)


def test_no_import_cycle_between_folders():
    edges = _graph()
    cycles = []
    for comp in _components(edges):
        folders = [n for n in comp if _is_folder(n)]
        if len(comp) > 1 and folders:
            cycles.append(_describe(edges, _cycle(edges, folders[0], set(comp))))
    assert not cycles, "import cycles between folders of generator/:\n" + "\n".join(cycles)


def test_cycle_check_finds_a_cycle_through_a_folder():
    """The check itself: render -> review -> render is a cycle, review -> compute is not."""
    edges = {
        "generator.render": {"generator.review": ("generator.render.site", "generator.review.corrections", 1)},
        "generator.review": {"generator.render": ("generator.review.compare", "generator.render.markup", 2)},
        "generator.build": {"generator.render": ("generator.build", "generator.render.site", 3)},
    }
    comps = [c for c in _components(edges) if len(c) > 1]
    assert comps == [["generator.render", "generator.review"]]
    assert _cycle(edges, "generator.render", set(comps[0])) == [
        "generator.render",
        "generator.review",
        "generator.render",
    ]


def test_imports_are_resolved_to_modules_of_the_package():
    found = dict(_imports("generator.review.corrections", MODULES["generator.review.corrections"]))
    assert {"generator.review.compare", "generator.review.store", "generator.review.git", "generator.russian"} <= set(
        found
    )
    assert _folder("generator.review.compare") == "generator.review" and _folder("generator.cli") == "generator.cli"


def test_russian_words_sit_below_every_stage():
    """generator/russian.py is imported by render and review; it imports no stage."""
    imported = {t for t, _ in _imports("generator.russian", MODULES["generator.russian"])}
    assert imported <= {"generator.arithmetic"}, imported
    assert {t for t, _ in _imports("generator.arithmetic", MODULES["generator.arithmetic"])} == set()


def test_review_package_does_not_import_render_or_the_pipeline():
    """Review sits below the pages and below the pipeline that calls it
    (the pipeline hands it `run`): importing either would close a cycle."""
    upward = []
    for module, path in MODULES.items():
        if _folder(module) == "generator.review":
            for target, line in _imports(module, path):
                if _folder(target) in ("generator.render", "generator.pipeline", "generator.build", "generator.cli"):
                    upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not upward, upward


def _oversized(prefixes: tuple[str, ...] | None = None) -> list[str]:
    out = []
    for path in MODULES.values():
        rel = path.relative_to(PACKAGE.parent).as_posix()
        if prefixes is not None and not rel.startswith(prefixes):
            continue
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out.append(f"{rel}: {n} lines")
    return sorted(out)


def test_review_modules_are_at_most_400_lines():
    assert not _oversized(REVIEW_FILES), _oversized(REVIEW_FILES)


def test_no_module_of_the_package_is_over_400_lines():
    assert _oversized() == []


def test_every_module_imports_on_its_own():
    # A cycle inside one folder shows only when a module is the first one
    # imported (render/paging.py <-> render/pages/year.py did): import each
    # one first, in a fresh interpreter that has nothing of the package yet.
    script = (
        "import importlib, sys\n"
        f"names = {sorted(n for n in MODULES if not n.endswith('__main__'))!r}\n"
        "failed = []\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m == 'generator' or m.startswith('generator.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as err:\n"
        "        failed.append(f'{name}: {err!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
