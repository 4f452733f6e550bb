"""The policies folder as a library: every policy and its versions, looked up by `ID@VERSION`.

    policies/<id>/<version>.md --read_version_file--> Version --by policy, in order--> Library

A folder's `README.md` and files that are not `.md` (raw `.txt` sources, notes)
are not versions. Files are read through `toolkit.files` (regular files only,
at most 64 MB). A symbolic link is followed only where it stays home: a policy
folder's link must lead inside the policies folder, a version file's inside its
policy folder, and never to another policy folder or version file (which would
publish one text twice, under two names). Inconsistencies that make the library unusable raise
LibraryError or ParseError naming the file and line; `policykit check` reports
the same problems one by one instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.amendment import is_amendment_file, read_amendment
from toolkit.cache import Cache, cache_key, cached
from toolkit.errors import FileError, LibraryError, ParseError
from toolkit.files import FileSnapshot, decode_utf8, is_safe_name, read_file, read_text_file
from toolkit.model import Policy, Version
from toolkit.parallel import run_in_parallel
from toolkit.parse import did_you_mean, front_matter_lines, load_yaml_text, parse_version
from toolkit.timeline import policy_states, with_timeline

NOT_VERSIONS = ("README.md",)
"""Markdown files in a policy folder that are not versions."""


@dataclass(frozen=True)
class Library:
    """Every policy under one policies folder."""

    root: Path
    """The policies folder."""
    policies: tuple[Policy, ...]
    """Policies ordered by id."""

    def policy(self, policy_id: str) -> Policy:
        """The policy with this id; LibraryError (with a "did you mean") if there is none."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        hint = did_you_mean(policy_id, [policy.id for policy in self.policies])
        raise LibraryError(f'no policy "{policy_id}" in {self.root}{hint}')

    def resolve(self, ref: str) -> Version:
        """`ID@VERSION` is that version, `ID` the current one."""
        policy_id, at, name = ref.partition("@")
        policy = self.policy(policy_id)
        if not at:
            return policy.current
        for version in policy.versions:
            if version.version == name:
                return version
        for state in policy_states(policy):
            if state.version == name:
                return state
        names = [version.version for version in policy.versions]
        names += [amendment.name for amendment in policy.amendments]
        hint = did_you_mean(name, names)
        raise LibraryError(
            f'policy {policy_id} has no version "{name}"{hint}; it has {", ".join(names)}'
        )


def load_library(root: Path, parser: Parser | None = None) -> Library:
    """Read every version under `root` (the policies folder, or a project folder holding one).

    A `parser` that already read the files (`policykit check` before a build) hands back
    its trees instead of parsing the text again.
    """
    folder = root / "policies" if (root / "policies").is_dir() else root
    if not folder.is_dir():
        raise LibraryError(f"no policies folder at {root}")
    policies = [load_policy(path, parser) for path in policy_folders(folder)]
    return Library(root=folder, policies=tuple(p for p in policies if p.versions))


@dataclass
class Parser:
    """Parses each policy text once: remembers the tree, and keeps it in a cache when given one.

    The key is the text and the name it is read under (a tree carries its source and
    line numbers), so an edited file is parsed again and an unchanged one never is.
    """

    cache: Cache | None = None
    jobs: int | None = 1
    """Processes `prime` parses in (None: one per CPU)."""
    seen: dict[str, Version] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """The key of the text each source was last parsed from."""

    def parse(self, text: str, source: str) -> Version:
        """`parse_version(text, source)`; ParseError as it raises (errors are not kept)."""
        key = self._memo_key(text, source)
        found = self.seen.get(key)
        if found is None:
            found = cached(self.cache, "parse", key, lambda: parse_version(text, source))
            self.seen[key] = found
        self.keys[source] = key
        return found

    def policy_key(self, policy: Policy) -> str | None:
        """A key for everything a policy is read from (its versions' texts, its amendments),
        or None when a version did not come through this parser."""
        keys = [self.keys.get(version.source) for version in policy.versions]
        if None in keys:
            return None
        return cache_key("policy", policy.id, *(key or "" for key in keys),
                         repr(policy.amendments))


    def prime(self, paths: Sequence[Path]) -> None:
        """Parse the files not yet known (nor cached) in parallel, so later `parse` calls find
        them; a file that cannot be read or parsed is left for its reader to report."""
        wanted: list[tuple[str, str, str]] = []
        for path in paths:
            try:
                text, source = read_text_file(path), str(path)
            except (FileError, ParseError):
                continue
            key = self._memo_key(text, source)
            found = self.seen.get(key) or (self.cache.get("parse", key) if self.cache else None)
            if found is not None:
                self.seen[key] = found
            else:
                wanted.append((key, text, source))
        parsed = run_in_parallel(self._parse_and_keep, wanted, self.jobs)
        self.seen.update((key, version) for (key, _, _), version in zip(wanted, parsed, strict=True)
                         if version is not None)

    def _memo_key(self, text: str, source: str) -> str:
        """What `seen` keeps a tree under: its cache key, or with no cache the name and text
        themselves (a cache key hashes policykit's own sources: 10 ms `check FILE` need not pay)."""
        return parse_key(text, source) if self.cache is not None else f"{source}\0{text}"

    def _parse_and_keep(self, item: tuple[str, str, str]) -> Version | None:
        key, text, source = item
        try:
            version = parse_version(text, source)
        except ParseError:
            return None
        if self.cache is not None:
            self.cache.put("parse", key, version)
        return version


