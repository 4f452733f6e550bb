"""Policy markdown to clause tree: the format described in site/authoring.md.

    text --blocks (toolkit.blocks, else markdown-it)--> block tree --front matter--> Version header
         --sections--> Section(text, clauses, definitions) --> Version

markdown-it-py stays inside this module, imported when a text needs it: a file in the
plain subset `policykit fmt` writes is read by `toolkit.blocks`, which gives the same
block tree (a property test holds them equal) several times faster. Every problem that stops a file from
being read as a version raises ParseError naming its line; nothing else escapes
`parse_version`, whatever the input. No word is dropped: what markdown would
hide (a link reference definition, raw HTML) is kept as text, and what cannot
be kept (a control character, a block that is no paragraph or list) is an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from toolkit.blocks import Block, read_blocks
from toolkit.errors import FileError, ParseError
from toolkit.files import read_text_file
from toolkit.model import (
    NUMBERINGS,
    STATUSES,
    Clause,
    Definition,
    Meta,
    Numbering,
    Reference,
    Section,
    Status,
    Version,
)
from toolkit.numbering import (
    SCHEMES,
    Scheme,
    infer_numbering,
    read_heading,
    section_address,
    unique_address,
    unnumbered,
)
from toolkit.plain_yaml import read_plain_yaml
from toolkit.tree import child_address, enclosing

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

REQUIRED_KEYS = ("id", "title", "version", "status", "effective")
"""Front matter keys every version must have."""
OPTIONAL_KEYS = (
    "supersedes",
    "amends",
    "numbering",
    "related",
    "forms",
    "other_resources",
    "rescinds",
    "notes",
)
"""Front matter keys a version may leave out."""
FRONT_MATTER_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
"""Every key the front matter may hold, in the order `policykit fmt` writes them."""
REFERENCE_KEYS = ("related", "forms", "other_resources", "rescinds")
"""Front matter keys that hold lists of `{id, title}`."""
ATTRIBUTE_KEYS = ("sanction",)
"""`key=value` attributes a node may carry besides `#id`."""

_MAX_NESTING = 60
_LABEL = re.compile(r"\*\*([A-Za-z]{1,8}|[0-9]{1,6})\.\*\*(?:\s+|$)", re.DOTALL)
_TERM = re.compile(r"\*\*((?:(?!\*\*)[^\n])+?):\*\*(?:\s+|$)", re.DOTALL)
_ATTRIBUTE_BLOCK = re.compile(r"(?<!\\)\{([^{}\n]*)\}\s*$")
_ATTRIBUTE = re.compile(r"#([A-Za-z0-9][\w.:-]*)|([A-Za-z_][\w-]*)=(\"[^\"]*\"|[^\s\"{}]+)")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


# Paragraph starts that CommonMark would read as another block (list, heading, quote, fence,
# rule, link reference definition); each group starts at the character a backslash must precede.
_BLOCK_START = re.compile(
    r"^(?:\d{1,9}(?P<number_mark>[.)])(?:[ \t]|$)"
    r"|(?P<mark>[-+*])(?:[ \t]|$)"
    r"|(?P<heading>#)#{0,5}(?:[ \t]|$)"
    r"|(?P<quote>>)"
    r"|(?P<fence>`{3,}|~{3,})"
    r"|(?P<rule>[-*_])(?:[ \t]*(?P=rule)){2,}[ \t]*$"
    r"|(?P<reference>\[)(?:[^\]\\]|\\.)*\]:)"
)


def escape_paragraph_start(text: str) -> str:
    """Backslash-escape a paragraph start that markdown would read as another block.

    A list, heading, quote, fence or rule would change the tree; a link reference
    definition (`[1]: https://…`) would vanish from every other markdown viewer.
    """
    match = _BLOCK_START.match(text)
    if not match:
        return text
    for group in ("number_mark", "mark", "heading", "quote", "fence", "rule", "reference"):
        if match.group(group) is not None:
            at = match.start(group)
            return f"{text[:at]}\\{text[at:]}"
    return text


_MARKUP_CHARACTER = re.compile(r"[\\`*_\[\]<&{]")


def escape_markup(text: str) -> str:
    """Plain text as inline markdown that reads back as exactly that text (`*` -> `\\*`)."""
    return _MARKUP_CHARACTER.sub(lambda found: "\\" + found.group(), text)


def reads_as_written(text: str) -> bool:
    """True when inline markdown `text` holds no markup: no emphasis, link, entity, escape,
    code or trailing attributes; it renders as exactly these characters."""
    if _trailing_attributes(text) is not None:
        return False
    tokens = [child for block in _markdown().parseInline(text) for child in block.children or ()]
    return all(token.type == "text" and token.content == text for token in tokens)


def escape_attributes(text: str) -> str:
    """Backslash the `{` of a trailing `{…}` that the parser would take as attributes."""
    found = _trailing_attributes(text)
    return text if found is None else f"{text[: found.start()]}\\{text[found.start():]}"


def _trailing_attributes(text: str) -> re.Match[str] | None:
    found = _attribute_block(text)
    return found if found and _attribute_pairs(found.group(1)) is not None else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean "x"?)` when a choice is close to word, else an empty string."""
    import difflib  # only a message needs it

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def parse_version(text: str, source: str = "<string>") -> Version:
    """Parse the markdown of one policy version into its clause tree.

    Raises ParseError (with the line) when the text cannot be read as a version.
    """
    _refuse_control_characters(text, source)
    blocks = read_blocks(text)
    if blocks is None:
        blocks = _markdown_blocks(text, source)
    if not blocks or blocks[0].type != "front_matter":
        raise ParseError(_no_front_matter(text), source, 1)
    header = _read_front_matter(blocks[0].content, source)
    scheme = header.numbering or infer_numbering(_first_heading(blocks[1:], source))
    sections, definitions = _read_body(blocks[1:], _Reading(header.policy, SCHEMES[scheme], source))
    return Version(
        policy=header.policy,
        version=header.version,
        title=header.title,
        status=header.status,
        effective=header.effective,
        supersedes=header.supersedes,
        meta=header.meta,
        definitions=definitions,
        sections=sections,
        source=source,
        amends=header.amends,
        notes=header.notes,
        numbering=header.numbering,
        scheme=scheme,
    )


