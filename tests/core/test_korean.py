"""Korean particles follow how the word before them is read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.core import i18n
from classroom.core.korean import final_consonant, particle, with_particle

_READING = "영일이삼사오육칠팔구"


@pytest.mark.parametrize(
    ("word", "which", "expected"),
    [
        ("2027-05", "은", "2027-05는"),  # 오
        ("2027-10", "은", "2027-10은"),  # 시월/십
        ("2027-03", "는", "2027-03은"),  # 삼
        ("과정", "를", "과정을"),
        ("강의", "을", "강의를"),
        ("서울", "으로", "서울로"),  # ㄹ takes 로
        ("부산", "로", "부산으로"),
        ("3", "으로", "3으로"),
        ("7", "(으)로", "7로"),
        ("2", "으로", "2로"),
        ("100", "과", "100과"),  # 백
        ("1000", "와", "1000과"),  # 천
        ("10000", "은", "10000은"),  # 만
        ("₩5,200,000,000", "이", "₩5,200,000,000이"),  # 52억
        ("1,000,000,000,000", "가", "1,000,000,000,000가"),  # 조
        ("0", "이", "0이"),  # 영
        ("B동 301호", "은", "B동 301호는"),
        ("(주)대성정밀", "은", "(주)대성정밀은"),
        ("'한빛'", "이", "'한빛'이"),
        ("AI", "이", "AI가"),
        ("ML", "은", "ML은"),
        ("computer", "는", "computer는"),
        ("Python", "을", "Python을"),
        ("?", "을", "?을(를)"),
        ("10%", "이", "10%가"),
        ("", "이", "이(가)"),
        ("!", "으로", "!(으)로"),
    ],
)
def test_examples(word: str, which: str, expected: str) -> None:
    assert with_particle(word, which) == expected


@given(st.integers(min_value=1, max_value=10**15))
def test_numbers_read_like_their_last_spoken_unit(n: int) -> None:
    text = str(n)
    zeros = len(text) - len(text.rstrip("0"))
    if zeros == 0:
        reading = _READING[int(text[-1])]
    else:
        reading = "십백천만만만만억억억억"[zeros - 1] if zeros <= 11 else "조"
    expected = (ord(reading) - 0xAC00) % 28
    assert final_consonant(text) == expected
    assert final_consonant(f"{n:,}") == expected  # grouping does not change the reading


@given(st.integers(min_value=0xAC00, max_value=0xD7A3), st.sampled_from(["은", "이", "을", "과", "으로"]))
def test_every_syllable_gets_one_of_the_pair(code: int, which: str) -> None:
    word = chr(code)
    result = particle(word, which)
    final = (code - 0xAC00) % 28
    if which == "으로":
        assert result == ("로" if final in (0, 8) else "으로")
    else:
        assert (result == which) == (final != 0)
        assert "(" not in result


def test_messages_choose_the_particle_by_format_spec() -> None:
    i18n.register(
        "tests.korean", {"tests.korean.x": {"ko": "{month:은} 이미 마감된 달입니다", "en": "{month} closed"}}
    )
    assert i18n.t("tests.korean.x", "ko", month="2027-05") == "2027-05는 이미 마감된 달입니다"
    assert i18n.t("tests.korean.x", "ko", month="2027-06") == "2027-06은 이미 마감된 달입니다"
    assert i18n.t("tests.korean.x", "en", month="2027-05") == "2027-05 closed"


def test_an_empty_value_after_a_colon_leaves_no_dangling_colon() -> None:
    i18n.register(
        "tests.korean.tail",
        {
            "tests.korean.tail": {
                "ko": "이메일 형식이 올바르지 않습니다: {value}",
                "en": "Not an e-mail address: {value}",
            }
        },
    )
    assert i18n.t("tests.korean.tail", "ko", value="") == "이메일 형식이 올바르지 않습니다."
    assert i18n.t("tests.korean.tail", "en", value=" ") == "Not an e-mail address."
    assert i18n.t("tests.korean.tail", "ko", value="x@") == "이메일 형식이 올바르지 않습니다: x@"
