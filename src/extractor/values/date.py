"""Explicit Spanish date expressions: single days, day and month ranges, months,
quarters and semesters, with their character offsets.

A hand-written grammar built from the month vocabulary in ``models/vocab/dates_es.json``:
no library parses Spanish ranges ("entre el 24 y el 26 de marzo", "de julio a septiembre")
and ``dateparser.search_dates`` fills missing parts with today's date, which a bulletin
must never get.

Rules worth knowing:
- A bare year ("2026", "en 2026", "Alianzas con Resultados 2025") is never returned: too
  noisy in running text. ``parse_period`` alone accepts a lone year as a whole-year period.
- A date without a year takes ``default_year``; with ``default_year=None`` it is skipped.
  In a range, the year of one end completes the other ("del 30 de diciembre al 3 de
  enero de 2026" starts in 2025).
- "hasta X" keeps only the end, "desde X" / "a partir de X" only the start.
- A month alone ("en marzo") needs a preceding cue (en, durante, hasta, mes de…) so that
  names such as "Plaza de Mayo" are not dates; with a year ("marzo de 2026") it needs none.
- Numeric dates are day-first (dd/mm/yyyy) or ISO (yyyy-mm-dd); impossible dates
  ("31 de febrero") are skipped, never raised.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from ._data import alternation, fold, load_json, memoised, table

VOCAB = "vocab/dates_es.json"

Precision = Literal["day", "month", "quarter", "semester", "year"]


@dataclass(frozen=True)
class DateSpan:
    """A date or interval found in a text. ``start``/``end`` are None for open ends;
    ``text[char_start:char_end]`` is the expression as written."""

    start: date | None
    end: date | None
    precision: Precision
    char_start: int
    char_end: int
    text: str = ""


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    """First and last day of quarter ``q`` (1-4) of ``year``."""
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1-4, got {q}")
    first = 3 * q - 2
    return date(year, first, 1), _month_end(year, first + 2)


def semester_bounds(year: int, s: int) -> tuple[date, date]:
    """First and last day of semester ``s`` (1-2) of ``year``."""
    if s not in (1, 2):
        raise ValueError(f"semester must be 1 or 2, got {s}")
    return (date(year, 1, 1), date(year, 6, 30)) if s == 1 else (date(year, 7, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- grammar -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    months: dict[str, int]
    days: dict[str, int]
    quarters: dict[str, int]
    semesters: dict[str, int]
    month_full: str
    month_any: str
    day: Callable[[str], str]
    weekday: str
    open_end: re.Pattern[str]
    open_start: re.Pattern[str]
    month_context: re.Pattern[str]
    quarter_ord: str
    semester_ord: str
    quarter_words: str
    semester_words: str
    quarter_codes: str
    semester_codes: str


@table
def _vocab() -> _Vocab:
    data = load_json(VOCAB)
    full = {fold(k): v for k, v in data["months"].items()}
    abbr = {fold(k): v for k, v in data["month_abbreviations"].items()}
    days = {re.sub(r"\s+", " ", fold(k)): v for k, v in data["day_words"].items()}
    suffixes = alternation([fold(s) for s in data["day_ordinal_suffixes"]])
    year_ahead = r"(?=[\s,/-]*(?:del?\s+)?(?:19|20)\d\d(?!\d))"
    month_full = rf"(?:{alternation(list(full))})(?!\w)"
    # An abbreviation needs its dot or a year after it ("3 mar. 2026", "3 mar 2026"):
    # alone, "mar" and "set" are ordinary words.
    month_any = rf"(?:{month_full}|(?:{alternation(list(abbr))})(?:\.|(?!\w){year_ahead}))"

    def day(name: str) -> str:
        return (
            rf"(?:(?P<{name}>[0-3]?\d)(?:\s?\.?(?:{suffixes})(?!\w))?(?!\d)"
            rf"|(?P<{name}w>{alternation(list(days))})(?!\w))"
        )

    def tail(words: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?P<cue>{alternation([fold(w) for w in words])})\s+$")

    quarters = {fold(k): v for k, v in data["quarter_ordinals"].items()}
    semesters = {fold(k): v for k, v in data["semester_ordinals"].items()}
    return _Vocab(
        months={**abbr, **full},
        days=days,
        quarters=quarters,
        semesters=semesters,
        month_full=month_full,
        month_any=month_any,
        day=day,
        weekday=rf"(?:(?:{alternation([fold(w) for w in data['weekdays']])})\s*,?\s+)",
        open_end=tail(data["open_end_prefixes"]),
        open_start=tail(data["open_start_prefixes"]),
        month_context=tail(data["month_context_words"] + data["open_end_prefixes"] + data["open_start_prefixes"]),
        quarter_ord=alternation(list(quarters)),
        semester_ord=alternation(list(semesters)),
        quarter_words=alternation([fold(w) for w in data["quarter_words"]]),
        semester_words=alternation([fold(w) for w in data["semester_words"]]),
        quarter_codes=alternation([fold(w) for w in data["quarter_codes"]]),
        semester_codes=alternation([fold(w) for w in data["semester_codes"]]),
    )


def _year(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\d)"


def _year_tail(name: str) -> str:
    """Optional year after a day or month: "de 2026", "del 2026", " 2026", ", 2026"."""
    return rf"(?:\s*,?\s*(?:del?\s+|[-/]\s*)?{_year(name)})?"


_SEP = r"(?:\s*[-–—]\s*|\s+(?:al|a|hasta|y)\s+(?:el\s+)?)"
_DE = r"(?:\s+de\s+|\s*[-/]\s*|\s+)"
_RANGE_PREFIX = r"(?:(?:del|desde(?:\s+el)?|entre(?:\s+el)?|de|los\s+dias)\s+)?"


def _numeric(n: str) -> str:
    return (
        rf"(?:(?P<{n}d>[0-3]?\d)(?P<{n}s>[/.-])(?P<{n}m>[01]?\d)(?P={n}s)(?P<{n}y>(?:19|20)\d\d)(?!\d)"
        rf"|(?P<{n}Y>(?:19|20)\d\d)-(?P<{n}M>[01]?\d)-(?P<{n}D>[0-3]?\d)(?!\d))"
    )


@table
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    v = _vocab()
    day, wd, m_full, m_any = v.day, v.weekday, v.month_full, v.month_any
    start = r"(?<![\w/.,-])"
    raw = [
        # del 30 de diciembre de 2025 al 3 de enero de 2026
        ("day_range_x", rf"{_RANGE_PREFIX}{wd}?{day('d1')}{_DE}(?P<m1>{m_any}){_year_tail('y1')}"
                        rf"{_SEP}{wd}?{day('d2')}{_DE}(?P<m2>{m_any}){_year_tail('y2')}"),
        # entre el 24 y el 26 de marzo de 2026 / 24-26 de marzo / 24, 25 y 26 de marzo
        ("day_range", rf"{_RANGE_PREFIX}{wd}?{day('d1')}(?:\s*,\s*[0-3]?\d)*{_SEP}{wd}?{day('d2')}"
                      rf"{_DE}(?P<m1>{m_any}){_year_tail('y1')}"),
        # marzo 24 al 26 (de 2026) / marzo 3 de 2026
        ("month_first", rf"(?P<m1>{m_full})\s+{day('d1')}(?:{_SEP}{day('d2')}{_year_tail('y1')}"
                        rf"|\s*,?\s*(?:del?\s+)?{_year('y2')})"),
        ("day", rf"{wd}?{day('d1')}{_DE}(?P<m1>{m_any}){_year_tail('y1')}"),
        ("numeric_range", rf"{_numeric('a')}{_SEP}{_numeric('b')}"),
        # 16–18/10/2017, del 16 al 18/10/2017: a day range sharing one numeric month and year
        ("numeric_day_range", rf"{_RANGE_PREFIX}(?P<d0>[0-3]?\d){_SEP}{_numeric('a')}"),
        # 12/10 – Visita de …: a day and month without a year, heading a dated list line
        ("numeric_short", r"(?P<sd>[0-3]?\d)/(?P<sm>[01]?\d)(?![/\d])(?=\s*[–—-]\s)"),
        ("numeric", _numeric("a")),
        # de julio a septiembre de 2026 / entre julio y agosto / octubre - diciembre 2025
        ("month_range", rf"{_RANGE_PREFIX}(?P<m1>{m_full}){_year_tail('y1')}{_SEP}(?:(?:el\s+)?mes\s+de\s+)?"
                        rf"(?P<m2>{m_full}){_year_tail('y2')}"),
        ("month_year", rf"(?P<m1>{m_any})\s*,?\s*(?:del?\s+|[-/]\s*)?{_year('y1')}"),
        ("month", rf"(?P<m1>{m_full})"),
        ("quarter", rf"(?:(?P<o1>{v.quarter_ord})\s*(?:{v.quarter_words})|(?:{v.quarter_words})\s+(?P<o2>{v.quarter_ord}))"
                    rf"(?!\w)(?:\s*,?\s*(?:del?\s+(?:ano\s+)?)?{_year('y1')})?"),
        ("quarter_code", rf"(?:(?:{v.quarter_codes})\s?(?P<n1>[1-4])|(?P<n2>[1-4])\s?(?:{v.quarter_codes}))"
                         rf"(?:[\s/-]*|\s+del?\s+(?:ano\s+)?){_year('y1')}"
                         rf"|{_year('y2')}\s*[/-]?\s*(?:(?:{v.quarter_codes})(?P<n3>[1-4])|(?P<n4>[1-4])(?:{v.quarter_codes}))(?!\w)"),
        ("semester", rf"(?:(?P<o1>{v.semester_ord})\s*(?:{v.semester_words})|(?:{v.semester_words})\s+(?P<o2>{v.semester_ord}))"
                     rf"(?!\w)(?:\s*,?\s*(?:del?\s+(?:ano\s+)?)?{_year('y1')})?"),
        ("semester_code", rf"(?:{v.semester_codes})\s?(?P<n1>[12])[\s/-]*{_year('y1')}"
                          rf"|{_year('y2')}\s*[/-]?\s*(?:{v.semester_codes})(?P<n3>[12])(?!\w)"),
    ]
    return [(name, re.compile(start + rx)) for name, rx in raw]


# What each pattern cannot match without, somewhere in the text: one cheap search of the whole text
# (no month name, no "12/10", no "T3") skips the patterns that need it. Each check is a necessary
# condition of the pattern's match, so skipping never loses one; checks are run in the order listed,
# each only when the ones before it passed. "month_any" / "month_full" come from one scan (``_month_words``).
_NEEDS = {
    "day_range_x": ("month_any",), "day_range": ("month_any",), "day": ("month_any",),
    "month_first": ("month_full",), "month_range": ("month_full",), "month": ("month_full",),
    "month_year": ("month_any", "year"),
    "numeric_range": ("numeric", "numeric_date"), "numeric_day_range": ("numeric", "numeric_date"),
    "numeric_short": ("numeric_short",),
    "numeric": ("numeric", "numeric_date"),
    "quarter": ("quarter",), "quarter_code": ("year", "quarter_code"),
    "semester": ("semester",), "semester_code": ("year", "semester_code"),
}


@table
def _prechecks() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    return {
        "numeric": re.compile(r"\d[/.-]\d"),              # dd/mm, dd-mm, yyyy-mm: cheap, rules most texts out
        # A whole numeric date, as _numeric spells it: "1.200" or "2025-2026" do not pass.
        "numeric_date": re.compile(r"\d[/.-]\d\d?[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d"),
        "numeric_short": re.compile(r"/\d\d?(?![/\d])\s*[–—-]\s"),  # "12/10 – "
        "year": re.compile(_year("y")),
        "quarter": re.compile(v.quarter_words),
        "quarter_code": re.compile(rf"(?:{v.quarter_codes})\s?[1-4]|[1-4]\s?(?:{v.quarter_codes})"),
        "semester": re.compile(v.semester_words),
        "semester_code": re.compile(rf"(?:{v.semester_codes})\s?[12]"),
    }


@table
def _month_words() -> re.Pattern[str]:
    """A month name as the patterns spell it, a whole word (every pattern has a blank, "-", "/" or the
    start of the text before it): "programa", "tienen" or "setenta" hold none. ``full`` is set for a full name."""
    v = _vocab()
    return re.compile(rf"(?<!\w)(?:(?P<full>{v.month_full})|{v.month_any})")


# --- interpretation --------------------------------------------------------------------

_BLOCK = object()  # a well-formed expression that is not a valid date: hides its parts


def _g(m: re.Match[str], *names: str) -> str | None:
    groups = m.groupdict()
    for name in names:
        if groups.get(name):
            return groups[name]
    return None


def _day(m: re.Match[str], name: str) -> int:
    if m.group(name):
        return int(m.group(name))
    return _vocab().days[re.sub(r"\s+", " ", m.group(name + "w"))]


def _month(token: str) -> int:
    return _vocab().months[token.rstrip(".").strip()]


def _years(y1: str | None, y2: str | None, m1: int, m2: int, default: int | None) -> tuple[int, int] | None:
    """Years of a range's ends, each completing the other; None when neither is known."""
    if y1 and y2:
        return int(y1), int(y2)
    if y2:
        end = int(y2)
        return (end - 1 if m1 > m2 else end), end
    if y1:
        first = int(y1)
        return first, (first + 1 if m2 < m1 else first)
    if default is None:
        return None
    return default, (default + 1 if m2 < m1 else default)


