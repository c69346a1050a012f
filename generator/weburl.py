"""Is a string a plain web address that can be written into a link or an
HTML attribute as it is? Shared by the settings (site_url, repository,
contacts.url) and the data (organizations' websites)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

MAX_URL = 300


# Characters refused in a web address (besides spaces and invisible ones):
# those RFC 3986 does not allow, and the apostrophe, which ends an HTML attribute.
_URL_BAD_CHARS = {
    '"': "кавычка",
    "'": "апостроф",
    "`": "обратный апостроф",
    "<": "угловая скобка",
    ">": "угловая скобка",
    "\\": "обратная косая черта",
    "{": "фигурная скобка",
    "}": "фигурная скобка",
    "|": "вертикальная черта",
    "^": "знак «^»",
}
_HOST_RE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.?")


def http_url_problem(value: object, limit: int = MAX_URL) -> str | None:
    """Why `value` is not a plain web address that can be written into a link
    or an HTML attribute as it is: http or https, a host, no user or password,
    no quotes, angle brackets, backslashes, spaces or invisible characters.
    None when it is fine; otherwise the reason in Russian, lower case, without a
    final full stop, to follow «адрес недопустим: ». An empty value is a problem
    here: callers that allow "no address" check for "" first."""
    if not isinstance(value, str):
        return "ожидается текст"
    if not value:
        return "адрес пуст"
    if len(value) > limit:
        return f"адрес длиннее {limit} символов (в нём {len(value)})"
    for ch in value:
        if ch == " ":
            return "в адресе пробел"
        if ch.isspace() or unicodedata.category(ch)[0] in "CZ":
            return f"в адресе невидимый или управляющий символ U+{ord(ch):04X}"
        if ch in _URL_BAD_CHARS:
            return f"в адресе недопустим символ «{ch}» ({_URL_BAD_CHARS[ch]})"
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return "после знака «%» должны идти две шестнадцатеричные цифры, например %20"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "адрес не разбирается: проверьте квадратные скобки и номер порта после «:»"
    if parts.scheme not in ("http", "https"):
        return "адрес должен начинаться с http:// или https://"
    if "@" in parts.netloc:
        return "в адресе указаны имя пользователя или пароль (часть до «@»)"
    host = parts.hostname
    if not host:
        return "в адресе нет имени сайта после «//»"
    if not parts.netloc.startswith("[") and not _HOST_RE.fullmatch(host):
        return "имя сайта задано неверно: допустимы буквы, цифры, «-» и точки между ними"
    return None
