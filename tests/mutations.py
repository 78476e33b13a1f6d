"""Hypothesis strategies that damage a text the way people and tools do (insertions, deletions,
duplicated lines, truncation, stray characters, odd encodings), and the checks the fuzz tests share:
an error's position lies inside the damaged file, and what loads can be written out again."""

from __future__ import annotations

import contextlib

from hypothesis import strategies as st

from safetycase_kg.core.namespaces import CONTEXT_FILE
from safetycase_kg.ingest import casefile as cf

# Characters that parsers treat specially: controls, YAML 1.1 line breaks, byte order marks,
# non-characters, combining and astral characters, every kind of line end.
ODD_CHARACTERS = ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe",
                  "\u00e9", "\u0301", "\u200b", "\U0001F600", "\r", "\r\n", "\n", "\t", " ", '"', "'", "\\", "#",
                  "{", "}", "[", "]", "<", ">", "&", "*", "!", "%", "@", ":", ",", "|"]


@st.composite
def mutated_text(draw, text: str, inserts: list[str], max_edits: int = 3, min_edits: int = 0) -> str:
    """``text`` after ``min_edits`` to ``max_edits`` edits, each inserting one of ``inserts`` or an odd
    character, deleting, duplicating or swapping lines, or cutting the text short."""
    for _ in range(draw(st.integers(min_edits, max_edits))):
        lines = text.split("\n")
        edit = draw(st.sampled_from(["insert", "insert-after-colon", "character", "duplicate-line", "delete-line",
                                     "swap-lines", "truncate", "prefix", "suffix"]))
        at = draw(st.integers(0, len(text)))
        row = draw(st.integers(0, max(len(lines) - 1, 0)))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(inserts)) + text[at:]
        elif edit == "insert-after-colon" and ": " in text:
            colons = [i for i in range(len(text)) if text.startswith(": ", i)]
            at = colons[draw(st.integers(0, len(colons) - 1))] + 2
            text = text[:at] + draw(st.sampled_from(inserts)) + " " + text[at:]
        elif edit == "character":
            text = text[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + text[at:]
        elif edit == "duplicate-line":
            text = "\n".join(lines[:row + 1] + lines[row:])
        elif edit == "delete-line":
            text = "\n".join(lines[:row] + lines[row + 1:])
        elif edit == "swap-lines" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[row], lines[other] = lines[other], lines[row]
            text = "\n".join(lines)
        elif edit == "truncate":
            text = text[:at]
        elif edit == "prefix":
            text = draw(st.sampled_from(inserts)) + "\n" + text
        elif edit == "suffix":
            text = text + "\n" + draw(st.sampled_from(inserts))
    return text


@st.composite
def encoded(draw, text: str) -> bytes:
    """Mostly UTF-8; sometimes UTF-16 (with its byte order mark) or Latin-1, as editors save files."""
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-16", "latin-1"]))
    return text.encode(encoding, "replace")


def assert_inside(data: bytes, line: int, column: int, message: str) -> None:
    """An error position names a place in the file: an existing line (or the end), a column on it."""
    lines = data.splitlines() or [b""]
    assert 1 <= line <= len(lines) + 1, (line, column, message)
    length = len(lines[line - 1]) if line <= len(lines) else 0
    assert 1 <= column <= length + 1, (line, column, message)


def assert_writable(parsed: cf.ParsedFile) -> None:
    """What loads, export-case can write out again, or it refuses by name (ValueError): never a crash."""
    context = cf.load_context(CONTEXT_FILE)
    for name, triples in parsed.graphs.items():
        with contextlib.suppress(ValueError):
            cf.dump_case(name, triples, context)
