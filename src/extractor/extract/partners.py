"""Partners of an item: organisations named in partner fields, in alliance titles and in the body.

A mention is cleaned into name / acronym / country ("ICIL – Institución Superior en Logística (España)"),
resolved against the gazetteer for acronym and home country, deduplicated, and SENA's own units dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from extractor.extract.pipeline import org_patterns
from extractor.normalize import fold, squash, words
from extractor.values.city import find_cities
from extractor.values.country import country_code, find_countries
from extractor.values.department import find_departments
from extractor.values.organisation import implied_country, load_gazetteer

DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
PAREN_TAIL = re.compile(r"\s*\(([^()]{1,80})\)\s*$")
ACRONYM_TOKEN = re.compile(r"^[A-ZÁÉÍÓÚÑÜ0-9][A-ZÁÉÍÓÚÑÜ0-9&.\-]*[A-ZÁÉÍÓÚÑÜ0-9.]$|^[A-Z]$")
AND_SPLIT = re.compile(r"\s+(?:y|Y|e|E)\s+|\s*;\s*|,\s+(?=[A-ZÁÉÍÓÚÑ])|\s+[–—-]\s+(?=[A-ZÁÉÍÓÚÑ])")
NAME_GAPS = re.compile(r"[\s/]+")
ACRONYM_GAPS = re.compile(r"\s*/\s*|\s+")
SLASH = re.compile(r"\s*/\s*")
SINGLE_NAME = re.compile(r"[A-ZÁÉÍÓÚÑ][\w'’.&+-]*[\s.]*")
COMMA_TAIL = re.compile(r",\s*([^,()]{3,40})$")
# "Convenio sobre la Diversidad Biológica (CDB) de las Naciones Unidas", "SENESCYT (…) del Ecuador": after the
# acronym, the parent organisation or the country, not more of the name.
ACRONYM_THEN_OF = re.compile(r"^(?P<head>.+?\s*\((?P<acronym>[^()]{2,15})\))\s+(?:(?:de|del|de la|de las|de los)\s+"
                             r"(?P<of>[^()]{3,60})|(?P<legal>GmbH|AG|SE|S\.\s?A\.?(?:\s?S\.?)?|Ltda?\.?|Inc\.?|e\.\s?V\.?))$")
# "Organización de los Estados Americanos, OEA": an acronym after a comma.
COMMA_ACRONYM = re.compile(r",\s*(?P<acronym>[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9&.\-]{1,11})$")
# Words that end Spanish common nouns ("Investigación y Enseñanza", "Ciencia y Tecnología"): after "y" such a
# word goes on with the name; a brand or a name ("… y Nuffic") starts another organisation.
COMMON_NOUN_END = re.compile(r"(?:cion|sion|dad|tad|miento|anza|encia|ancia|aje|ura|ismo|eza|logia|eria|stria|grafia|nomia)$")
ABBREVIATION_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$")


@dataclass
class Mention:
    name: str
    start: int
    end: int
    source: str                      # field, title, pattern, gazetteer
    acronym: str | None = None
    country: str | None = None
    country_known: bool = False      # True when the country (even null, for a multilateral) is settled
    entry_id: str | None = None
    type: str | None = None
    keys: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def _name_connectors() -> frozenset[str]:
    return frozenset({c.lower() for c in org_patterns()["connectors"]} | {"-", "–", "—", "y", "&"})


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    return frozenset(h.lower() for h in org_patterns()["heads"])


def looks_like_name(text: str) -> bool:
    """Every word capitalised, an acronym, a number or a connector: a proper name, not a description."""
    text = PAREN_TAIL.sub("", text)
    connectors = _name_connectors()
    tokens = [t for t in NAME_GAPS.split(text) if t]
    return bool(tokens) and all(t[:1].isupper() or t[:1].isdigit() or t.lower() in connectors or
                                not any(ch.isalpha() for ch in t) for t in tokens)


CLAUSE = re.compile(r",\s+(?=[a-záéíóúñ])(?!(?:de|del|y|e|la|las|los|el|für|und|of|and)\b)")   # "INACAP, sede Antofagasta", "KOICA, acompañada por …": a name ends there


def _paren_acronym(text: str) -> bool:
    """'CICan', 'Fraunhofer IPA', 'AHK Colombia': short, capitalised, with an all-caps or multi-capital token."""
    tokens = text.split()
    return (0 < len(tokens) <= 3 and len(text) <= 24 and all(t[:1].isupper() for t in tokens)
            and any(sum(ch.isupper() for ch in t) >= 2 for t in tokens))


@lru_cache(maxsize=8192)
def is_acronym(text: str) -> bool:
    """'ICIL', 'OIT / CINTERFOR', 'S.A.S.': upper-case tokens, optionally joined by slashes."""
    parts = [p for p in ACRONYM_GAPS.split(text.strip()) if p]
    return bool(parts) and len(parts) <= 3 and all(ACRONYM_TOKEN.match(p) for p in parts) and \
        sum(ch.isalpha() for ch in text) >= 2 and len(text) <= 24


@lru_cache(maxsize=1)
def _own_patterns() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(pattern) for pattern in org_patterns()["own"])


@lru_cache(maxsize=8192)
def _own(name: str) -> bool:
    ws = tuple(words(name))
    present = set(ws)
    for pattern in _own_patterns():
        if pattern and pattern[0] not in present:
            continue        # cannot occur: skip the window comparisons
        n = len(pattern)
        if any(ws[i:i + n] == pattern for i in range(len(ws) - n + 1)):
            return True
    return False


def _starts_org(text: str) -> bool:
    """Does this fragment begin an organisation's name (a head noun, an acronym, a known name)?"""
    split = text.split()
    first = split[0] if split else ""
    if not first[:1].isupper():
        return False
    if first.lower() in _heads() or is_acronym(first):
        return True
    if len(split) > 1 and fold(first) == "centro" and fold(split[1]).startswith("internacional"):
        return True     # "Centro Internacional de la Papa": an international research centre, not SENA's
    # A known organisation's name must begin the fragment, not merely stand somewhere in it.
    return any(m.start == 0 for m in load_gazetteer().find_in_text(text))


