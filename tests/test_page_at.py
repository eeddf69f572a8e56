"""ParsedDocument.page_at (bisect over block ends) agrees with a plain scan, also for unordered blocks."""

from __future__ import annotations

from hypothesis import given, strategies as st

from extractor.model import Block, DocumentBuilder, ParsedDocument


def _scan(doc: ParsedDocument, offset: int):
    for block in doc.blocks:
        if block.start <= offset < block.end or (offset == block.end and block.end == block.start):
            return block.page
        if block.start > offset:
            return block.page
    return doc.blocks[-1].page if doc.blocks else None


@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), st.integers(1, 9)), max_size=12))
def test_page_at_matches_linear_scan(parts):
    b = DocumentBuilder()
    for text, page in parts:
        b.add(text, page=page)
    doc = b.build(path="x", name="x", format="pdf", reader="t")
    for offset in range(-2, len(doc.text) + 3):
        assert doc.page_at(offset) == _scan(doc, offset)


def test_page_at_with_blocks_out_of_order_and_after_appending():
    doc = ParsedDocument(path="x", name="x", format="pdf", reader="t", text="x" * 40,
                         blocks=[Block(text="a", start=20, end=30, page=2), Block(text="b", start=0, end=10, page=1)])
    assert [doc.page_at(o) for o in (0, 5, 15, 25, 35)] == [_scan(doc, o) for o in (0, 5, 15, 25, 35)]
    doc.blocks.append(Block(text="c", start=31, end=40, page=3))
    assert doc.page_at(35) == _scan(doc, 35) == 3
