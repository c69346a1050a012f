"""The methodology page, built from the same data as the results: the rules
in words, the tree of directions and indicators of every year, the
thresholds, and a worked example computed from the data (render/pages/example.py).
Nothing of the configuration (keys, ids, method names) reaches the public."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import POLARITY_LABELS, UNIT_LABELS
from generator.render import urls as U
from generator.render.pages.base import Level, Page, doc
from generator.render.pages.example import WorkedExample, worked_example
from generator.render.pages.nodes import formula
from generator.render.pages.texts import LevelText, level_texts
from generator.render.readmodel import ReadModel


@dataclass(frozen=True)
class MethodNode:
    name: str = doc("Name of the direction or indicator")
    href: str = doc("Link to its page")
    is_indicator: bool = doc("True for an indicator, False for a direction")
    depth: int = doc("Depth in the tree, 0 for a top-level direction (an indicator is one deeper than its direction)")
    parent: str = doc("Name of the direction it belongs to, '' at the top level")
    weight: float = doc("Weight in the parent's mean (in the total for a top-level direction)")
    unit_label: str = doc("Russian label of the unit; '' for a direction")
    polarity_label: str = doc("Russian label of the polarity; '' for a direction and a yes/no indicator")
    formula: str = doc("The score formula in words; '' for a direction")
    kinds_label: str = doc("Whom it applies to, in words («для всех типов организаций»); '' for a direction")


@dataclass(frozen=True)
class MethodYear:
    year: int = doc("Monitoring year")
    nodes: tuple[MethodNode, ...] = doc(
        "The tree of the year, depth first: each direction, its indicators, its sub-directions"
    )
    indicators: int = doc("Number of indicators of the year")
    directions: int = doc("Number of directions of the year")
    change: str = doc("How the methodology changed against the year before, '' = it did not or first year")
    first: bool = doc("True for the first monitoring year")


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
        "порогам года, место — среди единиц того же вида, динамика — изменение свода к предыдущему году, в "
        "котором у единицы был свод.",
    ),
    "rank_decimals": MethodRule(
        "Точность мест",
        "Места считаются по баллам, округлённым до {n}; уровни — по баллу, округлённому до сотых.",
    ),
    "targeting": MethodRule(
        "Адресаты рекомендаций",
        "Кто получает рекомендацию. Организация — если рекомендация адресована организациям (или адресат не "
        "указан), подходит по типу организации (если типы указаны) и уровень организации по направлению "
        "рекомендации (по итоговому баллу — для рекомендации по итогу) входит в указанные уровни. "
        "Муниципалитет — если рекомендация адресована муниципалитету (или адресат не указан) и этот уровень имеет "
        "свод всех организаций; типы организаций его не ограничивают. Орган или служба, названные в методике "
        "мониторинга (например, аттестационная комиссия или методическая служба), — только рекомендации, "
        "адресованные им, тоже по уровню свода всех организаций; на странице года они собраны под названием "
        "органа. Если уровни не указаны, рекомендация даётся при любом уровне, но только когда балл есть.",
    ),
    "calendar": MethodRule(
        "Сроки мониторинга",
        "Сроки этапов годового цикла задаются днём и месяцем и относятся к году мониторинга, а помеченные "
        "«следующего года» — к году после него (итоги года подводятся в начале следующего); период, который "
        "заканчивается раньше, чем начинается, переходит на следующий год. Этап может действовать только с "
        "какого-то года или до какого-то года: на странице каждого года показаны сроки, действовавшие для него.",
    ),
}
PRECISION_WORDS = {0: "целых", 1: "десятых", 2: "сотых"}


def extension_rules(lk: ReadModel) -> tuple[MethodRule, ...]:
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
        "calendar": bool(ds.settings.calendar),
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
    missing_zero: bool = doc("True when a value not submitted scores 0; False when it is left out of every mean")
    stable_tolerance: float = doc("Largest change still called stable (monitoring.yml)")
    unreported_limit: float = doc("Largest share of not reported values, in percent, of a published year")
    year: int = doc("Latest monitoring year")
    years: tuple[MethodYear, ...] = doc("The tree of directions and indicators of every year, newest first")
    thresholds: tuple[YearLevels, ...] = doc("Levels of every year")
    extensions: tuple[MethodRule, ...] = doc("Extensions of the methodology the data uses (issue 11), () = none")
    example: WorkedExample | None = doc("A worked example from the latest year's data; None when nothing is scored")
    level_texts: tuple[LevelText, ...] = doc("What each level means, with the years (levels.csv description); ()")


def _applies(lk: ReadModel, kinds: tuple) -> str:
    if not kinds or set(kinds) >= set(lk.kinds):
        return "для всех типов организаций"
    return "только для типа: " + "; ".join(lk.kinds.get(k, k) for k in kinds)


def _tree(lk: ReadModel, y: int, page: str) -> list[MethodNode]:
    out: list[MethodNode] = []

    def walk(parent_id: str, parent_name: str, depth: int) -> None:
        for d in lk.child_directions[y].get(parent_id, []):
            out.append(
                MethodNode(d.name, U.href(page, U.direction(d.id)), False, depth, parent_name, d.weight, "", "", "", "")
            )
            for i in lk.child_indicators[y].get(d.id, []):
                out.append(
                    MethodNode(
                        i.name,
                        U.href(page, U.indicator(i.id)),
                        True,
                        depth + 1,
                        d.name,
                        i.weight,
                        UNIT_LABELS[i.unit],
                        "" if i.method == "boolean" else POLARITY_LABELS[i.polarity],
                        formula(i),
                        _applies(lk, i.kinds),
                    )
                )
            walk(d.id, d.name, depth + 1)

    walk("", "", 0)
    return out


def methodology(lk: ReadModel, page: str) -> MethodologyPage:
    years = []
    for y in reversed(lk.years):
        prev = lk.method.previous(y)
        years.append(
            MethodYear(
                y,
                tuple(_tree(lk, y, page)),
                len(lk.indicator_rows[y]),
                len(lk.direction_rows[y]),
                lk.method.between(prev, y).sentence() if prev is not None else "",
                prev is None,
            )
        )
    s = lk.ds.settings
    return MethodologyPage(
        corrections=lk.marks_for(page),
        missing_zero=s.missing == "zero",
        stable_tolerance=s.stable_tolerance,
        unreported_limit=s.unreported_limit,
        year=lk.latest,
        years=tuple(years),
        thresholds=tuple(YearLevels(y, tuple(lk.levels[y])) for y in lk.years),
        example=worked_example(lk, page),
        extensions=extension_rules(lk),
        level_texts=level_texts(lk),
    )
