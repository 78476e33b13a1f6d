"""Triples back to a case file: the layout an analyst would write, loading back to the same graph."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable
from typing import Any

import yaml
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ...core.namespaces import CONTEXT_IRI
from .base import _lexical_problem
from .context import Context, Term
from .reader import Triple, _iri_key_problem, _iri_term, _scopes
from .yamlio import _Dumper, _Lexical

# --------------------------------------------------------------------------
# triples -> YAML
# --------------------------------------------------------------------------


class _Index:
    """Subject -> predicate -> objects for one graph, with the reference counts
    that decide nesting, list syntax and blank node labels."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.props: dict[Node, dict[URIRef, list[Node]]] = {}
        self.refs: Counter[Node] = Counter()
        for s, p, o in dict.fromkeys(triples):
            if isinstance(s, Literal) or not isinstance(p, URIRef):
                raise ValueError(f"not an RDF triple: {(s, p, o)!r}")
            self.props.setdefault(s, {}).setdefault(p, []).append(o)
            if not isinstance(o, Literal):
                self.refs[o] += 1
        self._signatures: dict[Node, str] = {}

    def sort_key(self, node: Node) -> tuple[Any, ...]:
        if isinstance(node, URIRef):
            return (0, str(node))
        if isinstance(node, Literal):
            return (1, str(node), str(node.datatype or ""), node.language or "")
        return (2, self.signature(node))

    def signature(self, node: Node) -> str:
        """A content-based key for blank nodes, so ordering does not depend on random ids.

        The parts are joined as text, not as ``repr`` of the sort keys: a repr escapes the quotes
        and backslashes of the nested signatures again at every level, so its length doubled with
        each level of nesting and a case nested thirty blank nodes deep took minutes to write."""
        if node not in self._signatures:
            self._signatures[node] = "(cycle)"
            parts = sorted(
                f"{p} " + " ".join(map(str, self.sort_key(o)))
                for p, objects in self.props.get(node, {}).items() for o in objects
            )
            self._signatures[node] = "[" + " ".join(parts) + "]"
        return self._signatures[node]

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.props[subject][predicate], key=self.sort_key)

    def list_items(self, head: Node) -> tuple[list[Node], list[Node]] | None:
        """(items, cells) if ``head`` is a well-formed RDF list used only once, else None."""
        items: list[Node] = []
        cells: list[Node] = []
        node = head
        while node != RDF.nil:
            props = self.props.get(node, {})
            if not isinstance(node, BNode) or self.refs[node] != 1 or node in cells:
                return None
            if props.keys() != {RDF.first, RDF.rest} or len(props[RDF.first]) + len(props[RDF.rest]) != 2:
                return None
            cells.append(node)
            items.append(props[RDF.first][0])
            node = props[RDF.rest][0]
        return items, cells


_KIND_RANK = {"@id": 0, "@vocab": 1, None: 2}
Edge = tuple[Node, URIRef, Node]


