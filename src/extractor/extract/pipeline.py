"""The spaCy pipeline: a blank Spanish tokenizer and rule components built from models/ assets.

Components write spans into ``doc.spans``:
- ``org_names``: capitalised names headed by an organisation noun ("Embajada de Canadá en Colombia"),
  found with a token Matcher built from models/patterns/organisations.json;
- ``gazetteer``: known organisations (names, aliases, acronyms) from models/gazetteer/organisations.json.
Nothing is downloaded: the pipeline is rules and data shipped in the repository.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.attrs import FLAG19
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from extractor.values._data import load_json
from extractor.values.city import find_cities
from extractor.values.country import find_countries
from extractor.values.department import find_departments
from extractor.values.organisation import load_gazetteer

CAPITALISED = r"^(?:[A-ZÁÉÍÓÚÑÜÀÂÈÊÎÔÛÇÖÄ0-9][\w.&'’-]*|[A-Z]{2,}[\w.]*)$"
ELIDED = r"^[dlDL]['’][A-ZÁÉÍÓÚÀÂÈÊÎÔÛÇ]"        # French "l'Éducation", "d'Économie": an article, then a name
COORDINATORS = frozenset({"y", "e", "et", "und", "and", "&"})
# What may stand between a coordinator and the next name's head: "y de la Agencia…", "et du Ministère…".
ARTICLES = frozenset({"la", "el", "los", "las", "le", "les", "the", "die", "der", "das", "o", "a", "os", "as",
                      "de", "del", "des", "du", "do", "da", "of"})


@lru_cache(maxsize=1)
def org_patterns() -> dict:
    return load_json("patterns/organisations.json")


def _name_matcher(nlp: Language) -> Matcher:
    data = org_patterns()
    connectors = sorted(set(data["connectors"]))
    name_word = re.compile(CAPITALISED + "|" + ELIDED + "|^(?:" + "|".join(map(re.escape, connectors)) + r")$")
    # Both tests depend on a word's text only: as lexeme flags they are computed once per word of the
    # vocabulary, where a REGEX or IN predicate is called again on every token of every text.
    is_head = _add_flag(nlp, _is_head_word)                                     # the LOWER attribute
    in_name = _add_flag(nlp, lambda orth: name_word.search(orth) is not None)   # as REGEX on TEXT does
    is_capitalised = _add_flag(nlp, _is_capitalised)
    is_tail = _add_flag(nlp, _is_tail_word)
    matcher = Matcher(nlp.vocab, validate=False)    # the pattern schema knows no custom flags
    body = {"OP": "+", in_name: True}
    matcher.add("ORG_NAME", [[{is_head: True, "IS_TITLE": True}, body],
                             [{is_head: True, "IS_UPPER": True}, body]], greedy="LONGEST")
    # English order: "Specialty Coffee Association", "Korea Employment Information Service". Only the head
    # is matched; the component walks back over the capitalised words before it (cheaper than a leading
    # "+" pattern, which the Matcher would try from every capitalised word).
    matcher.add(TAIL_NAME, [[{is_tail: True, is_capitalised: True}]])
    return matcher


TAIL_NAME = "ORG_TAIL_NAME"
# Capitalised at a sentence's start, not part of a name: "Con la Specialty…", "En Omnia…".
SENTENCE_LEADS = frozenset({"con", "en", "la", "el", "los", "las", "del", "de", "para", "por", "y", "a", "al",
                            "según", "durante", "desde", "tras", "ante", "entre", "sobre", "un", "una", "este",
                            "esta", "junto", "mediante", "también", "además", "así", "the"})


@lru_cache(maxsize=1)
def _tail_words() -> frozenset[str]:
    return frozenset(w.lower() for w in org_patterns().get("tail_heads", ()))


_CAPITALISED = re.compile(CAPITALISED)


def _is_capitalised(orth: str) -> bool:
    return _CAPITALISED.search(orth) is not None


def _is_tail_word(orth: str) -> bool:
    """A noun that ends a name in English order, also as a compound's last part ("Agri-Center")."""
    return orth.lower().rsplit("-", 1)[-1] in _tail_words()


def _tail_name_at(doc: Doc, j: int, end: int) -> bool:
    """Do capitalised words from token ``j`` run into an English-order head before ``end``?"""
    for k in range(j, min(end, j + 6)):
        if not _is_capitalised(doc[k].text):
            return False
        if k > j and _is_tail_word(doc[k].text):
            return True
    return False


@lru_cache(maxsize=1)
def _head_words() -> tuple[frozenset[str], tuple[str, ...]]:
    data = org_patterns()
    return frozenset(h.lower() for h in data["heads"]), tuple(data.get("head_suffixes", ()))


def _is_head_word(orth: str) -> bool:
    """An organisation noun, or a German compound ending in one ("Handwerkskammer", "Bundesagentur")."""
    lower = orth.lower()
    heads, suffixes = _head_words()
    return lower in heads or (orth[:1].isupper() and any(lower.endswith(s) and len(lower) > len(s) + 2
                                                         for s in suffixes))


