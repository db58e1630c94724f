"""Warm paths: who could introduce the user to someone at an organization or in a field.

The network is a graph: the user knows some contacts directly (family, friends, professors,
classmates, anyone they have talked with); contacts know the people they referred and the
colleagues at their organization. A path is shorter and stronger the fewer and the closer
its links; networkx finds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

YOU = "you"


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    cost: float  # lower is closer: 1 a conversation or a referral, 2 a colleague or a source
    why: str


@dataclass(frozen=True)
class Path:
    steps: tuple[str, ...]  # node keys, from YOU to the target
    cost: float
    links: tuple[str, ...]  # why each step holds


def warm_paths(links: list[Link], targets: set[str], limit: int = 10, depth: int = 4) -> list[Path]:
    """The best paths from the user to any target, shortest and strongest first."""
    graph = nx.Graph()
    for link in links:
        if not graph.has_edge(link.a, link.b) or graph[link.a][link.b]["cost"] > link.cost:
            graph.add_edge(link.a, link.b, cost=link.cost, why=link.why)
    if YOU not in graph:
        return []
    found: list[Path] = []
    for target in targets & set(graph.nodes):
        for nodes in islice(nx.shortest_simple_paths(graph, YOU, target, weight="cost"), 3):
            if len(nodes) - 1 > depth:
                break
            edges = list(pairwise(nodes))
            cost = sum(graph[a][b]["cost"] for a, b in edges)
            found.append(Path(tuple(nodes), cost, tuple(graph[a][b]["why"] for a, b in edges)))
    return sorted(found, key=lambda p: (len(p.steps), p.cost))[:limit]
