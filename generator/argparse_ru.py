"""argparse in Russian: usage, section titles, help of --help and argparse's own
error messages (a missing argument, an unknown option, a wrong choice with
«может быть, …?»), for every command of `monitoring-site`.

argparse looks its messages up through the module-level gettext functions `_`
and `ngettext` when it builds a parser and when it parses; RussianParser swaps
them for the Russian catalogue below during those calls only, so nothing else
in the process is affected.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterator
from contextlib import contextmanager

MESSAGES = {
    "usage: ": "использование: ",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "optional arguments": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию и выйти",
    "subcommands": "команды",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "expected one argument": "ожидается одно значение",
    "expected at most one argument": "ожидается не больше одного значения",
    "expected at least one argument": "ожидается хотя бы одно значение",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ignored explicit argument %r": "лишнее значение %r",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r (ожидается %(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (допустимы: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "неизвестная команда %(parser_name)r (есть: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "не удаётся открыть «%(filename)s»: %(error)s",
    "unexpected option string: %s": "неожиданный параметр: %s",
}
# ngettext: the singular message -> (one, few, many) Russian forms.
PLURALS = {
    "expected %s argument": ("ожидается %s значение", "ожидается %s значения", "ожидается %s значений"),
    "conflicting option string: %s": ("параметр уже определён: %s",) * 3,
}
# Names of argparse's type functions in «invalid %(type)s value».
TYPE_NAMES = {"int": "целое число", "float": "число"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    n10, n100 = n % 10, n % 100
    if n10 == 1 and n100 != 11:
        return forms[0]
    return forms[1] if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else forms[2]


@contextmanager
def russian() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class RussianParser(argparse.ArgumentParser):
    """An ArgumentParser that builds, parses, prints help and fails in Russian.
    Subcommand parsers are of the same class (argparse makes them with type(self))."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        with russian():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with russian():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):
        with russian():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with russian():
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with russian():
            return super().format_help()

    def format_usage(self) -> str:
        with russian():
            return super().format_usage()

    def error(self, message: str):
        with russian():
            super().error(message)

    def _check_value(self, action, value):
        # Unknown choices (a command, a format) name the allowed ones and the closest.
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
            maybe = f"; может быть, {close[0]}?" if close else ""
            raise argparse.ArgumentError(
                action, f"недопустимое значение «{value}» (допустимы: {', '.join(choices)}){maybe}"
            )

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as err:
            kind = TYPE_NAMES.get(getattr(action.type, "__name__", ""), "")
            if kind and "недопустимое значение" in str(err):
                raise argparse.ArgumentError(
                    action, f"недопустимое значение «{arg_string}»: ожидается {kind}"
                ) from None
            raise
