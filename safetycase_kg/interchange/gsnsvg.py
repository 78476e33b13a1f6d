"""A case's argument drawn in GSN Community Standard v3 notation, as one self-contained SVG.

Graphviz only places the boxes (``dot -Tjson``: node centres and edge curves); the symbols are drawn here,
so they are GSN's own: goals as rectangles, strategies as parallelograms, solutions as circles, context
as rounded boxes, assumptions and justifications as ovals marked A and J, the undeveloped diamond and
the uninstantiated triangle under an element, away elements with their module band, supportedBy with
a filled arrowhead and inContextOf with a hollow one, and from the dialectic extension counter elements
(red), their challenges (red, dashed) and the defeated cross. Text is wrapped and every string is
XML-escaped; in the public tier a withheld element shows only its redaction notice.
"""

from __future__ import annotations

import html
import json
import math
import shutil
import subprocess
import textwrap
from collections.abc import Collection
from typing import Any

from rdflib import URIRef

from ..analysis.standing import standing
from ..core.storeapi import GraphStore
from ..web.argmap import DOT_TIMEOUT_S, RenderError
from ..web.linkeddata import href
from .model import Argument, Element

DPI = 72
FONT = 11
LINE = 14
WRAP = {"claim": 26, "strategy": 30, "evidence": 16, "context": 22, "assumption": 20, "justification": 20,
        "defeater": 26}
MAX_TEXT = 220
RED = "#b00020"
Point = tuple[float, float]  # (x, y) of a centre, or (width, height) of a symbol, in points


def case_svg(store: GraphStore, case: URIRef) -> str:
    """The GSN picture of ``case`` from ``store`` (the tier's view)."""
    from .case import argument_of
    arg = argument_of(store, case)
    doubt = set(standing(store, cases=[case]).not_sound(case))
    return draw(arg, {k for k, e in arg.elements.items() if e.iri and URIRef(e.iri) in doubt})


def _lines(element: Element) -> list[str]:
    text = " ".join((element.text or "").split())
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT - 1].rstrip() + "\u2026"
    return textwrap.wrap(text, WRAP[element.kind]) if text else []


def _size(element: Element) -> Point:
    """Width and height in points for the element's symbol, from its wrapped text."""
    lines = _lines(element)
    widest = max([len(element.name)] + [len(line) for line in lines]) * FONT * 0.56
    height = (len(lines) + 1) * LINE + 12
    if element.kind == "evidence" or (element.kind == "defeater" and _solution_like(element)):
        side = max(widest, height) + 18
        return side, side
    if element.kind in ("assumption", "justification"):
        return widest * 1.3 + 20, height * 1.35
    if element.kind == "strategy":
        return widest + 44, height
    extra = 16 if element.away else 0
    return max(widest + 16, 90), height + extra


def _solution_like(element: Element) -> bool:
    return element.annotations.get("gsnType") == "CounterSolution" or element.annotations.get("sacmType") == "ArtifactReference"


def _dot(arg: Argument, sizes: dict[str, tuple[float, float]]) -> str:
    ids = {k: f"n{i}" for i, k in enumerate(arg.elements)}
    lines = ["digraph gsn {", '  graph [rankdir=TB, nodesep=0.25, ranksep=0.5, splines=spline];',
             '  node [shape=box, fixedsize=true, label=""];']
    for key, (w, h) in sizes.items():
        lines.append(f"  {ids[key]} [width={w / DPI:.3f}, height={h / DPI:.3f}];")
    for key, element in arg.elements.items():
        for target in element.supported_by:
            lines.append(f"  {ids[key]} -> {ids[target]};")
        for target in element.in_context_of:
            lines.append(f"  {{rank=same; {ids[key]} -> {ids[target]};}}")  # context beside, next to it
        for target in element.attacks:
            lines.append(f"  {ids[target]} -> {ids[key]} [dir=back];")
    lines.append("}")
    return "\n".join(lines)


