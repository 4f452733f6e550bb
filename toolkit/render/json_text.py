"""JSON text as `json.dumps(data, indent=2, ensure_ascii=False)` writes it, at C speed.

The standard library's C encoder runs only without `indent`; with it, every value
goes through the pure-Python encoder, which took most of the time of `policykit
diff --format json` on a large policy (and a pure-Python writer of our own still
took a fifth of it). orjson writes the same layout in C, byte for byte, for the
data a change set holds; a property test compares the two on arbitrary data.

Where orjson's text would differ, the standard encoder writes it instead: a key
that is not text and a number orjson cannot hold (it raises, and we fall back).
Two differences are accepted, as no policykit JSON holds them: a float below
1e-4 in size (orjson writes `0.00001` where json writes `1e-05`) and NaN or an
infinity (orjson writes `null` where json writes the invalid `NaN`); a change
set's only floats are scores rounded to three decimals between 0 and 1.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = (
    orjson.OPT_INDENT_2
    | orjson.OPT_PASSTHROUGH_DATACLASS  # json.dumps refuses these: let it say so
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def json_text(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False) + "\\n"`, with the same TypeError for a
    value JSON cannot hold."""
    try:
        return orjson.dumps(data, option=_OPTIONS).decode() + "\n"
    except TypeError:  # orjson.JSONEncodeError: a non-text key, a huge int, another type
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def json_utf8(data: Any) -> bytes:
    """`json_text(data)` encoded as UTF-8, as orjson writes it: a file gets its bytes without
    their being decoded and encoded again (7 MB each way for a 5,000-clause change set)."""
    try:
        return orjson.dumps(data, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()