# --- characters no policy file holds ---------------------------------------------------------

CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters but tab and line ends, surrogates and U+FFFE/U+FFFF: invisible,
rewritten by editors, and not allowed in the HTML the site is built as."""
_FORBIDDEN_CHARACTER = re.compile(f"{CONTROL_CHARACTER.pattern}|\r(?!\n)")
"""What no policy file holds: a control character, or a CR that is not part of a CRLF."""
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
}


def describe_character(char: str) -> str:
    """`U+0007 (bell)`: a character named the way a message can show it."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _refuse_control_characters(text: str, source: str) -> None:
    if not _may_hold_forbidden_characters(text):
        return
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return
    char, line = found.group(), text.count("\n", 0, found.start()) + 1
    if char == "\r":
        message = "a carriage return (U+000D) that ends no line; end lines with LF or CRLF"
    elif 0xD800 <= ord(char) <= 0xDFFF or ord(char) >= 0xFFFE:
        message = f"{describe_character(char)} is not a character; delete it"
    else:
        message = f"control character {describe_character(char)} is not allowed; delete it"
    raise ParseError(message, source, line)


_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def _may_hold_forbidden_characters(text: str) -> bool:
    """False when a quick look shows the text holds none: the search above takes 35 ms a
    megabyte (an alternation), this a millisecond for ASCII text, five for other text."""
    if "\r" in text:
        return True
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    return CONTROL_CHARACTER.search(text) is not None


def _no_front_matter(text: str) -> str:
    if text.split("\n", 1)[0].rstrip() == "---":
        return "front matter is never closed: end it with a '---' line before the first section"
    return "missing front matter: the file must start with a YAML block between '---' lines"


def read_version(path: Path) -> Version:
    """Read and parse one policy file through the guarded reader (`toolkit.files`): a FIFO,
    a device or a huge file is refused, and a byte that is not UTF-8 is a ParseError at its line."""
    if path.is_dir():
        raise ParseError("is a folder; give a policy file (policies/<id>/<version>.md)", str(path))
    try:
        text = read_text_file(path)
    except FileError as error:  # callers of the format expect a ParseError, with the same words
        raise ParseError(error.message, error.source, error.line) from None
    return parse_version(text, str(path))