def parse_key(text: str, source: str) -> str:
    """The cache key of one policy text read under one name."""
    return cache_key("parse", source, text)


def read_version_file(path: Path, parser: Parser | None = None) -> Version:
    """Read and parse one policy file through the guarded reader (see `toolkit.files`)."""
    snapshot = read_policy_file(path)
    if parser is None:
        return parse_snapshot(snapshot)
    return parser.parse(decode_utf8(snapshot), str(snapshot.path))


def read_policy_file(path: Path) -> FileSnapshot:
    """A policy file's bytes, kept to check it is unchanged before it is rewritten."""
    if path.is_dir():
        raise ParseError("is a folder; give a policy file (policies/<id>/<version>.md)", str(path))
    return read_file(path)


def parse_snapshot(snapshot: FileSnapshot) -> Version:
    """The version a policy file's bytes hold; ParseError at the first byte that is not UTF-8."""
    return parse_version(decode_utf8(snapshot), str(snapshot.path))


def policy_folders(folder: Path) -> list[Path]:
    """The policy folders of a policies folder, by name; LibraryError for a stray link."""
    found = sorted(
        path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")
    )
    _refuse_stray_links(found, folder, "policy folder", "outside the policies folder")
    return found


def version_files(policy_folder: Path) -> list[Path]:
    """The version files of one policy folder, by name (amendment files are not versions);
    LibraryError for a stray link."""
    found = sorted(
        path
        for path in policy_folder.glob("*.md")
        if (path.is_file() or _is_dangling(path)) and path.name not in NOT_VERSIONS
        and not (path.is_file() and is_amendment_file(path))
    )
    _refuse_stray_links(found, policy_folder, "version file", "outside its policy folder")
    return found


def _refuse_stray_links(paths: list[Path], home: Path, what: str, outside: str) -> None:
    """Each symbolic link among `paths` must lead inside `home`, to a place no other path has."""
    inside = home.resolve()
    owners = {path.resolve(): path for path in paths if not path.is_symlink()}
    for path in (path for path in paths if path.is_symlink()):
        target, written = path.resolve(), os.readlink(path)
        if not target.exists():
            raise LibraryError(f"{what} is a symbolic link to {written}, which does not exist",
                               str(path))
        if inside not in target.parents:
            raise LibraryError(
                f"{what} is a symbolic link to {written}, {outside}; move the files here instead",
                str(path),
            )
        if target in owners:
            raise LibraryError(
                f"{what} is a symbolic link to {owners[target]}, another {what}: one text would be "
                "published twice under two names; copy it, or remove the link", str(path),
            )
        owners[target] = path


