"""Plain text and markdown-ish bulletins (.txt, .md).

Lines group into blocks the markdown way (consecutive lines form one block, a bullet starts a new one);
``**bold**`` marks and bullet glyphs are dropped from the text and kept as hints. A sentence cut by a page
break (blank lines, then a line starting in lower case) is rejoined. Headings are not marked up in these
files: a short standalone line is flagged as a heading candidate and the segmenter decides.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractor.model import BlockKind, DocumentBuilder, ParsedDocument
from extractor.readers.base import ReaderLimits
from extractor.readers.errors import CorruptDocument, EmptyDocument, LimitExceeded

BULLET = re.compile(r"^\s*(?:[-*+•▪●◦»·]|\d{1,2}[.)])\s+")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
RULE = re.compile(r"^\s*([=\-_*~])\1{2,}\s*$")
NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+(?=[^\W\d_])(.+)$")
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# Markdown footnotes: a reference ("… Nacional.[^3]") is a mark, not text; a definition ("[^3]: …") is a note
# at the foot of the page, kept apart from the activity before it (as a caption is).
FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]{1,20}\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\n]{1,20}\]:\s*")
CAPTION = re.compile(r"^(?:foto|fotografía|fotografia|imagen|gráfico|grafico)\s*\d*\s*[:.]", re.IGNORECASE)
FIELD_LIKE = re.compile(r"^\s*\w+(?:\s+\w+){0,2}\s*:\s+\S")   # "Regionales impactadas: Meta"
# A line ending on one of these was cut by wrapping: no sentence or field value ends on them.
FUNCTION_WORDS = frozenset("a al ante con de del desde e el en entre hacia hasta la las lo los o para por que "
                           "según sin sobre su sus u un una y".split())
TERMINAL = (".", ":", ";", "!", "?", "…")


def decode_text(raw: bytes, path: str) -> str:
    """Decode by BOM, then UTF-8, then Windows-1252 (what old Spanish Word exports use)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace")
    if raw[:4000].count(b"\x00") > 0:
        # UTF-16 without BOM shows as every other byte zero; anything else with NULs is binary.
        even, odd = raw[0:4000:2].count(0), raw[1:4000:2].count(0)
        if max(even, odd) > len(raw[:4000]) // 4:
            try:
                return raw.decode("utf-16-le" if odd > even else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise CorruptDocument(path, "binary content, not a text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _strip_bold(text: str) -> tuple[str, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in BOLD.finditer(text):
        out.append(text[pos:m.start()])
        length += m.start() - pos
        inner = m.group(1) or m.group(2)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def _numbered_heading(line: str) -> int | None:
    """Level of a numbered heading ("1. ALIANZAS" → 1, "2.3 Curso en China" → 2); None for a list item."""
    m = NUMBERED.match(line)
    if not m:
        return None
    depth = m.group(1).count(".") + 1 if not m.group(1).endswith(".") else m.group(1).count(".")
    text = m.group(2).strip()
    letters = [c for c in text if c.isalpha()]
    if depth >= 2 or (letters and all(c.isupper() for c in letters)):
        return max(depth, 1)
    return None


def _raw_blocks(lines: list[str]) -> list[tuple[str, list[str], int]]:
    """Group lines into (kind_hint, lines, blank_lines_before) the markdown way."""
    blocks: list[tuple[str, list[str], int]] = []
    current: list[str] | None = None
    kind = "para"
    blanks = 0

    def close() -> None:
        nonlocal current, blanks
        if current is not None:
            blocks.append((kind, current, blanks))
            current, blanks = None, 0

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            close()
            blanks += 1
            continue
        if "|" in line and index < len(lines) and TABLE_RULE.match(lines[index]):
            # A pipe table: header line, separator, then one row per line.
            close()
            rows = [line]
            index += 1
            while index < len(lines) and lines[index].strip() and "|" in lines[index]:
                rows.append(lines[index])
                index += 1
            blocks.append(("table", rows, blanks))
            blanks = 0
            continue
        if RULE.match(line):
            # A setext underline makes the single line above it a heading; otherwise it is a separator.
            if current is not None and len(current) == 1 and kind == "para":
                level = 1 if line.strip()[0] == "=" else 2
                current, kind = ["#" * level + " " + current[0]], "heading"
            close()
            continue
        numbered = _numbered_heading(line)
        if MD_HEADING.match(line) or numbered:
            close()
            blocks.append(("heading", [line if not numbered or MD_HEADING.match(line) else "#" * numbered + " " + line.strip()], blanks))
            blanks = 0
            continue
        if BULLET.match(line):
            close()
            current, kind = [line], "list"
            continue
        field_line = bool(FIELD_LIKE.match(line))
        if current is None:
            current, kind = [line], "para"
        elif not field_line and (_continues(current[-1], line) or (kind == "list" and line.lstrip()[:1].isdigit())):
            current.append(line)
        else:
            # Files saved from word processors put one paragraph per line: a short line closes its block.
            close()
            current, kind = [line], "para"
    close()
    return blocks


def _continues(previous: str, line: str) -> bool:
    """Is ``line`` a wrapped continuation of ``previous`` (hard-wrapped markdown) rather than a new paragraph?
    Also a line set deeper than the text of the line before it (a hanging indent under "Aliado: …") and a
    line after one that left a parenthesis open ("(Fundación Suiza … Desarrollo" / "Técnico)")."""
    first = line.lstrip()[:1]
    last_word = previous.rstrip().rsplit(" ", 1)[-1].lower()
    return first.islower() or last_word in FUNCTION_WORDS or (
        len(previous.strip()) >= 55 and not previous.rstrip().endswith(TERMINAL) and not FIELD_LIKE.match(previous)) \
        or _indent(line) > _text_indent(previous) or previous.count("(") > previous.count(")")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _text_indent(line: str) -> int:
    """Where a line's text starts: after its indentation and list mark."""
    bullet = BULLET.match(line)
    return bullet.end() if bullet else _indent(line)


def _ends_open(text: str) -> bool:
    return bool(text) and not text.rstrip().endswith(TERMINAL) and not text.rstrip().endswith("**")


def _looks_like_heading(text: str) -> bool:
    """A standalone short line without final punctuation that starts like a title."""
    words = text.split()
    return (0 < len(words) <= 25 and len(text) <= 200 and not text.endswith((".", ";", ",", ":")) and
            (text[0].isupper() or text[0].isdigit() or text[0] in "¿¡\"“") and not FIELD_LIKE.match(text))


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [_strip_bold(cell.strip())[0] for cell in line.split("|")]


def _add_table(builder: DocumentBuilder, lines: list[str]) -> None:
    header = _cells(lines[0])
    for line in [lines[0]] + lines[1:]:
        cells = _cells(line)
        offsets, pos, parts = [], 0, []
        for cell in cells:
            offsets.append((pos, pos + len(cell)))
            parts.append(cell)
            pos += len(cell) + 3
        builder.add(" | ".join(parts), BlockKind.table_row, cells=cells, header=header, cell_offsets=offsets)


def read_text(path: Path, limits: ReaderLimits) -> ParsedDocument:
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument(str(path), "empty file")
    if size > limits.max_bytes:
        raise LimitExceeded(str(path), f"file of {size} bytes is over the {limits.max_bytes}-byte limit")
    text = decode_text(path.read_bytes(), str(path)).replace("\r\n", "\n").replace("\r", "\n")
    text = FOOTNOTE_REF.sub("", text)
    raw = _raw_blocks(text.split("\n"))

    # Rejoin a sentence split by a page break: an open paragraph, blank lines, then a lower-case start.
    merged: list[tuple[str, list[str], int]] = []
    for kind, lines, blanks in raw:
        first = lines[0].lstrip()
        if (merged and kind == "para" and first[:1].islower() and merged[-1][0] in ("para", "list")
                and _ends_open(merged[-1][1][-1])):
            prev_kind, prev_lines, prev_blanks = merged[-1]
            prev_lines = prev_lines[:-1] + [prev_lines[-1].rstrip() + " " + first]
            merged[-1] = (prev_kind, prev_lines + [ln.strip() for ln in lines[1:]], prev_blanks)
            continue
        merged.append((kind, lines, blanks))

    builder = DocumentBuilder()
    for kind, lines, _ in merged:
        if kind == "table":
            _add_table(builder, lines)
            continue
        if kind == "heading":
            m = MD_HEADING.match(lines[0])
            body, spans = _strip_bold(m.group(2))
            builder.add(body, BlockKind.heading, level=len(m.group(1)), bold=True)
            continue
        first = lines[0]
        if kind == "list":
            first = BULLET.sub("", first, count=1)
            # Nested bullets ("- » Curso …") lose every glyph.
            while BULLET.match(first):
                first = BULLET.sub("", first, count=1)
        body_lines = [first.strip()] + [BULLET.sub("", ln).strip() if kind == "list" else ln.strip() for ln in lines[1:]]
        body, spans = _strip_bold("\n".join(body_lines))
        whole_bold = bool(spans) and spans[0][0] == 0 and spans[-1][1] == len(body) and \
            sum(b - a for a, b in spans) >= len(body.replace(" ", "")) * 0.9 and len(spans) == 1
        if kind == "list":
            block_kind = BlockKind.list_item
        elif CAPTION.match(body) or FOOTNOTE_DEF.match(body):
            block_kind = BlockKind.caption
        elif len(body_lines) == 1 and _looks_like_heading(body):
            block_kind = BlockKind.heading      # candidate; level unknown
        else:
            block_kind = BlockKind.paragraph
        builder.add(body, block_kind, bold=whole_bold, bold_spans=spans)
    if not builder.blocks:
        raise EmptyDocument(str(path), "no text in the file")
    return builder.build(path=str(path), name=path.name, format="text", reader="text")
