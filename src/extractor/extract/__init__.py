"""Extraction: one Activity per segmented item, every value with its evidence.

Per item the spaCy pipeline (extract/pipeline.py) proposes organisation names; the value types in
``extractor.values`` find dates, counts, countries, departments and cities. This module decides which
of those belong to the activity, using the item's labelled fields first and its running text second.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from extractor import __version__
from extractor.extract.partners import (Mention, _starts_org, clean_mention, keep, looks_like_name, merge_mentions,
                                        named_after_with, resolve, split_partner_list)
from extractor.extract.pipeline import analyse, org_patterns
from extractor.model import (Activity, Evidence, Item, ParsedDocument, PartnerRef, SegmentedDocument, Valued)
from extractor.normalize import fold, squash, words
from extractor.values.city import find_cities
from extractor.values.count import total_beneficiaries
from extractor.values.country import country_code, find_countries, tokenise
from extractor.values.date import find_dates, find_field_dates
from extractor.values.department import department_offsets, departments_in, find_departments
from extractor.values._data import alternation, load_json
from functools import lru_cache
from typing import Callable

EXTRACTOR_VERSION = __version__
CENTRE_NAME = re.compile(r"\bCentros?\s+(?:(?:de|del|la|las|los|y|e|para|en)\s+|[A-ZÁÉÍÓÚÑ][\w-]*\s*)*"
                         r"[A-ZÁÉÍÓÚÑ][\w-]*")
MISSION_HEADS = {"embajada", "consulado", "delegación", "delegacion", "oficina", "misión", "mision"}
AMBASSADOR = re.compile(r"\b(?:embajador|embajadora|encargad[oa] de negocios)\s+(?P<de>de|del|de la|de los)\s+"
                        r"(?P<place>[A-ZÁÉÍÓÚÑ][^\n,.;:()]{1,40})")
REGIONAL_CONTEXT = re.compile(r"\bregional(?:es)?\b|\bdepartamentos?\b|\bprocedentes?\b|\boriundos?\b", re.I)
VENUE_CUE = re.compile(r"(?:\ben|\ba|\bhacia|\bdesde|\bvisit[oóaá]r?o?n?|\brecorri[oó])\s+(?:el\s+|la\s+)?$", re.I)
VENUE_BEFORE = re.compile(r"(?:\ben|\ba|\bhacia|\bdesde)\s+(?:el\s+|la\s+)?$", re.I)
ACRONYM_AFTER = re.compile(r"\s*(?:[-–—]\s*([A-ZÁÉÍÓÚÑ][A-Z0-9ÁÉÍÓÚÑ&]{1,14})\b|\(([A-Z][A-Z0-9&]{1,14})\))")
OWN_CENTRE = re.compile(r"\s+(?:al|del|en el|a los|de los)\s+Centros?\b")
COUNTRY_AFTER = re.compile(r"\s*\(([^()]{2,40})\)")
TRAILING_PLACE = re.compile(r"\s+en\s+(?:el\s+|la\s+)?([A-ZÁÉÍÓÚÑ][^\s]*(?:\s+[A-ZÁÉÍÓÚÑ][^\s]*)*)$")
PLACE_PART = re.compile(r"[^,;/()]+")
# "en Chungju (Corea del Sur)", "en Tulare, California (Estados Unidos)", "en Pijao (Quindío)": a place named
# with its country or department is a venue city, whether or not the gazetteer knows it.
QUALIFIED_PLACE = re.compile(
    r"\b(?:en|a|hacia|desde)\s+(?P<city>[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+(?:de\s+|del\s+|la\s+|el\s+)?[A-ZÁÉÍÓÚÑ][\w'’-]+){0,3})"
    r"(?:,\s*[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){0,2})?\s*\((?P<where>[^()\n]{2,40})\)")
PLACE_AND = re.compile(r"\s+(?:y|e|–|-)\s+")
COMPOUND_DASH = re.compile(r"-[A-Za-zÁÉÍÓÚáéíóúñ]")


@lru_cache(maxsize=1)
def _people_nouns() -> str:
    """A regex alternation of every people noun form in models/vocab/counts_es.json, longest first; the words
    of a form may be wrapped onto two lines ("personal\nadministrativo")."""
    return alternation(fold(f) for n in load_json("vocab/counts_es.json")["people_nouns"] for f in n["forms"])


@lru_cache(maxsize=1)
def _origin_before() -> re.Pattern[str]:
    """'… aprendices de ', '… instructores de la regional ': a place right after names where people come from."""
    return re.compile(r"\b(?:" + _people_nouns() + r")\s+(?:\w+\s+){0,2}?"
                      r"(?:de|del|de la|de las|de los)\s+(?:(?:la|las)\s+)?(?:regional(?:es)?\s+)?$")


@lru_cache(maxsize=1)
def _activity_heads() -> frozenset[str]:
    return frozenset(fold(w) for w in org_patterns()["activity_heads"])


@lru_cache(maxsize=1)
def _weak_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in org_patterns()["weak_heads"])


@lru_cache(maxsize=1)
def _no_place() -> frozenset[str]:
    return frozenset(squash(w) for w in load_json("vocab/fields.json").get("no_place", ()))


@lru_cache(maxsize=1)
def _people_after() -> re.Pattern[str]:
    """'Antioquia: 12 aprendices', 'Valle (8 instructores)': a place followed by the people it sent."""
    return re.compile(r"^\s*[:(–-]\s*\w+\s+(?:" + _people_nouns() + r")\b")


def _origin(text: str, start: int, end: int | None = None) -> bool:
    """Is the place at text[start:end] where participants come from (not where the activity happens)?"""
    if _origin_before().search(fold(text[max(0, start - 60):start])):
        return True
    return end is not None and bool(_people_after().match(fold(text[end:end + 60])))


def extract_activities(doc: ParsedDocument, seg: SegmentedDocument) -> list[Activity]:
    memory: dict[str, Mention] = {}
    default_year = seg.period_start.year if seg.period_start else None
    page_of = doc.page_finder()
    pages: dict[int, int | None] = {}   # offset -> page, for this document: evidence offsets repeat
    return [_extract_item(doc, seg, item, memory, default_year, pages, page_of) for item in seg.items]


def _bold_ranges(item: Item) -> list[tuple[int, int]]:
    return [(b.start + a, b.start + e) for b in item.blocks for a, e in b.bold_spans]


def _partners(doc: ParsedDocument, item: Item, memory: dict[str, Mention],
              spans_seen: list[tuple[int, int]]) -> list[Mention]:
    """The item's partners; ``spans_seen`` receives every organisation-name span found, kept or not."""
    mentions: list[Mention] = []
    field_values = item.field("partner")
    for f in field_values:
        for part, off in split_partner_list(f.value):
            m = clean_mention(part, f.start + off, "field")
            if m:
                mentions.append(m)
    title_first = words(item.title)[:1]
    if (item.kind == "alliance" and not field_values and title_first and title_first[0] not in _activity_heads()
            and looks_like_name(item.title)):
        # An alliance item is usually headed by the partners' names themselves.
        for part, off in split_partner_list(item.title):
            m = clean_mention(part, item.title_start + off, "title")
            if m:
                mentions.append(m)

    # "Alianza con Coursera", "Pasantías con Niagara College": the title names its partner after "con".
    for name, off in named_after_with(item.title):
        for part, part_off in split_partner_list(name):
            m = clean_mention(part, item.title_start + off + part_off, "title")
            if m:
                mentions.append(m)

    text = doc.text[item.start:item.end]
    # "el embajador del Reino Unido" stands for the embassy of that country.
    for m in AMBASSADOR.finditer(text):
        for c in find_countries(m.group("place")):
            if c.start == 0:
                name = f"Embajada {m.group('de')} {m.group('place')[:c.end]}"
                mention = Mention(name=name, start=item.start + m.start(), end=item.start + m.end("place"),
                                  source="pattern", country=c.code, country_known=True)
                mentions.append(mention)
                break
    nlp_doc = analyse(text)
    bold = _bold_ranges(item)
    weak = _weak_heads()
    for span in nlp_doc.spans["gazetteer"]:
        m = clean_mention(span.text, item.start + span.start_char, "gazetteer")
        if m:
            mentions.append(m)
    for span in nlp_doc.spans["org_names"]:
        start = item.start + span.start_char
        end = item.start + span.end_char
        enclosing = next(((a, b) for a, b in bold if a <= start and end <= b + 1), None)
        # "Agencia Alemana de Cooperación Internacional – GIZ": take the acronym that follows the name.
        tail = ACRONYM_AFTER.match(text, span.end_char)
        surface = span.text
        own_centre = OWN_CENTRE.search(surface)
        if own_centre:          # "Embajada de Francia al Centro de Biotecnología …": the visit's venue begins
            surface = surface[:own_centre.start()]
            end = start + len(surface)
        if span[0].lower_ in weak:
            if enclosing is None and not tail:
                continue        # "Comunidades", "Oficina": names only when the bulletin marks them
            if enclosing is not None and enclosing[0] == start and len(words(doc.text[enclosing[0]:enclosing[1]])) <= 10:
                # Bulletins bold a partner's whole name, lower-case words included.
                end = enclosing[1]
                surface = doc.text[start:end]
        country_tail = COUNTRY_AFTER.match(text, span.end_char)
        trailing_place = TRAILING_PLACE.search(surface)
        if trailing_place and span[0].lower_ not in MISSION_HEADS and (
                find_cities(trailing_place.group(1)) or find_countries(trailing_place.group(1))
                or find_departments(trailing_place.group(1))):
            surface = surface[:trailing_place.start()]   # "Comisión Técnica de OIT/Cinterfor en Brasilia"
        for part, off in split_partner_list(surface):
            if tail and off + len(part) >= len(surface):
                part = f"{part} ({tail.group(1) or tail.group(2)})"
            elif country_tail and off + len(part) >= len(surface) and country_code(country_tail.group(1)):
                part = f"{part} ({country_tail.group(1)})"      # "Gobierno de Santa Fe (Argentina)"
            m = clean_mention(part, start + off, "pattern")
            if m:
                mentions.append(m)

    centres = [(item.start + m.start(), item.start + m.end()) for m in CENTRE_NAME.finditer(text)]
    mentions = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in centres)
                or m.source in ("field", "title")]      # "Centro de Diseño Tecnológico Industrial" is SENA's
    spans_seen.extend((m.start, m.end) for m in mentions)
    resolved = []
    for m in mentions:
        resolve(m, memory)
        if keep(m):
            resolved.append(m)
    return merge_mentions(resolved)


