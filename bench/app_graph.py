"""The app-level import graph of motcua and its cycles (strongly connected components).

    PYTHONPATH=src python bench/app_graph.py [-v]

Counts every import grimp sees (function-level and TYPE_CHECKING ones included), migrations
left out; `-v` lists the module imports behind each edge of a cycle. The layers themselves are
enforced by import-linter (pyproject.toml); this prints how far the apps are from a clean order.
"""

from __future__ import annotations

import sys
from collections import defaultdict

import grimp

APPS = [
    "accounts", "audit", "bundles", "calendars", "catalog", "citizens", "config", "config_reader",
    "control", "core", "database_url", "documents", "domain", "dossiers", "eforms", "feedback",
    "formats", "notifications", "payments", "portal", "prints", "reports", "results", "units",
]  # fmt: skip


def app_edges() -> dict[tuple[str, str], list[tuple[str, str]]]:
    graph = grimp.build_graph("motcua", cache_dir=None)
    edges: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or parts[1] not in APPS or ".migrations" in module:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            inside = len(other) > 1 and other[0] == "motcua" and other[1] in APPS
            if inside and other[1] != parts[1]:
                edges[(parts[1], other[1])].append((module, imported))
    return edges


def cycles(adjacent: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one app."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in adjacent[app]:
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == app:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for app in APPS:
        if app not in index:
            visit(app)
    return found


def main() -> None:
    edges = app_edges()
    adjacent: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        adjacent[source].add(target)
    found = cycles(adjacent)
    print("Cycles:", found or "none")
    print("Apps in cycles:", sum(len(component) for component in found))
    for component in found:
        for source in component:
            for target in sorted(adjacent[source] & set(component)):
                print(f"  {source} -> {target}: {len(edges[(source, target)])} imports")
                if "-v" in sys.argv:
                    for module, imported in edges[(source, target)]:
                        print(f"      {module} -> {imported}")
    print("Edges:")
    for app in APPS:
        print(f"  {app} -> {', '.join(sorted(adjacent[app])) or '—'}")


if __name__ == "__main__":
    main()
