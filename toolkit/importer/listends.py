"""Stage 6c evidence: a list that one side ends and the other side goes on.

`d. Communicate and coordinate a response. response; and` then `e. Request additional
resources ...`: the decoder reads `d.` as ending with a full stop on the old side and with
`; and` on the new side. The old list ends at `d.`; the new one goes on, so `e.` stands on
the new side only, though its label fits both sides' sequences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from toolkit.importer.nouns import Line, Nested, Span, sibling_lists

_GOES_ON = re.compile(r"(?:[;,]|[;,]\s+(?:and|or))$")
"""How a list item that is not the last one ends: `;`, `; and`, `, or`."""
_CLOSERS = "\"”’')]"


def inserted_after_ended_lists(roots: Sequence[Nested],
                               decode: Callable[[tuple[Line, ...]], tuple[Span, ...]]
                               ) -> set[int]:
    """The first line of each clause that follows a sibling whose old side ends the list (a
    full stop) and whose new side goes on (`; and`): a clause inserted at the list's end.

    The old side must write its list with `;` (the sibling before says so): a list whose
    every item ends with a full stop ends no list with one (`b. ... option. option;`
    restyles the punctuation of a list that goes on, `c.` stands on both sides).
    """
    found: set[int] = set()
    for siblings in sibling_lists(roots):
        labelled = [node for node in siblings if node.item.label is not None]
        for first, before, node in zip(labelled, labelled[1:], labelled[2:], strict=False):
            if before.children or first.children:
                continue  # the list's punctuation stands at the end of the last descendant
            first_old, _ = _sides(first, decode)
            old, new = _sides(before, decode)
            if (_GOES_ON.search(first_old) and _ends(old) and _GOES_ON.search(new)
                    and not _GOES_ON.search(old)):
                found.add(node.item.line)
    return found


def _sides(node: Nested, decode: Callable[[tuple[Line, ...]], tuple[Span, ...]]
           ) -> tuple[str, str]:
    spans = decode(node.item.lines) if node.item.lines else ()
    return (" ".join(word for span in spans for word in span.old),
            " ".join(word for span in spans for word in span.new))


def _ends(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(".")

