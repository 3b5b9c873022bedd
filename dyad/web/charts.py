"""Server-rendered SVG charts and the article's evidence marks: no JavaScript, nothing fetched.

Every string that comes from data (actor codes, periods, article text) goes through
`markupsafe.escape`; the SVG is built here and handed to the templates as `Markup`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

QUADS = {1: ("verbal cooperation", "#5b9bd5"), 2: ("material cooperation", "#1f4e99"),
         3: ("verbal conflict", "#e69c24"), 4: ("material conflict", "#b8322a")}


def legend() -> Markup:
    # classes, not style attributes: the Content-Security-Policy allows no inline styles
    items = "".join(f'<li><span class="swatch q{quad}"></span>{escape(name)}</li>'
                    for quad, (name, _) in QUADS.items())
    items += '<li><span class="swatch unread"></span>no stored articles</li>'
    return Markup(f'<ul class="legend" aria-label="quad classes">{items}</ul>')


def stacked_bars(rows: list[dict[str, Any]], *, title: str, height: int = 220) -> Markup:
    """Counts per period stacked by quad class, from trend rows (period, quad_class, count)."""
    by_period: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    unread: set[str] = set()  # periods with no stored article: nothing is known (not zero)
    for row in rows:
        if row.get("count") is None:
            unread.add(str(row.get("period")))
        by_period[str(row.get("period"))][int(row.get("quad_class") or 0)] += int(row.get("count") or 0)
    periods = sorted(by_period)
    if not any(sum(q.values()) for q in by_period.values()):
        return Markup('<p class="empty">No counts for this selection.</p>')
    top = max(sum(q.values()) for q in by_period.values()) or 1
    width, left, bottom = max(720, 24 * len(periods) + 44), 36, 28
    bar = min((width - left - 8) / len(periods), 64.0)  # a lone month is a bar, not a wall
    label_width = 6.5 * max(len(p) for p in periods) + 10  # 11px text, about 6.5 units a character
    plot = height - bottom - 8
    parts = [f'<div class="chart-scroll"><svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for tick in _ticks(top):
        y = 8 + plot - plot * tick / top
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    step = max(1, math.ceil(label_width / bar))
    for i, period in enumerate(periods):
        x = left + i * bar
        y = 8 + plot
        if period in unread:
            parts.append(f'<rect class="unread" x="{x + 1:.1f}" y="8" width="{max(bar - 2, 1):.1f}" '
                         f'height="{plot:.1f}"><title>{escape(period)}: no stored articles</title></rect>')
        for quad in (1, 2, 3, 4):
            count = by_period[period].get(quad, 0)
            if not count:
                continue
            h = plot * count / top
            y -= h
            name, color = QUADS[quad]
            parts.append(f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                         f'fill="{color}"><title>{escape(period)}: {count} {escape(name)}</title></rect>')
        if i % step == 0:
            parts.append(f'<text class="axis" x="{x + bar / 2:.1f}" y="{height - 10}" '
                         f'text-anchor="middle">{escape(period)}</text>')
    parts.append("</svg></div>")
    return Markup("".join(parts))


def intensity_line(rows: list[dict[str, Any]], *, title: str, height: int = 160) -> Markup:
    """Mean intensity per period (weighted by count), on the PLOVER scale -10 to 10, on the same
    period axis as `stacked_bars` (a point sits above its bar); the line breaks where a period
    has no record, so a quiet or unread month is never drawn as an intensity of zero."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        sums[str(row.get("period"))]  # every period has its place on the axis
        if row.get("mean_intensity") is None or not row.get("count"):
            continue
        count = float(row["count"])
        sums[str(row.get("period"))][0] += float(row["mean_intensity"]) * count
        sums[str(row.get("period"))][1] += count
    periods = sorted(sums)
    values = {p: s / n for p, (s, n) in sums.items() if n}
    if not values:
        return Markup('<p class="empty">No intensity for this selection.</p>')
    width, left = max(720, 24 * len(periods) + 44), 36
    bar = min((width - left - 8) / len(periods), 64.0)
    plot = height - 36

    def x(i: int) -> float:
        return left + i * bar + bar / 2

    def y(value: float) -> float:
        return 8 + plot * (10 - value) / 20

    # "short": its max-height is this chart's share of the bars' (CSS), so both scale alike and a
    # point stays above its bar
    parts = [f'<div class="chart-scroll"><svg class="chart short" viewBox="0 0 {width} {height}" role="img" '
             f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for tick in (10, 5, 0, -5, -10):
        parts.append(f'<line class="grid{" zero" if tick == 0 else ""}" x1="{left}" x2="{width - 4}" '
                     f'y1="{y(tick):.1f}" y2="{y(tick):.1f}"/><text class="axis" x="{left - 4}" '
                     f'y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    runs: list[list[str]] = [[]]
    for i, period in enumerate(periods):
        if period in values:
            runs[-1].append(f"{x(i):.1f},{y(values[period]):.1f}")
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if len(run) > 1:
            parts.append(f'<polyline class="line" points="{" ".join(run)}"/>')
    every = max(1, math.ceil((6.5 * max(len(p) for p in periods) + 10) / bar))
    for i, period in enumerate(periods):
        if period in values:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(values[period]):.1f}" r="3" class="dot">'
                         f"<title>{escape(period)}: {values[period]:.1f}</title></circle>")
        if i % every == 0:
            parts.append(f'<text class="axis" x="{x(i):.1f}" y="{height - 6}" '
                         f'text-anchor="middle">{escape(period)}</text>')
    parts.append("</svg></div>")
    return Markup("".join(parts))


