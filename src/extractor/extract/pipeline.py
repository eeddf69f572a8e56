"""The spaCy pipeline: a blank Spanish tokenizer and rule components built from models/ assets.

Components write spans into ``doc.spans``:
- ``org_names``: capitalised names headed by an organisation noun ("Embajada de Canadá en Colombia"),
  found with a token Matcher built from models/patterns/organisations.json;
- ``gazetteer``: known organisations (names, aliases, acronyms) from models/gazetteer/organisations.json.
Nothing is downloaded: the pipeline is rules and data shipped in the repository.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
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
    heads = sorted({h.lower() for h in data["heads"]})
    connectors = sorted(set(data["connectors"]))
    matcher = Matcher(nlp.vocab)
    body = {"OP": "+", "TEXT": {"REGEX": CAPITALISED + "|^(?:" + "|".join(map(_re_escape, connectors)) + r")$"}}
    matcher.add("ORG_NAME", [[{"LOWER": {"IN": heads}, "IS_TITLE": True}, body],
                             [{"LOWER": {"IN": heads}, "IS_UPPER": True}, body]], greedy="LONGEST")
    return matcher


def _re_escape(word: str) -> str:
    import re
    return re.escape(word)


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
        for m in gazetteer.find_in_text(doc.text):
            span = doc.char_span(m.start, m.end, label=m.entry.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["gazetteer"] = spans
        return doc

    return component


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = spacy.blank("es")
    nlp.add_pipe("org_names")
    nlp.add_pipe("gazetteer")
    return nlp
