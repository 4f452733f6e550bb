"""The diff stage computes; it never renders: no lxml, click or mkdocs under toolkit/diff."""

from __future__ import annotations

import ast
from pathlib import Path

DIFF = Path(__file__).resolve().parents[2] / "toolkit" / "diff"
RENDERING = {"lxml", "click", "mkdocs", "material", "markdown_it"}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
            if node.module.startswith("toolkit.render"):
                names.add("toolkit.render")
    return names


def test_the_diff_package_imports_no_renderer() -> None:
    files = sorted(DIFF.glob("*.py"))
    assert files
    offenders = {path.name: sorted(imports(path) & (RENDERING | {"toolkit.render"}))
                 for path in files if imports(path) & (RENDERING | {"toolkit.render"})}
    assert offenders == {}