WITH_NAME = re.compile(
    r"\b(?:con|entre|junto a|de la mano de)\s+(?:el|la|los|las|un|una)?\s*"
    r"(?P<name>[A-ZÁÉÍÓÚÑ0-9][\w'’.&+-]*(?:\s+(?:(?:de|del|la|las|los|y|e|for|of|the|and|di|du|des|der|für|und)\s+)?"
    r"[A-ZÁÉÍÓÚÑ0-9][\w'’.&+-]*)*)")


def named_after_with(text: str) -> list[tuple[str, int]]:
    """Capitalised names after "con"/"entre" ("Alianza con Coursera", "Convenio con la Cámara de Comercio X")."""
    return [(m.group("name"), m.start("name")) for m in WITH_NAME.finditer(text)]


EMBASSY_ONLY = re.compile(r"^Embajada\s+(?:de|del|de la|de los)\s+[^–—\-(),;]+$")


def _complete_org(text: str) -> bool:
    """A left part that is a whole organisation by itself: an embassy of a named country.

    (A known name is not enough: "Ministerio de Trabajo" is complete in Colombia but begins
    "Ministerio de Trabajo y Desarrollo Laboral de Panamá".)"""
    text = text.strip()
    return bool(EMBASSY_ONLY.match(text)) and implied_country(text) is not None


def split_partner_list(text: str) -> list[tuple[str, int]]:
    """Split 'A y B', 'A; B', 'A, B' where the right side starts an organisation; (part, offset)."""
    parts: list[tuple[str, int]] = []
    pos = 0
    for m in AND_SPLIT.finditer(text):
        right = text[m.end():]
        left = text[pos:m.start()]
        single_name = bool(SINGLE_NAME.fullmatch(right)) and not COMMON_NOUN_END.search(fold(right.strip()))  # "… y Nuffic"
        if not left.strip():
            continue
        if m.group(0).strip() in ("-", "–", "—"):
            right_part = DASH_SPLIT.split(right, maxsplit=1)[0]
            right_part = AND_SPLIT.split(right_part, maxsplit=1)[0]
            if is_acronym(left.strip()) or is_acronym(PAREN_TAIL.sub("", right_part).strip()):
                continue    # "ICIL – Institución Superior en Logística": a name and its acronym, one partner
        dash = m.group(0).strip() in ("-", "–", "—")
        if _starts_org(right) or (not dash and right[:1].isupper() and (single_name or _complete_org(left))):
            parts.append((text[pos:m.start()], pos))
            pos = m.end()
    parts.append((text[pos:], pos))
    return [(p.strip(), off + (len(p) - len(p.lstrip()))) for p, off in parts if p.strip()]