def _is_dangling(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def amendment_files(policy_folder: Path) -> list[Path]:
    """The amendment files (`kind: amendment`) of one policy folder, by name."""
    return sorted(
        path
        for path in policy_folder.glob("*.md")
        if path.is_file() and path.name not in NOT_VERSIONS and is_amendment_file(path)
    )


def order_versions(versions: Sequence[Version]) -> tuple[Version, ...]:
    """Oldest first: each version after the one it supersedes, then by effective date, then name.

    Raises LibraryError when `supersedes` names a missing version or forms a cycle.
    """
    by_name = {version.version: version for version in versions}
    for version in versions:
        if version.supersedes is not None and version.supersedes not in by_name:
            raise _front_matter_error(version, "supersedes", _dangling_message(version, by_name))
    pending = sorted(versions, key=lambda v: (v.effective or "", v.version))
    ordered: list[Version] = []
    while pending:
        ready = [v for v in pending if v.supersedes is None or v.supersedes in _names(ordered)]
        if not ready:
            raise _front_matter_error(pending[0], "supersedes", cycle_message(pending[0], by_name))
        ordered.append(ready[0])
        pending.remove(ready[0])
    return tuple(ordered)


def cycle_message(version: Version, by_name: dict[str, Version]) -> str:
    """`supersedes forms a cycle: 2023 -> 2021 -> 2023`."""
    chain = [version.version]
    current = version
    while current.supersedes is not None and current.supersedes in by_name:
        chain.append(current.supersedes)
        if current.supersedes == version.version or chain.count(current.supersedes) > 1:
            break
        current = by_name[current.supersedes]
    return f"supersedes forms a cycle: {' -> '.join(chain)}"


def _dangling_message(version: Version, by_name: dict[str, Version]) -> str:
    name = version.supersedes or ""
    hint = did_you_mean(name, by_name)
    return f'supersedes "{name}", but policy {version.policy} has no such version{hint}'


def _names(versions: list[Version]) -> set[str]:
    return {version.version for version in versions}


def load_policy(folder: Path, parser: Parser | None = None) -> Policy:
    """One policy folder, read as `load_library` reads each (`serve` rereads only what changed)."""
    if not is_safe_name(folder.name):
        raise LibraryError(f'policy folder name "{folder.name}" is not a safe name', str(folder))
    files = version_files(folder)
    versions = [read_version_file(path, parser) for path in files]
    seen: dict[str, Version] = {}
    for version, path in zip(versions, files, strict=True):
        _check_names(version, path, seen)
        seen[version.version] = version
    amendments = tuple(read_amendment(path) for path in amendment_files(folder))
    return with_timeline(Policy(id=folder.name, versions=order_versions(versions),
                                amendments=amendments))


def _check_names(version: Version, path: Path, seen: dict[str, Version]) -> None:
    if not is_safe_name(version.version):
        raise _front_matter_error(
            version, "version", f'version "{version.version}" is not a safe name'
        )
    if version.policy != path.parent.name:
        raise _front_matter_error(
            version, "id", f'id "{version.policy}" does not match the folder "{path.parent.name}"'
        )
    if version.version in seen:
        raise _front_matter_error(
            version,
            "version",
            f'version "{version.version}" is also claimed by {seen[version.version].source}',
        )
    if version.version != path.stem:
        raise _front_matter_error(
            version,
            "version",
            f'version "{version.version}" does not match the file name "{path.name}"',
        )


def _front_matter_error(version: Version, key: str, message: str) -> LibraryError:
    return LibraryError(message, version.source, _key_line(version.source, key))


def _key_line(source: str, key: str) -> int:
    try:
        text = read_text_file(Path(source))
    except (FileError, ParseError):
        return 1
    return front_matter_lines(text).get(key, 1)


def read_version_in_policy(path: Path) -> Version:
    """One version file read with its policy folder, so its `in_force` dates are known.

    A file outside a readable policies folder is read alone (its `until` stays unknown).
    """
    version = read_version_file(path)
    try:
        policy = load_policy(path.resolve().parent)
    except LibraryError:
        return version
    return next((v for v in policy.versions if v.version == version.version), version)


# --- policies kept elsewhere --------------------------------------------------------------------

EXTERNAL_FILE = ".external.yml"
"""In a policies folder: the SOPs its text mentions that live elsewhere, each with where."""


def read_external_policies(policies: Path) -> dict[str, str]:
    """Policy id -> where it lives (a web address, a few words, or ""), from `.external.yml`.

    The file is optional; one that is not a mapping of ids to text raises ParseError at its line.
    """
    path = policies / EXTERNAL_FILE
    if not path.is_file():
        return {}
    source = str(path)
    text = read_text_file(path)
    return _external_entries(load_yaml_text(text, source), text, source)


def _external_entries(data: object, text: str, source: str) -> dict[str, str]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParseError("write one `<id>: <where it lives>` line per policy", source, 1)
    entries: dict[str, str] = {}
    for key, where in data.items():
        if not isinstance(key, str) or not (where is None or isinstance(where, str)):
            line = _line_of_key(text, str(key))
            raise ParseError(f'"{key}" must be `<id>: <where it lives>`, text only', source, line)
        entries[key] = where or ""
    return entries


def _line_of_key(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(key):
            return number
    return 1
