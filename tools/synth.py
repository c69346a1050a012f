"""`python -m tools.synth` (a developer tool, not installed with the package): a valid, clearly
synthetic data folder of any size, with the structure of real data, for benchmarks and tests.

What it imitates (see data/ and ../shared/domain/methodology.md):

- the three kinds in realistic proportions (about 45 % kindergartens, 40 %
  schools, 15 % additional-education centres), numbered fictional names
  («Синтетическая СОШ № 123»), districts, websites;
- a tree of directions: two tracks, systems below them, one indicator
  directly under a track;
- every unit and method: boolean, points with max_points, ratio_to_best
  higher and lower_is_better, target higher and lower; indicators limited to
  some kinds;
- organizations opening and closing across the years, one indicator added
  in a later year, levels whose thresholds change from year to year;
- values correlated through a latent quality of each organization, with a
  trend over the years, and about 2 % not reported.

Everything is drawn from one numpy Generator, so a seed gives byte-identical
files. Generation is vectorised: 750,000 values take a few seconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from generator.write import staging_dir, swap_in

# The first line of the settings file: what marks a folder as synthetic (earlier versions named the command
# `python -m generator synth`; the part before the colon is what is checked).
MARKER = "# Синтетические данные: python -m tools.synth"
KIND_SHARES = (("general", 0.40), ("preschool", 0.45), ("additional", 0.15))
KIND_PREFIX = {"general": "gen", "preschool": "pre", "additional": "add"}
LAST_YEAR = 2025
MISSING_SHARE = 0.02
CHURN_SHARE = 0.03  # organizations closing, and opening, over the period

TRACKS = [
    ("track-quality", "Повышение качества управленческой деятельности руководителей образовательных организаций", 2),
    ("track-reserve", "Формирование и использование кадрового резерва руководителей образовательных организаций", 1),
]
SYSTEMS = [
    ("sys-vsoko", "track-quality", "Внутренняя система оценки качества образования", 1),
    ("sys-neuspeh", "track-quality", "Система профилактики учебной неуспешности обучающихся", 1),
    ("sys-talent", "track-quality", "Система выявления, поддержки и развития способностей и талантов у обучающихся", 1),
    ("sys-prof", "track-quality", "Система работы по самоопределению и профессиональной ориентации обучающихся", 1),
    ("sys-vospit", "track-quality", "Система воспитательной работы и мониторинга благополучия обучающихся", None),
    ("sys-team", "track-reserve", "Управленческая команда образовательной организации", 1),
    ("sys-reserve", "track-reserve", "Кадровый резерв руководителей", 1),
]


@dataclass(frozen=True)
class Base:
    """One kind of indicator: its wording, scoring and how its values are drawn."""

    slug: str
    direction: str
    name: str
    unit: str
    method: str
    gen: str  # how values are drawn, see _draw()
    polarity: str = ""
    max_points: float | None = None
    target: float | None = None
    kinds: str = ""
    source: str = "отчёт ОО"


# The first eight cover every unit and method, so even a tiny run has them all.
BASES = [
    Base(
        "vsoko-objective",
        "sys-vsoko",
        "Сформирована объективная внутренняя система оценки качества образования",
        "boolean",
        "boolean",
        "bool",
    ),
    Base(
        "vsoko-cycle",
        "sys-vsoko",
        "Сформированность управленческого цикла ВСОКО (цели, показатели, сбор информации, анализ, меры, оценка мер)",
        "points",
        "points",
        "points",
        max_points=6,
        source="экспертиза",
    ),
    Base(
        "no-certificate",
        "sys-neuspeh",
        "Доля выпускников 9 классов, не получивших аттестат об основном общем образовании",
        "percent",
        "target",
        "pct_low",
        polarity="lower_is_better",
        target=2,
        kinds="general",
        source="ФИС ФРДО",
    ),
    Base(
        "olympiad",
        "sys-talent",
        "Доля обучающихся — победителей и призёров муниципального этапа всероссийской олимпиады школьников",
        "percent",
        "ratio_to_best",
        "pct",
        kinds="general",
        source="региональная база олимпиад",
    ),
    Base(
        "prof-trials",
        "sys-prof",
        "Доля обучающихся, принявших участие в профессиональных пробах",
        "percent",
        "target",
        "pct",
        polarity="higher_is_better",
        target=50,
        kinds="general;additional",
    ),
    Base(
        "complaints",
        "track-quality",
        "Количество обоснованных жалоб родителей (законных представителей)",
        "count",
        "ratio_to_best",
        "count_low",
        polarity="lower_is_better",
        source="управление образования",
    ),
    Base(
        "parent-satisfaction",
        "sys-vospit",
        "Индекс удовлетворённости родителей (законных представителей) качеством образования",
        "number",
        "ratio_to_best",
        "number",
        source="анкетирование",
    ),
    Base(
        "reserve-count",
        "sys-reserve",
        "Количество педагогов, включённых в кадровый резерв руководителей",
        "count",
        "ratio_to_best",
        "count",
    ),
    Base(
        "team-formed",
        "sys-team",
        "Сформирована управленческая команда из числа заместителей руководителя и ведущих педагогов",
        "boolean",
        "boolean",
        "bool",
    ),
    Base(
        "fed-objectivity",
        "sys-vsoko",
        "Отсутствие признаков необъективных результатов оценочных процедур федерального уровня",
        "boolean",
        "boolean",
        "bool",
        kinds="general",
        source="ФИС ОКО",
    ),
    Base(
        "low-results-progress",
        "sys-neuspeh",
        "Доля обучающихся с низкими образовательными результатами, показавших положительную динамику",
        "percent",
        "ratio_to_best",
        "pct",
        kinds="general",
        source="ФИС ОКО",
    ),
    Base(
        "dop-coverage",
        "sys-talent",
        "Доля обучающихся (воспитанников), охваченных дополнительным образованием",
        "percent",
        "ratio_to_best",
        "pct",
    ),
    Base(
        "contest-winners",
        "sys-talent",
        "Количество победителей и призёров конкурсов и соревнований регионального и всероссийского уровня",
        "count",
        "ratio_to_best",
        "count",
    ),
    Base(
        "prof-partners",
        "sys-prof",
        "Количество соглашений с предприятиями и организациями — площадками профессиональных проб",
        "count",
        "ratio_to_best",
        "count",
        kinds="general;additional",
    ),
    Base(
        "antibullying",
        "sys-vospit",
        "Разработана и реализуется антибуллинговая программа",
        "boolean",
        "boolean",
        "bool",
    ),
    Base(
        "team-training",
        "sys-team",
        "Доля членов управленческой команды, прошедших повышение квалификации",
        "percent",
        "target",
        "pct",
        target=100,
    ),
    Base(
        "env-quality",
        "sys-vospit",
        "Качество развивающей предметно-пространственной среды (баллы экспертизы)",
        "points",
        "points",
        "points",
        max_points=10,
        kinds="preschool",
        source="экспертиза",
    ),
    Base(
        "attendance",
        "sys-vospit",
        "Доля воспитанников, посещающих детский сад без пропусков по болезни",
        "percent",
        "ratio_to_best",
        "pct",
        kinds="preschool",
    ),
    Base(
        "tech-programs",
        "sys-talent",
        "Доля детей, обучающихся по программам технической и естественнонаучной направленности",
        "percent",
        "ratio_to_best",
        "pct",
        kinds="additional",
    ),
    Base(
        "no-category",
        "sys-reserve",
        "Доля педагогов без квалификационной категории",
        "percent",
        "target",
        "pct_low",
        polarity="lower_is_better",
        target=20,
    ),
    Base(
        "overcrowding",
        "sys-vospit",
        "Превышение нормативной наполняемости групп, человек на группу",
        "number",
        "ratio_to_best",
        "number_low",
        polarity="lower_is_better",
        kinds="preschool;additional",
    ),
    Base(
        "vpr-expertise",
        "sys-neuspeh",
        "Результативность участия во всероссийских проверочных работах (баллы экспертизы)",
        "points",
        "points",
        "points",
        max_points=5,
        kinds="general",
        source="ФИС ОКО",
    ),
    Base(
        "reserve-projects",
        "sys-reserve",
        "Резерв управленческих кадров включён в реализацию значимых проектов",
        "boolean",
        "boolean",
        "bool",
    ),
    Base(
        "climate-monitoring",
        "sys-vospit",
        "Проведён мониторинг благополучия обучающихся (школьного климата)",
        "boolean",
        "boolean",
        "bool",
    ),
]

NAMES = {
    "general": [("Синтетическая СОШ № {n}", "СОШ № {n}")] * 8
    + [("Синтетическая гимназия № {n}", "Гимназия № {n}"), ("Синтетический лицей № {n}", "Лицей № {n}")],
    "preschool": [("Синтетический детский сад № {n}", "Детский сад № {n}")],
    "additional": [
        ("Синтетический центр детского творчества № {n}", "ЦДТ № {n}"),
        ("Синтетическая спортивная школа № {n}", "СШ № {n}"),
        ("Синтетическая детская школа искусств № {n}", "ДШИ № {n}"),
    ],
}
RECOMMENDATIONS = [
    (
        "low;medium",
        "Изучить практики организаций высокого уровня по направлению «{d}» и включить их в план работы на "
        "следующий год.",
    ),
    (
        "low",
        "Разработать план мероприятий по устранению дефицитов по направлению «{d}» и согласовать его с "
        "методическим центром.",
    ),
    ("low;medium", "Обеспечить повышение квалификации управленческой команды по направлению «{d}»."),
]
NOTES = ("данные не представлены", "подтверждающие документы не представлены")


def synthesize(orgs: int, years: int, indicators: int, seed: int = 0) -> dict[str, bytes]:
    """The data folder as {relative path: bytes}."""
    if orgs < 3 or years < 1 or indicators < 1:
        raise ValueError("нужно не меньше 3 организаций, 1 года и 1 показателя")
    rng = np.random.default_rng(seed)
    year_list = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    pool = _organizations(rng, orgs, year_list)
    inds = _indicators(indicators, year_list)
    files: dict[str, bytes] = {"monitoring.yml": _settings(orgs).encode("utf-8")}
    for t, y in enumerate(year_list):
        active = pool[(pool["first"] <= y) & (pool["last"] >= y)]
        inds_y = inds[inds["from"] <= y]
        dirs = _directions(inds_y)  # a direction without an indicator that year is invalid (issue 11)
        tables = {
            "organizations": active[["id", "name", "kind", "short_name", "district", "website"]],
            "directions": dirs,
            "indicators": inds_y.drop(columns=["from", "gen", "difficulty"]),
            "values": _values(rng, active, inds_y, t),
            "levels": _levels(rng),
            "recommendations": _recommendations(dirs),
        }
        resources = []
        for name, frame in tables.items():
            files[f"{y}/{name}.csv"] = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
            resources.append({"name": name, "path": f"{name}.csv"})
        descriptor = {
            "name": f"monitoring-{y}",
            "title": f"Синтетический мониторинг эффективности руководителей ОО, {y} год",
            "version": "1.0.0",
            "resources": resources,
        }
        files[f"{y}/datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def write_synthetic(out: Path, orgs: int, years: int, indicators: int, seed: int = 0) -> int:
    """Write the folder (replacing an earlier synthetic one); return the number of values."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        settings = out / "monitoring.yml"
        if not (settings.is_file() and settings.read_text(encoding="utf-8").startswith(MARKER.split(":")[0] + ":")):
            raise FileExistsError(out)
    files = synthesize(orgs, years, indicators, seed)
    new = staging_dir(out)
    try:
        for name, content in files.items():
            path = new / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    swap_in(new, out)
    return sum(content.count(b"\n") - 1 for name, content in files.items() if name.endswith("/values.csv"))