class _Writer:
    """Lays out one graph as a tree of node objects, then renders it.

    Layout is breadth-first from the case node, so a node is nested under the
    shallowest referrer (the first in sorted order); what cannot be reached is
    listed under ``graph``.  Every rendered string is checked to expand back
    to the same IRI with the parser's own functions.
    """

    def __init__(self, graph_iri: URIRef, index: _Index, ctx: Context) -> None:
        self.root = graph_iri
        self.ix = index
        self.ctx = ctx
        self.home: dict[Node, Edge] = {}
        self.node_ctx: dict[Node, Context] = {}
        self.lists: dict[Edge, tuple[Term, list[Node]]] = {}
        self.cells: set[Node] = set()
        self.top: list[Node] = []
        self.labels: dict[Node, str] = {}

    # -- layout ----------------------------------------------------------------

    def layout(self) -> None:
        queue: deque[Node] = deque()
        if self.root in self.ix.props:
            self.place_top(self.root, queue)
        for node in sorted(self.ix.props, key=self.top_order):
            if node not in self.node_ctx and node not in self.cells:
                self.place_top(node, queue)

    def top_order(self, node: Node) -> tuple[Any, ...]:
        """Unreferenced nodes first: they start trees that the referenced ones can nest in."""
        return (self.ix.refs[node] > 0, self.ix.sort_key(node))

    def place_top(self, node: Node, queue: deque[Node]) -> None:
        self.top.append(node)
        self.node_ctx[node] = self.ctx
        queue.append(node)
        while queue:
            subject = queue.popleft()
            ctx = self.node_ctx[subject]
            for predicate in sorted(self.ix.props[subject], key=str) if subject in self.ix.props else []:
                for obj in self.ix.objects(subject, predicate):
                    self.plan(subject, predicate, obj, ctx, queue)

    def plan(self, subject: Node, predicate: URIRef, obj: Node, ctx: Context, queue: deque[Node]) -> None:
        if isinstance(obj, Literal) or (predicate == RDF.type and isinstance(obj, URIRef)):
            return
        edge = (subject, predicate, obj)
        listed = self.list_term(predicate, obj, ctx)
        if listed is not None:
            term, items, cells = listed
            self.lists[edge] = (term, items)
            self.cells.update(cells)
            node_ctx = _scopes(ctx, term)[1]
            for item in items:
                self.claim(item, edge, node_ctx, queue)
            return
        single = self.node_term(predicate, ctx)
        if single is not None:
            self.claim(obj, edge, _scopes(ctx, single)[1], queue)

    def claim(self, node: Node, edge: Edge, ctx: Context, queue: deque[Node]) -> None:
        if isinstance(node, Literal) or node == self.root or node in self.node_ctx or node in self.cells:
            return
        if isinstance(node, URIRef) and node not in self.ix.props:
            return  # a plain reference
        self.home[node] = edge
        self.node_ctx[node] = ctx
        queue.append(node)

    def list_term(
        self, predicate: URIRef, obj: Node, ctx: Context
    ) -> tuple[Term, list[Node], list[Node]] | None:
        if obj in self.node_ctx or obj in self.cells:
            return None
        terms = [t for t in ctx.terms_for(str(predicate)) if t.is_list]
        found = self.ix.list_items(obj) if terms else None
        if found is None:
            return None
        items, cells = found
        for term in terms:
            if term.coerce in (None, "@id", "@vocab") or all(isinstance(i, Literal) for i in items):
                return term, items, cells
        return None

    def node_term(self, predicate: URIRef, ctx: Context) -> Term | None:
        """The key under which a node object for ``predicate`` can be nested."""
        terms = [t for t in ctx.terms_for(str(predicate)) if not t.is_list and t.coerce in _KIND_RANK]
        if terms:
            return min(terms, key=lambda t: (_KIND_RANK[t.coerce], t.name))
        if _iri_key_problem(str(predicate), ctx) is None:
            return _iri_term(str(predicate))
        return None

    # -- rendering ---------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        self.layout()
        head: dict[str, Any] = {"@context": CONTEXT_IRI}
        if not self.top:
            return head | {self.ctx.keyword("@id"): self.compact_id(self.root, self.ctx)}
        if self.top == [self.root]:
            return head | self.render_node(self.root)
        head[self.ctx.keyword("@id")] = self.compact_id(self.root, self.ctx)
        nodes = list(self.top)
        if nodes[0] == self.root and self.simple_root():
            body = self.render_node(self.root)
            body.pop(self.ctx.keyword("@id"))
            head.update(body)
            nodes.pop(0)
        head[self.ctx.keyword("@graph")] = [self.render_node(n) for n in nodes]
        return head

    def simple_root(self) -> bool:
        """Can the graph's own node sit next to 'graph' (type and literal properties only)?"""
        for predicate, objects in self.ix.props[self.root].items():
            for obj in objects:
                if predicate == RDF.type and isinstance(obj, URIRef):
                    continue
                if not isinstance(obj, Literal):
                    return False
                if self.best_value(predicate, obj, self.ctx)[0].coerce in ("@id", "@vocab"):
                    return False
        return True

    def render_node(self, node: Node) -> dict[str, Any]:
        ctx = self.node_ctx[node]
        out: dict[str, Any] = {}
        ident = self.node_id(node, ctx)
        if ident is not None:
            out[ctx.keyword("@id")] = ident
        groups: dict[str, list[Any]] = {}
        types: list[str] = []
        for predicate in sorted(self.ix.props.get(node, {}), key=str):
            for obj in self.ix.objects(node, predicate):
                if predicate == RDF.type and isinstance(obj, URIRef):
                    types.append(self.compact_type(obj, ctx))
                    continue
                key, value, is_list = self.render_edge(node, predicate, obj, ctx)
                if is_list and key in groups:
                    raise ValueError(f"two lists under '{key}' on {node} cannot be written")
                groups.setdefault(key, []).extend([value] if not is_list else value)
                if is_list:
                    groups[key] = [value]
        if types:
            out[ctx.keyword("@type")] = types[0] if len(types) == 1 else types
        for key in sorted(groups):
            values = groups[key]
            out[key] = values[0] if len(values) == 1 else values
        return out

    def render_edge(self, subject: Node, predicate: URIRef, obj: Node, ctx: Context) -> tuple[str, Any, bool]:
        edge = (subject, predicate, obj)
        if edge in self.lists:
            term, items = self.lists[edge]
            value_ctx, node_ctx = _scopes(ctx, term)
            rendered = [self.render_item(item, term, value_ctx, node_ctx, edge) for item in items]
            return term.name, rendered, True
        if self.home.get(obj) == edge:
            single = self.node_term(predicate, ctx)
            assert single is not None
            return single.name, self.render_node(obj), False
        term, value = self.best_value(predicate, obj, ctx)
        return term.name, value, False

    def render_item(self, item: Node, term: Term, value_ctx: Context, node_ctx: Context, edge: Edge) -> Any:
        if self.home.get(item) == edge:
            return self.render_node(item)
        value = self.term_value(term, item, value_ctx, node_ctx)
        if value is None:
            raise ValueError(f"cannot write {item!r} in the list '{term.name}'")
        return value

    def best_value(self, predicate: URIRef, obj: Node, ctx: Context) -> tuple[Term, Any]:
        """The key and value that write ``obj`` most compactly: scalars before mappings,
        terms before absolute-IRI keys, then the shortest value."""
        terms = [t for t in ctx.terms_for(str(predicate)) if not t.is_list]
        if _iri_key_problem(str(predicate), ctx) is None:
            terms.append(_iri_term(str(predicate)))
        candidates = []
        for term in terms:
            value_ctx, node_ctx = _scopes(ctx, term)
            value = self.term_value(term, obj, value_ctx, node_ctx)
            if value is not None:
                rank = (isinstance(value, dict), term.name == term.iri, len(str(value)), term.name)
                candidates.append((rank, term, value))
        if not candidates:
            raise ValueError(
                f"cannot write <{predicate}> {obj.n3()}: no term of the context fits "
                "and the predicate is in the ontology namespace"
            )
        return min(candidates, key=lambda c: c[0])[1:]

    def term_value(self, term: Term, obj: Node, value_ctx: Context, node_ctx: Context) -> Any:
        """``obj`` written under ``term`` so that it reads back unchanged, or None if it cannot be."""
        if isinstance(obj, Literal):
            return self.literal_value(term, obj, value_ctx)
        if term.coerce in ("@id", "@vocab"):
            return self.reference(obj, value_ctx, term.coerce == "@vocab")
        if term.coerce is None:
            return {node_ctx.keyword("@id"): self.reference(obj, node_ctx, vocab=False)}
        return None

    def literal_value(self, term: Term, lit: Literal, ctx: Context) -> Any:
        datatype = str(lit.datatype) if lit.datatype else None
        lexical = str(lit)
        if datatype and _lexical_problem(lexical, datatype):
            raise ValueError(f"ill-typed literal {lit.n3()} cannot be written")
        if term.coerce not in (None, "@id", "@vocab") and not lit.language:
            if datatype == term.coerce:
                return _Lexical(lexical)
        elif term.coerce is None and not lit.language:
            native = _native(lit)
            if native is not None:
                return native
        return self.value_object(lit, ctx)

    def value_object(self, lit: Literal, ctx: Context) -> dict[str, Any]:
        if lit.language:
            return {"@value": str(lit), "@language": lit.language}
        if lit.datatype:
            return {"@value": _Lexical(str(lit)), "@type": self.compact_vocab(str(lit.datatype), ctx)}
        return {"@value": str(lit)}

    def reference(self, node: Node, ctx: Context, vocab: bool) -> str:
        if isinstance(node, BNode):
            return self.label(node)
        return self.compact_vocab(str(node), ctx) if vocab else self.compact_id(node, ctx)

    def node_id(self, node: Node, ctx: Context) -> str | None:
        if isinstance(node, URIRef):
            return self.compact_id(node, ctx)
        refs = self.ix.refs[node]
        if refs >= 2 or (refs == 1 and node not in self.home):
            return self.label(node)
        return None

    def label(self, node: Node) -> str:
        if node not in self.labels:
            self.labels[node] = f"_:b{len(self.labels)}"
        return self.labels[node]

    # -- IRI compaction, verified against the loader's expansion ---------------

    def compact_id(self, iri: Node, ctx: Context) -> str:
        full = str(iri)
        candidates = []
        if ctx.base and full.startswith(ctx.base) and len(full) > len(ctx.base):
            candidates.append(full[len(ctx.base):])
        for candidate in candidates + _prefixed(full, ctx) + [full]:
            if not candidate.startswith("_:") and ctx.expand_value(candidate, vocab=False) == (None, full):
                return candidate
        raise ValueError(f"the IRI <{full}> cannot be written so that it reads back unchanged")

    def compact_vocab(self, full: str, ctx: Context, for_type: bool = False) -> str:
        names = (t.name for t in ctx.terms_for(full) if not (for_type and t.scoped is not None))
        candidates = sorted(names, key=lambda n: (len(n), n))
        if not for_type and ctx.vocab and full.startswith(ctx.vocab) and len(full) > len(ctx.vocab):
            candidates.append(full[len(ctx.vocab):])
        for candidate in candidates + _prefixed(full, ctx) + [full]:
            if for_type and candidate not in ctx.terms and ":" not in candidate:
                continue
            if not candidate.startswith("_:") and ctx.expand_value(candidate, vocab=True) == (None, full):
                return candidate
        raise ValueError(f"the IRI <{full}> cannot be written so that it reads back unchanged")

    def compact_type(self, iri: URIRef, ctx: Context) -> str:
        return self.compact_vocab(str(iri), ctx, for_type=True)


