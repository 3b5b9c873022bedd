"""Charts of a trend and of the actor network (matplotlib, the `charts` extra).

Written straight to a PNG or SVG file (the Agg backend: no display needed). Loaded only when
`--plot` is given, so that the rest of dyad does not need matplotlib.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from dyad.errors import InputError
from dyad.extras import require_extra

__all__ = ["plot_network", "plot_trend"]

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"}


def _pyplot():
    matplotlib = require_extra("matplotlib", "charts", feature="--plot")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _check(path: str | Path) -> Path:
    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg"):
        raise InputError("a chart is written as .png or .svg; give a file name ending in one of them", item=str(path))
    if not target.parent.exists():
        raise InputError(f"directory {target.parent} does not exist", item=str(path))
    return target


def plot_trend(rows: list[dict[str, Any]], path: str | Path, title: str) -> Path:
    """Stacked bars of counts per quad class and period, mean intensity as a line on a second
    axis, periods with no stored articles shaded and labelled as such."""
    target = _check(path)
    plt = _pyplot()
    periods: list[str] = []
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    weighted: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    empty: set[str] = set()
    for row in rows:
        if row["period"] not in periods:
            periods.append(row["period"])
        if row["count"] is None:
            empty.add(row["period"])
        elif row["count"]:
            counts[row["quad_class"]][row["period"]] += row["count"]
            weighted[row["period"]][0] += row["mean_intensity"] * row["count"]
            weighted[row["period"]][1] += row["count"]
    fig, ax = plt.subplots(figsize=(max(7.0, 0.45 * len(periods) + 3), 5.4), dpi=120)
    x = list(range(len(periods)))
    bottom = [0] * len(periods)
    for quad in (1, 2, 3, 4):
        heights = [counts[quad].get(p, 0) for p in periods]
        if any(heights):
            ax.bar(x, heights, bottom=bottom, color=QUAD_COLOURS[quad], label=QUAD_NAMES[quad], width=0.8)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    for i, period in enumerate(periods):
        if period in empty:
            ax.axvspan(i - 0.45, i + 0.45, color="#dddddd", zorder=0)
    if empty:
        from matplotlib.patches import Patch

        empty_handle = [Patch(color="#dddddd", label="no stored articles")]
    else:
        empty_handle = []
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xticks(x)
    ax.set_xticklabels(periods, rotation=45 if len(periods) > 8 else 0, ha="right" if len(periods) > 8 else "center")
    ax.set_xlabel("period")
    ax.set_ylabel("count")
    ax.set_title(title)
    ax2 = ax.twinx()
    means = [(i, weighted[p][0] / weighted[p][1]) for i, p in enumerate(periods) if weighted[p][1]]
    if means:
        ax2.plot([i for i, _ in means], [m for _, m in means], color="black", marker="o", linewidth=1.5,
                 label="mean intensity")
    ax2.set_ylim(-10.5, 10.5)
    ax2.axhline(0, color="grey", linewidth=0.5, linestyle=":")
    ax2.set_ylabel("mean intensity (-10 conflict … +10 cooperation)")
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    # below the axes, so that it never hides a bar
    ax.legend(handles + empty_handle + h2, labels + [h.get_label() for h in empty_handle] + l2, loc="upper center",
              bbox_to_anchor=(0.5, -0.22 if len(periods) > 8 else -0.14), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target


def plot_network(graph: dict[str, list[dict[str, Any]]], path: str | Path, title: str, max_nodes: int = 40) -> Path:
    """Actors on a circle (most active first, at most `max_nodes`), edges drawn with width by
    count and coloured by sign (green cooperation, red conflict)."""
    target = _check(path)
    plt = _pyplot()
    nodes = sorted(graph["nodes"], key=lambda n: (-n["count"], n["id"]))[:max_nodes]
    kept = {n["id"] for n in nodes}
    edges = [e for e in graph["edges"] if e["source"] in kept and e["target"] in kept and e["source"] != e["target"]]
    fig, ax = plt.subplots(figsize=(9, 9), dpi=120)
    # The busiest actors are spread around the circle (rank r at slot r * step mod n, step coprime
    # with n), so that the heaviest edges cross the middle instead of piling up between neighbours.
    count = max(len(nodes), 1)
    step = next(k for k in range(max(1, count // 3), count + 1) if math.gcd(k, count) == 1)
    position = {n["id"]: (math.cos(2 * math.pi * (r * step % count) / count),
                          math.sin(2 * math.pi * (r * step % count) / count)) for r, n in enumerate(nodes)}
    cmap = plt.get_cmap("RdYlGn")
    widest = max([e["count"] for e in edges] or [1])
    for edge in sorted(edges, key=lambda e: e["count"]):
        (x1, y1), (x2, y2) = position[edge["source"]], position[edge["target"]]
        ax.annotate("", xy=(x2, y2), xytext=(x1, y1),
                    arrowprops={"arrowstyle": "-|>", "color": cmap((edge["sign"] + 1) / 2),
                                "lw": 0.6 + 5 * edge["count"] / widest, "alpha": 0.75,
                                "shrinkA": 12, "shrinkB": 12, "connectionstyle": "arc3,rad=0.12"})
    biggest = max([n["count"] for n in nodes] or [1])
    for node in nodes:
        x, y = position[node["id"]]
        ax.scatter([x], [y], s=150 + 1200 * node["count"] / biggest, color="#4a6fa5", zorder=3, alpha=0.9)
        ax.text(x * 1.13, y * 1.13, node["id"], ha="center", va="center", fontsize=10, fontweight="bold")
    for sign, name in ((1, "cooperation"), (0, "mixed"), (-1, "conflict")):
        ax.plot([], [], color=cmap((sign + 1) / 2), lw=3, label=name)
    ax.legend(loc="lower left", title="edge colour (width = count)", fontsize=9)
    ax.set_title(title)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target
