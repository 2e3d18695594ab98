"""The social network analysis of a community at one point in time, and of two points in time (networkx):
pure functions of member ids and named ties, no database, no request, plain data out (it is kept by
merhav.core.versions.cached).

The network of a roster survey: a node for each member who answered or was named; an undirected tie
between two members when either named the other, as strong as the more frequent of the two answers (the
seed's "nature and strength of ties"); the named ties stay directed for reciprocity. The figures:

- density: ties / possible ties, n·(n−1)/2;
- connected components (the sub-networks), the largest one's share of the members;
- degree centrality (ties / (n−1)) and betweenness centrality (normalised; exact up to EXACT_LIMIT
  members, above it estimated from BETWEENNESS_SAMPLE pivots with a fixed seed, so it stays the same);
- central members (the most ties, then the most betweenness) and peripheral ones (one tie or none);
- sub-groups: greedy modularity communities (Louvain with a fixed seed above EXACT_LIMIT members, where
  greedy modularity takes seconds);
- a deterministic layout: each sub-group a cluster (its most central member in the middle, the others on
  rings), the clusters on a circle; drawn as an SVG by `draw`.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import networkx as nx

EXACT_LIMIT = 200
BETWEENNESS_SAMPLE = 100
SEED = 0
CENTRAL_COUNT = 5
WIDTH, HEIGHT = 720, 540
MARGIN = 24
# Colours of the sub-groups: distinct on white and for common colour blindness (Okabe–Ito), then grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7a6a00", "#000000")
OTHER_COLOR = "#767676"


@dataclass(frozen=True)
class Tie:
    member_id: int  # who answered
    alter_id: int  # whom they named
    frequency: int
    topic: str = ""


def analyse(node_ids: Iterable[int], ties: Sequence[Tie]) -> dict:
    """The figures of one network (see the module's docstring), as plain data keyed by member id."""
    nodes = sorted(set(node_ids) | {t.member_id for t in ties} | {t.alter_id for t in ties})
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    named = nx.DiGraph()
    named.add_nodes_from(nodes)
    for tie in ties:
        if tie.member_id == tie.alter_id:
            continue
        named.add_edge(tie.member_id, tie.alter_id)
        weight = max(tie.frequency, graph.edges[tie.member_id, tie.alter_id]["weight"]) \
            if graph.has_edge(tie.member_id, tie.alter_id) else tie.frequency
        graph.add_edge(tie.member_id, tie.alter_id, weight=weight)
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    degree = dict(graph.degree())
    degree_centrality = nx.degree_centrality(graph) if n > 1 else dict.fromkeys(nodes, 0.0)
    if n <= EXACT_LIMIT:
        betweenness = nx.betweenness_centrality(graph)
    else:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLE, seed=SEED)
    groups = _groups(graph)
    ranked = sorted(nodes, key=lambda v: (-degree[v], -betweenness[v], v))
    reciprocated = sum(1 for a, b in named.edges() if named.has_edge(b, a)) // 2
    topics = Counter(t.topic.strip() for t in ties if t.topic.strip())
    return {
        "nodes": nodes,
        "edges": sorted((min(a, b), max(a, b), d["weight"]) for a, b, d in graph.edges(data=True)),
        "node_count": n,
        "tie_count": m,
        "named_count": named.number_of_edges(),
        "reciprocated_count": reciprocated,
        "density": nx.density(graph) if n > 1 else 0.0,
        "components": components,
        "component_count": len(components),
        "subnetwork_count": sum(1 for c in components if len(c) > 1),
        "isolate_count": sum(1 for c in components if len(c) == 1),
        "largest_share": len(components[0]) / n if n else 0.0,
        "mean_degree": 2 * m / n if n else 0.0,
        "mean_strength": sum(d["weight"] for _a, _b, d in graph.edges(data=True)) / m if m else 0.0,
        "degree": degree,
        "degree_centrality": degree_centrality,
        "betweenness": betweenness,
        "central": [v for v in ranked[:CENTRAL_COUNT] if degree[v] > 0],
        "peripheral": sorted((v for v in nodes if degree[v] <= 1), key=lambda v: (degree[v], v)),
        "groups": groups,
        "group_of": {v: i for i, group in enumerate(groups) for v in group},
        "topics": topics.most_common(5),
        "positions": _layout(graph, groups, ranked),
    }


def _groups(graph: nx.Graph) -> list[list[int]]:
    if graph.number_of_edges() == 0:
        found: Iterable[Iterable[int]] = ([v] for v in graph.nodes)
    elif graph.number_of_nodes() <= EXACT_LIMIT:
        found = nx.community.greedy_modularity_communities(graph)
    else:
        found = nx.community.louvain_communities(graph, seed=SEED)
    return sorted((sorted(g) for g in found), key=lambda g: (-len(g), g[0]))


def _rings(count: int) -> int:
    """How many rings around the centre hold `count` nodes (ring k holds 6k)."""
    rings, held = 0, 1
    while held < count:
        rings += 1
        held += 6 * rings
    return rings


