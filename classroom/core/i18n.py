"""Messages in Korean (default) and English; each domain registers its own catalogue.

A message may quote another one: a `Text` given as a parameter is rendered in the language of
the message that quotes it, so domain code builds texts (keys and figures) without knowing the
reader's language, and the catalogues hold every word.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classroom.core.korean import PAIRS, with_particle

SUPPORTED = ("ko", "en")
DEFAULT = "ko"

_CATALOG: dict[str, dict[str, str]] = {}
_SOURCE: dict[str, str] = {}  # key → the catalogue that defined it


def register(source: str, messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add one package's catalogue. A key belongs to one catalogue: defining it again elsewhere
    is refused, so two packages cannot silently overwrite each other's wording. Registering
    the same catalogue again (a second app in one process) changes nothing."""
    for key, texts in messages.items():
        missing = [lang for lang in SUPPORTED if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} of {source} lacks {missing}")
        owner = _SOURCE.get(key)
        if owner is not None and owner != source:
            raise ValueError(f"message {key!r} of {source} is already defined by {owner}")
    for key, texts in messages.items():
        _SOURCE[key] = source
        _CATALOG[key] = dict(texts)


@dataclass(frozen=True)
class Text:
    """A catalogue message and its parameters, rendered later in the reader's language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


def t(key: str, lang: str = DEFAULT, /, **params: object) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts[DEFAULT]
    values = {
        name: render(value, lang) if isinstance(value, Text) else value for name, value in params.items()
    }
    template = _without_empty_tail(template, values)
    try:
        return _FORMATTER.format(template, **values)
    except (KeyError, IndexError, ValueError):
        return template


_TAIL = re.compile(r"\s*[:：]\s*\{(\w+)(?:[:!][^}]*)?\}\.?$")


def _without_empty_tail(template: str, values: Mapping[str, object]) -> str:
    """ "…입니다: {value}" with an empty value reads "…입니다." — never a dangling colon."""
    match = _TAIL.search(template)
    if match is None or str(values.get(match.group(1), "")).strip():
        return template
    head = template[: match.start()]
    return head if head.endswith((".", "!", "?", "다.")) else head + "."


class _Formatter(string.Formatter):
    """`str.format`, plus Korean particles as format specs: "{month:은}" → "2027-05는"."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec in PAIRS:
            return with_particle(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fill(template: str, /, **values: object) -> str:
    """Fill a catalogue template the way `t` does (particles included)."""
    return _FORMATTER.format(template, **values)


def render(text: Text, lang: str = DEFAULT) -> str:
    return t(text.key, lang, **text.params)


def has(key: str) -> bool:
    return key in _CATALOG


def parse_accept_language(header: str | None) -> str | None:
    """Best supported language of an Accept-Language header, honouring q-values."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        base = tag.split("-")[0]
        if base in SUPPORTED and quality > 0:
            choices.append((-quality, index, base))
    if not choices:
        return None
    return sorted(choices)[0][2]


def choose(user_locale: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The user's own setting wins, then an explicit choice on the page, then the browser."""
    for candidate in (user_locale, cookie):
        if candidate in SUPPORTED:
            return candidate
    return parse_accept_language(accept_language) or DEFAULT