def front_matter_lines(text: str) -> dict[str, int]:
    """The 1-based line of each top-level front matter key (`id:` -> 2), for messages."""
    lines = text.removeprefix("\ufeff").split("\n")
    found: dict[str, int] = {}
    if not lines or lines[0].rstrip() != "---":
        return found
    for index, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        key = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if key:
            found.setdefault(key.group(1), index)
    return found


def numbered_items(text: str) -> list[tuple[int, str]]:
    """(line, marker) of each numbered list item (`1.`, `2)`): tolerated, but not a clause label."""
    if read_blocks(text) is not None:
        return []  # the fast reader reads no numbered list: it leaves them to markdown-it
    try:
        tokens = _block_markdown().parse(text)
    except RecursionError:
        return []
    return [
        (token.map[0] + 1, token.info + token.markup)
        for token in tokens
        if token.type == "list_item_open" and token.markup in (".", ")") and token.map
    ]


# --- markdown-it ------------------------------------------------------------------------------


def _markdown_blocks(text: str, source: str) -> list[Block]:
    """The block tree as markdown-it reads it: for texts `read_blocks` leaves to it."""
    try:
        tokens = _block_markdown().parse(text)
    except RecursionError:
        raise ParseError("the text is nested too deeply to read", source, 1) from None
    _refuse_deep_nesting(tokens, source)
    return _block_tree(tokens)


@functools.cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # html off: raw HTML in policy text stays text and is never run. No link reference
    # definitions: `[1]: https://…` is policy text (a form's address), not a hidden link target.
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": _MAX_NESTING + 10})
    return md.use(front_matter_plugin).disable("reference")


