"""Page contexts are documented contracts (in the style of datasette's
tests/test_template_context.py): every field of every context dataclass has a
help text, and every template uses only fields that exist.

The templates are read as Jinja ASTs (env.parse): each name a page template
reads must be a field of its context; each attribute chain (`k.summary.score`)
is followed through the field types, into loops over typed tuples and into
the macros the template calls, whose parameters take the types of the
arguments. A misspelled or removed field fails here, not at render time or
silently in a page."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from generator.paths import TEMPLATES
from generator.render.pages import PAGE_KINDS
from generator.render.pages.year import YearPage
from generator.render.site import environment

# -- Types as the checker sees them --------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Obj:  # an object of one of these dataclasses
    classes: frozenset


@dataclasses.dataclass(frozen=True)
class Seq:  # a tuple or list of elements of a type
    of: object


@dataclasses.dataclass(frozen=True)
class Module:  # an imported template
    name: str


@dataclasses.dataclass(frozen=True)
class MacroRef:
    template: str
    name: str


SCALAR = "scalar"  # str, int, float, bool: no fields
UNKNOWN = None  # not followed (dicts, filter results, literals)


def resolve(hint) -> object:
    """The checker's type of a field annotation."""
    if dataclasses.is_dataclass(hint):
        return Obj(frozenset([hint]))
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return union([resolve(a) for a in typing.get_args(hint) if a is not type(None)])
    if origin in (tuple, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return Seq(union([resolve(a) for a in args]) if args else UNKNOWN)
    if hint in (str, int, float, bool):
        return SCALAR
    return UNKNOWN


def union(members: list) -> object:
    if not members or any(m is UNKNOWN for m in members):
        return UNKNOWN
    if all(isinstance(m, Obj) for m in members):
        return Obj(frozenset().union(*(m.classes for m in members)))
    if all(isinstance(m, Seq) for m in members):
        return Seq(union([m.of for m in members]))
    if all(m == SCALAR for m in members):
        return SCALAR
    return UNKNOWN


def field_types(cls) -> dict[str, object]:
    hints = typing.get_type_hints(cls)
    return {f.name: resolve(hints[f.name]) for f in dataclasses.fields(cls)}


def reachable(classes) -> list[type]:
    """Every dataclass a context can hold, through its field types."""
    seen: list[type] = []
    todo = list(classes)
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for t in field_types(cls).values():
            while isinstance(t, Seq):
                t = t.of
            if isinstance(t, Obj):
                todo.extend(t.classes)
    return sorted(seen, key=lambda c: (c.__module__, c.__qualname__))


# -- The checker ----------------------------------------------------------------------

GLOBALS = {"range", "loop", "caller", "varargs", "kwargs", "dict", "lipsum", "cycler", "joiner", "namespace"}
ATTRIBUTE_FILTERS = {"selectattr", "rejectattr", "map", "sort", "groupby", "sum", "unique", "min", "max"}


class Checker:
    """Walks templates; `errors` collects «template:line: what is wrong»."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.errors: list[str] = []
        self._asts: dict[str, nodes.Template] = {}
        self._done: set = set()

    def ast(self, name: str) -> nodes.Template:
        if name not in self._asts:
            source = self.env.loader.get_source(self.env, name)[0]
            self._asts[name] = self.env.parse(source, name)
        return self._asts[name]

    def module_scope(self, name: str) -> dict:
        """The names a template binds at its top: its macros and imports."""
        scope: dict = {}
        for node in self.ast(name).body:
            if isinstance(node, nodes.Macro):
                scope[node.name] = MacroRef(name, node.name)
            elif isinstance(node, nodes.Import):
                scope[node.target] = Module(node.template.value)
        return scope

    def check_page(self, name: str, context: type) -> list[str]:
        scope = self.module_scope(name) | field_types(context)
        self.body(self.ast(name).body, scope, name)
        return self.errors

    def error(self, template: str, node: nodes.Node, text: str) -> None:
        self.errors.append(f"{template}:{node.lineno}: {text}")

    # -- statements --

    def body(self, body: list, scope: dict, tpl: str) -> None:
        for node in body:
            self.statement(node, scope, tpl)

    def statement(self, node: nodes.Node, scope: dict, tpl: str) -> None:
        if isinstance(node, (nodes.Macro, nodes.Import)):
            return  # bound by module_scope; a macro is checked where it is called, with its arguments' types
        if isinstance(node, nodes.For):
            inner = dict(scope)
            self.bind(node.target, node.iter, inner, tpl)
            if node.test is not None:
                self.expr(node.test, inner, tpl)
            self.body(node.body, inner, tpl)
            self.body(node.else_, scope, tpl)
            return
        if isinstance(node, nodes.Assign):
            t = self.expr(node.node, scope, tpl)
            if isinstance(node.target, nodes.Name):
                scope[node.target.name] = t
            return
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope, tpl)
            else:
                self.statement(child, scope, tpl)

    def bind(self, target: nodes.Node, iterable: nodes.Expr, scope: dict, tpl: str) -> None:
        """Bind a loop's target: an element of a typed tuple, or of a literal
        list of tuples position by position."""
        t = self.expr(iterable, scope, tpl)
        if isinstance(target, nodes.Name):
            scope[target.name] = t.of if isinstance(t, Seq) else UNKNOWN
            return
        names = [n.name for n in target.items] if isinstance(target, nodes.Tuple) else []
        positions: list[list] = [[] for _ in names]
        if isinstance(iterable, nodes.List) and all(
            isinstance(i, nodes.Tuple) and len(i.items) == len(names) for i in iterable.items
        ):
            for item in iterable.items:
                for k, e in enumerate(item.items):
                    positions[k].append(self.expr(e, scope, tpl))
        for k, name in enumerate(names):
            scope[name] = union(positions[k]) if positions[k] else UNKNOWN

    # -- expressions: check, and return the type --

    def expr(self, node: nodes.Expr, scope: dict, tpl: str) -> object:
        if isinstance(node, nodes.Name):
            if node.ctx != "load":
                return UNKNOWN
            if node.name in scope:
                return scope[node.name]
            if node.name not in GLOBALS:
                self.error(tpl, node, f"unknown name {node.name!r}")
            return UNKNOWN
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, scope, tpl), node.attr, node, tpl)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope, tpl)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(base, node.arg.value, node, tpl)
            self.expr(node.arg, scope, tpl)
            return base.of if isinstance(base, Seq) and isinstance(node.arg, nodes.Const) else UNKNOWN
        if isinstance(node, nodes.Call):
            return self.call(node, scope, tpl)
        if isinstance(node, nodes.Filter) and node.node is not None:
            base = self.expr(node.node, scope, tpl)
            for a in [*node.args, *(k.value for k in node.kwargs)]:
                self.expr(a, scope, tpl)
            self.filter_attribute(node, base, tpl)
            if node.name in ("list", "reverse", "selectattr", "rejectattr", "sort", "unique") and isinstance(base, Seq):
                return base
            return UNKNOWN
        if isinstance(node, nodes.Const):
            return SCALAR
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope, tpl)
        return UNKNOWN

    def attribute(self, base: object, attr: str, node: nodes.Node, tpl: str) -> object:
        if isinstance(base, Module):
            if attr not in self.module_scope(base.name):
                self.error(tpl, node, f"{base.name} has no macro {attr!r}")
            return MacroRef(base.name, attr)
        if isinstance(base, Seq) and attr not in ("__len__",):
            self.error(tpl, node, f"attribute {attr!r} of a tuple (missing loop?)")
            return UNKNOWN
        if base == SCALAR:
            self.error(tpl, node, f"attribute {attr!r} of a plain value")
            return UNKNOWN
        if not isinstance(base, Obj):
            return UNKNOWN
        having = [field_types(c)[attr] for c in base.classes if attr in field_types(c)]
        if not having:
            names = " | ".join(sorted(c.__name__ for c in base.classes))
            self.error(tpl, node, f"{names} has no field {attr!r}")
            return UNKNOWN
        return union(having)

    def filter_attribute(self, node: nodes.Filter, base: object, tpl: str) -> None:
        """`rows | selectattr("score")`: the attribute must be a field of the elements."""
        if node.name not in ATTRIBUTE_FILTERS or not isinstance(base, Seq):
            return
        consts = [a.value for a in node.args if isinstance(a, nodes.Const) and isinstance(a.value, str)][:1]
        consts += [k.value.value for k in node.kwargs if k.key == "attribute" and isinstance(k.value, nodes.Const)]
        for attr in consts:
            self.attribute(base.of, attr, node, tpl)

    def call(self, node: nodes.Call, scope: dict, tpl: str) -> object:
        target = self.expr(node.node, scope, tpl)
        args = [self.expr(a, scope, tpl) for a in node.args]
        for k in node.kwargs:
            self.expr(k.value, scope, tpl)
        if not isinstance(target, MacroRef):
            return UNKNOWN
        macro = next(
            (n for n in self.ast(target.template).body if isinstance(n, nodes.Macro) and n.name == target.name), None
        )
        if macro is None:
            return UNKNOWN
        key = (target, tuple(map(repr, args)))
        if key in self._done:  # the same macro with the same argument types: checked once
            return SCALAR
        self._done.add(key)
        inner = self.module_scope(target.template)
        for k, param in enumerate(macro.args):
            inner[param.name] = args[k] if k < len(args) else UNKNOWN
        self.body(macro.body, inner, f"{target.template} ({target.name})")
        return SCALAR


def page_templates() -> list[tuple[str, type]]:
    return [(cls.TEMPLATE, cls) for cls in PAGE_KINDS]


# -- Tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", reachable(PAGE_KINDS), ids=lambda c: c.__qualname__)
def test_every_context_field_has_help_text(cls):
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, (
        f"{cls.__qualname__} is not a frozen dataclass"
    )
    undocumented = [f.name for f in dataclasses.fields(cls) if not str(f.metadata.get("help", "")).strip()]
    assert undocumented == [], f"{cls.__module__}.{cls.__qualname__}: fields without help text: {undocumented}"


@pytest.mark.parametrize("template, cls", page_templates(), ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_every_template_uses_only_fields_that_exist(template, cls):
    assert Checker(environment()).check_page(template, cls) == []


def test_every_page_template_has_a_context_and_every_context_a_template():
    page_files = {p.name for p in Path(TEMPLATES).glob("*.j2") if not p.name.startswith("_")}
    assert page_files == {cls.TEMPLATE for cls in PAGE_KINDS}


def test_checker_reports_a_misspelled_field_at_each_depth():
    """The checker itself: a name, a first-level attribute, an attribute of a
    loop variable, of a macro parameter and of a literal list of tuples."""
    env = environment()
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader(
                {
                    "bad.md.j2": (
                        '{% import "_macros.j2" as m %}'
                        "{{ yeer }}\n"
                        "{{ changes.previus }}\n"
                        "{% for k in kinds %}{{ k.summary.scor }}{{ m.level(k.summary_levl) }}{% endfor %}\n"
                        "{% for k in kinds %}{{ m.level(k.rows[0].level) }}{{ m.chart(k.chart) }}{% endfor %}\n"
                        '{% for title, rows in [("a", changes.rises)] %}'
                        "{% for r in rows %}{{ r.nam }}{% endfor %}{% endfor %}\n"
                        "{{ m.nosuch() }}\n"
                    )
                }
            ),
            env.loader,
        ]
    )
    errors = Checker(env).check_page("bad.md.j2", YearPage)
    assert errors == [
        "bad.md.j2:1: unknown name 'yeer'",
        "bad.md.j2:2: YearChanges has no field 'previus'",
        "bad.md.j2:3: MuniValue has no field 'scor'",
        "bad.md.j2:3: KindRanking has no field 'summary_levl'",
        "bad.md.j2:5: MoveRow has no field 'nam'",
        "bad.md.j2:6: _macros.j2 has no macro 'nosuch'",
    ]


def test_checker_follows_macro_parameters_into_the_macro_body():
    """A macro that reads a field its argument's type lacks is reported at the macro."""
    env = environment()
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader(
                {
                    "_bad_macros.j2": "{% macro shout(lv) %}{{ lv.colour }}{% endmacro %}",
                    "bad.md.j2": '{% import "_bad_macros.j2" as b %}{{ b.shout(total_level) }}',
                }
            ),
            env.loader,
        ]
    )
    assert Checker(env).check_page("bad.md.j2", YearPage) == ["_bad_macros.j2 (shout):1: Level has no field 'colour'"]
