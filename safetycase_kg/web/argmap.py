"""A case's argument map drawn as a picture: GSN-like DOT, rendered to SVG by Graphviz on the server.

Why server-side Graphviz: the page then needs no JavaScript library (nothing fetched from the
network), the SVG prints, and the same picture can be embedded anywhere. The nodes and edges come
from ``queries/pages/argmap-nodes.rq`` and ``argmap-edges.rq`` run on the request's store, so in the
public tier a withheld item has nothing left but its redaction notice, and is drawn as such.

Shapes follow GSN where it has one: claims are rectangles, strategies parallelograms, evidence
circles (solutions), context rounded boxes, assumptions and justifications ovals. Defeaters are
boxes with clipped corners and their attacks red edges; elements whose standing is not sound (``standing.py``:
in doubt, defeated, stale, out of scope, ...) are highlighted with their standing and its reasons.
Every label passes through ``dot_string`` (DOT escaping) and the text is entity-escaped first, since
Graphviz decodes entities in labels; Graphviz then writes the SVG with its own XML escaping.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import URIRef
from rdflib.term import Node

from ..analysis.standing import describe, standing
from ..core.errors import SafetyCaseKGError
from ..core.results import compact, truth
from ..core.storeapi import GraphStore
from ..core.tiers import PUBLIC, tier_iri
from . import pagequeries
from .linkeddata import href
from .pagequeries import Resource

DOT_TIMEOUT_S = 10
WRAP = 34
MAX_TEXT = 150
MAX_EVIDENCE_TEXT = 90  # circles grow with the square of their text

SHAPES = {
    "claim": 'shape=box, style="filled", fillcolor="#ffffff"',
    "strategy": 'shape=parallelogram, style="filled", fillcolor="#f2f2f2", margin="0.02,0.02"',
    "evidence": 'shape=circle, style="filled", fillcolor="#e8f1fb"',
    "counterevidence": 'shape=circle, style="filled", fillcolor="#fde8e8", color="#b00020"',
    "context": 'shape=box, style="rounded,filled", fillcolor="#f7f7e8"',
    "assumption": 'shape=ellipse, style="filled", fillcolor="#f7f7e8"',
    "justification": 'shape=ellipse, style="filled", fillcolor="#f7f7e8"',
    "defeater": 'shape=box, style="filled,diagonals", fillcolor="#ffffff", color="#b00020", fontcolor="#7a0016"',
    "redacted": 'shape=box, style="dashed,filled", fillcolor="#e0e0e0", color="#555555"',
}
EDGES = {
    "supportedBy": 'color="#333333"',
    "inContextOf": 'color="#777777", style=dashed, arrowhead=empty',
    "attacks": 'color="#b00020", penwidth=2, label="attacks", fontcolor="#b00020"',
    "refutedBy": 'color="#1b5e20", style=dotted, label="refuted by", fontcolor="#1b5e20"',
    "interprets": 'color="#777777", style=dotted, label="interprets", fontcolor="#555555"',
}
IN_DOUBT = 'fillcolor="#ffe7b3", color="#b35c00", penwidth=2'
OPEN_DEFEATER = 'fillcolor="#ffd6dc", penwidth=2'
PUBLIC_TIER = str(tier_iri(PUBLIC))
OPEN = "https://w3id.org/safetycase-kg/vocab/defeater-status/open"


@dataclass
class MapNode:
    """One element on the map, with what the picture needs to know about it."""

    iri: Resource
    kind: str
    text: str | None = None
    undeveloped: bool = False
    polarity: str | None = None
    defeater_status: str | None = None
    tier: str | None = None
    notice: str | None = None
    reason: str | None = None
    doubt: list[str] = field(default_factory=list)
    standing: str = "sound"  # the element's standing (standing.KINDS), when not sound

    @property
    def withheld(self) -> bool:
        """Withheld from this view: it has a notice or a non-public tier, and its content is gone."""
        return self.text is None and (self.notice is not None or (self.tier not in (None, PUBLIC_TIER)))

    @property
    def style_kind(self) -> str:
        if self.withheld:
            return "redacted"
        if self.kind == "evidence" and self.polarity and not self.polarity.endswith("/supporting"):
            return "counterevidence"
        return self.kind


@dataclass
class ArgumentMap:
    case: URIRef
    nodes: dict[Resource, MapNode]
    edges: list[tuple[Resource, str, Resource]]


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def argument_map(store: GraphStore, case: URIRef) -> ArgumentMap:
    """The nodes and edges of one case's map, with the derived doubt attached to each claim."""
    nodes: dict[Resource, MapNode] = {}
    for row in pagequeries.rows(store, "argmap-nodes", case=str(case)):
        node = row["node"]
        if not isinstance(node, Resource):  # a subject of the query's triples, so never: this tells mypy so
            continue
        if node in nodes:  # several types: the query orders the most specific kind first per node
            continue
        nodes[node] = MapNode(
            node, str(row["kind"]), _text(row["text"]), truth(row["undeveloped"]),
            _text(row["polarity"]), _text(row["defeaterStatus"]), _text(row["tier"]), _text(row["notice"]),
            _text(row["reason"]))
    judged = standing(store, cases=[case])
    for element, found in judged.not_sound(case).items():
        if isinstance(element, Resource) and element in nodes:
            nodes[element].standing = found.kind
            nodes[element].doubt = sorted({describe(r, judged) for r in found.reasons})
    edges = [(source, str(r["relation"]), target)
             for r in pagequeries.rows(store, "argmap-edges", case=str(case))
             if isinstance(source := r["source"], Resource) and isinstance(target := r["target"], Resource)
             and target in nodes]
    return ArgumentMap(case, nodes, edges)


def dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, so no DOT escape (\\N, \\l) fires."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


def _label_text(text: str) -> str:
    """Entity-escape ``&`` (Graphviz decodes entities in labels), so the picture shows the text as written."""
    return text.replace("&", "&amp;")


def _short_id(node: MapNode, case: URIRef) -> str:
    """The element's id relative to its case (G1, E2) when minted under the case, else its CURIE."""
    prefix = str(case) + "/"
    return str(node.iri)[len(prefix):] if str(node.iri).startswith(prefix) else compact(node.iri)


def _label(node: MapNode, case: URIRef) -> str:
    short = _short_id(node, case)
    if node.withheld:
        notice = node.notice or "withheld from this view"
        body = "REDACTED: " + notice
    else:
        body = node.text or ""
        if node.kind == "defeater" and node.defeater_status:
            short += f" ({node.defeater_status.rsplit('/', 1)[-1]})"
        if node.kind in ("assumption", "justification"):
            short += " " + node.kind[0].upper()
    limit = MAX_EVIDENCE_TEXT if node.kind == "evidence" and not node.withheld else MAX_TEXT
    if len(body) > limit:
        body = body[:limit - 1].rstrip() + "\u2026"
    width = {"evidence": 26, "counterevidence": 26, "strategy": 44}.get(node.style_kind, WRAP)
    lines = [short] + textwrap.wrap(body, width) if body else [short]
    if node.undeveloped:
        lines.append("\u25c7 undeveloped")
    if node.doubt:
        lines.append("\u26a0 " + node.standing.replace("-", " "))
    return "\n".join(lines)


def _tooltip(node: MapNode) -> str:
    parts = [compact(node.iri), node.kind]
    if node.withheld:
        parts.append("withheld: " + (node.notice or "no notice"))
    elif node.text:
        parts.append(node.text)
    parts += node.doubt
    return " \u2014 ".join(parts)


def _safe_id(iri: Resource) -> str:
    # Underscores only: Graphviz writes "-" in SVG attributes as "&#45;".
    return "argmap_" + re.sub(r"[^A-Za-z0-9_]", "_", compact(iri))


def to_dot(amap: ArgumentMap) -> str:
    """DOT for the map: top claim at the top, support flowing down, context beside."""
    names = {iri: f"n{i}" for i, iri in enumerate(sorted(amap.nodes))}
    lines = ["digraph argument {", '  graph [rankdir=TB, nodesep=0.3, ranksep=0.45, fontname="Helvetica", bgcolor="transparent"];',
             '  node [fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
             '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];']
    for iri in sorted(amap.nodes):
        node = amap.nodes[iri]
        attrs = [SHAPES.get(node.style_kind, SHAPES["claim"])]
        if node.doubt:
            attrs.append(IN_DOUBT)
        if node.kind == "defeater" and node.defeater_status == OPEN:
            attrs.append(OPEN_DEFEATER)
        if node.undeveloped:
            attrs.append("peripheries=2")
        link = href(str(iri))
        if link:
            attrs.append("URL=" + dot_string(_label_text(link)))
        attrs += [f"label={dot_string(_label_text(_label(node, amap.case)))}",
                  f"tooltip={dot_string(_label_text(_tooltip(node)))}",
                  f"id={dot_string(_safe_id(iri))}", f"class={dot_string('argmap_' + node.style_kind)}"]
        lines.append(f"  {names[iri]} [{', '.join(attrs)}];")
    for source, relation, target in amap.edges:
        if source not in names or target not in names:
            continue
        extra = ", constraint=false" if relation == "inContextOf" else ""
        lines.append(f"  {names[source]} -> {names[target]} [{EDGES.get(relation, '')}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


class RenderError(SafetyCaseKGError):
    """Graphviz is missing, failed or took too long; the page says so instead of drawing."""

    http_status = 500


@lru_cache(maxsize=128)
def render_svg(dot: str) -> str:
    """The SVG Graphviz draws for ``dot``, without the XML prolog, ready to inline in HTML.

    Cached on the DOT text: the same text always gives the same picture.
    """
    exe = shutil.which("dot")
    if exe is None:
        raise RenderError("Graphviz 'dot' is not installed on the server")
    try:
        done = subprocess.run([exe, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz took longer than {DOT_TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise RenderError("Graphviz failed: " + done.stderr.decode("utf-8", "replace")[:300])
    svg = done.stdout.decode("utf-8")
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def case_svg(store: GraphStore, case: URIRef) -> str:
    """The argument map of ``case`` as inline SVG (raises RenderError when it cannot be drawn)."""
    svg = render_svg(to_dot(argument_map(store, case)))
    label = html.escape(f"Argument map of {compact(case)}", quote=True)
    digest = hashlib.sha1(str(case).encode()).hexdigest()[:8]
    return svg.replace("<svg", f'<svg role="img" aria-labelledby="argmap-title-{digest}"', 1).replace(
        "<g id=\"graph0\"", f'<title id="argmap-title-{digest}">{label}</title><g id="graph0"', 1)