@functools.cache
def _block_markdown() -> MarkdownIt:
    """The parser without its inline stage: a policy keeps each paragraph's inline source as
    written, so parsing emphasis and links would be work thrown away."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False, "maxNesting": _MAX_NESTING + 10})
    return md.use(front_matter_plugin).disable(["reference", "inline", "text_join"])


def _block_tree(tokens: Sequence[Token]) -> list[Block]:
    """The top-level blocks, each holding its children: markdown-it's token stream as a tree
    (cheaper than its own SyntaxTreeNode)."""
    root = Block("root", "", 1)
    stack = [root]
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.nesting == 1:
            block = Block(token.type[: -len("_open")], token.tag, line)
            stack[-1].children.append(block)
            stack.append(block)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline":
            stack[-1].content = token.content
        else:
            stack[-1].children.append(Block(token.type, token.tag, line, token.content))
    return root.children


def _refuse_deep_nesting(tokens: Sequence[Any], source: str) -> None:
    # markdown-it silently drops what lies beyond maxNesting; refuse instead of losing words.
    for token in tokens:
        if token.level >= _MAX_NESTING and token.map:
            raise ParseError("lists are nested too deeply", source, token.map[0] + 1)


def _inline_text(node: Block) -> str:
    """A paragraph's (or heading's) inline markdown source, line breaks collapsed."""
    if "\n" not in node.content:  # one line, as `policykit fmt` writes a paragraph
        return node.content.strip(" \t")
    return _LINE_BREAK.sub(" ", node.content).strip(" \t")


def _paragraph_text(node: Block) -> str:
    # markdown-it-py trims with str.strip(), which also drops \f and Unicode spaces; a
    # paragraph `-\f` then reads as "-", which written back would start a list.
    return escape_paragraph_start(_inline_text(node))


# --- front matter -----------------------------------------------------------------------------


def _construct_mapping_once(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
    """A mapping whose keys are unique: YAML would silently keep the last of a repeated key."""
    import yaml

    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, str) and key in seen:
            raise yaml.MarkedYAMLError(
                problem=f'key "{key}" is given twice (first at line {seen[key] + 2})',
                problem_mark=key_node.start_mark,
            )
        if isinstance(key, str):
            seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


@functools.cache
def _yaml_loaders() -> tuple[type[Any], type[Any] | None]:
    """Our loader on PyYAML's pure-Python parser, and on libyaml's when PyYAML has it: a
    SafeLoader that keeps numbers, dates and yes/no as the text written (`2023`, `1.10`).

    Built on first use: importing PyYAML costs more than a plain front matter (issue 14).
    """
    import yaml

    resolvers = {
        first: [
            (tag, pattern)
            for tag, pattern in found
            if tag.rsplit(":", 1)[-1] not in ("int", "float", "timestamp", "bool")
        ]
        for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def string_loader(base: type[Any]) -> type[Any]:
        loader: type[Any] = type("StringLoader", (base,), {"yaml_implicit_resolvers": resolvers})
        loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping_once)
        return loader

    fast_base: type[Any] | None = getattr(yaml, "CSafeLoader", None)  # None: PyYAML without libyaml
    return string_loader(yaml.SafeLoader), string_loader(fast_base) if fast_base else None


_NOT_PLAIN_ASCII = re.compile(r"[^\n\x20-\x7e]")


def load_front_matter_yaml(text: str) -> Any:
    """Load front matter YAML the way the parser does: every scalar stays a string (or None).

    The plain front matter `policykit fmt` writes is read without PyYAML (`toolkit.plain_yaml`).
    Other plain ASCII text goes through libyaml when PyYAML has it; anything it refuses is
    read again by the pure-Python loader, whose messages (and marks) are the ones users see.
    """
    plain = read_plain_yaml(text)
    return plain if plain is not None else load_with_pyyaml(text)


def load_with_pyyaml(text: str) -> Any:
    """`load_front_matter_yaml` without the plain reader: PyYAML always (tests compare the two)."""
    import yaml

    loader, fast_loader = _yaml_loaders()
    if fast_loader is not None and not _NOT_PLAIN_ASCII.search(text):
        try:
            return yaml.load(text, Loader=fast_loader)  # a CSafeLoader subclass
        except (yaml.YAMLError, ValueError, RecursionError):
            pass
    return yaml.load(text, Loader=loader)  # a SafeLoader subclass


class _Header(NamedTuple):
    policy: str
    version: str
    title: str
    status: Status
    effective: str | None
    supersedes: str | None
    meta: Meta
    amends: tuple[str, ...]
    notes: str
    numbering: Numbering | None


class _FrontMatter(NamedTuple):
    data: dict[str, Any]
    lines: tuple[str, ...]
    source: str

    def line_of(self, key: str) -> int:
        """Source line of `key:` (the `---` line is line 1)."""
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        for index, text in enumerate(self.lines):
            if pattern.match(text):
                return index + 2
        return 1

    def error(self, key: str, message: str) -> ParseError:
        return ParseError(message, self.source, self.line_of(key))


def _read_front_matter(content: str, source: str) -> _Header:
    front = _FrontMatter(load_front_matter_mapping(content, source), tuple(content.split("\n")), source)
    _refuse_unknown_keys(front)
    _refuse_escaped_control_characters(front)
    return _Header(
        policy=_required_text(front, "id"),
        version=_required_text(front, "version"),
        title=_required_text(front, "title"),
        status=_status(front),
        effective=_date(front, "effective"),
        supersedes=_optional_text(front, "supersedes"),
        meta=Meta(**{key: _references(front, key) for key in REFERENCE_KEYS}),
        amends=_text_list(front, "amends"),
        notes=_optional_text(front, "notes") or "",
        numbering=_numbering(front),
    )


def load_yaml_text(content: str, source: str, what: str = "", first_line: int = 1) -> Any:
    """YAML text (our loader) as data; ParseError `{what}not valid YAML: …` at the file line YAML
    stopped at, counting the text's first line as `first_line`."""
    plain = read_plain_yaml(content)
    if plain is not None:
        return plain
    import yaml

    try:
        return load_with_pyyaml(content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark is not None else 1
        raise ParseError(f"{what}not valid YAML: {error.problem}", source, line) from None
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise ParseError(f"{what}not valid YAML: {error}", source, 1) from None


def load_front_matter_mapping(content: str, source: str) -> dict[str, Any]:
    """Front matter text as a mapping of keys; ParseError at the line YAML stopped at."""
    data = load_yaml_text(content, source, "front matter is ", first_line=2)
    if not isinstance(data, dict):
        raise ParseError("front matter must be a YAML mapping of keys to values", source, 1)
    return {str(key): value for key, value in data.items()}


def _refuse_unknown_keys(front: _FrontMatter) -> None:
    if front.data.get("kind") == "amendment":
        raise front.error("kind", "an amendment (kind: amendment) is not a version; "
                                  "policykit reads it with its policy's folder")
    for key in front.data:
        if key not in FRONT_MATTER_KEYS:
            hint = did_you_mean(key, FRONT_MATTER_KEYS)
            raise front.error(key, f'unknown front matter key "{key}"{hint}')


def _refuse_escaped_control_characters(front: _FrontMatter) -> None:
    """A YAML escape (`"\\a"`, `"\\u0007"`) spells a character the file itself may not hold."""
    for key, value in front.data.items():
        for text in _strings_in(value):
            found = _FORBIDDEN_CHARACTER.search(text.replace("\r\n", "\n"))
            if found is not None:
                what = describe_character(found.group())
                raise front.error(key, f'front matter key "{key}" holds {what}; delete it')


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _required_text(front: _FrontMatter, key: str) -> str:
    if key not in front.data:
        raise ParseError(f'front matter lacks the required key "{key}"', front.source, 1)
    value = _optional_text(front, key)
    if not value:
        raise front.error(key, f'front matter key "{key}" is empty')
    return value


def _optional_text(front: _FrontMatter, key: str) -> str | None:
    value = front.data.get(key)
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) and value.strip() else None
    raise front.error(key, f'front matter key "{key}" must be text, not a {_yaml_kind(value)}')


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOOSE_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_FIRST = re.compile(r"(?P<month>[A-Za-z]{3,})\.? (?P<day>\d{1,2}),? (?P<year>\d{4})")
_DAY_FIRST = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3,})\.?,? (?P<year>\d{4})")


