"""Spanish cardinal parsing: digits with Spanish separators and number words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("38", 38),
        ("1.200", 1200),
        ("1 200", 1200),
        ("1\u00a0200", 1200),
        ("12.500.000", 12500000),
        ("12,500", 12500),
        ("  7 ", 7),
        ("ciento setenta", 170),
        ("cuatro", 4),
        ("Cuatro", 4),
        ("veintidós", 22),
        ("veintidos", 22),
        ("VEINTISÉIS", 26),
        ("mil doscientos", 1200),
        ("treinta y ocho", 38),
        ("doscientas cincuenta", 250),
        ("un", 1),
        ("una", 1),
        ("uno", 1),
        ("veintiún", 21),
        ("una docena", 12),
        ("dos docenas", 24),
        ("30 mil", 30000),
        ("tres mil", 3000),
        ("2 millones", 2000000),
        ("1,5 millones", 1500000),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1,5", "12,50", "1.200,50", "1.5", "1.2345", "", "   ", "abc", "3er", "1.º", "2°", "-", "cuatro aprendices", "y"],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_offsets_and_kinds() -> None:
    text = "Participaron 25 aprendices, cinco instructores y ciento veinte personas; 3,5 horas."
    found = find_numbers(text)
    assert [(n.value, text[n.start : n.end], n.kind) for n in found] == [
        (25, "25", "digits"),
        (5, "cinco", "words"),
        (120, "ciento veinte", "words"),
    ]


def test_two_word_numbers_in_a_row_are_split() -> None:
    assert [n.value for n in find_numbers("cuatro cinco")] == [4, 5]


def test_multiplier_belongs_to_digits() -> None:
    found = find_numbers("unos 30 mil jóvenes")
    assert [(n.value, n.kind) for n in found] == [(30000, "digits")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,º°ynueveintcas\nmildos")), max_size=60))
def test_find_numbers_never_fails(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text)
        assert n.value >= 0
    parse_number(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_find_numbers_any_unicode(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text)


def test_por_ciento_is_not_a_number() -> None:
    assert [n.value for n in find_numbers("el 40 por ciento de ciento veinte")] == [40, 120]
