"""Front matter in the plain form `policykit fmt` writes, read without PyYAML.

    text --one line at a time--> {key: text | None | [text] | [{key: text}]}, or None: ask PyYAML

Importing PyYAML costs more than reading and checking a policy (its reader compiles a
large expression, its resolvers a dozen more; issue 14), and nearly every front matter
is a few `key: value` lines. This reads that subset: `key: value` lines; plain,
"double-quoted" and 'single-quoted' scalars on one line; `[a, b]` flow lists and
`{id: x, title: y}` flow mappings; and block lists of those under a key (`- item`).
It gives what `toolkit.parse`'s YAML loader gives: every scalar stays text, and
`null`, `~` or nothing is None. Anything else (a comment after a value, a multi-line
or block scalar, an anchor, a tag, a repeated key, a nested mapping, an escape it
does not know) it declines by returning None, and the caller asks PyYAML, whose
messages are the ones users see. When in doubt, it declines; a property test holds
it equal to PyYAML wherever it answers.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_NOT_PLAIN_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
"""Tabs, CRs and control characters: YAML's own rules, or not printable; left to PyYAML."""


@functools.cache
def _not_plain() -> re.Pattern[str]:
    """The above, and what else YAML reads as a line break (U+0085, U+2028, U+2029) or as no
    printable character (the byte order mark, surrogates, U+FFFE, U+FFFF); compiled when a
    text is not ASCII (a class of such ranges takes half a millisecond to compile)."""
    return re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")
_ITEM_LINE = re.compile(r"( *)- +")
_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): +")
_SPACES = re.compile(r" *")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
"""Plain scalars the loader reads as None (its only implicit type besides text)."""
_BLOCK_PLAIN = re.compile(r"(?:[^\W_]|\()(?:(?!: | #).)*(?<!:)", re.DOTALL)
"""A plain scalar outside brackets: it starts with a letter, a digit or `(` (no indicator),
and holds no `: ` (a mapping) or ` #` (a comment) and does not end in `:`."""
_FLOW_PLAIN = re.compile(r"(?:[^\W_]|\()[^,:?#\[\]{}]*", re.DOTALL)
"""A plain scalar inside brackets: besides the above, no `,` `:` `?` `#` or bracket."""
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
"""YAML's one-character escapes in a double-quoted scalar."""
_HEX_ESCAPES = {"x": 2, "u": 4}
_HEX = re.compile(r"[0-9A-Fa-f]+")


class _Unsure(Exception):
    """The text leaves the subset: PyYAML reads it."""


def read_plain_yaml(text: str) -> dict[str, Any] | None:
    """The mapping a plain front matter holds, or None when PyYAML must read the text."""
    if (_NOT_PLAIN_ASCII if text.isascii() else _not_plain()).search(text):
        return None
    try:
        data = _read_lines(text.split("\n"))
    except _Unsure:
        return None
    return data or None  # an empty document is None to PyYAML; it says so itself


