"""Actors as nodes, dyads as weighted and signed edges (cooperation against conflict)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = ["network_graph", "to_graphml"]


def network_graph(records: Iterable[dict[str, Any]], min_count: int = 1) -> dict[str, list[dict[str, Any]]]:
    """`{"nodes": [...], "edges": [...]}`: a node per country code (`id`, `count` of records it is
    in), an edge per directed dyad with `count`, `cooperation` and `conflict` counts (quad
    classes 1-2 and 3-4), `sign` (cooperation - conflict) / count in [-1, 1] and
    `mean_intensity`. Records without a source or target country are not edges."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        src = (record.get("source") or {}).get("country")
        tgt = (record.get("target") or {}).get("country")
        if not src or not tgt:
            continue
        edge = edges.setdefault((src, tgt), {"source": src, "target": tgt, "count": 0, "cooperation": 0,
                                             "conflict": 0, "intensity_sum": 0.0})
        edge["count"] += 1
        edge["cooperation" if (record.get("quad_class") or 0) in (1, 2) else "conflict"] += 1
        edge["intensity_sum"] += float(record.get("intensity") or 0)
    kept = []
    nodes: dict[str, int] = defaultdict(int)
    for (src, tgt), edge in sorted(edges.items()):
        if edge["count"] < min_count:
            continue
        total = edge["count"]
        kept.append({"source": src, "target": tgt, "count": total, "cooperation": edge["cooperation"],
                     "conflict": edge["conflict"], "sign": round((edge["cooperation"] - edge["conflict"]) / total, 3),
                     "mean_intensity": round(edge["intensity_sum"] / total, 2)})
        nodes[src] += total
        if tgt != src:
            nodes[tgt] += total
    return {"nodes": [{"id": code, "label": code, "count": count} for code, count in sorted(nodes.items())],
            "edges": kept}


def to_graphml(graph: dict[str, list[dict[str, Any]]]) -> bytes:
    """The graph as GraphML (directed; node `count`, edge `count`, `cooperation`, `conflict`,
    `sign`, `mean_intensity`), readable by networkx, Gephi and igraph."""
    from xml.sax.saxutils import quoteattr

    keys = [("n_count", "node", "count", "int"), ("e_count", "edge", "count", "int"),
            ("e_cooperation", "edge", "cooperation", "int"), ("e_conflict", "edge", "conflict", "int"),
            ("e_sign", "edge", "sign", "double"), ("e_mean_intensity", "edge", "mean_intensity", "double")]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    lines += [f'  <key id="{k}" for="{f}" attr.name="{n}" attr.type="{t}"/>' for k, f, n, t in keys]
    lines.append('  <graph id="dyad" edgedefault="directed">')
    for node in graph["nodes"]:
        lines.append(f'    <node id={quoteattr(node["id"])}><data key="n_count">{node["count"]}</data></node>')
    for edge in graph["edges"]:
        data = "".join(f'<data key="e_{name}">{edge[name]}</data>'
                       for name in ("count", "cooperation", "conflict", "sign", "mean_intensity"))
        lines.append(f'    <edge source={quoteattr(edge["source"])} target={quoteattr(edge["target"])}>{data}</edge>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines).encode("utf-8")
