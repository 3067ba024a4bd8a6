"""The layout holds: no import cycles, the flows on top, adapters that never import each other.

Read from the source (every import statement, function-level ones included), so a new cycle or
a wrong-way import fails here whether or not it would fail at import time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ("resettlement", "flows", "integrations")
ADAPTERS = ("resettlement.api", "resettlement.web", "resettlement.cli")
# Above the capabilities: they compose adapters or drive the capabilities as a user would.
TOP = (*ADAPTERS, "resettlement.app", "resettlement.demo")


def _modules() -> dict[str, Path]:
    found = {}
    for package in OURS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """Every module of ours that `path` imports (`from pkg import mod` names the module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                for a in node.names
            ]
        else:
            continue
        yield from (n for n in names if n.split(".")[0] in OURS)


def _graph(unit: object) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        source = unit(name)  # type: ignore[operator]
        for target in _imports(path):
            if unit(target) != source:  # type: ignore[operator]
                graph.setdefault(source, set()).add(unit(target))  # type: ignore[operator]
    return graph


def _package(module: str) -> str:
    """The capability (or top-level module) a module belongs to: resettlement.housing, flows."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "resettlement" and len(parts) > 1 else parts[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _edges(where: tuple[str, ...], to: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (name, target)
        for name, path in MODULES.items()
        if name.startswith(where)
        for target in _imports(path)
        if target.startswith(to) and not target.startswith(_package(name))
    ]


def test_no_module_imports_itself_round_a_cycle():
    assert _cycles(_graph(lambda m: m)) == []


def test_no_two_capabilities_import_each_other_even_through_others():
    assert _cycles(_graph(_package)) == []


def test_resettlement_never_imports_the_flows_which_sit_on_top():
    assert _edges(("resettlement",), ("flows",)) == []


def test_adapters_never_import_each_other():
    for adapter in ADAPTERS:
        others = tuple(a for a in ADAPTERS if a != adapter)
        assert _edges((adapter,), others) == [], adapter


def test_capabilities_never_import_an_adapter_the_app_or_the_demo():
    capabilities = tuple(
        name for name in MODULES if name.startswith("resettlement.") and not name.startswith(TOP)
    )
    assert _edges(capabilities, TOP) == []


def test_integrations_know_nothing_of_the_system_they_serve():
    assert _edges(("integrations",), ("resettlement", "flows")) == []