Interval = tuple[date | None, date | None, Precision]


def _interpret(kind: str, m: re.Match[str], default: int | None, before: str) -> Interval | object | None:
    v = _vocab()
    if kind in ("day_range_x", "day_range", "month_first", "day"):
        m1 = _month(m.group("m1"))
        m2 = _month(m.group("m2")) if m.groupdict().get("m2") else m1
        d1 = _day(m, "d1")
        has_d2 = bool(_g(m, "d2", "d2w"))
        d2 = _day(m, "d2") if has_d2 else d1
        years = _years(_g(m, "y1"), _g(m, "y2"), m1, m2, default)
        if kind in ("day_range", "month_first"):  # one year for the whole expression
            y = _g(m, "y1", "y2")
            years = (int(y), int(y)) if y else (None if default is None else (default, default))
        if years is None:
            return _BLOCK
        return date(years[0], m1, d1), date(years[1], m2, d2), "day"
    if kind == "numeric_day_range":
        end = date(int(m.group("ay")), int(m.group("am")), int(m.group("ad"))) if m.group("ad") else \
            date(int(m.group("aY")), int(m.group("aM")), int(m.group("aD")))
        first = int(m.group("d0"))
        if first > end.day:
            return _BLOCK
        return end.replace(day=first), end, "day"
    if kind == "numeric_short":
        if default is None:
            return _BLOCK
        day_ = date(default, int(m.group("sm")), int(m.group("sd")))
        return day_, day_, "day"
    if kind in ("numeric", "numeric_range"):
        ends = []
        for n in ("a", "b") if kind == "numeric_range" else ("a",):
            if m.group(n + "d"):
                ends.append(date(int(m.group(n + "y")), int(m.group(n + "m")), int(m.group(n + "d"))))
            else:
                ends.append(date(int(m.group(n + "Y")), int(m.group(n + "M")), int(m.group(n + "D"))))
        return ends[0], ends[-1], "day"
    if kind in ("month_range", "month_year", "month"):
        m1 = _month(m.group("m1"))
        m2 = _month(m.group("m2")) if m.groupdict().get("m2") else m1
        if kind == "month" and not v.month_context.search(before):
            return None  # "Plaza de Mayo": a month name alone needs a cue
        years = _years(_g(m, "y1"), _g(m, "y2"), m1, m2, default)
        if years is None:
            return _BLOCK
        return date(years[0], m1, 1), _month_end(years[1], m2), "month"
    if kind in ("quarter", "quarter_code", "semester", "semester_code"):
        y = _g(m, "y1", "y2")
        year = int(y) if y else default
        if year is None:
            return _BLOCK
        if kind.endswith("_code"):
            n = int(_g(m, "n1", "n2", "n3", "n4") or 0)
        else:
            table = v.quarters if kind == "quarter" else v.semesters
            n = table[re.sub(r"\s+", "", _g(m, "o1", "o2") or "")]
        if kind.startswith("quarter"):
            return (*quarter_bounds(year, n), "quarter")
        return (*semester_bounds(year, n), "semester")
    raise AssertionError(kind)


