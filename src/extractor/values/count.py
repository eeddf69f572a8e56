"""Counts of people ("170 beneficiarios", "Participantes: 25 aprendices", "cuatro
instructores") and the total number of beneficiaries an item states.

A count is a cardinal (digits or words, see ``numbers``) followed within a few words by a
people noun, or a cardinal after a people label ("Beneficiarios: 3"). Numbers inside
dates, money, percentages, identifiers ("Resolución 123"), years, and counts of things
(regionales, centros, horas…) are not counts of people. The vocabulary lives in
``models/vocab/counts_es.json``.

Rules of ``total_beneficiaries``:
1. A count after a people label wins over counts in prose. A "Total …:" label wins over
   every other label; several labelled lines (one per sub-activity) add up, and so do the
   coordinated counts on a labelled line ("Beneficiarios: 25 aprendices y 5 instructores").
2. Otherwise the counts in the item add up: coordinated parts ("25 aprendices y 5
   instructores" = 30) and sub-activities on separate lines ("Curso A: 38 beneficiarios",
   "Curso B: 44 beneficiarios" = 82).
3. A breakdown of a stated total is not added again: counts in parentheses right after a
   count ("15 (12 aprendices y 3 instructores)" = 15), or after a subset cue in the same
   sentence ("300 personas, de las cuales 120 mujeres" = 300). When generic counts
   (beneficiarios, personas…) equal the sum of specific ones elsewhere, the generic ones are
   the total. So are list lines that follow a count and add up to it ("siete instructores
   participaron:" then "- Huila: 3 instructores", "- Tolima: 2 …", "- Nariño: 2 …" = 7).
4. Repeats are not added: a count after an anaphoric determiner ("los 3 instructores")
   whose value was already counted, and the same value with the same noun repeated in prose.
5. "más de 800", "cerca de 50", "hasta 30"… are approximate: exact counts are preferred;
   when only approximate ones exist the total is returned with ``approximate=True`` so the
   caller can decide (a project's historic "más de N personas" is often not the item's
   own beneficiaries).
6. A count in a sentence about a goal ("se propone certificar a 1.050 aprendices", "se espera
   formar a 300") is not added when the item states other counts.
7. "un"/"una" count only on a labelled line or beside another count in the same sentence
   ("un instructor y 20 aprendices"): alone they are articles, not counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from ._data import alternation, fold, load_json, memoised, table
from .date import find_dates
from .numbers import NumberMatch, find_numbers, parse_number

VOCAB = "vocab/counts_es.json"
DATES_VOCAB = "vocab/dates_es.json"

Role = Literal["labelled", "inline", "breakdown"]

_MAX_GAP_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")
_SKIP = re.compile(r"[ \t\u00a0\u202f*_]*")
_BULLET_LINE = re.compile(r"^[\s*_]*(?:[-•»·▪●◦‣*]|\d+[.)]\s)")
_SPACES = re.compile(r"\s+")
_PARENS_AFTER = re.compile(r"[\s*_]*\(([^()\n]{0,160})\)")
_BLANKS = re.compile(r"[\s*_]*")


@dataclass(frozen=True)
class CountMatch:
    """A count of people. ``text[start:end]`` is its evidence (label included for a
    labelled count); ``number_start``/``number_end`` delimit the number itself."""

    value: int
    start: int
    end: int
    noun: str | None
    role: Role
    approximate: bool = False
    generic: bool = False
    weak: bool = False
    total_label: bool = False
    number_start: int = 0
    number_end: int = 0


@dataclass(frozen=True)
class CountTotal:
    """The number of people an item states, with the counts it was computed from."""

    value: int
    approximate: bool
    parts: tuple[CountMatch, ...]
    rule: str

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.parts]


# --- vocabulary -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    people: dict[str, tuple[str, bool]]
    people_re: re.Pattern[str]
    people_or_word: re.Pattern[str]
    stop_words: frozenset[str]
    stop_in_parens: frozenset[str]  # stop words, conjunctions excepted (they join parts of a list)
    money_before: re.Pattern[str]
    money_after: re.Pattern[str]
    approx: re.Pattern[str]
    subset: re.Pattern[str]
    target: re.Pattern[str]
    anaphora: re.Pattern[str]
    identifier: re.Pattern[str]
    year_context: re.Pattern[str]
    label_words: re.Pattern[str]
    total_words: re.Pattern[str]
    agents: frozenset[str]


def _tail(words: Iterable[str]) -> re.Pattern[str]:
    """Matches when a text ends with one of ``words`` (and blanks)."""
    return re.compile(rf"(?<![\w$€£¥])(?:{alternation(words)})[\s*_]*$")


@table
def _vocab() -> _Vocab:
    data = load_json(VOCAB)
    dates = load_json(DATES_VOCAB)
    people: dict[str, tuple[str, bool]] = {}
    for entry in data["people_nouns"]:
        for form in entry["forms"]:
            people[fold(form)] = (entry["lemma"], bool(entry["generic"]))
    months = list(dates["months"]) + list(dates["month_abbreviations"]) + dates["weekdays"]
    stop = {fold(w) for w in data["non_people_nouns"] + months + data["number_words"]}
    stop |= {fold(w) for w in data["money_markers"]["after"] if w.isalpha()}
    stop |= {"y", "o", "u", "e", "ni"}  # a conjunction closes the phrase
    money_after = [fold(w) for w in data["money_markers"]["after"]]
    return _Vocab(
        agents=frozenset(entry["lemma"] for entry in data["people_nouns"] if entry.get("agent")),
        people=people,
        people_re=re.compile(rf"(?:{alternation(people)})(?!\w)"),
        people_or_word=re.compile(rf"(?:{alternation(people)})(?!\w)|[^\W\d_]+"),
        stop_words=frozenset(stop),
        stop_in_parens=frozenset(stop - {"y", "o", "u", "e"}),
        money_before=_tail(fold(w) for w in data["money_markers"]["before"]),
        money_after=re.compile(rf"[\s*_]*(?:{alternation(money_after)})(?!\w)"),
        approx=_tail(fold(w) for w in data["approximate_markers"]),
        subset=re.compile(rf"(?<!\w)(?:{alternation(fold(w) for w in data['subset_markers'])})"),
        target=re.compile(rf"(?<!\w)(?:{alternation(fold(w) for w in data.get('target_markers', ()))})(?!\w)"),
        anaphora=_tail(fold(w) for w in data["anaphoric_determiners"]),
        identifier=_tail(fold(w) for w in data["identifier_markers"]),
        year_context=_tail(fold(w) for w in data["year_context_words"]),
        label_words=re.compile(rf"(?<!\w)(?:{alternation(list(people) + [fold(w) for w in data['count_label_words']])})(?!\w)"),
        total_words=re.compile(rf"(?<!\w)(?:{alternation(fold(w) for w in data['total_label_words'])})(?!\w)"),
    )


def is_people_noun(word: str) -> bool:
    """Is ``word`` (any case and accents) a noun for people ("estudiantes", "instructora", "becarios")?"""
    return fold(word) in _vocab().people


# --- finding counts ---------------------------------------------------------------------

_STOP = "stop"


_NEXT_FIELD = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2}[\s*_]*:")


def _noun_after(text: str, folded: str, pos: int) -> tuple[str, bool, int] | str | None:
    """The people noun a few words after ``pos``: (lemma, generic, end); ``_STOP`` when a
    thing noun, month, money word or another number comes first; None otherwise."""
    v = _vocab()
    gap = 0
    i = pos
    while True:
        i = _SKIP.match(folded, i).end()  # type: ignore[union-attr]
        if gap == 0 and i < len(text) and text[i].isupper() and _NEXT_FIELD.match(folded, i):
            return None  # "Beneficiarios: 3 Regionales impactadas: …" (merged lines)
        noun = v.people_re.match(folded, i)
        if noun:
            lemma, generic = v.people[_SPACES.sub(" ", noun.group())]
            return lemma, generic, noun.end()
        word = _WORD.match(folded, i)
        if not word:
            return None
        if word.group() in v.stop_words:
            return _STOP
        gap += 1
        if gap > _MAX_GAP_WORDS:
            return None
        i = word.end()


def _noun_in_parens(folded: str, pos: int) -> tuple[str, bool] | None:
    """"15 (12 aprendices y 3 instructores)", "3 (instructores y personal…)": the first
    people noun inside a parenthesis right after ``pos``."""
    m = _PARENS_AFTER.match(folded, pos)
    if not m:
        return None
    v = _vocab()
    for word in v.people_or_word.finditer(m.group(1)):
        key = _SPACES.sub(" ", word.group())
        if key in v.people:
            return v.people[key]
        if key in v.stop_in_parens:
            return None
    return None


_LABEL = re.compile(
    r"(?:^|(?<=[\n;|.()•»*:\-–—]))[\s*_]*"
    r"(?P<label>[^\W\d_][^\W\d]*(?:[ \t/\-]+[^\W\d]+\.?){0,5})"
    r"[\s*_]*(?:[:：=|]|\t|\s[-–—])[\s*_]*$"
)


# Fallback for lines a reader merged ("Destino: Lima Beneficiarios: 3"): a capitalised
# label word right before the separator.
_MERGED_LABEL = re.compile(r"(?<=\s)(?P<label>[^\W\d_]+)[\s*_]*[:：][\s*_]*$")


def _label_before(text: str, folded: str, pos: int) -> tuple[int, bool] | None:
    """(label start, is a total) when ``pos`` follows a people label on its line."""
    line_start = folded.rfind("\n", 0, pos) + 1
    v = _vocab()
    m = _LABEL.search(folded, line_start, pos)
    if m and v.label_words.search(m.group("label")):
        return m.start("label"), bool(v.total_words.search(m.group("label")))
    m = _MERGED_LABEL.search(folded, line_start, pos)
    if m and text[m.start("label")].isupper() and v.label_words.fullmatch(m.group("label")):
        return m.start("label"), False
    return None


def _is_year(folded: str, n: NumberMatch, adjacent_noun: bool) -> bool:
    if n.kind != "digits" or not 1900 <= n.value <= 2100 or not folded[n.start : n.end].isdigit():
        return False
    return not adjacent_noun or bool(_vocab().year_context.search(folded[max(0, n.start - 20) : n.start]))


def _excluded(folded: str, n: NumberMatch, dates: list[tuple[int, int]]) -> bool:
    v = _vocab()
    before = folded[max(0, n.start - 25) : n.start]
    return (
        any(s <= n.start < e for s, e in dates)
        or bool(v.money_before.search(before))
        or bool(v.identifier.search(before))
        or bool(v.money_after.match(folded, n.end))
    )


def _adjacent(folded: str, n: NumberMatch) -> bool:
    return bool(_vocab().people_re.match(folded, _SKIP.match(folded, n.end).end()))  # type: ignore[union-attr]


def _count_at(text: str, folded: str, n: NumberMatch, dates: list[tuple[int, int]]) -> CountMatch | None:
    if _excluded(folded, n, dates):
        return None
    v = _vocab()
    label = _label_before(text, folded, n.start)
    after = _noun_after(text, folded, n.end)
    if after == _STOP:
        return None
    if after is None:
        in_parens = _noun_in_parens(folded, n.end)
        lemma, generic, end = (*in_parens, n.end) if in_parens else (None, False, n.end)
    else:
        lemma, generic, end = after  # type: ignore[misc]
    if label is None and lemma is None:
        return None
    if label is None and _is_year(folded, n, _adjacent(folded, n)):
        return None
    if label is not None and lemma is None:
        found = v.label_words.search(folded, label[0], n.start)
        key = _SPACES.sub(" ", found.group()) if found else ""
        lemma, generic = v.people.get(key, ("beneficiario", True))
    before = folded[max(0, n.start - 30) : n.start]
    return CountMatch(
        value=n.value,
        start=label[0] if label else n.start,
        end=end,
        noun=lemma,
        role="labelled" if label else "inline",
        approximate=bool(v.approx.search(before)),
        generic=generic,
        weak=n.kind == "words" and n.value == 1 and n.end - n.start <= 3,
        total_label=bool(label and label[1]),
        number_start=n.start,
        number_end=n.end,
    )


_SENTENCE_END = re.compile(r"(?<!\d)[.;!?](?!\d)|\n")  # "1.200" is not a sentence end


def _sentence_bounds(folded: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(folded, 0, pos)]
    m = _SENTENCE_END.search(folded, pos)
    return (starts[-1] if starts else 0), (m.start() if m else len(folded))


def _mark_breakdowns(folded: str, counts: list[CountMatch]) -> list[CountMatch]:
    """Counts that detail an earlier count (in parentheses, or after "de los cuales")."""
    v = _vocab()
    out: list[CountMatch] = []
    for c in counts:
        earlier = [p for p in counts if p.number_end <= c.number_start]
        opened = folded.rfind("(", 0, c.number_start)
        closed = folded.rfind(")", 0, c.number_start)
        breakdown = False
        if opened > closed and "\n" not in folded[opened : c.number_start]:
            breakdown = any(
                _BLANKS.fullmatch(folded[x:opened]) for p in earlier for x in (p.number_end, p.end)
            )
        if not breakdown and earlier:
            s_start, _ = _sentence_bounds(folded, c.number_start)
            prev = [p for p in earlier if p.number_start >= s_start]
            if prev and v.subset.search(folded, prev[0].number_end, c.number_start):
                breakdown = True
        out.append(replace(c, role="breakdown") if breakdown and c.role != "labelled" else c)
    return out


@memoised()
def find_people_counts(text: str) -> list[CountMatch]:
    """Every count of people in ``text``, in order, with its role: ``labelled`` (after a
    people label), ``inline`` (number + people noun) or ``breakdown`` (a part of a
    count stated just before)."""
    folded = fold(text)
    dates = [(s.char_start, s.char_end) for s in find_dates(text, default_year=2000)]
    numbers = find_numbers(text)
    counts = [c for n in numbers if (c := _count_at(text, folded, n, dates))]
    counts = _elliptical(text, folded, numbers, counts, dates)
    counts = [_grouped(folded, c) for c in counts]
    return _mark_breakdowns(folded, counts)


_GROUPS = re.compile(r"(?P<n>\w+)\s+(?:grupos|cohortes|promociones|equipos|cursos)\s+de\s+$")


def _grouped(folded: str, c: CountMatch) -> CountMatch:
    """"dos grupos de 25 instructores" counts 50 people."""
    m = _GROUPS.search(folded[max(0, c.number_start - 40):c.number_start])
    groups = parse_number(m.group("n")) if m else None
    if not groups or groups > 100:
        return c
    start = c.number_start - (len(folded[max(0, c.number_start - 40):c.number_start]) - m.start())
    return replace(c, value=c.value * groups, start=min(c.start, start), number_start=start)


_COORDINATED = re.compile(r"\by\b|\be\b")


def _elliptical(text: str, folded: str, numbers: list[NumberMatch], counts: list[CountMatch],
                dates: list[tuple[int, int]]) -> list[CountMatch]:
    """A bare number coordinated with a people count in the same sentence counts the same people:
    "40 aprendices de Antioquia y 20 de Caldas", "el primero con 45 instructores y el segundo con 38"."""
    found = list(counts)
    taken = {c.number_start for c in counts}
    for n in numbers:
        if n.start in taken or _excluded(folded, n, dates) or _noun_after(text, folded, n.end) is not None:
            continue
        previous = [c for c in found if c.role == "inline" and c.end <= n.start and n.start - c.end <= 60]
        if not previous:
            continue
        prev = previous[-1]
        gap = folded[prev.end:n.start]
        bounds = _sentence_bounds(folded, prev.number_start)
        if not (bounds[0] <= n.start < bounds[1]) or not _COORDINATED.search(gap) or "(" in gap:
            continue
        if _is_year(folded, n, False):
            continue
        found.append(CountMatch(value=n.value, start=n.start, end=n.end, noun=prev.noun, role="inline",
                                approximate=prev.approximate, generic=prev.generic, weak=False, total_label=False,
                                number_start=n.start, number_end=n.end))
    return sorted(found, key=lambda c: c.number_start)


# --- totals -----------------------------------------------------------------------------


def _line_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, end if end >= 0 else len(text)


def _is_list_line(text: str, c: CountMatch) -> bool:
    start, end = _line_of(text, c.number_start)
    line = text[start:end]
    return bool(_BULLET_LINE.match(line)) or "|" in line or ":" in text[start : c.number_start]


def _drop_repeats(text: str, counts: list[CountMatch]) -> list[CountMatch]:
    folded = fold(text)
    v = _vocab()
    kept: list[CountMatch] = []
    for c in counts:
        before = folded[max(0, c.number_start - 20) : c.number_start]
        anaphoric = bool(v.anaphora.search(before)) and any(k.value == c.value for k in kept)
        repeated = any(
            k.value == c.value and k.noun == c.noun and not (_is_list_line(text, k) and _is_list_line(text, c))
            for k in kept
        )
        if not (anaphoric or repeated):
            kept.append(c)
    return kept


def _drop_lone_articles(text: str, counts: list[CountMatch]) -> list[CountMatch]:
    folded = fold(text)
    out = []
    for c in counts:
        if c.weak and c.role == "inline":
            bounds = _sentence_bounds(folded, c.number_start)
            if not any(o is not c and not o.weak and bounds[0] <= o.number_start < bounds[1] for o in counts):
                continue
        out.append(c)
    return out


def _labelled_total(text: str, counts: list[CountMatch]) -> CountTotal | None:
    labelled = [c for c in counts if c.role == "labelled"]
    if not labelled:
        return None
    totals = [c for c in labelled if c.total_label]
    if totals:
        return CountTotal(totals[0].value, totals[0].approximate, (totals[0],), "total_label")
    parts: list[CountMatch] = []
    for c in labelled:
        _, line_end = _line_of(text, c.number_start)
        parts.append(c)
        parts += [
            o for o in counts
            if o.role == "inline" and c.number_end <= o.number_start < line_end and o not in parts
        ]
    return CountTotal(sum(p.value for p in parts), any(p.approximate for p in parts), tuple(parts), "labelled")


def _future_targets(text: str, counts: list[CountMatch]) -> list[CountMatch]:
    """Counts in a sentence that speaks of a goal before them ("se propone certificar a 1.050", "se espera
    llegar a 300")."""
    folded = fold(text)
    target = _vocab().target
    out = []
    for c in counts:
        s_start, _ = _sentence_bounds(folded, c.number_start)
        if c.role != "labelled" and target.search(folded, s_start, c.number_start):
            out.append(c)
    return out


def _total_then_list(text: str, counts: list[CountMatch]) -> CountTotal | None:
    """A count in prose followed by list lines (one per regional or group) that add up to it: the list
    itemises the count, so the count is the total (rule 3)."""
    first, rest = counts[0], counts[1:]
    if len(rest) < 2 or _is_list_line(text, first) or not all(_is_list_line(text, c) for c in rest):
        return None
    if sum(c.value for c in rest) != first.value:
        return None
    return CountTotal(first.value, first.approximate, (first,), "total_then_list")


@lru_cache(maxsize=2048)
def total_beneficiaries(text: str) -> CountTotal | None:
    """The total number of people one item's text states, or None (rules in the module
    docstring)."""
    counts = [c for c in find_people_counts(text) if c.role != "breakdown"]
    counts = _drop_lone_articles(text, _drop_repeats(text, counts))
    targets = _future_targets(text, counts)
    if targets and len(targets) < len(counts):
        # "… se formaron 18 instructores; se propone certificar a 1.050 aprendices": a goal, not the activity's.
        counts = [c for c in counts if c not in targets]
    agents = _vocab().agents
    if any(c.noun in agents for c in counts) and any(c.noun not in agents for c in counts):
        # "tres expertos … acompañaron a 150 instructores": those who deliver are not beneficiaries.
        counts = [c for c in counts if c.noun not in agents]
    if not counts:
        return None
    labelled = _labelled_total(text, counts)
    if labelled:
        return labelled
    itemised = _total_then_list(text, counts)
    if itemised:
        return itemised
    exact = [c for c in counts if not c.approximate]
    pool = exact or counts
    generic = [c for c in pool if c.generic]
    specific = [c for c in pool if not c.generic]
    if generic and specific and sum(c.value for c in generic) == sum(c.value for c in specific):
        pool, rule = generic, "generic_equals_parts"
    else:
        rule = "sum" if len(pool) > 1 else "single"
    return CountTotal(sum(c.value for c in pool), not exact, tuple(pool), rule)