def clean_mention(text: str, start: int, source: str) -> Mention | None:
    """Name, acronym and explicit country of one organisation as written."""
    parsed = _parse_mention(text)
    if parsed is None:
        return None
    name, offset, acronym, country, country_known = parsed
    return Mention(name=name, start=start + offset, end=start + offset + len(name), source=source, acronym=acronym,
                   country=country, country_known=country_known)


@lru_cache(maxsize=4096)
def _parse_mention(text: str) -> tuple[str, int, str | None, str | None, bool] | None:
    """``clean_mention`` of ``text`` as (name, its offset in ``text``, acronym, country, country known). Cached:
    an item's names come back from several finders (gazetteer, name patterns, fields, title)."""
    country = None
    raw = CLAUSE.split(text.strip(), maxsplit=1)[0].rstrip(".,;:")    # "Korea Polytechnics, con financiación de …"
    comma = COMMA_TAIL.search(raw)
    if comma and country_code(comma.group(1).strip()):
        country = country_code(comma.group(1).strip())      # "Aliado: Name (ACR), País"
        raw = raw[:comma.start()].rstrip()
    of = ACRONYM_THEN_OF.match(raw)
    if of and is_acronym(of.group("acronym").strip()):
        country = country or (country_code(of.group("of").strip()) if of.group("of") else None)
        raw = of.group("head")
    comma_acronym = COMMA_ACRONYM.search(raw)
    if comma_acronym and is_acronym(comma_acronym.group("acronym")) and len(raw[:comma_acronym.start()].split()) >= 2:
        raw = f"{raw[:comma_acronym.start()]} ({comma_acronym.group('acronym')})"
    m = PAREN_TAIL.search(raw)
    while m:
        inner = m.group(1).strip()
        code = country_code(inner)
        if code:
            country = code
        elif is_acronym(inner) or _paren_acronym(inner):
            return _named_before(raw[:m.start()], inner, country)
        elif len(inner.split()) <= 4 and inner[:1].isupper() and not any(ch.isdigit() for ch in inner):
            pass            # "Ministerio de Relaciones Exteriores (Cancillería)": another name for it, dropped
        elif inner[:1].isupper() and len(raw[:m.start()].split()) <= 3 and not any(ch.isdigit() for ch in inner):
            # "SECAP (Servicio Ecuatoriano de Capacitación Profesional)", "Swisscontact (Fundación Suiza …)":
            # a short name and its spelled-out form or description; the short name is the one written first.
            return _named_before(raw[:m.start()], None, country)
        else:
            break
        raw = raw[:m.start()].rstrip()
        m = PAREN_TAIL.search(raw)
    acronym = None
    pieces = DASH_SPLIT.split(raw)
    if len(pieces) == 2:
        a, b = pieces
        if is_acronym(a) and not is_acronym(b):
            acronym, raw = a, b
        elif is_acronym(b) and not is_acronym(a):
            raw, acronym = a, b
    name = raw.strip().rstrip(",;:").strip()
    if name.endswith(".") and not ABBREVIATION_END.search(name):
        name = name[:-1].rstrip()      # a sentence's full stop, not an abbreviation's ("S.A.S.")
    if not name or len(name) < 2:
        return None
    offset = max(text.find(name), 0)
    if acronym:
        acronym = SLASH.sub("/", acronym)
    if acronym is None:
        # "DANIDA Fellowship Center", "OIT/Cinterfor": a leading all-caps word is the acronym.
        first = name.split()[0]
        if len(name.split()) > 1 and is_acronym(first) and len(first) >= 3:
            acronym = first
        elif is_acronym(name):
            acronym = name
    return name, offset, acronym, country, country is not None


def _named_before(before: str, acronym: str | None, country: str | None):
    """The mention written before a parenthesis: its own parse, with ``acronym`` (the parenthesis's) when
    given, else its own acronym or the name itself when the name is one ("SECAP"); ``country`` when it has none."""
    parsed = _parse_mention(before)
    if parsed is None:
        return None
    name, offset, own_acronym, name_country, country_known = parsed
    acronym = acronym or own_acronym or (name if is_acronym(name) else None)
    return name, offset, acronym, name_country or country, country_known