# --- tables -------------------------------------------------------------------


def _settings(orgs: int) -> str:
    region = orgs > 300
    conf = {
        "title": "Синтетический мониторинг эффективности руководителей образовательных организаций",
        "territory": "Синтетическая область" if region else "Синтетический муниципальный округ",
        "operator": "Синтетический региональный центр оценки качества образования"
        if region
        else "Синтетический информационно-методический центр",
        "demo": True,
        "demo_notice": (
            "Синтетические данные для проверки производительности: организации, названия и значения "
            "сгенерированы случайно и не относятся к реальным организациям."
        ),
        "kinds": {
            "general": "Общеобразовательные организации",
            "preschool": "Дошкольные образовательные организации",
            "additional": "Организации дополнительного образования",
        },
        "missing": "zero",
        "stable_tolerance": 0.5,
        "publish_personal_names": False,
    }
    return MARKER + "\n" + yaml.safe_dump(conf, allow_unicode=True, sort_keys=False, width=1000)


def _organizations(rng: np.random.Generator, n: int, years: list[int]) -> pd.DataFrame:
    """Every organization of the period: kind, names, first and last year, latent quality."""
    churn = max(1, round(CHURN_SHARE * n)) if len(years) > 1 else 0
    total = n + churn  # `churn` close before the last year; as many open after the first
    counts = [round(share * total) for _, share in KIND_SHARES]
    counts[0] = total - sum(counts[1:])
    kinds = np.repeat([k for k, _ in KIND_SHARES], counts)
    frames = []
    districts = max(3, n // 60)
    for kind, c in zip([k for k, _ in KIND_SHARES], counts):
        nums = np.arange(1, c + 1)
        variants = NAMES[kind]
        which = rng.integers(0, len(variants), c)
        frames.append(
            pd.DataFrame(
                {
                    "id": [f"{KIND_PREFIX[kind]}-{i:04d}" for i in nums],
                    "name": [variants[v][0].format(n=i) for v, i in zip(which, nums)],
                    "short_name": [variants[v][1].format(n=i) for v, i in zip(which, nums)],
                }
            )
        )
    pool = pd.concat(frames, ignore_index=True)
    pool["kind"] = kinds
    pool["district"] = [f"Синтетический район № {d}" for d in rng.integers(1, districts + 1, total)]
    pool["website"] = np.where(rng.random(total) < 0.85, "https://" + pool["id"] + ".example.org", "")
    first = np.full(total, years[0])
    last = np.full(total, years[-1])
    if churn:
        picked = rng.permutation(total)
        closing, opening = picked[:churn], picked[churn : 2 * churn]
        last[closing] = rng.choice(years[:-1], churn)
        first[opening] = rng.choice(years[1:], churn)
    pool["first"], pool["last"] = first, last
    kind_shift = pool["kind"].map({"general": 0.0, "preschool": 0.2, "additional": -0.2}).to_numpy()
    pool["quality"] = rng.normal(0, 1, total) + kind_shift
    pool["trend"] = rng.normal(0.05, 0.15, total)
    return pool


def _indicators(n: int, years: list[int]) -> pd.DataFrame:
    rows = []
    for j in range(n):
        base = BASES[j % len(BASES)]
        round_ = j // len(BASES)
        suffix = f" (вариант {round_ + 1})" if round_ else ""
        rows.append(
            {
                "id": base.slug + (f"-{round_ + 1}" if round_ else ""),
                "direction_id": base.direction,
                "name": base.name + suffix,
                "unit": base.unit,
                "polarity": base.polarity,
                "method": base.method,
                "max_points": base.max_points,
                "target": base.target,
                "weight": 2 if j % 7 == 0 else None,
                # Repeats apply to every kind: a region's catalogue is mostly common indicators.
                "kinds": "" if round_ else base.kinds,
                "source": base.source,
                "description": (
                    f"Синтетический показатель для проверки генератора: {base.name[0].lower()}{base.name[1:]}."
                ),
                "gen": base.gen,
                "difficulty": (j * 0.37) % 1.0 - 0.5,
                # The last indicator appears in the second year, to show a "new" series.
                "from": years[1] if (len(years) > 1 and j == n - 1 and n > 1) else years[0],
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("max_points", "target", "weight"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _directions(inds: pd.DataFrame) -> pd.DataFrame:
    used = set(inds["direction_id"])
    systems = [s for s in SYSTEMS if s[0] in used]
    tracks_used = used | {s[1] for s in systems}
    rows = []
    for tid, tname, tweight in TRACKS:
        if tid not in tracks_used:
            continue
        rows.append({"id": tid, "parent_id": "", "name": tname, "weight": tweight})
        rows += [
            {"id": sid, "parent_id": parent, "name": name, "weight": w}
            for sid, parent, name, w in systems
            if parent == tid
        ]
    frame = pd.DataFrame(rows)
    frame["weight"] = frame["weight"].astype("Int64")
    return frame


def _levels(rng: np.random.Generator) -> pd.DataFrame:
    high = int(rng.choice([80, 85]))
    medium = int(rng.choice([50, 55, 60]))
    return pd.DataFrame(
        {
            "id": ["high", "medium", "low"],
            "label": ["Высокий уровень", "Средний уровень", "Низкий уровень"],
            "min_score": [high, medium, 0],
            "color": ["#2e7d32", "#f9a825", "#c62828"],
        }
    )


def _recommendations(dirs: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {"direction_id": d.id, "levels": levels, "text": text.format(d=d.name)}
        for d in dirs.itertuples()
        for levels, text in RECOMMENDATIONS[: 2 + (len(d.id) % 2)]
    ]
    return pd.DataFrame(rows)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _values(rng: np.random.Generator, orgs: pd.DataFrame, inds: pd.DataFrame, t: int) -> pd.DataFrame:
    """One row per organization and applicable indicator, in file order."""
    all_kinds = [k for k, _ in KIND_SHARES]
    applies = np.array(
        [[not ks or k in ks.split(";") for k in all_kinds] for ks in inds["kinds"]], dtype=bool
    )  # [indicator, kind]
    kind_code = pd.Index(all_kinds).get_indexer(orgs["kind"])
    pair = applies[:, kind_code].T  # [org, indicator]
    o, i = np.nonzero(pair)  # row-major: organizations in file order, indicators in file order
    n = len(o)
    quality = orgs["quality"].to_numpy()[o] + orgs["trend"].to_numpy()[o] * t
    z = quality + inds["difficulty"].to_numpy()[i] + rng.normal(0, 0.6, n)
    u = rng.random(n)
    gen = inds["gen"].to_numpy()[i]
    top = inds["max_points"].astype(float).fillna(0).to_numpy()[i]
    counts_high = rng.poisson(np.exp(np.clip(1.2 + 0.6 * z, -5, 5)))
    counts_low = rng.poisson(np.exp(np.clip(-0.3 - 0.8 * z, -5, 5)))
    pct_low = 8.0 * _sigmoid(-1.0 - z)
    value = np.select(
        [
            gen == "bool",
            gen == "points",
            gen == "pct",
            gen == "pct_low",
            gen == "count",
            gen == "count_low",
            gen == "number",
            gen == "number_low",
        ],
        [
            (u < _sigmoid(1.2 + 1.5 * z)).astype(float),
            np.round(top * _sigmoid(0.6 + z)),
            np.round(100.0 * _sigmoid(0.2 + z), 1),
            np.where(pct_low < 0.5, 0.0, np.round(pct_low, 1)),
            counts_high.astype(float),
            counts_low.astype(float),
            np.round(np.clip(60.0 + 15.0 * z, 0.0, 100.0), 1),
            np.round(np.clip(2.0 - 1.0 * z, 0.0, None), 1),
        ],
        default=np.nan,
    )
    whole = value == np.floor(value)
    text = np.where(whole, value.astype(np.int64).astype(str), value.astype(str))
    missing = rng.random(n) < MISSING_SHARE
    # -- structure limits: validate refuses an organization with no value at all
    # (generator/structure.py), so each keeps its first; no extra random draws. --
    with_rows, first_row = np.unique(o, return_index=True)
    missing[first_row[np.bincount(o[~missing], minlength=len(orgs))[with_rows] == 0]] = False
    text = np.where(missing, "", text)
    note = np.where(missing & (rng.random(n) < 0.4), np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), n)], "")
    return pd.DataFrame(
        {
            "org_id": orgs["id"].to_numpy()[o],
            "indicator_id": inds["id"].to_numpy()[i],
            "value": text,
            "note": note,
        }
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m tools.synth",
        description="Записать синтетические данные заданного размера (для проверки производительности и тестов).",
    )
    p.add_argument("--orgs", type=int, required=True, help="число организаций в последнем году")
    p.add_argument("--years", type=int, required=True, help="число лет (последний — 2025)")
    p.add_argument("--indicators", type=int, required=True, help="число показателей")
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="начальное значение генератора случайных чисел (по умолчанию 0); одно значение — одни и те же файлы",
    )
    p.add_argument(
        "--out",
        required=True,
        help="папка для данных (monitoring.yml и папки лет); заменяется только папка с синтетическими данными",
    )
    args = p.parse_args(argv)
    out = Path(args.out).resolve()
    try:
        n = write_synthetic(out, args.orgs, args.years, args.indicators, args.seed)
    except FileExistsError:
        print(
            f"Папка {out} не пуста и не похожа на синтетические данные: укажите пустую или новую папку.",
            file=sys.stderr,
        )
        return 1
    except ValueError as err:
        print(f"Неверные параметры: {err}.", file=sys.stderr)
        return 1
    print(
        f"Синтетические данные записаны в {out}: организаций {args.orgs}, лет {args.years}, показателей "
        f"{args.indicators}, значений {n}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