def _remember(partners: list[Mention], memory: dict[str, Mention]) -> None:
    for m in partners:
        for key in m.keys:
            if m.country_known and key not in memory:
                memory[key] = m


def _place_countries(item: Item) -> list[str]:
    codes: list[str] = []
    for f in item.field("place") + item.field("country"):
        for c in find_countries(f.value):
            if c.code != "CO" and c.code not in codes:
                codes.append(c.code)
    return codes


def _extract_item(doc: ParsedDocument, seg: SegmentedDocument, item: Item, memory: dict[str, Mention],
                  default_year: int | None, pages: dict[int, int | None],
                  page_of: Callable[[int], int | None]) -> Activity:
    text = doc.text[item.start:item.end]
    base = item.start
    values: list[Valued] = []

    def ev(start: int, end: int) -> Evidence:
        page = pages[start] if start in pages else pages.setdefault(start, page_of(start))
        return Evidence(page=page, start=start, end=end)

    org_spans: list[tuple[int, int]] = []
    partners = _partners(doc, item, memory, org_spans)
    partner_spans = org_spans
    for m in partners:
        values.append(Valued(field="partner", value=m.name, evidence=ev(m.start, m.end)))

    # Places first: countries the text names, cities (with their countries), destination fields.
    # SENA's own centres carry places in their names ("Centro Nacional Colombo Alemán", "Centro Minero de
    # Sogamoso"): neither venue cities nor countries.
    centre_spans = [(m.start(), m.end()) for m in CENTRE_NAME.finditer(text)]
    text_countries = [c for c in find_countries(text) if c.code != "CO"
                      and not any(a <= c.start and c.end <= b for a, b in centre_spans)]
    not_venue = partner_spans + [(f.start, f.end) for f in item.fields if f.name in ("regionales", "partner", "beneficiaries")]
    not_venue += [(base + a, base + b) for a, b in centre_spans]
    cities: list[str] = []
    city_countries: list[str] = []
    for f in item.field("place"):
        # "Helsinki y Espoo, Finlandia", "Nigrán, España", "Pereira": the parts that are not countries.
        for part in PLACE_PART.finditer(f.value):
            for piece in PLACE_AND.split(part.group(0)):
                name = piece.strip()
                if (not name or not name[0].isupper() or find_countries(name) or find_departments(name)
                        or squash(name) in _no_place() or CENTRE_NAME.match(name) or _starts_org(name)):
                    continue
                known = find_cities(name)
                if known and known[0].start == 0:
                    name = known[0].name
                if name not in cities:
                    offset = f.start + f.value.find(name)
                    cities.append(name)
                    values.append(Valued(field="city", value=name, evidence=ev(offset, offset + len(name))))
                    if known and known[0].country and known[0].country != "CO":
                        city_countries.append(known[0].country)
    for c in find_cities(text):
        s, e = base + c.start, base + c.end
        if COMPOUND_DASH.match(text, c.end):
            continue    # "Colombo-Alemana": part of a compound adjective, not the city
        # A city named inside an organisation's name or a regionales/partner field is not a venue.
        if any(a <= s and e <= b for a, b in not_venue) and text[max(0, c.start - 3):c.start] != "en ":
            continue    # inside a name ("Universidad de Chongqing"), unless the name ends "… en <city>"
        sentence = text[slice(*_sentence_at(text, c.start))]
        colombian = c.country in (None, "CO")     # only a Colombian place can be a regional's name
        if (colombian and REGIONAL_CONTEXT.search(sentence) and not VENUE_CUE.search(text[max(0, c.start - 25):c.start])) \
                or _origin(text, c.start, c.end):
            continue    # "instructores de las regionales Cundinamarca y Bogotá D.C.": an origin, not a venue
        if find_departments(c.name) and not fold(c.name).startswith("bogota"):
            # "Santander", "San Andrés" name departments too: a town only where the text goes there.
            sentence = text[slice(*_sentence_at(text, c.start))]
            if not VENUE_CUE.search(text[max(0, c.start - 25):c.start]) or REGIONAL_CONTEXT.search(sentence):
                continue
        if c.country and c.country != "CO":
            city_countries.append(c.country)
        if c.name not in cities:
            cities.append(c.name)
            values.append(Valued(field="city", value=c.name, evidence=ev(s, e)))

    for m in QUALIFIED_PLACE.finditer(text):
        name, where = m.group("city"), m.group("where").strip()
        s, e = base + m.start("city"), base + m.end("city")
        code = country_code(where)
        if not (code or find_departments(where)) or name in cities or any(a <= s < b for a, b in not_venue):
            continue
        if (find_countries(name) or find_departments(name) or find_cities(name) or squash(name) in _no_place()
                or CENTRE_NAME.match(name) or _starts_org(name)):
            continue    # a country, department or known city (found above), a centre or an organisation
        cities.append(name)
        values.append(Valued(field="city", value=name, evidence=ev(s, e)))
        if code and code != "CO":
            city_countries.append(code)

    # A partner whose home nothing else tells takes the one foreign country the item is about.
    foreign = list(dict.fromkeys(_place_countries(item) + [c.code for c in text_countries] + city_countries))
    if any(c.code == "CO" for f in item.field("country") + item.field("place") for c in find_countries(f.value)):
        foreign = []        # "País: Colombia / Países Bajos": the partners' homes differ; do not guess
    for m in partners:
        # Not at events: the venue of a congress says nothing of who organised it.
        if not m.country_known and len(foreign) == 1 and item.kind != "event":
            m.country, m.country_known = foreign[0], True
    _remember(partners, memory)

    # Countries: partners' home countries, then every country the item names or implies through a city.
    countries: list[str] = []
    for m in partners:
        if m.country and m.country != "CO" and m.country not in countries:
            countries.append(m.country)
    for c in text_countries:
        if c.code not in countries:
            countries.append(c.code)
            values.append(Valued(field="country", value=c.code, evidence=ev(base + c.start, base + c.end)))
    for code in city_countries:
        if code not in countries:
            countries.append(code)

    regionales = _regionales(item, text, base, values, ev)
    date_start, date_end, precision = _dates(item, text, base, values, ev, default_year)

    beneficiaries = None
    total = None
    # A labelled field states the count ("Beneficiarios: 3", a table's Participantes column).
    for f in item.field("beneficiaries"):
        counted = total_beneficiaries(f"{f.label}: {f.value}")
        if counted is not None:
            total = counted
            shift = f.start - (len(f.label) + 2)
            total_spans = [(shift + a - base, shift + b - base) for a, b in counted.spans]
            break
    if total is None:
        total = total_beneficiaries(text)
        total_spans = total.spans if total else []
    if total is not None:
        beneficiaries = total.value
        for s, e in total_spans:
            values.append(Valued(field="beneficiaries", value=str(total.value), evidence=ev(base + s, base + e)))

    return Activity(
        document=doc.name, kind=item.kind, title=item.title, section=item.section,
        partners=[PartnerRef(name=m.name, acronym=m.acronym, country=m.country, type=m.type,
                             evidence=ev(m.start, m.end)) for m in partners],
        countries=countries, cities=cities, date_start=date_start, date_end=date_end, date_precision=precision,
        beneficiaries=beneficiaries, regionales=regionales, text=text,
        evidence=Evidence(page=item.page, start=item.start, end=item.end), values=values)


