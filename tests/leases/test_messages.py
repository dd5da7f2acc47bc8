"""The leases catalogues: Korean and English say the same thing with the same numbers."""

from __future__ import annotations

import string

import pytest

from classroom.core import i18n
from classroom.leases.messages import MESSAGES
from classroom.web.leases.messages import MESSAGES as PAGE_MESSAGES

CATALOGUES = {"leases": MESSAGES, "web.leases": PAGE_MESSAGES}


def _fields(template: str) -> dict[str, str]:
    return {name: spec or "" for _, name, spec, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_both_languages_name_the_same_parameters(catalogue: str) -> None:
    mismatched = {
        key: (_fields(texts["ko"]), _fields(texts["en"]))
        for key, texts in CATALOGUES[catalogue].items()
        if set(_fields(texts["ko"])) != set(_fields(texts["en"])) or not texts["ko"] or not texts["en"]
    }
    assert mismatched == {}


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_numeric_parameters_render(catalogue: str) -> None:
    """A parameter with a number format ("₩{budget:,}") is given a number by its rule; the
    template must accept one in both languages."""
    for key, texts in CATALOGUES[catalogue].items():
        for lang in ("ko", "en"):
            params = {name: 1234.5 if "f" in spec else 1234 for name, spec in _fields(texts[lang]).items()}
            assert "{" not in i18n.fill(texts[lang], **params), (key, lang)


def test_money_and_sizes_are_rendered_by_the_catalogue() -> None:
    budget = MESSAGES["programme.budget_below_committed"]["en"]
    assert budget.format(budget=1_000, committed=150_000) == (
        "The budget ₩1,000 cannot be below the ₩150,000 already committed."
    )
    storage = MESSAGES["quota.storage"]["ko"].format(limit=100.0, used=99.0, adding=1.5, per_classroom=50.0)
    assert "저장 용량 100.0 GB 중 99.0 GB" in storage and "강의실당 50.0 GB" in storage
