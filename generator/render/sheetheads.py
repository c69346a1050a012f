"""The heading rows of the sheets of the results workbook (render/spreadsheet.py)."""

from __future__ import annotations

# The same words as the titles of the results package's Table Schema (generator/export.py).
TOTALS_HEADER = [
    "Год",
    "Организация",
    "Тип организации",
    "Итоговый балл",
    "Место (от)",
    "Место (до)",
    "Уровень",
    "Изменение",
    "Динамика",
]
SCORES_HEADER = [
    "Год",
    "Идентификатор организации",
    "Организация",
    "Тип организации",
    "Что оценивается",
    "Показатель или направление",
    "Значение",
    "Балл",
    "Место (от)",
    "Место (до)",
    "Уровень",
    "Изменение",
    "Динамика",
]

_SUMMARY_TAIL = ["Охват", "Что оценивается", "Показатель или направление", "Свод, балл"]
_DYNAMICS = ["Уровень", "Число организаций", "Изменение", "Динамика"]
GROUPS_HEADER = ["Год", "Группа", *_SUMMARY_TAIL, *_DYNAMICS]
TERRITORIES_HEADER = ["Год", "Территория", "Вид территории", "Входит в", *_SUMMARY_TAIL, "Место (от)", "Место (до)"]
TERRITORIES_HEADER += _DYNAMICS

# Issue 11, item 9: every year's indicators with unit and source (the titles of indicators.csv).
INDICATORS_HEADER = ["Год", "Направление", "Показатель", "Единица", "Источник"]