def _regionales(item: Item, text: str, base: int, values: list[Valued], ev) -> list[str]:
    codes: list[str] = []

    def add(code: str, s: int, e: int) -> None:
        if code not in codes:
            codes.append(code)
            values.append(Valued(field="regional", value=code, evidence=ev(s, e)))

    for f in item.field("regionales"):
        for d in find_departments(f.value):
            add(d.code, f.start + d.start, f.start + d.end)
    # Elsewhere: departments named as impacted or as the participants' origin, not as a venue.
    item_tokens = tokenise(text)
    # Only clauses where a department's name is spelled out can name one: the others are skipped unread.
    named_at = department_offsets(item_tokens)
    if not named_at:
        return codes
    for line_match in CLAUSES.finditer(text):
        first = bisect_left(named_at, line_match.start())
        if first == len(named_at) or named_at[first] >= line_match.end():
            continue
        line = line_match.group(0)
        in_context = bool(REGIONAL_CONTEXT.search(line))
        # The clause's tokens are cut from the item's (tokenised once for every finder).
        line_tokens = item_tokens.within(line_match.start(), line_match.end())
        found = (departments_in(line_tokens, strict=not in_context) if line_tokens is not None
                 else find_departments(line, strict=not in_context))
        for d in found:
            before = line[:d.start]
            origin = _origin(line, d.start, d.end)
            if not in_context and not origin and (VENUE_BEFORE.search(before) or fold(d.surface).startswith("bogota")):
                continue
            add(d.code, base + line_match.start() + d.start, base + line_match.start() + d.end)
    return codes


