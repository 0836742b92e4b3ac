"""The folder tree is the architecture: each sub-package of planner is a
layer, and a module imports only from its own layer or the layers below
(each layer's docstring says which).  Every import counts, lazy ones inside
functions too, and no two modules import each other in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import planner

PACKAGE = Path(planner.__file__).resolve().parent
# Lowest first; the package's own __init__ (the public API) sits on top.
LAYERS = ["errors", "days", "rules", "model", "drafting", "engine", "law", "verdicts", "outputs", "studies", "faces", "__init__"]


def _module_name(path: Path) -> str:
    parts = ["planner", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else LAYERS.index("__init__")


def _imports(path: Path) -> set[str]:
    """The planner modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (write planner.<layer>.<module>)"
            if node.module and node.module.startswith("planner"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if (PACKAGE / Path(*node.module.split(".")[1:]) / f"{a.name}.py").exists())
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("planner"))
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}


def test_every_module_is_in_a_named_layer():
    for module in MODULES:
        parts = module.split(".")
        assert len(parts) == 1 or parts[1] in LAYERS, f"{module}: not in a layer package ({', '.join(LAYERS[:-1])})"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_reaches_a_higher_layer(module):
    upward = [i for i in GRAPH[module] if _layer(i) > _layer(module)]
    assert not upward, f"{module} (layer {LAYERS[_layer(module)]}) imports higher layers: {sorted(upward)}"


def test_no_import_cycles():
    # Tarjan-free: a depth-first search that reports the first back edge's circle.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                circle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import circle: " + " -> ".join(circle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_each_layer_says_what_it_may_import():
    for layer in LAYERS[1:-1]:
        doc = (PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")
        assert "May import:" in ast.get_docstring(ast.parse(doc)), f"planner/{layer}/__init__.py: docstring lacks 'May import:'"


def test_every_module_declares_all():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
                 for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
        assert "__all__" in names, f"{module}: no __all__"