def _enumeration_end(doc: Doc, end: int, connectors: set[str]) -> int:
    """Where a name goes on through an enumeration of its fields: "Ministerio de Trabajo, Empleo y Seguridad
    Social (del Paraguay)", "Instituto Federal de Educação, Ciência e Tecnologia de Santa Catarina". The
    comma joins only when a coordinator closes the list; a list of organisations (a head after the comma)
    is not one name. Returns ``end`` when the name stops at the comma."""
    def words_from(k: int) -> int:          # capitalised words (no head) from k: the index after them
        n = k
        while n < len(doc) and n - k < 3 and _is_capitalised(doc[n].text) and not _is_head_word(doc[n].text) \
                and not _is_tail_word(doc[n].text):
            n += 1
        return n

    def field_word(k: int, n: int) -> bool:    # "Empleo", not a place: "Medellín y Bogotá" are two venues
        words = doc[k:n].text
        return n > k and not (find_countries(words) or find_cities(words) or find_departments(words))

    k = end
    while k < len(doc) and doc[k].text == ",":
        n = words_from(k + 1)
        if not field_word(k + 1, n):
            return end
        k = n
    if k == end or k >= len(doc) or doc[k].lower_ not in COORDINATORS:
        return end
    n = words_from(k + 1)
    if not field_word(k + 1, n):
        return end
    # "… Seguridad Social del Paraguay": connectors and capitalised words that go on from the last field.
    last = n
    while last + 1 < len(doc) and doc[last].lower_ in connectors and _is_capitalised(doc[last + 1].text):
        last = words_from(last + 1)
        if last == n:
            break
        n = last
    return n


def _split_coordinated(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """"Université de Lyon y la École Centrale": a coordinator, an optional article and a new capitalised
    head start a second name. "Ciencia, Tecnología e Innovación" (no head after "e") stays one name, and so
    does "Industrie- und Handelskammer" (a truncated compound before "und")."""
    parts, begin = [], start
    for i in range(start + 1, end - 1):
        if doc[i].lower_ not in COORDINATORS or doc[i - 1].text.endswith("-") or i <= begin:
            continue
        j = i + 1
        while j < end - 1 and doc[j].lower_ in ARTICLES:
            j += 1
        if (_is_head_word(doc[j].text) and doc[j].text[:1].isupper()) or _tail_name_at(doc, j, end):
            parts.append((begin, i))
            begin = j
    parts.append((begin, end))
    return parts


def _add_flag(nlp: Language, getter) -> int:
    """A lexeme flag in spaCy's custom range (FLAG19–FLAG63), clear of the built-in attribute bits."""
    free = next(bit for bit in range(FLAG19, 64) if bit not in nlp.vocab.lex_attr_getters)
    return nlp.vocab.add_flag(getter, flag_id=free)


@Language.factory("org_names")
def make_org_names(nlp: Language, name: str):
    matcher = _name_matcher(nlp)
    connectors = {c.lower() for c in org_patterns()["connectors"]}

    def component(doc: Doc) -> Doc:
        spans = []
        tail_name = doc.vocab.strings[TAIL_NAME]
        for match_id, match_start, match_end in matcher(doc):
            if match_id == tail_name or _is_tail_word(doc[match_start].text):
                # An English head ends its name's first part: back over the capitalised words before it (at
                # most five: "Specialty Coffee Association", "Savonia University of Applied Sciences"), then
                # past a sentence's capitalised first word ("Con la Specialty…").
                head = match_start
                while match_start > 0 and head - match_start < 5 and _is_capitalised(doc[match_start - 1].text) \
                        and not _is_head_word(doc[match_start - 1].text):
                    match_start -= 1
                while match_start < match_end - 1 and doc[match_start].lower_ in SENTENCE_LEADS:
                    match_start += 1
                if match_end - match_start < 2:
                    continue
            match_end = _enumeration_end(doc, match_end, connectors)
            for start, end in _split_coordinated(doc, match_start, match_end):
                # Names never end on a connector ("Embajada de Canadá en" → "Embajada de Canadá").
                while end > start + 1 and doc[end - 1].lower_ in connectors:
                    end -= 1
                if end - start >= 2:
                    spans.append(doc[start:end])
        doc.spans["org_names"] = spacy.util.filter_spans(spans)
        return doc

    return component


@Language.factory("gazetteer")
def make_gazetteer(nlp: Language, name: str):
    gazetteer = load_gazetteer()

    def component(doc: Doc) -> Doc:
        spans = []
        for m in gazetteer.find_in_text(_source_text(doc)):
            span = doc.char_span(m.start, m.end, label=m.entry.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["gazetteer"] = spans
        return doc

    return component


# Doc.text rebuilds the text token by token; ``analyse`` keeps the string the doc was made from here.
SOURCE_TEXT = "extractor_source_text"


def _source_text(doc: Doc) -> str:
    text = doc.user_data.get(SOURCE_TEXT)
    return text if isinstance(text, str) else doc.text


def analyse(text: str) -> Doc:
    """``build_nlp()(text)``, letting the components read the text without rebuilding it (spaCy's
    tokenisation keeps every character, so it is the doc's text)."""
    nlp = build_nlp()
    doc = nlp.make_doc(text)
    doc.user_data[SOURCE_TEXT] = text
    return nlp(doc)


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = spacy.blank("es")
    nlp.add_pipe("org_names")
    nlp.add_pipe("gazetteer")
    return nlp