def _read_lines(lines: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    open_key: str | None = None
    """A key with no value on its line: block list items may follow."""
    indent: int | None = None
    """The indent of that list's items."""
    at = 0
    while at < len(lines):
        line, at = lines[at], at + 1
        stripped = line.strip(" ")
        if not stripped or stripped.startswith("#"):
            continue  # blank lines and whole-line comments
        item = _ITEM_LINE.match(line)
        if item is not None:
            if open_key is None or indent not in (None, len(item.group(1))):
                raise _Unsure
            indent = len(item.group(1))
            data[open_key] = [*(data[open_key] or []), _block_value(line[item.end():], True)]
            continue
        key = _KEY_LINE.match(line)
        if key is None or key.group(1) in data or key.group(1) in _NULLS:
            raise _Unsure  # an indented line, a repeated key, or no `key:` at all
        rest = line[key.end():].rstrip(" ")
        if rest in _BLOCK_SCALARS:
            data[key.group(1)], at = _block_scalar(lines, at, rest)
        else:
            data[key.group(1)] = _block_value(rest, False)
        # Only a key with nothing after it opens a list (`key: null` then `- x` is one scalar).
        open_key, indent = (key.group(1) if not rest else None), None
    return data


_BLOCK_SCALARS = {">": " ", ">-": " ", "|": "\n", "|-": "\n"}
"""Folded and literal block scalars, clipped or stripped: what joins their lines."""


def _block_scalar(lines: list[str], at: int, header: str) -> tuple[str, int]:
    """The text of a `>` or `|` scalar whose lines start at `at`, and the index past them.

    Only the plain case: lines at one indent, none blank, none ending in a space."""
    body: list[str] = []
    indent: int | None = None
    while at < len(lines) and lines[at].startswith(" "):
        text = lines[at].lstrip(" ")
        width = len(lines[at]) - len(text)
        indent = indent or width
        if not text or text.endswith(" ") or width != indent:
            raise _Unsure  # a blank line, a trailing space, or a line indented more: folding rules
        body.append(text)
        at += 1
    clipped = not header.endswith("-")
    if not body or (clipped and at == len(lines)):
        raise _Unsure  # clipping keeps the line break at its end, which the text has not got
    return _BLOCK_SCALARS[header].join(body) + ("\n" if clipped else ""), at


def _block_value(rest: str, in_list: bool) -> Any:
    """The value after `key: ` or `- `, to the end of its line."""
    rest = rest.rstrip(" ")
    if not rest:
        if in_list:
            raise _Unsure  # an empty item
        return None
    if rest[0] in "\"'[{":
        value, at = _flow_node(rest, 0)
        if at != len(rest):
            raise _Unsure  # something after the closing quote or bracket
        return value
    if not _BLOCK_PLAIN.fullmatch(rest):
        raise _Unsure
    return None if rest in _NULLS else rest


def _flow_node(text: str, at: int) -> tuple[Any, int]:
    """A quoted scalar, flow list, flow mapping or plain scalar at `at`, and where it ends."""
    first = text[at : at + 1]
    if first == '"':
        return _double_quoted(text, at)
    if first == "'":
        return _single_quoted(text, at)
    if first == "[":
        return _flow_list(text, at)
    if first == "{":
        return _flow_mapping(text, at)
    plain = _FLOW_PLAIN.match(text, at)
    if plain is None:
        raise _Unsure
    value = plain.group().rstrip(" ")
    return (None if value in _NULLS else value), at + len(value)


def _flow_list(text: str, at: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    at = _skip_spaces(text, at + 1)
    if text[at : at + 1] == "]":
        return items, at + 1
    while True:
        if text[at : at + 1] in ("[", ""):
            raise _Unsure  # a nested list, or no closing bracket
        item, at = _flow_node(text, at)
        items.append(item)
        at = _skip_spaces(text, at)
        at = _after_entry(text, at, "]")
        if text[at - 1] == "]":
            return items, at


def _flow_mapping(text: str, at: int) -> tuple[dict[str, Any], int]:
    mapping: dict[str, Any] = {}
    at = _skip_spaces(text, at + 1)
    if text[at : at + 1] == "}":
        return mapping, at + 1
    while True:
        key = _FLOW_KEY.match(text, at)
        if key is None or key.group(1) in mapping or key.group(1) in _NULLS:
            raise _Unsure
        if text[key.end() : key.end() + 1] in ("{", "[", ",", "}", ""):
            raise _Unsure  # a nested node or an empty value
        value, at = _flow_node(text, key.end())
        mapping[key.group(1)] = value
        at = _after_entry(text, _skip_spaces(text, at), "}")
        if text[at - 1] == "}":
            return mapping, at


def _after_entry(text: str, at: int, closing: str) -> int:
    """Past the `,` (and spaces) before the next entry, or past the closing bracket."""
    found = text[at : at + 1]
    if found == closing:
        return at + 1
    if found != ",":
        raise _Unsure
    at = _skip_spaces(text, at + 1)
    if text[at : at + 1] in (closing, ",", ""):
        raise _Unsure  # a trailing or doubled comma
    return at


def _skip_spaces(text: str, at: int) -> int:
    return _SPACES.match(text, at).end()  # type: ignore[union-attr]  # `*` always matches


def _single_quoted(text: str, at: int) -> tuple[str, int]:
    parts: list[str] = []
    at += 1
    while True:
        end = text.find("'", at)
        if end < 0:
            raise _Unsure  # not closed on this line
        parts.append(text[at:end])
        if text[end + 1 : end + 2] != "'":
            return "".join(parts), end + 1
        parts.append("'")
        at = end + 2


def _double_quoted(text: str, at: int) -> tuple[str, int]:
    parts: list[str] = []
    at += 1
    while True:
        end = _next_of(text, at, '"\\')
        if end < 0:
            raise _Unsure  # not closed on this line
        parts.append(text[at:end])
        if text[end] == '"':
            return "".join(parts), end + 1
        char, at = _escape(text, end + 1)
        parts.append(char)


def _escape(text: str, at: int) -> tuple[str, int]:
    """The character a backslash escape at `at` (past the backslash) stands for."""
    code = text[at : at + 1]
    if code in _ESCAPES:
        return _ESCAPES[code], at + 1
    width = _HEX_ESCAPES.get(code)
    digits = text[at + 1 : at + 1 + width] if width else ""
    if not width or len(digits) != width or not _HEX.fullmatch(digits):
        raise _Unsure  # `\U`, a line continuation, or an escape YAML refuses
    return chr(int(digits, 16)), at + 1 + width


def _next_of(text: str, at: int, characters: str) -> int:
    found = [index for index in (text.find(char, at) for char in characters) if index >= 0]
    return min(found) if found else -1

