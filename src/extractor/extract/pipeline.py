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
from extractor.values.organisation import load_gazetteer

CAPITALISED = r"^(?:[A-ZÁÉÍÓÚÑÜ0-9][\w.&'’-]*|[A-Z]{2,}[\w.]*)$"


@lru_cache(maxsize=1)
def org_patterns() -> dict:
    return load_json("patterns/organisations.json")


def _name_matcher(nlp: Language) -> Matcher:
    data = org_patterns()
    heads = frozenset(h.lower() for h in data["heads"])
    connectors = sorted(set(data["connectors"]))
    name_word = re.compile(CAPITALISED + "|^(?:" + "|".join(map(re.escape, connectors)) + r")$")
    # Both tests depend on a word's text only: as lexeme flags they are computed once per word of the
    # vocabulary, where a REGEX or IN predicate is called again on every token of every text.
    is_head = _add_flag(nlp, lambda orth: orth.lower() in heads)                # the LOWER attribute
    in_name = _add_flag(nlp, lambda orth: name_word.search(orth) is not None)   # as REGEX on TEXT does
    matcher = Matcher(nlp.vocab, validate=False)    # the pattern schema knows no custom flags
    body = {"OP": "+", in_name: True}
    matcher.add("ORG_NAME", [[{is_head: True, "IS_TITLE": True}, body],
                             [{is_head: True, "IS_UPPER": True}, body]], greedy="LONGEST")
    return matcher


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
        for _, start, end in matcher(doc):
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