def _date(front: _FrontMatter, key: str) -> str | None:
    """An ISO calendar date (`2025-07-01`), or None when the key is empty."""
    value = _optional_text(front, key)
    if value is None:
        return None
    if not _ISO_DATE.fullmatch(value):
        hint = _iso_spelling(value)
        suggestion = f'; did you mean "{hint}"?' if hint else " (e.g. 2025-07-01)"
        raise front.error(key, f'{key} date "{value}" is not written YYYY-MM-DD{suggestion}')
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise front.error(key, f'{key} date "{value}" is not a calendar date ({error})') from None
    return value


def _iso_spelling(value: str) -> str | None:
    """The ISO spelling of an unambiguous date written another way (`2025-7-1`, `July 1, 2025`).

    `07/01/2025` gets no suggestion: it reads as July or January depending on the reader.
    """
    loose = _LOOSE_DATE.fullmatch(value)
    if loose:
        return _calendar_date(loose.group(1), loose.group(2), loose.group(3))
    wordy = _MONTH_FIRST.fullmatch(value) or _DAY_FIRST.fullmatch(value)
    if wordy is None:
        return None
    name = wordy.group("month").lower()
    months = [index for index, month in enumerate(_MONTHS, start=1) if month.startswith(name)]
    if not months:
        return None
    return _calendar_date(wordy.group("year"), str(months[0]), wordy.group("day"))


