"""What `policykit serve` shows while the policies have errors.

The preview keeps serving the last good site; each page carries a banner
listing the errors as `file:line: message`, and a page the failed build left
missing is replaced by an error page saying the same. Messages are text,
never markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from toolkit.render.policy_html import element, to_html

BANNER_CLASS = "pk-preview-error"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_error_banner(messages: Sequence[str]) -> str:
    """The banner shown at the top of every page while the last rebuild failed."""
    return to_html(_banner(messages))


def render_error_page(messages: Sequence[str]) -> str:
    """A page for a path the failed rebuild left missing; it reloads itself every 2 seconds."""
    head = element("head", None, element("meta", {"charset": "utf-8"}),
                   element("meta", {"http-equiv": "refresh", "content": "2"}),
                   element("title", None, "Preview not updated: errors in the policies"))
    page = element("html", {"lang": "en"}, head, element("body", None, _banner(messages)))
    return "<!doctype html>\n" + to_html(page)


def _banner(messages: Sequence[str]) -> etree._Element:
    items = [element("li", None, element("code", None, _as_text(message)))
             for message in messages]
    return element(
        "div", {"class": BANNER_CLASS, "role": "alert"},
        element("p", None, element("strong", None, "The preview is not up to date."),
                " Fix these errors and save; the page reloads by itself."),
        element("ul", None, *items),
    )


def _as_text(message: str) -> str:
    """Characters XML cannot hold (control characters from a bad file) shown as U+FFFD."""
    return _NOT_XML.sub("\ufffd", message)