def _layout(graph: nx.Graph, groups: list[list[int]], ranked: list[int]) -> dict[int, tuple[float, float]]:
    """Each sub-group a cluster of rings, its most central member in the middle; the clusters on a circle,
    each taking an arc as wide as itself; everything scaled into the drawing. Same input, same picture."""
    order = {v: i for i, v in enumerate(ranked)}
    local: list[list[tuple[int, float, float]]] = []
    radii: list[float] = []
    for group in groups:
        members = sorted(group, key=order.__getitem__)
        points = [(members[0], 0.0, 0.0)]
        ring, slot = 1, 0
        for v in members[1:]:
            if slot == 6 * ring:
                ring, slot = ring + 1, 0
            angle = 2 * math.pi * slot / (6 * ring) + ring * 0.5
            points.append((v, ring * math.cos(angle), ring * math.sin(angle)))
            slot += 1
        local.append(points)
        radii.append(_rings(len(members)) + 1.0)
    positions: dict[int, tuple[float, float]] = {}
    if not groups:
        return positions
    if len(groups) == 1:
        centres = [(0.0, 0.0)]
    else:
        # Around the whole circle, each cluster an arc as wide as itself; the circle large enough that
        # neighbouring clusters do not overlap.
        total = sum(radii)
        circumference = sum(2 * r for r in radii) * 1.15
        big = max(circumference / (2 * math.pi), (radii[0] + radii[1]) * 1.1)
        centres, done = [], 0.0
        for r in radii:
            angle = 2 * math.pi * (done + r / 2) / total - math.pi / 2
            centres.append((big * math.cos(angle), big * math.sin(angle)))
            done += r
    xs = [cx + x for (cx, _cy), pts, r in zip(centres, local, radii, strict=True) for _v, x, _y in pts] + \
         [cx - r for (cx, _cy), r in zip(centres, radii, strict=True)] + [cx + r for (cx, _cy), r in zip(centres, radii, strict=True)]
    ys = [cy + y for (_cx, cy), pts in zip(centres, local, strict=True) for _v, _x, y in pts] + \
         [cy - r for (_cx, cy), r in zip(centres, radii, strict=True)] + [cy + r for (_cx, cy), r in zip(centres, radii, strict=True)]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    off_x = (WIDTH - scale * (max(xs) + min(xs))) / 2
    off_y = (HEIGHT - scale * (max(ys) + min(ys))) / 2
    for (cx, cy), pts in zip(centres, local, strict=True):
        for v, x, y in pts:
            positions[v] = (round(off_x + scale * (cx + x), 1), round(off_y + scale * (cy + y), 1))
    return positions


def compare(first: Mapping, second: Mapping) -> dict:
    """Time 1 against time 2: the figures side by side, and whether the small sub-networks of time 1
    merged into one denser network (at least two of them now inside the largest sub-network of time 2,
    and a higher density)."""
    largest = set(second["components"][0]) if second["components"] else set()
    present = set(second["nodes"])
    joined = sum(1 for c in first["components"]
                 if len(c) > 1 and (set(c) & present) and (set(c) & present) <= largest)
    denser = second["density"] > first["density"]
    return {
        "rows": [(name, first[name], second[name]) for name in (
            "node_count", "tie_count", "density", "component_count", "subnetwork_count", "isolate_count",
            "largest_share", "mean_degree", "mean_strength")],
        "joined": joined,
        "denser": denser,
        "fewer_components": second["component_count"] < first["component_count"],
        "merged": joined >= 2 and denser,
    }


def draw(analysis: Mapping, numbers: Mapping[int, int], *, title: str, description: str, label_limit: int = 80) -> str:
    """The network as an SVG (role="img", a title and a description; the table beside it has the same
    data). Nodes are coloured by sub-group and sized by degree; ties are as thick as they are frequent;
    each node carries its member's number in the table (up to `label_limit` nodes)."""
    positions = analysis["positions"]
    group_of = analysis["group_of"]
    degree_centrality = analysis["degree_centrality"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="sna-title sna-desc" class="sna-diagram" direction="ltr">',
        f'<title id="sna-title">{escape(title)}</title><desc id="sna-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        '<g stroke="#5a5a5a" stroke-linecap="round">',
    ]
    for a, b, weight in analysis["edges"]:
        (x1, y1), (x2, y2) = positions[a], positions[b]
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{0.4 + 0.5 * weight:.1f}" '
                     f'stroke-opacity="{0.25 + 0.12 * weight:.2f}"/>')
    parts.append("</g><g stroke=\"#ffffff\" stroke-width=\"1\">")
    small = len(positions) <= label_limit
    for v in analysis["nodes"]:
        x, y = positions[v]
        group = group_of.get(v, 0)
        color = PALETTE[group] if group < len(PALETTE) else OTHER_COLOR
        radius = (7 if small else 3) + (9 if small else 5) * degree_centrality.get(v, 0.0)
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius:.1f}" fill="{color}"/>')
    parts.append("</g>")
    if small:
        parts.append('<g font-family="sans-serif" font-size="11" text-anchor="middle" fill="#000000">')
        for v in analysis["nodes"]:
            x, y = positions[v]
            radius = 7 + 9 * degree_centrality.get(v, 0.0)
            parts.append(f'<text x="{x}" y="{y - radius - 3:.1f}">{numbers.get(v, "")}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def to_gexf(analysis: Mapping, labels: Mapping[int, str]) -> bytes:
    """The network for Gephi and other tools: each node with its label, sub-group, degree and betweenness;
    each tie with its strength (1–4)."""
    graph = nx.Graph()
    for v in analysis["nodes"]:
        graph.add_node(str(v), label=labels.get(v, str(v)), group=analysis["group_of"].get(v, 0),
                       degree=analysis["degree"][v], betweenness=round(analysis["betweenness"][v], 6))
    for a, b, weight in analysis["edges"]:
        graph.add_edge(str(a), str(b), weight=weight)
    out = io.BytesIO()
    nx.write_gexf(graph, out)
    return out.getvalue()


def to_csv(rows: Iterable[Sequence[object]], header: Sequence[str]) -> bytes:
    """A CSV (UTF-8 with a byte order mark, for spreadsheets) of safe cells."""
    from merhav.core.spreadsheets import safe_row

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row(row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
