"""The methodology page, built from the same data as the results."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import POLARITY_LABELS, UNIT_LABELS
from generator.render import urls as U
from generator.render.lookup import Lookup
from generator.render.pages.base import Level, Page, doc
from generator.render.pages.nodes import formula


@dataclass(frozen=True)
class MethodIndicator:
    name: str = doc("Indicator name")
    href: str = doc("Link to the indicator page")
    direction: str = doc("Name of its direction")
    unit_label: str = doc("Russian label of the unit")
    polarity_label: str = doc("Russian label of the polarity")
    formula: str = doc("The score formula in words")
    weight: float = doc("Weight in the direction's mean")
    kinds_label: str = doc("Labels of the kinds it applies to, joined («все типы» = all)")


@dataclass(frozen=True)
class MethodDirection:
    id: str = doc("Direction id")
    name: str = doc("Direction name")
    href: str = doc("Link to the direction page")
    depth: int = doc("Depth in the tree, 0 at the top")
    weight: float = doc("Weight in the parent's mean")


@dataclass(frozen=True)
class YearLevels:
    year: int = doc("Monitoring year")
    levels: tuple[Level, ...] = doc("Levels of the year, best first")


@dataclass(frozen=True)
class MethodRule:
    title: str = doc("Name of an extension of the methodology the data uses")
    text: str = doc("The rule in Russian, a constant of this module (no data in it)")


# The extensions of the contract (METHODOLOGY.md), told only when the data uses them.
EXTENSION_RULES = {
    "groups": MethodRule(
        "Группы организаций",
        "Показатель с указанными группами применяется только к организациям, входящим хотя бы в одну из них; "
        "сравниваются по-прежнему организации одного типа. Свод группы — среднее баллов её организаций.",
    ),
    "points_share": MethodRule(
        "Доля баллов",
        "Балл направления, отмеченного «доля баллов», — 100 × сумма набранных баллов / сумма максимальных баллов "
        "всех применимых показателей ниже него (на любой глубине), а не среднее; веса внутри не учитываются.",
    ),
    "pooled": MethodRule(
        "Общая доля",
        "Для показателя «общая доля» значение организации — 100 × числитель / знаменатель, а муниципальное "
        "значение — 100 × сумма числителей / сумма знаменателей организаций, представивших данные, а не среднее "
        "их процентов.",
    ),
    "territories": MethodRule(
        "Территории",
        "Свод территориальной единицы — среднее баллов организаций этой единицы и входящих в неё; уровень — по "
        "порогам года, место — среди единиц того же вида.",
    ),
    "rank_decimals": MethodRule(
        "Точность мест",
        "Места считаются по баллам, округлённым до {n}; уровни — по баллу, округлённому до сотых.",
    ),
    "targeting": MethodRule(
        "Адресаты рекомендаций",
        "Рекомендация может быть адресована организациям определённых типов, только организациям, только "
        "муниципалитету или органу (комиссии, учредителю); без указанных уровней она даётся при любом уровне, "
        "а рекомендация по итогу — по уровню итогового балла.",
    ),
}
PRECISION_WORDS = {0: "целых", 1: "десятых", 2: "сотых"}


def extension_rules(lk: Lookup) -> tuple[MethodRule, ...]:
    ds = lk.ds
    years = ds.years
    used = {
        "groups": bool(ds.settings.groups) or any(any(len(g) for g in y.indicators["groups"]) for y in years),
        "points_share": any((y.directions["aggregation"] == "points_share").any() for y in years),
        "pooled": any((y.indicators["municipal"] == "pooled").any() for y in years),
        "territories": any(len(y.territories) for y in years),
        "rank_decimals": ds.settings.rank_decimals != 2,
        "targeting": bool(ds.settings.bodies)
        or any(
            (y.recommendations["audience"] != "").any()
            or y.recommendations["kinds"].map(len).any()
            or (y.recommendations["levels"].map(len) == 0).any()
            or (y.recommendations["direction_id"] == "total").any()
            for y in years
        ),
    }
    rules = []
    for key, rule in EXTENSION_RULES.items():
        if used[key]:
            text = (
                rule.text.format(n=PRECISION_WORDS[ds.settings.rank_decimals]) if key == "rank_decimals" else rule.text
            )
            rules.append(MethodRule(rule.title, text))
    return tuple(rules)


@dataclass(frozen=True)
class MethodologyPage(Page):
    TEMPLATE = "methodology.md.j2"
    missing: str = doc("How a value not submitted counts: 'zero' or 'exclude' (monitoring.yml)")
    stable_tolerance: float = doc("Largest change still called stable (monitoring.yml)")
    year: int = doc("Latest monitoring year")
    indicators: tuple[MethodIndicator, ...] = doc("Indicators of the latest year, in file order")
    directions: tuple[MethodDirection, ...] = doc("Directions of the latest year, in file order")
    thresholds: tuple[YearLevels, ...] = doc("Levels of every year")
    extensions: tuple[MethodRule, ...] = doc("Extensions of the methodology the data uses (issue 11), () = none")


def methodology(lk: Lookup, page: str) -> MethodologyPage:
    y = lk.latest
    inds = tuple(
        MethodIndicator(
            i.name,
            U.href(page, U.indicator(i.id)),
            lk.direction[i.direction_id].name,
            UNIT_LABELS[i.unit],
            POLARITY_LABELS[i.polarity],
            formula(i),
            i.weight,
            ", ".join(lk.kinds.get(k, k) for k in i.kinds) or "все типы",
        )
        for i in lk.indicator_rows[y]
    )
    dirs = tuple(
        MethodDirection(d.id, d.name, U.href(page, U.direction(d.id)), d.depth, d.weight) for d in lk.direction_rows[y]
    )
    s = lk.ds.settings
    return MethodologyPage(
        corrections=lk.marks_for(page),
        missing=s.missing,
        stable_tolerance=s.stable_tolerance,
        year=y,
        indicators=inds,
        directions=dirs,
        thresholds=tuple(YearLevels(y, tuple(lk.levels[y])) for y in lk.years),
        extensions=extension_rules(lk),
    )
