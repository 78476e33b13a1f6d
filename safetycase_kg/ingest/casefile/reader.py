"""Case files (YAML-LD) to triples, with every error located at file, line and column."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ...core.errors import CaseFileError
from ..limits import MAX_VALUE_CHARS, value_too_long
from .base import (
    _ALIASABLE,
    _CASE_SUFFIXES,
    _IRI_RE,
    _LANG_RE,
    _OPAQUE_SCHEMES,
    _RDF_FORMATS,
    CONTEXT_IRI,
    ONTOLOGY_NS,
    VOCAB_NS,
    ParsedFile,
    Triple,
    _bnode,
    _check_blank_depth,
    _lexical_problem,
    _literal,
    _sha256,
    _short,
    _uri,
)
from .context import Context, ContextError, Term
from .rdffiles import parse_rdf_file
from .yamlio import (
    _BOOL,
    _FLOAT,
    _INT,
    _NULL,
    _STR,
    _compose,
    _kind,
    _NodeError,
    _plain_value,
    _read,
    _yaml_bool,
    _yaml_float,
    _yaml_int,
)

# --------------------------------------------------------------------------
# YAML-LD -> triples
# --------------------------------------------------------------------------





class _Fields:
    """The keys of one YAML mapping, classified."""

    __slots__ = ("context", "graph", "id", "props", "type")

    def __init__(self) -> None:
        self.id: Any = None
        self.type: Any = None
        self.graph: Any = None
        self.context: Any = None
        self.props: list[tuple[Any, str, Term, Any]] = []


def _scopes(ctx: Context, term: Term) -> tuple[Context, Context]:
    """(context for the term's values, context for node objects nested under it)."""
    if term.scoped is None:
        return ctx, ctx
    value_ctx = ctx.scoped(term)
    return value_ctx, value_ctx if value_ctx.propagate else ctx


@lru_cache(maxsize=4096)
def _iri_term(iri: str) -> Term:
    """The pseudo-term behind an absolute-IRI key: no coercion, like JSON-LD."""
    return Term(iri, iri)


def _iri_key_problem(key: str, ctx: Context) -> str | None:
    """Why ``key`` (not a term) cannot be used as an absolute-IRI key; shared with the writer."""
    prefix, _, local = key.partition(":")
    if prefix in ctx.terms or prefix in ctx.aliases or prefix == "_":
        hint = _suggest(local, ctx.key_names())
        return f"compact IRI keys like '{key}' are not accepted; use a term of the context{hint}"
    if not local.startswith("//") and prefix.lower() not in _OPAQUE_SCHEMES:
        return f"unknown key '{key}': neither a term of the context nor an absolute IRI"
    if not _IRI_RE.fullmatch(key):
        return f"key '{key}' is not a valid IRI"
    if key.startswith(ONTOLOGY_NS):
        local = key[len(ONTOLOGY_NS):]
        hint = _suggest(local, ctx.key_names())
        return f"'{key}' is in the ontology namespace but has no term in the context{hint}"
    return None


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""






def _is_value_object(node: MappingNode) -> bool:
    return any(key.value == "@value" for key, _ in node.value)


class _Converter:
    """Walks one composed YAML tree and emits triples; holds the per-file state (blank node labels).
    The tree has no aliases: ``yamlcore`` refuses them, so every node is visited once."""

    def __init__(self, path: Path, known_iris: frozenset[str]) -> None:
        self.path = path
        self.known = known_iris
        self.triples: list[Triple] = []
        self.labels: dict[str, BNode] = {}
        self.lists = False  # whether an RDF list was written (its cells nest blank nodes)

    def fail(self, node: Any, message: str) -> NoReturn:
        mark = node.start_mark
        raise CaseFileError(self.path, mark.line + 1, mark.column + 1, message)

    # -- document level ------------------------------------------------------

    def document(self, root: Any, ctx: Context) -> tuple[str, URIRef]:
        if not isinstance(root, MappingNode):
            self.fail(root, "the top level must be a mapping (a node object with an 'id')")
        for key, value in root.value:
            if key.value == "@context":
                ctx = self.local_context(value, ctx)
        fields = self.scan(root, ctx, top=True)
        if fields.graph is not None:
            return "library", self.library(root, fields, ctx)
        return "case", self.case(root, fields, ctx)

    def local_context(self, node: Any, ctx: Context) -> Context:
        if isinstance(node, ScalarNode) and node.tag == _STR and node.value == CONTEXT_IRI:
            return ctx
        items = node.value if isinstance(node, SequenceNode) else []
        first = items[0] if items else None
        if isinstance(first, ScalarNode) and first.value == CONTEXT_IRI:
            for item in items[1:]:
                ctx = self.inline_context(item, ctx)
            return ctx
        if isinstance(node, ScalarNode) and node.tag == _STR:
            self.fail(
                node,
                f"remote @context '{node.value}' is not allowed; "
                f"use '{CONTEXT_IRI}' (resolved locally, never fetched)",
            )
        self.fail(
            node,
            f"'@context' must be '{CONTEXT_IRI}' or a list starting with it, "
            "followed by inline context objects",
        )

    def inline_context(self, node: Any, ctx: Context) -> Context:
        if not isinstance(node, MappingNode):
            self.fail(
                node,
                "after the project context only inline context objects are allowed "
                "(remote contexts are never fetched)",
            )
        try:
            return ctx.derive([_plain_value(node)])
        except _NodeError as exc:
            self.fail(exc.node, f"invalid inline context: {exc.message}")
        except (ContextError, ValueError) as exc:
            self.fail(node, f"invalid inline context: {exc}")

    def case(self, root: MappingNode, fields: _Fields, ctx: Context) -> URIRef:
        if fields.id is None:
            self.fail(root, "the top-level node needs an 'id': it names the case's graph")
        self.require_iri_id(fields.id)
        return self.node_body(fields, ctx)  # type: ignore[return-value]

    def library(self, root: MappingNode, fields: _Fields, ctx: Context) -> URIRef:
        if fields.id is None:
            self.fail(root, "a library file needs an 'id': it names the graph")
        self.require_iri_id(fields.id)
        for key_node, key, term, value in fields.props:
            self.check_library_property(key_node, key, term, value)
        name = self.node_body(fields, ctx)
        nodes = fields.graph
        if not isinstance(nodes, SequenceNode):
            self.fail(nodes, "'graph' must be a list of nodes")
        for item in nodes.value:
            if not isinstance(item, MappingNode) or _is_value_object(item):
                self.fail(item, "each entry of 'graph' must be a node (a mapping)")
            self.node_object(item, ctx)
        return name  # type: ignore[return-value]

    def require_iri_id(self, node: Any) -> None:
        if isinstance(node, ScalarNode) and node.value.startswith("_:"):
            self.fail(node, "the top-level 'id' must be an IRI, not a blank node label: it names a graph")

    def check_library_property(self, key_node: Any, key: str, term: Term, value: Any) -> None:
        items = value.value if isinstance(value, SequenceNode) else [value]
        literal = term.coerce not in ("@id", "@vocab") and all(
            isinstance(i, ScalarNode) or (isinstance(i, MappingNode) and _is_value_object(i)) for i in items
        )
        if not literal:
            self.fail(
                key_node,
                f"a library file may only have literal properties next to 'graph'; "
                f"move '{key}' onto a node inside 'graph'",
            )

    # -- node objects --------------------------------------------------------

    def scan(self, node: MappingNode, ctx: Context, top: bool = False) -> _Fields:
        fields = _Fields()
        seen: dict[str, Any] = {}
        terms = ctx.terms
        for key_node, value in node.value:
            key = self.key_text(key_node)
            term = terms.get(key)
            if term is None or term.prefix_only:
                role, term = self.classify(key_node, key, ctx)
            slot = key if term is not None else role
            if slot in seen:
                first = seen[slot].start_mark.line + 1
                self.fail(key_node, f"duplicate key '{key}' (already given on line {first})")
            seen[slot] = key_node
            if term is not None:
                fields.props.append((key_node, key, term, value))
            else:
                setattr(fields, role[1:], value)
        if fields.context is not None and not top:
            self.fail(seen["@context"], "'@context' is only allowed at the top of the file")
        if fields.graph is not None and not top:
            self.fail(seen["@graph"], "'graph' is only allowed at the top of a library file")
        return fields

    def key_text(self, key_node: Any) -> str:
        if key_node.tag != _STR or not isinstance(key_node, ScalarNode):
            self.fail(key_node, f"keys must be strings, got {_kind(key_node.tag)}")
        return key_node.value

    def classify(self, key_node: Any, key: str, ctx: Context) -> tuple[str, Term | None]:
        keyword = ctx.aliases.get(key)
        if keyword is not None:
            return keyword, None
        if key.startswith("@"):
            if key in _ALIASABLE or key == "@context":
                return key, None
            self.fail(key_node, f"the keyword '{key}' is not supported in case files")
        term = ctx.terms.get(key)
        if term is not None:
            if term.prefix_only:
                self.fail(key_node, f"'{key}' is a prefix, not a property")
            return "prop", term
        if ":" in key:
            problem = _iri_key_problem(key, ctx)
            if problem:
                self.fail(key_node, problem)
            return "prop", _iri_term(key)
        hint = _suggest(key, ctx.key_names()) or ": not a term of the context"
        self.fail(key_node, f"unknown key '{key}'{hint}")

    def node_object(self, node: MappingNode, ctx: Context) -> Node:
        return self.node_body(self.scan(node, ctx), ctx)

    def node_body(self, fields: _Fields, ctx: Context) -> Node:
        subject = self.subject(fields.id, ctx)
        if fields.type is not None:
            for cls in self.type_values(fields.type, ctx):
                self.triples.append((subject, RDF.type, cls))
        for key_node, key, term, value in fields.props:
            self.property(subject, key_node, key, term, value, ctx)
        return subject

    def subject(self, node: Any, ctx: Context) -> Node:
        if node is None:
            return _bnode()
        text = self.string(node, "an 'id' must be a string")
        if text.startswith("_:"):
            return self.label(node, text)
        return _uri(self.expand(node, text, ctx, vocab=False))

    def type_values(self, node: Any, ctx: Context) -> list[URIRef]:
        classes = []
        for item in self.items(node):
            text = self.string(item, "a 'type' must be a class name")
            term = ctx.terms.get(text)
            if term is not None:
                if term.scoped is not None:
                    self.fail(item, f"'{text}' has a type-scoped context, which case files do not support")
                if term.prefix_only:
                    self.fail(item, f"'{text}' is a prefix, not a class")
                iri = term.iri
            elif ":" in text:
                iri = self.expand(item, text, ctx, vocab=True)
            else:
                hint = _suggest(text, ctx.class_names()) or ": not a term of the context"
                self.fail(item, f"unknown type '{text}'{hint}")
            self.check_controlled(item, iri, text, "type")
            classes.append(_uri(iri))
        return classes

    # -- properties and values ----------------------------------------------

    def property(self, subject: Node, key_node: Any, key: str, term: Term, node: Any, ctx: Context) -> None:
        try:
            value_ctx, node_ctx = _scopes(ctx, term)
        except ContextError as exc:
            self.fail(key_node, f"invalid scoped context of '{key}': {exc}")
        items = self.items(node)
        if term.is_list:
            self.triples.append((subject, term.pred, self.rdf_list(items, key, term, value_ctx, node_ctx)))
            return
        for item in items:
            self.triples.append((subject, term.pred, self.value(item, key, term, value_ctx, node_ctx)))

    def rdf_list(self, items: list[Any], key: str, term: Term, value_ctx: Context, node_ctx: Context) -> Node:
        self.lists = True
        values = [self.value(item, key, term, value_ctx, node_ctx) for item in items]
        head: Node = RDF.nil
        for value in reversed(values):
            cell = _bnode()
            self.triples.append((cell, RDF.first, value))
            self.triples.append((cell, RDF.rest, head))
            head = cell
        return head

    def value(self, node: Any, key: str, term: Term, value_ctx: Context, node_ctx: Context) -> Node:
        if isinstance(node, MappingNode):
            if _is_value_object(node):
                return self.value_object(node, key, value_ctx)
            if term.coerce not in (None, "@id", "@vocab"):
                self.fail(node, f"'{key}' takes a {_short(term.coerce)} value, not a mapping")
            return self.node_object(node, node_ctx)
        if isinstance(node, SequenceNode):
            self.fail(node, f"'{key}' has a list inside a list; write one flat list")
        if node.tag == _NULL:
            self.fail(node, f"'{key}' has no value; write a value or remove the key")
        coerce = term.coerce
        if coerce is None:
            return self.native(node, key)
        if coerce in ("@id", "@vocab"):
            if node.tag != _STR:
                self.fail(node, f"'{key}' takes an IRI or a name, not {_kind(node.tag)} ('{node.value}')")
            return self.reference(node, key, value_ctx, coerce == "@vocab")
        return self.typed(node, node.value, coerce, key)

    def reference(self, node: ScalarNode, key: str, ctx: Context, vocab: bool) -> Node:
        text = node.value
        if text.startswith("_:"):
            return self.label(node, text)
        iri = self.expand(node, text, ctx, vocab)
        self.check_controlled(node, iri, text, key)
        return _uri(iri)

    def typed(self, node: ScalarNode, text: str, datatype: str, key: str) -> Literal:
        problem = _lexical_problem(text, datatype)
        if problem:
            self.fail(node, f"'{text}' is not a valid {_short(datatype)} for '{key}': {problem}")
        return _literal(text, datatype)

    def native(self, node: ScalarNode, key: str) -> Literal:
        """JSON-LD's conversion of native JSON values, done the way rdflib does it."""
        tag, text = node.tag, node.value
        if tag == _STR:
            return _literal(text)
        try:
            if tag == _INT:
                return Literal(_yaml_int(text))
            if tag == _FLOAT:
                return Literal(_yaml_float(text), datatype=XSD.double)
            if tag == _BOOL:
                return Literal(_yaml_bool(text))
        except ValueError as exc:
            detail = str(exc) if "JSON" in str(exc) else f"not {_kind(tag)}"
            self.fail(node, f"invalid value '{text}' for '{key}': {detail}")
        self.fail(node, f"unsupported YAML tag {tag} on the value of '{key}'")

    def value_object(self, node: MappingNode, key: str, ctx: Context) -> Literal:
        parts: dict[str, Any] = {}
        for key_node, value in node.value:
            name = self.key_text(key_node)
            role = ctx.aliases.get(name, name)
            if role not in ("@value", "@type", "@language") or role in parts:
                message = f"a value object may only have '@value' plus '@type' or '@language', not '{name}'"
                self.fail(key_node, message)
            parts[role] = value
        value = parts["@value"]
        if not isinstance(value, ScalarNode) or value.tag == _NULL:
            self.fail(value, "'@value' must be a single non-empty scalar")
        if "@type" in parts and "@language" in parts:
            self.fail(node, "a value object cannot have both '@type' and '@language'")
        if "@language" in parts:
            return self.language_literal(value, parts["@language"])
        if "@type" in parts:
            type_node = parts["@type"]
            type_text = self.string(type_node, "'@type' must be a datatype IRI")
            datatype = self.expand(type_node, type_text, ctx, vocab=True)
            return self.typed(value, value.value, datatype, key)
        return self.native(value, key)

    def language_literal(self, value: ScalarNode, lang_node: Any) -> Literal:
        lang = self.string(lang_node, "'@language' must be a language tag")
        if not _LANG_RE.fullmatch(lang):
            self.fail(lang_node, f"'{lang}' is not a valid language tag")
        if value.tag != _STR:
            self.fail(value, "a value with '@language' must be a string")
        return Literal(value.value, lang=lang)

    # -- helpers ---------------------------------------------------------------

    def expand(self, node: Any, text: str, ctx: Context, vocab: bool) -> str:
        problem, iri = ctx.expand_value(text, vocab)
        if problem:
            self.fail(node, problem)
        if len(iri) > MAX_VALUE_CHARS:  # the text is within the limit, but a prefix can lengthen it
            self.fail(node, value_too_long(len(iri), "IRI"))
        return iri

    def check_controlled(self, node: Any, iri: str, text: str, key: str) -> None:
        if self.known and iri.startswith(VOCAB_NS) and iri not in self.known:
            self.fail(node, _controlled_message(iri, text, key, self.known))

    def label(self, node: Any, text: str) -> BNode:
        if len(text) == 2:
            self.fail(node, "a blank node label needs a name after '_:'")
        bnode = self.labels.get(text)
        if bnode is None:
            bnode = self.labels[text] = _bnode()
        return bnode

    def string(self, node: Any, message: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            self.fail(node, message)
        return node.value

    def items(self, node: Any) -> list[Any]:
        if isinstance(node, SequenceNode):
            return node.value
        return [node]


def _controlled_message(iri: str, text: str, key: str, known: frozenset[str]) -> str:
    namespace = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
    locals_ = (k[len(namespace):] for k in known if k.startswith(namespace))
    options = sorted(o for o in locals_ if o and "/" not in o)
    if not options:
        return f"unknown value '{text}' for '{key}': <{iri}> is not in any known vocabulary"
    local = iri[len(namespace):]
    close = difflib.get_close_matches(local, options, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    shown = options if len(options) <= 40 else options[:40] + ["..."]
    return f"unknown value '{text}' for '{key}'{hint}; expected one of: {', '.join(shown)}"




def parse_file(path: Path, context: Context, known_iris: frozenset[str] = frozenset()) -> ParsedFile:
    """Load a case or library file (YAML, or JSON in the same shape).

    ``known_iris`` holds the concept IRIs of the controlled vocabularies; an
    IRI under the vocab namespace that is not in it is an error.  An empty set
    disables that check (e.g. before the vocabularies are loaded).
    """
    path = Path(path)
    data = _read(path)
    converter = _Converter(path, known_iris)
    kind, name = converter.document(_compose(data, path), context)
    graphs = {name: list(dict.fromkeys(converter.triples))}
    if converter.labels or converter.lists:  # YAML nesting is limited already; labels and lists can go deeper
        labels: dict[Node, str] = {bnode: label for label, bnode in converter.labels.items()}
        _check_blank_depth(path, data.decode("utf-8"), graphs, labels)
    return ParsedFile(path, _sha256(data), graphs, kind)




def parse_any(path: Path, context: Context, known_iris: frozenset[str] = frozenset()) -> ParsedFile:
    """Load any supported file, choosing the reader by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _CASE_SUFFIXES:
        return parse_file(path, context, known_iris)
    if suffix in _RDF_FORMATS:
        return parse_rdf_file(path, context)
    expected = ", ".join(sorted(_CASE_SUFFIXES | set(_RDF_FORMATS)))
    raise CaseFileError(path, 1, 1, f"unsupported file type '{suffix}' (expected one of {expected})")


def to_jsonld(text: str, context: Context, *, inline_context: bool = False, path: Path | None = None) -> Any:
    """A YAML case or library file as the JSON-LD document a generic processor should read.

    Scalars are converted with the loader's rules (values of datatyped terms
    keep their exact text, other scalars follow the YAML 1.2 core schema), so
    the result denotes the same graph as ``parse_file``; ``yaml.safe_load``
    would turn ``2024-01-01`` into a date and a YAML 1.1 ``no`` into false.
    With ``inline_context`` the project context IRI is replaced by the context
    itself, so that a processor never fetches it.  This does not validate:
    use ``parse_file`` for that.
    """
    where = Path(path) if path is not None else Path("<text>")
    root = _compose(text.encode("utf-8"), where)
    if not isinstance(root, MappingNode):
        raise CaseFileError(where, 1, 1, "the top level must be a mapping")
    ctx = context
    for key, value in root.value:
        if key.value == "@context":
            ctx = _Converter(where, frozenset()).local_context(value, context)
    try:
        return _JsonLdWriter(context.document if inline_context else None).node(root, ctx)
    except _NodeError as exc:
        mark = exc.node.start_mark
        raise CaseFileError(where, mark.line + 1, mark.column + 1, exc.message) from None


class _JsonLdWriter:
    """YAML node tree -> JSON data, tracking the active context only to know which terms are datatyped."""

    def __init__(self, inline: Any) -> None:
        self.inline = inline

    def node(self, node: MappingNode, ctx: Context) -> dict[str, Any]:
        if _is_value_object(node):
            parts = {k.value: v for k, v in node.value}
            out = {k: _plain_value(v) for k, v in parts.items() if k != "@value"}
            value = parts["@value"]
            out["@value"] = value.value if "@type" in parts else _plain_value(value)
            return out
        out = {}
        for key_node, value in node.value:
            key = key_node.value
            if key == "@context":
                out[key] = self.context_value(_plain_value(value))
                continue
            term = ctx.terms.get(key)
            node_ctx = _scopes(ctx, term)[1] if term is not None else ctx
            out[key] = self.value(value, term, node_ctx)
        return out

    def value(self, node: Any, term: Term | None, ctx: Context) -> Any:
        if isinstance(node, MappingNode):
            return self.node(node, ctx)
        if isinstance(node, SequenceNode):
            return [self.value(item, term, ctx) for item in node.value]
        if term is not None and term.coerce not in (None, "@id", "@vocab"):
            return node.value
        return _plain_value(node)

    def context_value(self, value: Any) -> Any:
        if self.inline is None:
            return value
        if value == CONTEXT_IRI:
            return self.inline
        return [self.inline, *value[1:]]