def resolve(mention: Mention, memory: dict[str, Mention]) -> None:
    """Fill acronym, country and type from the gazetteer, the name itself and earlier mentions."""
    gazetteer = load_gazetteer()
    entry = None
    for probe in (mention.name, mention.acronym):
        if probe:
            entry = gazetteer.lookup(probe)
            if entry:
                break
    if entry is None and mention.acronym is None:
        first = mention.name.split()[0]
        if is_acronym(first):
            entry = gazetteer.lookup(first)
    if entry is not None:
        mention.entry_id = entry.id
        mention.type = entry.type
        if mention.acronym is None and entry.acronym and fold(entry.acronym) in fold(mention.name):
            mention.acronym = entry.acronym
        if not mention.country_known:
            mention.country = entry.country
            mention.country_known = entry.country is not None or entry.type == "multilateral"
    mention.keys = _keys(mention)
    if not mention.country_known:
        for key in mention.keys:
            earlier = memory.get(key)
            if earlier is not None and earlier.country_known:
                mention.country, mention.country_known = earlier.country, True
                break
    if not mention.country_known:
        implied = implied_country(mention.name)
        if implied:
            mention.country, mention.country_known = implied, True
        elif find_departments(mention.name) or any(c.country == "CO" for c in find_cities(mention.name)):
            # "Cámara de Comercio de Bogotá", "Gobernación de Antioquia": named after a Colombian place.
            mention.country, mention.country_known = "CO", True


def _keys(mention: Mention) -> set[str]:
    keys = {squash(mention.name)}
    if mention.acronym:
        keys.add(squash(mention.acronym))
    if mention.entry_id:
        keys.add("entry:" + mention.entry_id)
    return {k for k in keys if k}


def same_partner(a: Mention, b: Mention) -> bool:
    if a.keys & b.keys:
        return True
    an, bn = squash(a.name), squash(b.name)
    if a.acronym and squash(a.acronym) in (bn, squash(b.acronym or "")):
        return True
    if b.acronym and squash(b.acronym) in (an,):
        return True
    shorter, longer = sorted((an, bn), key=len)
    return len(shorter) >= 6 and f" {shorter} " in f" {longer} "


def is_place_name(name: str) -> bool:
    """A bare country (or demonym) is not an organisation."""
    found = find_countries(name)
    return bool(found) and sum(m.end - m.start for m in found) >= len(name.strip()) - 2


def merge_mentions(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    rank = {"field": 0, "title": 1, "gazetteer": 2, "pattern": 3}
    for m in sorted(mentions, key=lambda m: (rank[m.source], m.start)):
        twin = next((k for k in kept if same_partner(k, m)), None)
        if twin is None:
            kept.append(m)
            continue
        if twin.start <= m.start and m.end > twin.end and m.start < twin.end and twin.source != "field":
            # The same mention read further ("Embajada de Canadá" → "… en Colombia"): keep the full name.
            twin.name, twin.end = m.name, m.end
        elif (twin.source != "field" and len(m.name) > len(twin.name) and not twin.acronym == twin.name
              and set(words(twin.name)) < set(words(m.name))):
            # A title's short form and the body's full name ("Ministerio de Trabajo" / "… de Panamá").
            twin.name, twin.start, twin.end = m.name, m.start, m.end
            if m.country_known:
                twin.country, twin.country_known, twin.entry_id = m.country, True, m.entry_id
        if twin.acronym is None and m.acronym:
            twin.acronym = m.acronym
        if not twin.country_known and m.country_known:
            twin.country, twin.country_known = m.country, True
        twin.keys |= m.keys
    return sorted(kept, key=lambda m: m.start)


@lru_cache(maxsize=1)
def _generic_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(folded connectors, folded heads, generic modifiers)."""
    data = org_patterns()
    return (frozenset(fold(c) for c in data["connectors"]), frozenset(fold(h) for h in data["heads"]),
            frozenset(data["generic_modifiers"]))


@lru_cache(maxsize=8192)
def _generic(name: str) -> bool:
    """'Gobierno Nacional', 'Entidades Aliadas': a head noun with only generic words names nobody in particular."""
    connectors, heads, modifiers = _generic_words()
    ws = words(name)
    rest = set(ws[1:]) - connectors
    return len(ws) >= 1 and fold(ws[0]) in heads and rest <= modifiers


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    return frozenset(squash(r) for r in org_patterns().get("regions", ()))


@lru_cache(maxsize=8192)
def _region(name: str) -> bool:
    return squash(name) in _regions()


def keep(mention: Mention) -> bool:
    return (not _own(mention.name) and not is_place_name(mention.name) and not _region(mention.name)
            and len(words(mention.name)) >= 1
            and (mention.entry_id is not None or not _generic(mention.name)))
