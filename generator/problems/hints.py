"""Hints: why a cell is wrong and what staff probably meant, for the {reason}
and {advice} placeholders of the codes in tables.py. The fix names the value
staff probably meant; it is never used silently."""

from __future__ import annotations

import difflib
import re
import unicodedata

from generator.problems.tables import SAVE_AS as LIBREOFFICE_EXPORT

# ASCII digits only: Python's \d also matches Arabic-Indic and other digits,
# which pandas would then fail to convert and silently read as "not reported".
NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
MISSING_MARKERS = {"н/д", "нд", "н.д.", "нет данных", "n/a", "na", "null", "none", "#н/д", "#n/a", "x", "х"}
DASHES = {"-", "—", "–", "\u2212"}
YES_NO = {"да": "1", "нет": "0", "yes": "1", "no": "0", "true": "1", "false": "0", "истина": "1", "ложь": "0", "+": "1"}
NOT_FINITE = {
    "nan",
    "+nan",
    "-nan",
    "inf",
    "+inf",
    "-inf",
    "infinity",
    "+infinity",
    "-infinity",
    "#знач!",
    "#value!",
    "#дел/0!",
    "#div/0!",
}
# Cyrillic letters that look like Latin ones, as typed on a Russian keyboard layout.
LOOKALIKE = str.maketrans("аеорсхукАВЕКМНОРСТХУ", "aeopcxykABEKMHOPCTXY")


def number_hint(value: str) -> tuple[str, str]:
    """Why a cell is not a number, and what to do, for the usual spreadsheet habits.
    The fix names the number staff probably meant; it is never used silently."""
    v = value.strip()
    low = v.lower()
    if not v:
        return (
            "ячейка содержит только пробелы.",
            "очистите ячейку (пустое значение означает «не представлено») или введите число.",
        )
    if low in DASHES:
        return (
            "прочерк вместо значения.",
            "если это «нет» (0), укажите 0; если данных нет, оставьте ячейку пустой — это означает «не "
            "представлено»; пояснение запишите в столбец note.",
        )
    if low in MISSING_MARKERS:
        return (
            "отметка «нет данных» вместо значения.",
            "оставьте ячейку пустой: пустое значение означает «не представлено»; пояснение запишите в столбец note.",
        )
    if low in YES_NO:
        return "слово вместо числа.", f"для показателей «да/нет» пишите 1 (да) или 0 (нет): здесь {YES_NO[low]}."
    if low in NOT_FINITE:
        return (
            "NaN, бесконечность или ошибка формулы.",
            "укажите конечное значение или оставьте ячейку пустой, если значение не представлено.",
        )
    if "_" in v:
        return "подчёркивание внутри числа.", "запишите число без «_» и других разделителей разрядов."
    habits, guess = _number_habits(value)
    if habits and guess and re.fullmatch(NUMBER_RE, guess):
        return (
            ", ".join(habits) + ".",
            f"запишите {guess}. Так выгружает Excel/LibreOffice с русскими настройками; чтобы не править вручную: "
            + LIBREOFFICE_EXPORT,
        )
    if habits:
        return ", ".join(
            habits
        ) + ".", "укажите число цифрами 0–9 с точкой в качестве десятичного разделителя, например 12.5."
    return (
        "в ячейке не цифры, а текст или другие знаки.",
        "укажите число цифрами 0–9 с точкой в качестве десятичного разделителя, например 12.5; пустая ячейка — "
        "«не представлено».",
    )


def _number_habits(value: str) -> tuple[list[str], str | None]:
    """The spreadsheet habits found in a number, and the number without them
    (None when what was meant cannot be told, e.g. «12 5»)."""
    habits = []
    s = value
    if s != s.strip():
        habits.append("пробелы в начале или в конце")
        s = s.strip()
    if s.endswith("%"):
        habits.append("знак «%» (процент записывается числом от 0 до 100 без знака)")
        s = s[:-1].rstrip()  # «85 %», as the Russian number format writes it
    if re.search(r"\s", s):
        # Only digit grouping (1 234 567) is read back; any other space is a typo to look at.
        grouped = re.fullmatch(r"[+-]?[0-9]{1,3}(?:\s[0-9]{3})+(?:[.,][0-9]+)?", s)
        habits.append(
            "пробелы внутри числа (разделители разрядов, часто неразрывные)" if grouped else "пробел внутри числа"
        )
        if not grouped:
            return habits, None
        s = re.sub(r"\s", "", s)
    if s[:1] in ("\u2212", "\u2013", "\u2014"):
        habits.append("вместо знака минус — тире или типографский минус")
        s = "-" + s[1:]
    if any(ch.isdigit() and not ch.isascii() for ch in s):
        habits.append("цифры не из набора 0–9")
        s = "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in s)
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]+", s):
        habits.append("десятичная запятая вместо точки")
        s = s.replace(",", ".")
    return habits, s


def slug_hint(value: str) -> tuple[str, str]:
    """What is wrong with an identifier, and the id staff probably meant."""
    rule = "идентификатор — строчные латинские буквы, цифры, «-» и «_», без пробелов, например sch-01"
    if any("\u0400" <= ch <= "\u04ff" for ch in value):
        latin = value.translate(LOOKALIKE).lower()
        # Only a mix of scripts is a look-alike slip; an all-Cyrillic id is a word to transliterate.
        if re.search(r"[a-z]", value) and re.fullmatch(r"[a-z0-9][a-z0-9_;-]*", latin):
            return (
                "в идентификаторе есть кириллические буквы, похожие на латинские (а, е, о, р, с, х и др.)",
                f"наберите его латиницей: {latin}.",
            )
        return "в идентификаторе есть кириллические буквы", rule + "."
    if "/" in value or "\\" in value or ".." in value:
        return "идентификатор похож на путь к файлу", rule + "."
    if value != value.strip() or " " in value:
        return (
            "в идентификаторе есть пробелы",
            f"{rule}: {re.sub(r' *; *', ';', value.strip())}." if ";" in value else rule + ".",
        )
    if value != value.lower():
        return "в идентификаторе есть заглавные буквы", f"наберите строчными: {value.lower()}."
    return "идентификатор не соответствует правилу", rule + "."


def format_fix(name: str, title: str) -> str:
    """The fix for a value not in the format of its column."""
    if name == "website":
        return "укажите адрес сайта целиком, начиная с https://, например https://school1.example.ru."
    if name == "color":
        return "укажите цвет в формате #RRGGBB, например #2e7d32."
    return f"проверьте формат столбца «{name}» ({title})."


def maybe(value: object, known) -> str:
    """« Может быть, sch-02?» for an id that names nothing: the closest known id
    of each ";"-separated item (case and spaces ignored), or "" when none is close."""
    known = [str(k) for k in known if k]
    lowered = {k.lower(): k for k in known}
    guesses = []
    for item in str(value).split(";"):
        item = item.strip().lower()
        close = difflib.get_close_matches(item, list(lowered), n=1, cutoff=0.6) if item else []
        if close and lowered[close[0]] != str(value):
            guesses.append(lowered[close[0]])
    return f" Может быть, {'; '.join(dict.fromkeys(guesses))}?" if guesses else ""
