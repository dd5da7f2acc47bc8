from __future__ import annotations

import pytest

from classroom.core import i18n


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        ("en-US,en;q=0.9,ko;q=0.8", "en"),
        ("fr-FR,en;q=0.5,ko;q=0.7", "ko"),
        ("fr,de", None),
        ("en;q=0,ko;q=0.1", "ko"),
        ("EN", "en"),
        ("ko;q=abc,en", "en"),
    ],
)
def test_accept_language(header, expected):
    assert i18n.parse_accept_language(header) == expected


def test_user_setting_beats_cookie_beats_browser():
    assert i18n.choose("en", "ko", "ko") == "en"
    assert i18n.choose(None, "en", "ko") == "en"
    assert i18n.choose(None, None, "en-GB") == "en"
    assert i18n.choose(None, "xx", None) == "ko"


def test_register_requires_both_languages():
    with pytest.raises(ValueError, match="lacks"):
        i18n.register("tests", {"x.only_ko": {"ko": "한국어만"}})


def test_format_params_and_fallback():
    i18n.register("tests", {"x.greet": {"ko": "{name}님", "en": "Hi {name}"}})
    assert i18n.t("x.greet", "en", name="Kim") == "Hi Kim"
    assert i18n.t("x.greet", "fr", name="김") == "김님"
    assert i18n.t("x.unknown.key", "ko") == "x.unknown.key"


def test_a_key_belongs_to_one_catalogue():
    i18n.register("tests.one", {"x.owned": {"ko": "하나", "en": "one"}})
    i18n.register("tests.one", {"x.owned": {"ko": "하나", "en": "one"}})  # the same catalogue again: fine
    with pytest.raises(ValueError, match=r"already defined by tests\.one"):
        i18n.register("tests.two", {"x.owned": {"ko": "둘", "en": "two"}})
    assert i18n.t("x.owned", "en") == "one"


def test_every_registered_catalogue_is_complete_and_disjoint():
    from classroom.registry import registry

    registry.__wrapped__()  # not the cached result: registers every catalogue again, raising
    # on a key defined by two catalogues or a message missing a language
    assert i18n.has("error.not_found") and i18n.has("nav.courses") and i18n.has("lease.cap_exceeded")


def test_a_quoted_text_is_rendered_in_the_quoting_language():
    i18n.register(
        "tests.quote",
        {
            "x.unit": {"ko": "{n}시간", "en": "{n} h"},
            "x.sentence": {"ko": "총 {total}", "en": "{total} in total"},
        },
    )
    total = i18n.Text("x.unit", {"n": "12.5"})
    assert i18n.t("x.sentence", "en", total=total) == "12.5 h in total"
    assert i18n.render(i18n.Text("x.sentence", {"total": total}), "ko") == "총 12.5시간"
    assert i18n.render(i18n.Text("x.sentence", {"total": total}), "fr") == "총 12.5시간"
