"""What the top of an organization page says in ten seconds, and its
recommendations grouped by direction: pure functions of the read model,
used by render/pages/organization.py. Every number here is computed and
rounded in Python; the template only writes it."""

from __future__ import annotations

from dataclasses import dataclass

from generator import russian
from generator.render.readmodel import rounded
from generator.render.records import Level, doc

# Recommendations of a direction shown before «Ещё …»: the rest are folded.
RECS_SHOWN = 2

# The small chart of the total by year: an SVG drawn from these coordinates.
SPARK_WIDTH = 240
SPARK_HEIGHT = 64
SPARK_PAD = 6


@dataclass(frozen=True)
class LevelBand:
    label: str = doc("Level name")
    css: str = doc("CSS modifier of the level: high, medium or low")
    low: float = doc("Lowest total score of the level")
    high: float | None = doc("Lowest score of the next higher level (not included); None for the best level")
    current: bool = doc("True for the organization's level")


@dataclass(frozen=True)
class TrendPoint:
    year: int = doc("Monitoring year")
    score: float = doc("Total score of the year, rounded")
    level: Level | None = doc("Level of that score")


@dataclass(frozen=True)
class SparkDot:
    x: float = doc("Horizontal position in the chart, px")
    y: float = doc("Vertical position in the chart, px")
    year: int = doc("Year of the point")
    score: float = doc("Total score of the point, rounded")


@dataclass(frozen=True)
class SparkLine:
    y: float = doc("Vertical position of a level's lower bound, px")
    label: str = doc("Name of the level that starts there")
    score: float = doc("That lower bound")


@dataclass(frozen=True)
class Sparkline:
    width: int = doc("Width of the chart, px")
    height: int = doc("Height of the chart, px")
    points: str = doc("The polyline of the total score: «x,y x,y …»")
    dots: tuple[SparkDot, ...] = doc("One dot per year")
    thresholds: tuple[SparkLine, ...] = doc("Lower bounds of the levels above the lowest, as horizontal lines")
    alt: str = doc("Text alternative of the chart")


@dataclass(frozen=True)
class OrgSummary:
    directions: int = doc("Number of directions the organization is scored on")
    indicators: int = doc("Number of indicators it is scored on")
    bands: tuple[LevelBand, ...] = doc("Levels of the latest year with their score ranges, best first")
    points: tuple[TrendPoint, ...] = doc("Total score in every year it has one, oldest first")
    change: float | None = doc(
        "Size of the change of the total score from the first year to the last, rounded, without sign "
        "(change_word says which way); None for one year"
    )
    change_word: str = doc("«вырос на», «снизился на» or «не изменился»; '' for one year")
    scope: str = doc("What the score covers, in words: «7 направлениям и 32 показателям»")
    peer_gap: float | None = doc(
        "Distance of the total score from the kind's mean, rounded, without sign; None when either is missing"
    )
    peer_word: str = doc("«выше среднего по типу на», «ниже среднего по типу на» or «равен среднему по типу»")
    spark: Sparkline | None = doc("Small chart of the total by year; None with fewer than two years")


@dataclass(frozen=True)
class RecGroup:
    direction: str = doc("Direction name")
    href: str = doc("Link to the direction page; '' for the total (no page of its own)")
    level: Level | None = doc("The organization's level on the direction, which the recommendations are for")
    shown: tuple[str, ...] = doc("The first RECS_SHOWN recommendations")
    more: tuple[str, ...] = doc("The rest, folded under «Ещё …»")
    more_label: str = doc("Summary of the folded part: «Ещё 3 рекомендации»; '' when none")


def level_bands(levels: list[Level], current: Level | None) -> tuple[LevelBand, ...]:
    """Each level's range of scores: from its lower bound up to the next higher
    level's bound (levels come best first)."""
    bands = []
    above = None
    for lv in sorted(levels, key=lambda x: -x.min_score):
        bands.append(LevelBand(lv.label, lv.css, lv.min_score, above, current is not None and lv.id == current.id))
        above = lv.min_score
    return tuple(bands)


def change_word(change: float | None) -> str:
    if change is None:
        return ""
    return "вырос на" if change > 0 else "снизился на" if change < 0 else "не изменился"


def sparkline(points: tuple[TrendPoint, ...], levels: list[Level]) -> Sparkline | None:
    """The total score by year on a fixed 0-100 scale (so that the level
    bounds are lines at their height)."""
    if len(points) < 2:
        return None
    inner_w = SPARK_WIDTH - 2 * SPARK_PAD
    inner_h = SPARK_HEIGHT - 2 * SPARK_PAD

    def y_of(score: float) -> float:
        return round(SPARK_PAD + inner_h * (1 - max(0.0, min(100.0, score)) / 100), 1)

    step = inner_w / (len(points) - 1)
    dots = tuple(SparkDot(round(SPARK_PAD + i * step, 1), y_of(p.score), p.year, p.score) for i, p in enumerate(points))
    lines = tuple(SparkLine(y_of(lv.min_score), lv.label, lv.min_score) for lv in levels if lv.min_score > 0)
    first, last = points[0], points[-1]
    alt = (
        f"График итогового балла по годам: от {russian.score(first.score)} в {first.year} году "
        f"до {russian.score(last.score)} в {last.year} году"
    )
    return Sparkline(
        SPARK_WIDTH,
        SPARK_HEIGHT,
        " ".join(f"{d.x:g},{d.y:g}" for d in dots),
        dots,
        lines,
        alt,
    )


def summary(
    points: tuple[TrendPoint, ...],
    levels: list[Level],
    current: Level | None,
    score: float | None,
    peer: float | None,
    directions: int,
    indicators: int,
) -> OrgSummary:
    change = rounded(points[-1].score - points[0].score) if len(points) > 1 else None
    gap = rounded(score - peer) if score is not None and score == score and peer is not None else None
    scope = (
        russian.plural(directions, "направлению", "направлениям", "направлениям")
        + " и "
        + russian.plural(indicators, "показателю", "показателям", "показателям")
    )
    if gap is None:
        peer_word = ""
    else:
        peer_word = (
            "выше среднего по типу на"
            if gap > 0
            else "ниже среднего по типу на"
            if gap < 0
            else "равен среднему по типу"
        )
    return OrgSummary(
        directions=directions,
        indicators=indicators,
        scope=scope,
        peer_word=peer_word,
        bands=level_bands(levels, current),
        points=points,
        change=None if change is None else abs(change) if change else 0.0,
        change_word=change_word(change),
        peer_gap=None if gap is None else abs(gap),
        spark=sparkline(points, levels),
    )


def rec_groups(recs: list, direction_of, level_of, href_of) -> tuple[RecGroup, ...]:
    """Recommendations (Rec records of one year, in file order) grouped by
    direction, in the order the directions first appear."""
    order: list[str] = []
    by_direction: dict[str, list] = {}
    for r in recs:
        if r.direction_id not in by_direction:
            order.append(r.direction_id)
        by_direction.setdefault(r.direction_id, []).append(r)
    groups = []
    for did in order:
        items = by_direction[did]
        texts = tuple(r.text for r in items)
        more = texts[RECS_SHOWN:]
        label = "Ещё " + russian.plural(len(more), "рекомендация", "рекомендации", "рекомендаций") if more else ""
        groups.append(
            RecGroup(direction_of(did), href_of(did), level_of(items[0].level), texts[:RECS_SHOWN], more, label)
        )
    return tuple(groups)