CLAUSES = re.compile(r"(?:[^\n.;]|\.(?!\s+[A-ZÁÉÍÓÚÑ¿¡\d]|\s*$))+")   # sentences and ;-clauses; "N. de Santander" stays whole
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡\d])|\n")


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() <= offset:
            start = m.end()
        else:
            return start, m.start()
    return start, len(text)


def _dates(item: Item, text: str, base: int, values: list[Valued], ev, default_year: int | None):
    spans = []
    date_fields = item.field("date")
    for f in date_fields:
        for d in find_field_dates(f.value, default_year=default_year):
            spans.append((d, f.start))
    if not spans:
        # The activity's own date is the first one the item states; later sentences tend to speak of
        # other things (next steps, the programme's history). Dates in that first sentence all count.
        found = find_dates(text, default_year=default_year)
        if found:
            first_sentence = _sentence_at(text, found[0].char_start)
            spans = [(d, base) for d in found if first_sentence[0] <= d.char_start < first_sentence[1]]
    if not spans:
        return None, None, None
    starts = [d.start for d, _ in spans if d.start]
    ends = [d.end for d, _ in spans if d.end]
    order = ["day", "month", "quarter", "semester", "year"]
    precision = max((d.precision for d, _ in spans), key=lambda p: order.index(p) if p in order else 0)
    for d, off in spans:
        values.append(Valued(field="date", value=f"{d.start or ''}/{d.end or ''}",
                             evidence=ev(off + d.char_start, off + d.char_end)))
    return (min(starts) if starts else None), (max(ends) if ends else None), precision
