"""monitoring.yml has shapes: no YAML anchors or aliases (an alias bomb is
refused before anything is constructed), a size limit, a length limit on every
text, and site_url a plain http(s) address. Each refusal is a Russian message
naming the file and the line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.settings import MAX_LENGTH, MAX_SETTINGS_BYTES, http_url_problem, parse_settings

REPO = Path(__file__).resolve().parent.parent
FILE = "data/monitoring.yml"
VALID = (REPO / "data" / "monitoring.yml").read_text(encoding="utf-8")
APPENDED = VALID.count("\n") + 1  # the line of a setting appended to the demo file

# The classic billion laughs: nine levels of ten aliases, 10**9 strings when expanded.
ALIAS_BOMB = (
    "\n".join(
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
        + ["title: *i"]
    )
    + "\n"
)


def parse(text: str):
    return parse_settings(text, FILE)


def only(problems, line: int | None, column: str | None = None):
    assert len(problems) == 1, [p.text() for p in problems]
    p = problems[0]
    assert (p.file, p.row, p.column) == (FILE, line, column), p.text()
    return p


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    return folder


# --- anchors and aliases ----------------------------------------------------------


def test_yaml_alias_bomb_refused_with_line(monkeypatch):
    # Construction must never start: a constructor that is reached fails the test.
    def never(*args, **kwargs):
        raise AssertionError("the settings were constructed")

    monkeypatch.setattr(yaml.SafeLoader, "construct_document", never)
    monkeypatch.setattr(yaml.SafeLoader, "construct_object", never)
    monkeypatch.setattr(yaml, "safe_load", never)
    settings, problems = parse(ALIAS_BOMB)
    assert settings.kinds == {}
    assert problems[0].row == 1 and problems[0].value == "&a"
    assert "якоря и ссылки YAML" in problems[0].message
    assert [p.row for p in problems] == list(range(1, 11))
    assert problems[-1].value == "*i" and "впишите значение целиком" in problems[-1].fix


def test_yaml_alias_to_string_setting_refused_with_line():
    text = VALID.replace('operator: "МКУ', 'operator: &op "МКУ') + "demo_notice: *op\n"
    settings, problems = parse(text)
    assert [(p.row, p.value) for p in problems] == [(3, "&op"), (APPENDED, "*op")]
    assert [p.code for p in problems] == ["settings-yaml-anchor", "settings-yaml-alias"] and all(
        p.file == FILE for p in problems
    )
    assert "в monitoring.yml не допускаются якоря и ссылки YAML (&имя, *имя)." in problems[0].text()


def test_yaml_merge_key_with_alias_refused():
    text = 'kinds: &k\n  general: "Школы"\nextra:\n  <<: *k\n'
    _, problems = parse(text)
    assert [p.row for p in problems] == [1, 4]


def test_deep_nesting_refused_without_recursion_error():
    _, problems = parse("title: " + "[" * 5000 + "\n")
    p = only(problems, 1)
    assert "слишком глубокая вложенность" in p.message


def test_date_that_is_not_a_date_reported_with_line():
    _, problems = parse(VALID.replace('territory: "Тихоозёрский муниципальный округ"', "territory: 2025-13-45"))
    p = only(problems, 2)
    assert "заключите значение в кавычки" in p.fix


# --- size and length limits ----------------------------------------------------------


def test_settings_file_over_size_limit_refused_naming_file(monkeypatch):
    monkeypatch.setattr(yaml, "parse", lambda *a, **k: pytest.fail("a file over the limit was parsed"))
    text = VALID + "# " + "x" * MAX_SETTINGS_BYTES + "\n"
    settings, problems = parse(text)
    p = only(problems, None)
    assert p.code == "settings-too-large" and FILE in p.message and "КБ" in p.message
    assert settings.kinds == {}


@pytest.mark.parametrize("key", ["title", "territory", "operator", "demo_notice", "site_url"])
def test_string_setting_over_length_limit_refused_with_line(key):
    limit = MAX_LENGTH[key]
    value = "https://example.ru/" + "a" * limit if key == "site_url" else "а" * (limit + 1)
    _, problems = parse(VALID + f"site_url: {json.dumps(value)}\n" if key == "site_url" else _set(key, value))
    p = next(p for p in problems if p.column == key)
    assert p.row == (APPENDED if key == "site_url" else _line(key))
    assert f"параметр {key} длиннее {limit} символов" in p.message and str(limit) in p.fix


def test_title_at_length_limit_accepted_one_more_refused():
    settings, problems = parse(_set("title", "а" * 200))
    assert problems == [] and len(settings.title) == 200
    _, problems = parse(_set("title", "а" * 201))
    assert only(problems, 1, "title").message == "параметр title длиннее 200 символов (в нём 201)."


def test_kind_label_over_length_limit_refused_with_line():
    text = VALID.replace('  preschool: "Дошкольные образовательные организации"', '  preschool: "' + "д" * 201 + '"')
    settings, problems = parse(text)
    p = only(problems, 8, "kinds.preschool")
    assert "длиннее 200 символов" in p.message
    assert settings.kinds == {}


def test_kind_id_over_length_limit_refused_with_line():
    text = VALID.replace("  preschool:", "  " + "p" * 51 + ":")
    _, problems = parse(text)
    p = only(problems, 8, "kinds." + "p" * 51)
    assert "идентификатор типа длиннее 50 символов" in p.message


def test_thousands_of_unknown_keys_give_a_bounded_report():
    text = VALID + "".join(f"key{i}: 1\n" for i in range(3000))
    _, problems = parse(text)
    assert len(problems) == 21
    assert "ещё ошибок в этом файле: 2980" in problems[-1].message and problems[-1].row == APPENDED + 20


# --- site_url ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "http:// или https://"),
        ('https://example.ru/"><script>alert(1)</script>', '«"»'),
        ("https://example.ru/'onmouseover='x", "«'»"),
        ("https://example.ru/<b>", "«<»"),
        ("https://example.ru\\evil", "«\\»"),
        ("https://exa mple.ru/", "пробел"),
        ("https://example.ru/\u202e", "U+202E"),
        ("https://user:secret@example.ru/", "имя пользователя или пароль"),
        ("https:///path", "нет имени сайта"),
        ("ftp://example.ru/", "http:// или https://"),
        ("https://example.ru/?page=1", "«?» и «#»"),
    ],
)
def test_bad_site_url_refused_with_line(url, reason):
    _, problems = parse(VALID + f"site_url: {json.dumps(url)}\n")
    p = only(problems, APPENDED, "site_url")
    assert p.message.startswith("адрес сайта недопустим: ") and reason in p.message, p.message
    assert "https://" in p.fix


GOOD_URLS = ["https://monitoring.example.ru/", "http://localhost:8000/", "https://мониторинг.рф/сайт/"]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_good_site_url_accepted(url):
    settings, problems = parse(VALID + f"site_url: {json.dumps(url)}\n")
    assert problems == [] and settings.site_url == url
    assert http_url_problem(url) is None


def test_http_url_problem_is_reusable_for_links_in_data():
    assert http_url_problem("https://school1.example.ru/about?x=1#y") is None
    assert http_url_problem("javascript:alert(1)") == "адрес должен начинаться с http:// или https://"
    assert http_url_problem("") == "адрес пуст"
    # In monitoring.yml an empty site_url still means "no site_url".
    settings, problems = parse(VALID + 'site_url: ""\n')
    assert problems == [] and settings.site_url == ""
    assert http_url_problem(42) == "ожидается текст"
    assert "длиннее 30 символов" in http_url_problem("https://example.ru/" + "a" * 20, limit=30)


# --- end to end ----------------------------------------------------------------------


def test_cli_validate_refuses_javascript_site_url_in_russian(data, capsys):
    with (data / "monitoring.yml").open("a", encoding="utf-8") as f:
        f.write('site_url: "javascript:alert(document.domain)"\n')
    assert main(["validate", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"monitoring.yml, строка {APPENDED}, столбец «site_url»: адрес сайта недопустим" in err
    assert "Traceback" not in err


def test_cli_validate_refuses_alias_bomb_without_traceback(data):
    (data / "monitoring.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--data", str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "monitoring.yml, строка 10: в monitoring.yml не допускаются якоря и ссылки YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- helpers ------------------------------------------------------------------------


def _line(key: str) -> int:
    return next(i for i, line in enumerate(VALID.splitlines(), 1) if line.startswith(key + ":"))


def _set(key: str, value: str) -> str:
    lines = VALID.splitlines(keepends=True)
    lines[_line(key) - 1] = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    return "".join(lines)


# --- contacts, repository, glossary, kinds' singular (issue 13) -------------------


def test_public_settings_of_the_demo_are_read():
    settings, problems = parse(VALID)
    assert problems == []
    assert settings.repository.startswith("https://") and settings.contacts["email"] == "imc@tikhoozersk.example"
    assert settings.glossary["ОВЗ"] == "ограниченные возможности здоровья"
    assert settings.singular("general") == "общеобразовательная организация"


def test_kind_with_its_singular():
    text = VALID.replace(
        '  preschool: "Дошкольные образовательные организации"',
        '  preschool: {label: "Детские сады", singular: "детский сад"}',
    )
    settings, problems = parse(text)
    assert problems == [] and settings.kinds["preschool"] == "Детские сады"
    assert settings.singular("preschool") == "детский сад"
    _, problems = parse(text.replace("singular:", "one:"))
    assert only(problems, 8, "kinds.preschool").code == "settings-bad-kind-forms"


@pytest.mark.parametrize(
    ("entry", "column", "code", "words"),
    [
        ('  email2: "imc(at)example.ru"', "contacts.email2", "settings-unknown-key", None),
        ('  url: "imc(at)example.ru"', "contacts.url", "settings-bad-contact", "http:// или https://"),
        ('  url: "javascript:alert(1)"', "contacts.url", "settings-bad-contact", "http:// или https://"),
        ('  fax: "1"', "contacts.fax", "settings-unknown-key", None),
    ],
)
def test_bad_contact_refused_with_line(entry, column, code, words):
    text = VALID.replace('  hours: "пн–пт, 9:00–17:00"', entry)
    line = VALID.splitlines().index('  hours: "пн–пт, 9:00–17:00"') + 1
    _, problems = parse(text)
    p = only(problems, line, column)
    assert p.code == code and (words is None or words in p.message), p.text()


@pytest.mark.parametrize(
    ("entry", "column", "code"),
    [
        ('  "<b>ОВЗ": "x"', "glossary.<b>ОВЗ", "settings-bad-abbreviation"),
        ('  ОВЗ: ""', "glossary.ОВЗ", "settings-bad-expansion"),
        ("  ОВЗ: 5", "glossary.ОВЗ", "settings-bad-expansion"),
    ],
)
def test_bad_glossary_entry_refused_with_line(entry, column, code):
    old = '  ОВЗ: "ограниченные возможности здоровья"'
    text = VALID.replace(old, entry)
    _, problems = parse(text)
    p = only(problems, VALID.splitlines().index(old) + 1, column)
    assert p.code == code, p.text()


def test_bad_repository_and_sections_refused():
    _, problems = parse(VALID.replace('repository: "https://', 'repository: "ftp://'))
    p = only(problems, _line("repository"), "repository")
    assert p.code == "settings-bad-repository" and "http:// или https://" in p.message
    for section, code in (("glossary", "settings-glossary-not-mapping"), ("contacts", "settings-contacts-not-mapping")):
        lines = VALID.splitlines(keepends=True)
        start = _line(section) - 1
        end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
        text = "".join(lines[:start] + [f'{section}: "ВСОКО"\n'] + lines[end:])
        _, problems = parse(text)
        assert only(problems, _line(section), section).code == code, section


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('  email: "imc@tikhoozersk.example"', '  email: "imc(at)example.ru"', "imc@example.ru"),
        ('  phone: "+7 (000) 000-00-00"', '  phone: "звоните"', "цифрами"),
    ],
)
def test_bad_email_and_phone_refused_with_line(old, new, words):
    _, problems = parse(VALID.replace(old, new))
    p = only(problems, VALID.splitlines().index(old) + 1, "contacts." + old.split(":")[0].strip())
    assert p.code == "settings-bad-contact" and words in p.message, p.text()
