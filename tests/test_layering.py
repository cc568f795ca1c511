"""The package layering of docs/architecture.md, checked on the source: the packages and
top-level modules of `wirewatch` import each other without cycles (imports inside functions
count too), `analyze` needs only the data model and its data files, and `store` never reaches
right into the link step, analytics, the engine or the service."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import wirewatch

ROOT = Path(wirewatch.__file__).parent


def _unit(module: str) -> str:
    """`wirewatch.serve.routes.read` → `serve`; `wirewatch` itself → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        source = _unit(module.removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                if name.startswith("wirewatch.") and _unit(name) != source:
                    graph[source].add(_unit(name))
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported from where it closes)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the path, 2 = done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    return found


def test_the_graph_is_read_from_the_source() -> None:
    graph = import_graph()
    assert "store" in graph["engine"] and "queries" in graph["serve"]  # the walk sees imports


def test_no_import_cycles_between_packages() -> None:
    assert _cycles(import_graph()) == []


def test_a_cycle_would_be_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_analyze_needs_only_the_model_and_its_data() -> None:
    assert import_graph()["analyze"] <= {"model", "data"}


def test_store_stays_left_of_link_analytics_engine_and_serve() -> None:
    assert not import_graph()["store"] & {"link", "analytics", "engine", "serve", "queries",
                                         "analyze", "api", "cli"}


def test_queries_never_reach_the_service_or_the_engine() -> None:
    assert not import_graph()["queries"] & {"serve", "engine", "api", "cli", "remote"}
