"""A meta description for every page (<meta name="description">): what a
search engine or a shared link shows under the title. One sentence of plain
text, built from the read model; the theme writes page.meta.description into
the attribute, so it is HTML-escaped where it is set (generator/fragments.py
hook: meta_description)."""

from __future__ import annotations

import html
import re

from generator import russian
from generator.render import cyclesite
from generator.render import urls as U
from generator.render.readmodel import ReadModel

MAX_CHARS = 300  # search engines show about 160; the rest is cut with «…»
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


def descriptions(lk: ReadModel, pages: dict[str, str]) -> dict[str, str]:
    """{docs-relative .md path: description} for every generated page."""
    s = lk.ds.settings
    where = f" ({s.territory})" if s.territory else ""
    monitoring = "мониторинга эффективности руководителей образовательных организаций" + where
    out = {
        U.HOME: f"Открытые результаты {monitoring}: итоги {lk.latest} года, уровни, места и динамика каждой "
        "школы, детского сада и организации дополнительного образования.",
        U.ORGANIZATIONS: f"Список организаций {monitoring} с итоговым баллом и уровнем последнего года участия.",
        U.CATALOG: f"Направления и показатели {monitoring}: что измеряет каждый показатель и как он оценивается.",
        U.METHODOLOGY: f"Методика расчёта {monitoring}: баллы показателей, направлений и итоговый балл, уровни, "
        "места, динамика, с примером расчёта по данным.",
        U.DATA: f"Данные {monitoring} для загрузки: баллы, муниципальные значения и рекомендации в CSV и Excel, "
        "исходные данные каждого года.",
        U.CORRECTIONS: f"Журнал исправлений данных {monitoring}: что, когда и почему исправлено.",
        U.ERRORS: "Справочник ошибок проверки данных мониторинга: что означает каждое сообщение и что сделать.",
        U.GLOSSARY: "Словарь сокращений, которые встречаются в показателях и рекомендациях мониторинга.",
        U.SOURCES: f"Источники данных {monitoring}: откуда берутся значения каждого показателя и в чём они "
        "измеряются, по направлениям.",
    }
    if U.CALENDAR in pages:
        out[U.CALENDAR] = f"Сроки {monitoring}: этапы годового цикла, их даты и ответственные."
    for y in lk.years:
        out[U.year(y)] = (
            f"Результаты {monitoring} за {y} год: рейтинг организаций каждого типа, свод по направлениям "
            "и динамика показателей."
        )
    for org_id in lk.org:
        y = lk.org_years[org_id][-1]
        total = lk.org_totals.get(org_id, {}).get(y)
        text = f"{lk.name(org_id)}: результаты мониторинга эффективности руководителя"
        if total is not None and total.score == total.score:
            lv = lk.level(y, total.level)
            text += f", итоговый балл {russian.score(total.score)} из 100 в {y} году"
            text += f" ({russian.lower_first(lv.label)})" if lv else ""
        out[U.org(org_id)] = text + "; история по годам и значения показателей."
    for ind_id, ind in lk.indicator.items():
        out[U.indicator(ind_id)] = f"Показатель «{ind.name}»: муниципальные значения по годам и результаты организаций."
    for dir_id, d in lk.direction.items():
        out[U.direction(dir_id)] = f"Направление «{d.name}»: свод по годам и результаты организаций."
    out.update({p: text for p, text in cyclesite.descriptions(lk, monitoring).items() if p in pages})
    for unit_id, unit in lk.units.unit.items():
        out[U.territory(unit_id)] = (
            f"{unit.name}: результаты {monitoring} — свод, уровень и место территории по годам, её организации."
        )
    if lk.units.unit:
        out[U.TERRITORIES] = f"Территории {monitoring}: свод, уровень, место и динамика каждой."
    for path, md in pages.items():
        if path not in out:  # numbered list pages: their heading and the site's subject
            m = _HEADING.search(md)
            heading = russian.clean(html.unescape(m.group(1))).strip() if m else ""
            out[path] = f"{heading} — результаты {monitoring}." if heading else f"Результаты {monitoring}."
    return {path: _cut(russian.clean(text)) for path, text in out.items()}


def _cut(text: str) -> str:
    text = russian.no_break(" ".join(text.split()))
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"