def _prefixed(full: str, ctx: Context) -> list[str]:
    """Compact-IRI spellings of ``full``, longest namespace first."""
    return [f"{p}:{full[len(ns):]}" for ns, p in ctx.prefixes() if full.startswith(ns) and full != ns]


def _native(lit: Literal) -> str | int | float | bool | None:
    """The YAML scalar that the loader turns back into exactly ``lit``, if there is one."""
    lexical, datatype = str(lit), lit.datatype
    if datatype is None:
        return lexical
    try:
        if datatype == XSD.integer and Literal(int(lexical)) == lit:
            return int(lexical)
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical == "true"
        if datatype == XSD.double:
            number = float(lexical)
            if math.isfinite(number) and Literal(number, datatype=XSD.double) == lit:
                return number
    except ValueError:
        return None
    return None


def dump_case(graph_iri: URIRef, triples: Iterable[Triple], context: Context) -> str:
    """Write one graph as a YAML case (or library) file that ``parse_file`` reads back
    to an isomorphic graph.

    Keys are terms of ``context`` chosen so that values are as short as
    possible; a predicate without a term is written under its absolute IRI
    (refused if it is in the ontology namespace, where it must have a term);
    literals that no term's coercion fits become value objects.  Output order
    is sorted, so the same graph always gives the same text.  Raises
    ``ValueError`` for graphs that cannot be written (ill-typed literals,
    an ontology predicate whose terms cannot hold the value).
    """
    writer = _Writer(URIRef(graph_iri), _Index(triples), context)
    return yaml.dump(writer.document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