def _open_ends(folded: str, span: DateSpan, ranged: bool) -> DateSpan:
    """Apply a preceding "hasta" / "desde" / "a partir de" to a single date or month."""
    if ranged:
        return span
    before = folded[max(0, span.char_start - 40) : span.char_start]
    v = _vocab()
    for pattern, keep_start in ((v.open_end, False), (v.open_start, True)):
        found = pattern.search(before)
        if found:
            cue = span.char_start - len(before) + found.start("cue")
            return DateSpan(
                start=span.start if keep_start else None,
                end=None if keep_start else span.end,
                precision=span.precision,
                char_start=cue,
                char_end=span.char_end,
            )
    return span


_RANGED = {"day_range_x", "day_range", "numeric_range", "month_range"}


_Candidate = tuple[int, int, int, str, re.Match[str]]


class _Present(dict):
    """Precheck name -> does the folded text pass it; each check is run on first use only."""

    def __init__(self, folded: str) -> None:
        super().__init__()
        self.folded = folded
        # Where month words begin (any / full names), filled by the month check.
        self.starts: dict[str, list[int]] = {"month_any": [], "month_full": []}

    def __missing__(self, need: str) -> bool:
        if need in ("month_any", "month_full"):
            # One scan answers both: any month word, and whether one of them is a full name.
            for m in _month_words().finditer(self.folded):
                self.starts["month_any"].append(m.start())
                if m.group("full"):
                    self.starts["month_full"].append(m.start())
            self["month_any"], self["month_full"] = bool(self.starts["month_any"]), bool(self.starts["month_full"])
            return self[need]
        found = self[need] = _prechecks()[need].search(self.folded) is not None
        return found


