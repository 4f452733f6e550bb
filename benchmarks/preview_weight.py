"""What link previews and cross-policy term links (issue 12) add to a manual's policy pages.

    python benchmarks/preview_weight.py                  # policies/ and 500 generated policies
    python benchmarks/preview_weight.py --policies 100   # a smaller generated manual

Every policy page (each policy's current page and each version's permanent page) is
rendered twice by the site's own page builder in the same run: as published, and with the
cross-references turned off (no `data-pk-preview`, no links to other policies' terms).
Reported: the page bodies' bytes, raw and gzipped, in total, per page and for the largest
page, the increase, and the render time of both (best of two runs each, alternating). Redline diffs are left out (the change
marks they feed are the same either way), so the run takes seconds, not a site build.
The theme adds its own chrome to each page (about 30 kB before gzip), so the increase of
a whole page is smaller than that of its body.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generate import generate_manual

from toolkit.library import load_library
from toolkit.model import ChangeSet, Policy, Version
from toolkit.render.policy_html import SharedTerm
from toolkit.site import urls as paths
from toolkit.site.pages import SitePage, _Builder
from toolkit.site.timeline import publish
from toolkit.site.urls import Urls

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Weight:
    """The policy pages of one manual, as rendered one way."""

    pages: int
    raw: int
    gzipped: int
    largest: int
    seconds: float


def _no_changes(old: Version, new: Version) -> ChangeSet:
    return ChangeSet(old, new, ())


def _no_preview(_: str) -> str | None:
    return None


def _no_term(_: str) -> SharedTerm | None:
    return None


def builder(policies: Sequence[Policy], cross_references: bool) -> _Builder:
    built = _Builder(policies=tuple(publish(policy) for policy in policies), urls=Urls(),
                     compare=_no_changes, redline=lambda changes: None)  # type: ignore[arg-type,return-value]
    if not cross_references:
        no_previews: Callable[[str], Callable[[str], str | None]] = lambda page: _no_preview
        no_terms: Callable[[str, str], Callable[[str], SharedTerm | None]] = (
            lambda page, policy: _no_term)
        built.xref.terms = ()
        built.xref.previews = no_previews  # type: ignore[method-assign]
        built.xref.shared_terms = no_terms  # type: ignore[method-assign]
    return built


def render(built: _Builder) -> list[SitePage]:
    """Each policy's current page and each version's permanent page."""
    bodies = []
    for policy in built.policies:
        bodies.append(built.version_page(policy, policy.current, paths.policy_path(policy.id)))
        bodies.extend(built.version_page(policy, version,
                                         paths.version_path(policy.id, version.version))
                      for version in policy.versions)
    return bodies


def weigh(bodies: Sequence[SitePage], seconds: float) -> Weight:
    sizes = [len(page.html.encode("utf-8")) for page in bodies]
    zipped = sum(len(gzip.compress(page.html.encode("utf-8"))) for page in bodies)
    return Weight(len(bodies), sum(sizes), zipped, max(sizes), seconds)


def compare(policies: Sequence[Policy], repeat: int = 2) -> tuple[Weight, Weight]:
    """(without, with) cross-references. Runs alternate between the two, `repeat` times
    each, and the best time of each counts: load on a shared machine drifts over minutes."""
    times: dict[bool, list[float]] = {False: [], True: []}
    bodies: dict[bool, list[SitePage]] = {}
    for _ in range(repeat):
        for cross_references in (False, True):
            built = builder(policies, cross_references)
            start = time.perf_counter()
            bodies[cross_references] = render(built)
            times[cross_references].append(time.perf_counter() - start)
    return weigh(bodies[False], min(times[False])), weigh(bodies[True], min(times[True]))


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} kB"


def report(name: str, policies: Sequence[Policy]) -> None:
    off, on = compare(policies)
    print(f"{name}: {len(policies)} policies, {on.pages} policy pages")
    print(f"  {'':22}{'without':>14}{'with':>14}{'increase':>24}")
    rows = (("all pages, raw", off.raw, on.raw), ("all pages, gzip", off.gzipped, on.gzipped),
            ("per page, raw", off.raw / off.pages, on.raw / on.pages),
            ("per page, gzip", off.gzipped / off.pages, on.gzipped / on.pages),
            ("largest page, raw", off.largest, on.largest))
    for label, before, after in rows:
        change = f"{_kb(after - before)} ({(after - before) / before:+.1%})"
        print(f"  {label:22}{_kb(before):>14}{_kb(after):>14}{change:>24}")
    print(f"  {'render time':22}{off.seconds:>12.2f} s{on.seconds:>12.2f} s"
          f"{(on.seconds - off.seconds) / off.seconds:>+24.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=500, help="generated policies")
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=HERE.parent / "policies",
                        help="a policies folder to weigh as well")
    arguments = parser.parse_args(argv)
    report(str(arguments.folder.name) + "/", load_library(arguments.folder).policies)
    generated = generate_manual(arguments.policies, arguments.versions, seed=0)
    report("generated", [Policy(policy.id, policy.versions) for policy in generated.policies])
    return 0


if __name__ == "__main__":
    sys.exit(main())
