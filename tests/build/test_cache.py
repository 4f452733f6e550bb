"""The content-addressed cache: a miss for anything that is not a whole entry of ours."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from toolkit import cache as cache_module
from toolkit.cache import Cache, cache_key, cached, default_location, open_cache, throwaway_cache


def test_a_value_put_is_got_back(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = cache_key("parse", "policies/1-01/2020.md", "text")
    cache.put("parse", key, {"a": (1, 2)})
    assert cache.get("parse", key) == {"a": (1, 2)}
    assert cache.get("diff", key) is None  # kinds are apart


def test_keys_differ_by_every_part_and_their_boundaries() -> None:
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a") != cache_key("a", "")
    assert cache_key("a", b"b") == cache_key("a", "b")


@pytest.mark.parametrize("damage", [
    lambda data: data[:-5],                              # truncated
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),      # one bit flipped in the payload
    lambda data: b"not ours at all",                     # foreign file
    lambda data: data.replace(b"policykit-cache 1", b"policykit-cache 9", 1),  # other format
    lambda data: b"",                                    # empty
])
def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path: Path, damage: object) -> None:
    cache = Cache(tmp_path)
    key = cache_key("x")
    cache.put("diff", key, ["value"])
    path = cache.path("diff", key)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert cache.get("diff", key) is None
    assert cached(cache, "diff", key, lambda: ["fresh"]) == ["fresh"]
    assert cache.get("diff", key) == ["fresh"]  # the bad entry was replaced


def test_an_entry_written_by_other_code_is_a_miss(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    cache.put("parse", "k" * 40, "old code's value")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: b"other-code")
    assert cache.get("parse", "k" * 40) is None


def test_a_valid_header_with_a_payload_that_does_not_unpickle_is_a_miss(tmp_path: Path) -> None:
    import hashlib

    cache = Cache(tmp_path)
    payload = b"\x80\x05garbage"
    check = hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
    path = cache.path("parse", "ab" * 20)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\n".join((cache_module.FORMAT, cache_module.code_fingerprint(), check,
                                 payload)))
    assert cache.get("parse", "ab" * 20) is None


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    for number in range(5):
        cache.put("pages", cache_key(str(number)), "x" * 1000)
    names = [path.name for path in tmp_path.rglob("*") if path.is_file()]
    assert len(names) == 5 and not any(name.startswith(".") for name in names)


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker)
    cache.put("parse", cache_key("a"), "value")  # no error
    assert cache.get("parse", cache_key("a")) is None


def test_prune_drops_the_entries_used_longest_ago(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    keys = [cache_key(str(number)) for number in range(4)]
    for age, key in enumerate(keys):
        cache.put("pages", key, "x" * 10_000)
        os.utime(cache.path("pages", key), (1_000_000 + age, 1_000_000 + age))
    cache.get("pages", keys[0])  # used now: kept
    size = cache.path("pages", keys[0]).stat().st_size
    cache.prune(limit=2 * size)
    assert [cache.has("pages", key) for key in keys] == [True, False, False, True]


def test_the_location_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYKIT_CACHE", str(tmp_path / "here"))
    assert default_location() == tmp_path / "here"
    monkeypatch.delenv("POLICYKIT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "policykit"
    assert open_cache().root.is_dir()


def test_a_throwaway_cache_is_removed_afterwards() -> None:
    with throwaway_cache() as cache:
        cache.put("parse", cache_key("a"), "value")
        root = cache.root
        assert cache.get("parse", cache_key("a")) == "value"
    assert not root.exists()


def test_prune_now_and_then_waits_between_prunes(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("pages", cache_key("a"), "x" * 10_000)
    os.environ["POLICYKIT_CACHE_MB"] = "0"
    try:
        assert cache.prune_now_and_then() > 0
        cache.put("pages", cache_key("b"), "x" * 10_000)
        assert cache.prune_now_and_then() == 0  # pruned a moment ago
        assert cache.prune_now_and_then(interval=0) > 0
    finally:
        del os.environ["POLICYKIT_CACHE_MB"]
