"""The published manual: every page the site shows, generated from the policies.

Nothing here knows about mkdocs; `toolkit.mkdocs_plugin` hands these pages to
it, and `toolkit/site/assets` holds the stylesheet and scripts they use.
"""

from toolkit.site.pages import Pair, SitePage, TocEntry, build_pages, redline_pairs
from toolkit.site.urls import Urls

__all__ = ["Pair", "SitePage", "TocEntry", "Urls", "build_pages", "redline_pairs"]