def _layout(dot: str) -> dict[str, Any]:
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError("Graphviz 'dot' is not installed")
    try:
        done = subprocess.run([exe, "-Tjson"], input=dot.encode(), capture_output=True, timeout=DOT_TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz took longer than {DOT_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise RenderError("Graphviz failed: " + done.stderr.decode("utf-8", "replace")[:300])
    layout: dict[str, Any] = json.loads(done.stdout)  # Graphviz's -Tjson output is one object
    return layout


def draw(arg: Argument, in_doubt: Collection[str] = frozenset()) -> str:
    """The SVG for a neutral argument (``in_doubt``: keys of claims to highlight)."""
    keys = list(arg.elements)
    sizes = {k: _size(arg.elements[k]) for k in keys}
    layout = _layout(_dot(arg, sizes))
    top = float(layout["bb"].split(",")[3])
    centre: dict[str, Point] = {}
    for obj in layout.get("objects", []):
        if "pos" not in obj or not obj["name"].startswith("n"):
            continue  # the rank=same subgraphs
        index = int(obj["name"][1:])
        x, y = (float(v) for v in obj["pos"].split(","))
        centre[keys[index]] = (x + 20, top - y + 20)
    width = float(layout["bb"].split(",")[2]) + 40
    height = top + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gsn" role="img" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" font-family="Helvetica, Arial, sans-serif" font-size="{FONT}">',
           f"<title>GSN view of {html.escape(arg.title or arg.name)}</title>", _defs()]
    for key, element in arg.elements.items():
        for target in element.supported_by:
            out.append(_edge(centre[key], sizes[key], centre[target], sizes[target], "support"))
        for target in element.in_context_of:
            out.append(_edge(centre[key], sizes[key], centre[target], sizes[target], "context"))
        for target in element.attacks:
            out.append(_edge(centre[key], sizes[key], centre[target], sizes[target], "challenge"))
    for key, element in arg.elements.items():
        out.append(_node(arg, element, centre[key], sizes[key], key in in_doubt))
    out.append("</svg>")
    return "\n".join(out)


def _defs() -> str:
    return ('<defs><marker id="gsn-support" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker>'
            '<marker id="gsn-context" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#fff" stroke="#222"/></marker>'
            f'<marker id="gsn-challenge" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{RED}"/></marker></defs>')


def _border(centre: Point, size: Point, towards: Point) -> Point:
    """Where the line from the centre towards another point leaves the element (its circle, or its box)."""
    (x, y), (w, h) = centre, size
    dx, dy = towards[0] - x, towards[1] - y
    if dx == 0 and dy == 0:
        return x, y
    if w == h:  # solutions are circles
        length = math.hypot(dx, dy)
        return x + dx * w / 2 / length, y + dy * w / 2 / length
    scale = min(w / 2 / abs(dx) if dx else math.inf, h / 2 / abs(dy) if dy else math.inf)
    return x + dx * scale, y + dy * scale


def _edge(a: Point, size_a: Point, b: Point, size_b: Point, kind: str) -> str:
    start, end = _border(a, size_a, b), _border(b, size_b, a)
    style = {"support": 'stroke="#222" marker-end="url(#gsn-support)"',
             "context": 'stroke="#222" marker-end="url(#gsn-context)"',
             "challenge": f'stroke="{RED}" stroke-dasharray="6 3" stroke-width="1.6" marker-end="url(#gsn-challenge)"'}[kind]
    return (f'<line class="gsn-link-{kind}" x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
            f'{style}/>')


def _shape(element: Element, x: float, y: float, w: float, h: float, stroke: str, fill: str) -> list[str]:
    left, top = x - w / 2, y - h / 2
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="1.4"'
    kind = element.kind
    if kind == "defeater":
        kind = "evidence" if _solution_like(element) else "claim"
    if kind == "strategy":
        skew = 14
        points = f"{left + skew},{top} {left + w},{top} {left + w - skew},{top + h} {left},{top + h}"
        return [f'<polygon points="{points}" {common}/>']
    if kind == "evidence":
        return [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{w / 2:.1f}" {common}/>']
    if kind == "context":
        return [f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{min(h / 2, 18):.1f}" {common}/>']
    if kind in ("assumption", "justification"):
        letter = "A" if kind == "assumption" else "J"
        return [f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{w / 2:.1f}" ry="{h / 2:.1f}" {common}/>',
                f'<text x="{left + w - 4:.1f}" y="{top + h + 4:.1f}" font-weight="bold" font-size="13">{letter}</text>']
    parts = [f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" {common}/>']
    if element.away:
        parts.append(f'<line x1="{left:.1f}" y1="{top + h - 16:.1f}" x2="{left + w:.1f}" y2="{top + h - 16:.1f}" '
                     f'stroke="{stroke}"/>')
        parts.append(f'<rect x="{left + 5:.1f}" y="{top + h - 13:.1f}" width="7" height="4" fill="#ccc" stroke="#222"/>'
                     f'<rect x="{left + 5:.1f}" y="{top + h - 9:.1f}" width="14" height="7" fill="#ccc" stroke="#222"/>')
        module = html.escape(element.module or "another module")
        parts.append(f'<text x="{left + 24:.1f}" y="{top + h - 4:.1f}" font-size="9">{module}</text>')
    return parts


def _node(arg: Argument, element: Element, centre: Point, size: Point, doubt: bool) -> str:
    x, y = centre
    w, h = size
    withheld = (element.text or "").startswith("REDACTED")
    stroke = RED if element.kind == "defeater" else "#555" if withheld else "#b35c00" if doubt else "#222"
    fill = "#e0e0e0" if withheld else "#ffe7b3" if doubt else "#fde8e8" if element.kind == "defeater" else "#fff"
    parts = _shape(element, x, y, w, h, stroke, fill)
    lines = _lines(element)
    block = (len(lines) + 1) * LINE
    first = y - block / 2 + LINE - 3 - (8 if element.away else 0)
    parts.append(f'<text x="{x:.1f}" y="{first:.1f}" text-anchor="middle" font-weight="bold">'
                 f'{html.escape(element.name)}</text>')
    for i, line in enumerate(lines, 1):
        parts.append(f'<text x="{x:.1f}" y="{first + i * LINE:.1f}" text-anchor="middle">{html.escape(line)}</text>')
    bottom = y + h / 2
    if element.undeveloped:
        parts.append(f'<polygon class="gsn-undeveloped" points="{x},{bottom} {x + 8},{bottom + 8} {x},{bottom + 16} '
                     f'{x - 8},{bottom + 8}" fill="#fff" stroke="#222"/>')
    if element.uninstantiated:
        parts.append(f'<polygon class="gsn-uninstantiated" points="{x - 8},{bottom + 14} {x + 8},{bottom + 14} '
                     f'{x},{bottom + 1}" fill="#fff" stroke="#222"/>')
    if element.defeated or element.refuted:
        d = min(w, h) / 2 - 4
        parts.append(f'<path class="gsn-defeated" d="M{x - d},{y - d} L{x + d},{y + d} M{x - d},{y + d} L{x + d},{y - d}" '
                     f'stroke="{RED}" stroke-width="2.5" opacity="0.8"/>')
    tooltip = html.escape(f"{element.name} ({element.kind}){': ' + element.text if element.text else ''}", quote=True)
    body = f'<g class="gsn-node gsn-{element.kind}" id="gsn-{html.escape(element.name, quote=True)}">' \
           f"<title>{tooltip}</title>{''.join(parts)}</g>"
    link = href(element.iri) if element.iri else None
    return f'<a href="{html.escape(link, quote=True)}">{body}</a>' if link else body