def _calendar_date(year: str, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _status(front: _FrontMatter) -> Status:
    value = _required_text(front, "status")
    for status in STATUSES:
        if value == status:
            return status
    hint = did_you_mean(value, STATUSES)
    raise front.error(
        "status", f'unknown status "{value}"{hint}; use draft, effective, superseded or rescinded'
    )


def _numbering(front: _FrontMatter) -> Numbering | None:
    value = _optional_text(front, "numbering")
    if value is None:
        return None
    for numbering in NUMBERINGS:
        if value == numbering:
            return numbering
    hint = did_you_mean(value, NUMBERINGS)
    raise front.error(
        "numbering",
        f'unknown numbering "{value}"{hint}; use apd, dotted, roman, chapter or headed',
    )


def _text_list(front: _FrontMatter, key: str) -> tuple[str, ...]:
    value = front.data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise front.error(key, f'front matter key "{key}" must be a list of text')


def _references(front: _FrontMatter, key: str) -> tuple[Reference, ...]:
    value = front.data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise front.error(key, f'front matter key "{key}" must be a list of {{id, title}}')
    return tuple(_reference(front, key, item) for item in value)


def _reference(front: _FrontMatter, key: str, item: Any) -> Reference:
    if isinstance(item, str):
        return Reference(id=item, title="")
    if isinstance(item, dict) and set(item) <= {"id", "title"}:
        fields = {name: item.get(name) for name in ("id", "title")}
        if all(part is None or isinstance(part, str) for part in fields.values()):
            return Reference(id=fields["id"] or "", title=fields["title"] or "")
    raise front.error(key, f'each entry of "{key}" must be {{id: ..., title: ...}}')


def _yaml_kind(value: Any) -> str:
    names: dict[type, str] = {dict: "mapping", list: "list"}
    return names.get(type(value), type(value).__name__)


# --- body: sections, clauses, definitions ---------------------------------------------------


class _Attributes(NamedTuple):
    id: str | None = None
    sanction: str | None = None


class _Siblings:
    """Hands out distinct addresses to the children of one parent."""

    __slots__ = ("labels", "paragraphs", "parent")

    def __init__(self, parent: str) -> None:
        self.parent = parent
        self.labels: dict[str, int] = {}
        self.paragraphs = 0

    def address(self, label: str | None) -> str:
        if label is None:
            self.paragraphs += 1
            return child_address(self.parent, None, self.paragraphs)
        seen = self.labels[label] = self.labels.get(label, 0) + 1
        return child_address(self.parent, label if seen == 1 else f"{label}~{seen}", 0)


class _Collected:
    """What a container (section or clause) holds: its text, child clauses, definitions."""

    __slots__ = ("children", "definitions", "text")

    def __init__(self) -> None:
        self.text: list[str] = []
        self.children: list[Clause] = []
        self.definitions: list[Definition] = []


class _Reading(NamedTuple):
    """What reading a body needs besides its blocks: whose sections, in which scheme, from where."""

    policy: str
    scheme: Scheme
    source: str


def _first_heading(blocks: list[Block], source: str) -> str | None:
    """The first heading's text without attributes, for inferring the numbering scheme."""
    for block in blocks:
        if block.type == "heading":
            text, _ = _take_attributes(_inline_text(block), source, block.line)
            return text
    return None


def _read_body(
    blocks: list[Block], reading: _Reading
) -> tuple[tuple[Section, ...], tuple[Definition, ...]]:
    sections: list[Section] = []
    definitions: list[Definition] = []
    seen: dict[str, Section] = {}
    for heading, content in _split_sections(blocks, reading):
        section, found = _section(heading, content, reading, enclosing(sections, int(heading.tag[1:])))
        section = _unique_address(section, seen, reading)
        seen[section.address] = section
        sections.append(section)
        definitions.extend(replace(d, section=section.address) for d in found)
    return tuple(sections), tuple(definitions)


def _unique_address(section: Section, seen: dict[str, Section], reading: _Reading) -> Section:
    """An unnumbered section whose title slug repeats takes `-2`, `-3`; a repeated number is an
    error."""
    if section.address not in seen:
        return section
    if not section.number:
        return _readdressed(section, unique_address(section.address, seen))
    first = seen[section.address]
    raise ParseError(
        f'section "{section.number}" repeats the section at line {first.line}',
        reading.source,
        section.line,
    )


def _readdressed(section: Section, address: str) -> Section:
    """The section under another address, its clauses' addresses following."""
    old = section.address
    return replace(section, address=address, children=_clauses_moved(section.children, old, address))


def _clauses_moved(clauses: tuple[Clause, ...], old: str, new: str) -> tuple[Clause, ...]:
    return tuple(
        replace(c, address=new + c.address[len(old):], children=_clauses_moved(c.children, old, new))
        for c in clauses
    )


def _split_sections(
    blocks: list[Block], reading: _Reading
) -> list[tuple[Block, list[Block]]]:
    groups: list[tuple[Block, list[Block]]] = []
    for block in blocks:
        if block.type == "heading" and _starts_section(block, reading):
            groups.append((block, []))
        elif block.type == "heading":
            raise ParseError(_misplaced_heading(block), reading.source, block.line)
        elif not groups:
            raise ParseError(
                "text before the first section; start a section with '## <number> <title>'",
                reading.source,
                block.line,
            )
        else:
            groups[-1][1].append(block)
    return groups


def _starts_section(heading: Block, reading: _Reading) -> bool:
    """`##` starts a section; so does a deeper heading where sections nest: in a nesting
    scheme, or an unnumbered heading (`### Handcuffing Procedure`) in any."""
    if heading.tag in ("h1", "h2"):
        return heading.tag == "h2"
    if reading.scheme.nests:
        return True
    text, _ = _take_attributes(_inline_text(heading), reading.source, heading.line)
    return unnumbered(text)


def _misplaced_heading(heading: Block) -> str:
    if heading.tag == "h1":
        return "a level-1 heading cannot appear in policy text; sections start at '## <number> <title>'"
    return (
        f"only level-2 headings start numbered sections; write '## <number> <title>', "
        f"not a level-{heading.tag[1:]} heading (a deeper one is a subsection with no number)"
    )


def _section(
    heading: Block, blocks: list[Block], reading: _Reading, parent: Section | None
) -> tuple[Section, list[Definition]]:
    line, source = heading.line, reading.source
    text, attributes = _take_attributes(_inline_text(heading), source, line)
    if not text:
        raise ParseError("empty section heading; write '## <number> <title>'", source, line)
    number, title = read_heading(reading.scheme, text)
    address = section_address(reading.scheme, reading.policy, number, title,
                              parent.address if parent else None)
    collected = _collect(blocks, _Siblings(address), source, address)
    section = Section(
        number=number,
        title=title.strip(" \t"),
        text="\n\n".join(collected.text),
        line=line,
        children=tuple(collected.children),
        sanction=attributes.sanction,
        id=attributes.id,
        address=address,
        level=int(heading.tag[1:]),
        parent=parent.address if parent else None,
    )
    return section, collected.definitions


def _collect(
    blocks: Iterable[Block], siblings: _Siblings, source: str, section: str | None
) -> _Collected:
    """Paragraphs before the first list are the container's text; after it, each is a child.

    `section` is the section number when definitions may appear here (a section's own
    items), None inside clauses.
    """
    collected = _Collected()
    for block in _without_blank_paragraphs(blocks):
        if block.type == "paragraph" and not (collected.children or collected.definitions):
            collected.text.append(_paragraph_text(block))
        elif block.type == "paragraph":
            _add_item(collected, block, [], siblings, source, section)
        elif block.type in ("bullet_list", "ordered_list"):
            for item in block.children:
                _add_list_item(collected, item, siblings, source, section)
        else:
            raise ParseError(_unsupported_block(block), source, block.line)
    return collected


def _without_blank_paragraphs(blocks: Iterable[Block]) -> list[Block]:
    """Paragraphs of Unicode spaces alone (`\u00a0`) hold no word: markdown-it trims them
    to nothing, and an empty paragraph cannot be written back."""
    return [b for b in blocks if b.type != "paragraph" or b.content.strip()]


_BLOCK_NAMES = {
    "blockquote": "a block quote (a line starting with '>')",
    "code_block": "an indented code block (indent clauses by two spaces per level)",
    "fence": "a fenced code block",
    "hr": "a horizontal rule",
    "html_block": "an HTML block",
    "table": "a table",
}


def _unsupported_block(block: Block) -> str:
    name = _BLOCK_NAMES.get(block.type, f"a {block.type.replace('_', ' ')}")
    return f"{name} cannot appear in policy text"


def _add_list_item(
    collected: _Collected,
    item: Block,
    siblings: _Siblings,
    source: str,
    section: str | None,
) -> None:
    blocks = _without_blank_paragraphs(item.children)
    if blocks and blocks[0].type == "paragraph":
        _add_item(collected, blocks[0], blocks[1:], siblings, source, section)
    else:
        _add_clause(collected, None, "", item.line, blocks, siblings, source)


def _add_item(
    collected: _Collected,
    first: Block,
    rest: list[Block],
    siblings: _Siblings,
    source: str,
    section: str | None,
) -> None:
    """One clause, definition or unlabelled paragraph, classified by its first paragraph."""
    text, line = _paragraph_text(first), first.line
    label = _LABEL.match(text)
    if label:
        _add_clause(collected, label.group(1), text[label.end() :], line, rest, siblings, source)
        return
    term = _TERM.match(text) if section is not None else None
    if term and section is not None:
        definition = _definition(term.group(1), text[term.end() :], line, rest, source, section)
        collected.definitions.append(definition)
        return
    _add_clause(collected, None, text, line, rest, siblings, source)


def _add_clause(
    collected: _Collected,
    label: str | None,
    first: str,
    line: int,
    rest: list[Block],
    siblings: _Siblings,
    source: str,
) -> None:
    address = siblings.address(label)
    first, attributes = _take_attributes(first, source, line)
    inner = _collect(rest, _Siblings(address), source, None) if rest else _NOTHING
    clause = Clause(
        label=label,
        text="\n\n".join([first, *inner.text]) if inner.text else first,
        address=address,
        line=line,
        children=tuple(inner.children),
        sanction=attributes.sanction,
        id=attributes.id,
    )
    collected.children.append(clause)


_NOTHING = _Collected()
"""What a clause with no blocks after its first paragraph holds (most clauses): never changed."""


def _definition(
    term: str, first: str, line: int, rest: list[Block], source: str, section: str
) -> Definition:
    first, attributes = _take_attributes(first, source, line)
    inner = _collect(rest, _Siblings(f"{section}:{term}"), source, None)
    if inner.children:
        raise ParseError(
            f'definition "{term}" cannot hold clauses or lists', source, inner.children[0].line
        )
    return Definition(
        term=term.strip(),
        definition="\n\n".join([first, *inner.text]) if inner.text else first,
        line=line,
        section=section,
        sanction=attributes.sanction,
        id=attributes.id,
    )


def _take_attributes(text: str, source: str, line: int) -> tuple[str, _Attributes]:
    """Strip `{#id sanction=5}` blocks off the end of a paragraph."""
    if "}" not in text or not text.rstrip().endswith("}"):  # most text: no search through it
        return text, _NO_ATTRIBUTES
    found: dict[str, str] = {}
    while match := _attribute_block(text):
        pairs = _attribute_pairs(match.group(1))
        if pairs is None:
            break
        for key, value in pairs:
            if key in found:
                raise ParseError(f'attribute "{key}" is given twice', source, line)
            found[key] = value
        text = text[: match.start()].rstrip()
    return text, _attributes(found, source, line)


_NO_ATTRIBUTES = _Attributes()


def _attribute_block(text: str) -> re.Match[str] | None:
    """`_ATTRIBUTE_BLOCK.search(text)`, from the last `{` (the only place a match can start,
    as braces cannot nest in one): the search tries every character of a long clause."""
    at = text.rfind("{")
    return _ATTRIBUTE_BLOCK.match(text, at) if at >= 0 else None


def _attribute_pairs(inside: str) -> list[tuple[str, str]] | None:
    """`#id key=value` pairs, or None when the braces hold something else (e.g. CriticMarkup)."""
    words = inside.split()
    if not words:
        return None
    pairs: list[tuple[str, str]] = []
    for word in re.findall(r"\S+=\"[^\"]*\"|\S+", inside):
        match = _ATTRIBUTE.fullmatch(word)
        if not match:
            return None
        if match.group(1):
            pairs.append(("id", match.group(1)))
        else:
            pairs.append((match.group(2), match.group(3).strip('"')))
    return pairs


def _attributes(found: dict[str, str], source: str, line: int) -> _Attributes:
    for key in found:
        if key not in ("id", *ATTRIBUTE_KEYS):
            hint = did_you_mean(key, ATTRIBUTE_KEYS)
            raise ParseError(f'unknown attribute "{key}"{hint}', source, line)
    return _Attributes(id=found.get("id"), sanction=found.get("sanction"))