def network(graph: dict[str, Any], *, max_nodes: int = 40, size: int = 560) -> Markup:
    """Nodes on a circle (busiest first, clockwise from the top), edges as lines whose width
    grows with the count; each node links to its actor page."""
    weight: dict[str, float] = defaultdict(float)
    edges = []
    for edge in graph.get("edges", []):
        source, target = str(edge.get("source", "")), str(edge.get("target", ""))
        count = float(edge.get("count") or edge.get("weight") or 1)
        if source and target:
            edges.append((source, target, count, edge))
            weight[source] += count
            weight[target] += count
    for node in graph.get("nodes", []):
        weight.setdefault(_node_id(node), 0.0)
    names = sorted(weight, key=lambda n: (-weight[n], n))[:max_nodes]
    if not names:
        return Markup('<p class="empty">No actors in this window.</p>')
    centre, radius = size / 2, size / 2 - 48
    place = {name: (centre + radius * math.sin(2 * math.pi * i / len(names)),
                    centre - radius * math.cos(2 * math.pi * i / len(names))) for i, name in enumerate(names)}
    heaviest = max((c for *_, c, _ in edges), default=1.0)
    parts = [f'<svg class="chart network" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="network of {len(names)} actors"><title>Actor network</title>']
    for source, target, count, edge in edges:
        if source in place and target in place:
            (x1, y1), (x2, y2) = place[source], place[target]
            sign = float(edge.get("sign") or 0)
            kind = "coop" if sign > 0.2 else "conflict" if sign < -0.2 else "mixed"
            parts.append(f'<line class="edge {kind}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke-width="{0.5 + 5 * count / heaviest:.2f}"><title>{escape(source)} → '
                         f'{escape(target)}: {count:g} ({int(edge.get("cooperation") or 0)} cooperation, '
                         f'{int(edge.get("conflict") or 0)} conflict)</title></line>')
    top = max(weight[n] for n in names) or 1.0
    for name in names:
        x, y = place[name]
        r = 5 + 14 * math.sqrt(weight[name] / top)
        parts.append(f'<a href="/actors/{escape(name)}"><circle class="node" cx="{x:.1f}" cy="{y:.1f}" '
                     f'r="{r:.1f}"><title>{escape(name)}: {weight[name]:g}</title></circle>'
                     f'<text class="label" x="{x:.1f}" y="{y - r - 4:.1f}" text-anchor="middle">'
                     f"{escape(name)}</text></a>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _node_id(node: Any) -> str:
    if isinstance(node, dict):
        return str(node.get("id") or node.get("code") or node.get("actor") or "")
    return str(node)


def _ticks(top: int) -> list[int]:
    step = max(1, 10 ** int(math.log10(top)) if top >= 10 else 1)
    while top / step > 5:
        step *= 2
    return list(range(0, top + 1, step))


@dataclass
class Segment:
    """A stretch of article text: plain, or one sentence that is the evidence of `events`."""

    text: str
    events: list[dict[str, Any]] = field(default_factory=list)
    number: int = 0
    trigger_at: tuple[int, int] | None = None  # offsets of the trigger within `text`

    @property
    def parts(self) -> tuple[str, str, str]:
        if self.trigger_at is None:
            return self.text, "", ""
        a, b = self.trigger_at
        return self.text[:a], self.text[a:b], self.text[b:]


def evidence_segments(text: str, events: list[dict[str, Any]]) -> list[Segment]:
    """Cut the body into plain stretches and evidence sentences (by each event's char offsets);
    events in the same or overlapping sentences share one mark. Offsets outside the text are ignored."""
    spans = []
    for event in events:
        ev = event.get("evidence") or {}
        start, end = ev.get("char_start"), ev.get("char_end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, event))
    spans.sort(key=lambda s: (s[0], s[1]))
    groups: list[list[Any]] = []
    for start, end, event in spans:
        if groups and start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append(event)
        else:
            groups.append([start, end, [event]])
    segments, at = [], 0
    for number, (start, end, grouped) in enumerate(groups, start=1):
        if start > at:
            segments.append(Segment(text[at:start]))
        sentence = text[start:end]
        trigger = str((grouped[0].get("evidence") or {}).get("trigger") or "")
        found = sentence.find(trigger) if trigger else -1
        segments.append(Segment(sentence, grouped, number,
                                (found, found + len(trigger)) if found >= 0 else None))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments
