"""Property tests on the value parsers (dates, counts, numbers, countries, departments, cities): any text
gives results or nothing, never an exception, and every span lies inside the text it came from."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.city import find_cities
from extractor.values.count import find_people_counts, total_beneficiaries
from extractor.values.country import find_countries
from extractor.values.date import find_dates, parse_period
from extractor.values.department import find_departments
from extractor.values.numbers import find_numbers, parse_number

_PIECES = ["del", "al", "de", " ", ", ", "-", "–", "/", ".", "y", "a", "hasta", "entre", "1", "15", "31", "2024",
           "1999", "mayo", "Mayo", "septiembre", "setiembre", "primer trimestre", "segundo semestre", "mil",
           "doscientos", "veintiún", "1.200", "3,5", "aprendices", "instructores", "personas", "beneficiarios:",
           "Total", "(", ")", "España", "Perú", "Corea del Sur", "Estados Unidos", "Bogotá", "Cali", "Antioquia",
           "Valle del Cauca", "San Andrés", "Ciudad de México", "Nueva York", "\n", "é", "ñ", "İ", "ß", "ﬁ",
           "\u0301", "Ⅻ", "٣", "\u00a0"]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=40).map("".join)
# EXTRACTOR_FUZZ_SCALE=20 for a long fuzzing run (CI keeps the default).
FUZZ_SCALE = int(os.environ.get("EXTRACTOR_FUZZ_SCALE", "1"))
_settings = settings(max_examples=300 * FUZZ_SCALE, deadline=None)


@_settings
@given(texts, st.one_of(st.none(), st.integers(1900, 2100)))
def test_dates(text, year):
    for span in find_dates(text, default_year=year):
        assert 0 <= span.char_start < span.char_end <= len(text)
        assert span.start is not None or span.end is not None
        if span.start and span.end:
            assert span.start <= span.end
    period = parse_period(text)
    assert period is None or period[0] <= period[1]


@_settings
@given(texts)
def test_counts_and_numbers(text):
    for count in find_people_counts(text):
        assert 0 <= count.start < count.end <= len(text)
        assert count.value >= 0
    total = total_beneficiaries(text)
    if total is not None:
        assert total.value >= 0
        assert all(0 <= a < b <= len(text) for a, b in total.spans)
    for number in find_numbers(text):
        assert 0 <= number.start < number.end <= len(text)
    parse_number(text)


@_settings
@given(texts)
def test_places(text):
    for match in find_countries(text, include_ambiguous=True):
        assert 0 <= match.start < match.end <= len(text) and len(match.code) == 2
    for match in find_departments(text):
        assert 0 <= match.start < match.end <= len(text) and match.code.startswith("CO-")
    for match in find_cities(text):
        assert 0 <= match.start < match.end <= len(text)
        assert text[match.start:match.end] == match.name


def test_parsers_find_what_they_should():
    """Guards against vacuous properties: the parsers do return spans on plain inputs."""
    assert find_dates("del 3 al 5 de mayo de 2023")
    assert total_beneficiaries("participaron 25 aprendices").value == 25
    assert find_countries("viajaron a España") and find_departments("regional Antioquia")
