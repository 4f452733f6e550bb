"""The errors policykit raises: one base class, one sentence each.

The edges (CLI, mkdocs plugin) print `str(error)` and exit 1; the message
names the file and line, so no traceback is ever needed.
"""

from __future__ import annotations


class PolicyKitError(Exception):
    """Base of every error policykit raises on bad input."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.source, self.line) if part is not None)
        return f"{where}: {self.message}" if where else self.message


class ParseError(PolicyKitError):
    """A policy markdown file cannot be read as a policy version."""


class LibraryError(PolicyKitError):
    """The policies folder is inconsistent, or a `ID@VERSION` does not resolve."""


class ImportTextError(PolicyKitError):
    """Raw policy text cannot be imported."""


class DiffError(PolicyKitError):
    """Two versions cannot be compared."""


class BuildError(PolicyKitError):
    """The site cannot be built."""


class FileError(PolicyKitError):
    """A file cannot be read or written: missing, not a regular file, too large, or an OS fault."""


class UnpublishableError(BuildError):
    """The policies have errors `check` reports, so no site is built from them."""

    def __init__(self, diagnostics: list[str], policies: str) -> None:
        super().__init__(f"{len(diagnostics)} error(s) found by policykit check; "
                         "nothing was published", policies)
        self.diagnostics = diagnostics
        """Each error as `file:line: message`."""


class CollectionError(PolicyKitError):
    """A collection of manuals (one folder per agency) cannot be read or written."""
