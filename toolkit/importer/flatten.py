"""Make a flattened redline from two clean texts, as PDF extraction of tracked changes does.

The inverse of the decoder, for building ground truth: tests and the benchmark
write (old, new) pairs, flatten them here and check that the decoder gives
both back. Deleted words come immediately before the inserted ones; `glue`
says whether a space survives between them. A change of a single letter's
case or of trailing punctuation is tracked by character, as word processors
do: `Assess` -> `assess` reads `Aassess`, `force.` -> `force;` reads `force.;`.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher


def flatten_redline(old: str, new: str, glue: bool = True, merge_gap: int = 0) -> str:
    """The text a PDF of the tracked changes from `old` to `new` would give back.

    `merge_gap` > 0 tracks changes as a word processor's compare often does: two changes
    with at most that many equal words between them become one deleted phrase followed
    by one inserted phrase (`include but are not limited toinclude, but may not be ...`).
    """
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    out: list[str] = []
    for op, old_start, old_end, new_start, new_end in _merged(matcher.get_opcodes(), merge_gap):
        deleted, inserted = old_words[old_start:old_end], new_words[new_start:new_end]
        if op == "equal":
            out.extend(deleted)
        elif len(deleted) == 1 == len(inserted) and _by_character(deleted[0], inserted[0]):
            out.append(_character_change(deleted[0], inserted[0]))
        elif deleted and inserted and glue:
            out.extend([*deleted[:-1], deleted[-1] + inserted[0], *inserted[1:]])
        else:
            out.extend([*deleted, *inserted])
    return " ".join(out)


Opcode = tuple[str, int, int, int, int]


def _merged(opcodes: Sequence[Opcode], gap: int) -> list[Opcode]:
    """Fold short equal runs between two changes into one replaced phrase."""
    out: list[Opcode] = []
    for opcode in opcodes:
        if len(out) >= 2 and out[-1][0] == "equal" and out[-2][0] != "equal" and (
            opcode[0] != "equal" and out[-1][2] - out[-1][1] <= gap
        ):
            out.pop()
            first = out.pop()
            opcode = ("replace", first[1], opcode[2], first[3], opcode[4])
        out.append(opcode)
    return out


def _by_character(old: str, new: str) -> bool:
    same_but_case = old[1:] == new[1:] and old[:1] != new[:1] and old[:1].lower() == new[:1].lower()
    same_but_stop = old[:-1] == new[:-1] and old[-1:] in ".;:," and new[-1:] in ".;:,"
    return same_but_case or same_but_stop


def _character_change(old: str, new: str) -> str:
    if old[1:] == new[1:]:
        return old[0] + new
    return old + new[-1]