# Patterns whose match begins with the month name -> the month check that lists where those begin.
_AT_MONTH = {"month_first": "month_full", "month": "month_full", "month_year": "month_any"}


def _matches_at(pattern: re.Pattern[str], folded: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(folded)`` for a pattern that can only match at ``starts`` (ascending): tried
    there alone, leftmost first and without overlaps, instead of at every character of the text."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(folded, start)):
            yield m
            end = m.end()


@lru_cache(maxsize=2048)
def _candidates(folded: str) -> tuple[_Candidate, ...]:
    """Every pattern's matches in a folded text, longest first. The scan does not depend on the default
    year, and the same text is asked about with several (an item's year; counts asking where dates are)."""
    candidates: list[_Candidate] = []
    present = _Present(folded)
    for priority, (kind, pattern) in enumerate(_patterns()):
        if not all(map(present.__getitem__, _NEEDS[kind])):
            continue
        at_month = _AT_MONTH.get(kind)
        matches = _matches_at(pattern, folded, present.starts[at_month]) if at_month else pattern.finditer(folded)
        for m in matches:
            if m.end() > m.start():
                candidates.append((m.start(), m.end(), priority, kind, m))
    # Longest expression first; an accepted one hides everything it overlaps.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return tuple(candidates)


@memoised()
def find_dates(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Every explicit date expression in ``text``, in order of appearance."""
    folded = fold(text)
    candidates = _candidates(folded)
    taken: list[tuple[int, int]] = []
    found: list[DateSpan] = []
    for start, end, _, kind, m in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        try:
            result = _interpret(kind, m, default_year, folded[max(0, start - 40) : start])
        except (ValueError, KeyError):
            result = _BLOCK  # 31 de febrero, month 13…
        if result is None:
            continue
        taken.append((start, end))
        if result is _BLOCK:
            continue
        first, last, precision = result  # type: ignore[misc]
        if first and last and first > last:
            continue
        span = _open_ends(folded, DateSpan(first, last, precision, start, end), kind in _RANGED)
        found.append(DateSpan(span.start, span.end, span.precision, span.char_start, span.char_end,
                              text[span.char_start : span.char_end]))
    return sorted(found, key=lambda s: s.char_start)


_DAY_MONTH = re.compile(r"(?<![\d/.])(?P<d>[0-3]?\d)\s*/\s*(?P<m>[01]?\d)(?![\d/.])")


def find_field_dates(value: str, default_year: int | None = None) -> list[DateSpan]:
    """Dates in the value of a labelled date field ("Fecha: 12/12", "Periodo: octubre"). The label says
    the value is a date, so what prose needs context for counts here: a bare month name, and a day/month
    without a year ("12/12", "03/05 – 07/05"), both in ``default_year`` (none without one)."""
    found = find_dates(value, default_year=default_year)
    if default_year is None:
        return found
    if not found:
        # A month name alone is read as prose reads "en octubre".
        lead = "en "
        found = [DateSpan(d.start, d.end, d.precision, d.char_start - len(lead), d.char_end - len(lead), d.text)
                 for d in find_dates(lead + value, default_year=default_year) if d.char_start >= len(lead)]
    for m in _DAY_MONTH.finditer(value):
        if any(d.char_start < m.end() and m.start() < d.char_end for d in found):
            continue
        try:
            day = date(default_year, int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        found.append(DateSpan(day, day, "day", m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda d: d.char_start)


_LONE_YEAR = re.compile(r"(?<![\w/.,-])(?P<y>(?:19|20)\d\d)(?![\w/.,]?\d)")


def parse_period(text: str) -> tuple[date, date] | None:
    """The period a bulletin reports on, from its period or title line ("Enero a marzo 2026",
    "II trimestre 2025", "2025-T3"): the first closed interval found; failing that, a lone
    year as the whole year. None when the line states no period."""
    for span in find_dates(text):
        if span.start and span.end and span.precision != "day":
            return span.start, span.end
    for span in find_dates(text):
        if span.start and span.end:
            return span.start, span.end
    years = _LONE_YEAR.findall(text)
    if len(years) == 1:
        return date(int(years[0]), 1, 1), date(int(years[0]), 12, 31)
    return None
