"""The JSON-LD context processor: the subset of JSON-LD 1.1 the project context uses."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from rdflib import URIRef

from ...core.errors import CaseFileError, SafetyCaseKGError
from .base import (
    _ALIASABLE,
    _GEN_DELIMS,
    _IRI_RE,
    _OPAQUE_SCHEMES,
    _TERM_DEF_KEYS,
    _locate,
)

# --------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------


class ContextError(SafetyCaseKGError, ValueError):
    """A context uses a feature outside the supported subset, or is inconsistent."""

    http_status = 500

    def __init__(self, message: str, term: str | None = None) -> None:
        super().__init__(message)
        self.term = term


@dataclass(frozen=True, eq=False)
class Term:
    """One term definition, pre-expanded so that conversion is only dict lookups.

    ``coerce`` is ``"@id"``, ``"@vocab"``, a datatype IRI, or None (values keep
    their JSON type).  ``scoped`` is the raw property-scoped context, if any.
    """

    name: str
    iri: str
    coerce: str | None = None
    is_list: bool = False
    scoped: Any = None
    prefix: bool = False
    protected: bool = False
    simple: bool = False
    pred: URIRef = field(init=False)
    # a plain ``"sc": "...#"`` definition: usable in compact IRIs, never as a property
    prefix_only: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pred", URIRef(self.iri))
        object.__setattr__(self, "prefix_only", self.simple and self.prefix)

    def same_definition(self, other: Term) -> bool:
        return (self.iri, self.coerce, self.is_list, self.scoped, self.prefix) == (
            other.iri,
            other.coerce,
            other.is_list,
            other.scoped,
            other.prefix,
        )


@dataclass
class _State:
    terms: dict[str, Term]
    aliases: dict[str, str]
    base: str | None
    vocab: str | None
    propagate: bool = True


class Context:
    """An active context restricted to the supported JSON-LD 1.1 subset.

    Supported: ``@version`` 1.1, ``@base`` and ``@vocab`` (absolute IRIs),
    ``@protected``, ``@propagate``; terms defined as a string (IRI, compact
    IRI, another term, or an alias of ``@id``/``@type``/``@graph``) or as an
    object with ``@id``, ``@type`` (``@id``, ``@vocab`` or a datatype),
    ``@container`` (``@set``/``@list``), a property-scoped ``@context`` and
    ``@prefix``/``@protected``.  Anything else is a ``ContextError`` rather
    than being ignored.  Expansion mirrors rdflib's JSON-LD parser.
    """

    def __init__(self, state: _State, parent: Context | None = None, document: Any = None) -> None:
        self.terms = state.terms
        self.aliases = state.aliases
        self.base = state.base
        self.vocab = state.vocab
        self.propagate = state.propagate
        self.parent = parent
        self.document: Any = document if document is not None else (parent.document if parent else None)
        self._scoped: dict[str, Context] = {}
        self._derived: dict[str, Context] = {}
        self._by_iri: dict[str, list[Term]] | None = None
        self._prefixes: list[tuple[str, str]] | None = None
        self._expanded: dict[tuple[str, bool], tuple[str | None, str]] = {}

    # -- construction -------------------------------------------------------

    @classmethod
    def from_document(cls, document: Any) -> Context:
        """Build from the value of a context file's ``@context`` entry."""
        sources = document if isinstance(document, list) else [document]
        empty = Context(_State({}, {}, None, None))
        ctx = _build(empty, sources)
        ctx.parent = None
        ctx.document = document
        ctx._check_scoped(depth=2)
        return ctx

    def derive(self, sources: list[Any]) -> Context:
        """This context extended by inline context objects (cached: files repeat them)."""
        key = json.dumps(sources, sort_keys=True)
        ctx = self._derived.get(key)
        if ctx is None:
            ctx = self._derived[key] = _build(self, sources)
        return ctx

    def scoped(self, term: Term) -> Context:
        """The context for values of ``term``: this one plus its property-scoped context."""
        ctx = self._scoped.get(term.name)
        if ctx is None:
            ctx = self._scoped[term.name] = _build(self, [term.scoped], term.name)
        return ctx

    def _check_scoped(self, depth: int) -> None:
        """Surface errors in scoped contexts when the context is loaded, not mid-file."""
        if depth == 0:
            return
        for term in list(self.terms.values()):
            if term.scoped is not None:
                self.scoped(term)._check_scoped(depth - 1)

    # -- expansion (mirrors rdflib.plugins.shared.jsonld.context) -----------

    def resolve(self, ref: str) -> str:
        return _resolve(self.base, ref)

    def expand_id(self, text: str) -> str:
        """IRI expansion for ids and ``@type: @id`` values: compact IRIs, else relative to @base."""
        prefix, sep, local = text.partition(":")
        if sep and not local.startswith("//"):
            if prefix == "_":
                return text
            term = self.terms.get(prefix)
            if term is not None and term.prefix:
                return term.iri + local
        return self.resolve(text)

    def expand_vocab(self, text: str) -> str | None:
        """IRI expansion for ``@type: @vocab`` values and classes: terms, compact IRIs, @vocab."""
        term = self.terms.get(text)
        if term is not None:
            return term.iri
        if ":" in text:
            return self.expand_id(text)
        return self.vocab + text if self.vocab else None

    def undefined_prefix(self, text: str) -> str | None:
        """The prefix of a compact-looking ``x:y`` whose ``x`` is neither a prefix nor a known scheme."""
        prefix, sep, local = text.partition(":")
        if not sep or local.startswith("//") or prefix == "_":
            return None
        term = self.terms.get(prefix)
        if (term is not None and term.prefix) or prefix.lower() in _OPAQUE_SCHEMES:
            return None
        return prefix

    def expand_value(self, text: str, vocab: bool) -> tuple[str | None, str]:
        """(problem, IRI) for a string used as an IRI; the loader and the writer share it.

        Cached: the same ids and controlled values recur throughout and across files.
        """
        key = (text, vocab)
        result = self._expanded.get(key)
        if result is None:
            if len(self._expanded) > 100_000:
                self._expanded.clear()
            result = self._expanded[key] = self._expand_value(text, vocab)
        return result

    def _expand_value(self, text: str, vocab: bool) -> tuple[str | None, str]:
        if text.startswith("@"):
            return f"'{text}' looks like a JSON-LD keyword and cannot be used as a value", ""
        if vocab:
            if text in self.aliases:
                return f"'{text}' is an alias of {self.aliases[text]}, not a value", ""
            term = self.terms.get(text)
            if term is not None:
                return None, term.iri
        prefix = self.undefined_prefix(text)
        if prefix is not None:
            return (
                f"'{text}' uses the undefined prefix '{prefix}:' "
                "(define it in the context or write the full IRI)",
                "",
            )
        iri = (self.expand_vocab(text) if vocab else None) or self.expand_id(text)
        if not _IRI_RE.fullmatch(iri):
            hint = "; the context has no @base" if self.base is None else ""
            return f"'{text}' does not expand to a valid absolute IRI (got '{iri}'){hint}", ""
        return None, iri

    # -- lookups for messages and for writing --------------------------------

    def key_names(self) -> list[str]:
        return sorted([n for n, t in self.terms.items() if not t.prefix_only] + list(self.aliases))

    def class_names(self) -> list[str]:
        names = [n for n, t in self.terms.items() if n[:1].isupper() and not t.prefix_only]
        return sorted(names) or self.key_names()

    def terms_for(self, iri: str) -> list[Term]:
        """Terms usable as keys for predicate ``iri``, by name."""
        if self._by_iri is None:
            index: dict[str, list[Term]] = {}
            for name in sorted(self.terms):
                term = self.terms[name]
                if not term.prefix_only:
                    index.setdefault(term.iri, []).append(term)
            self._by_iri = index
        return self._by_iri.get(iri, [])

    def prefixes(self) -> list[tuple[str, str]]:
        """(namespace, prefix) pairs, longest namespace first, for compacting IRIs."""
        if self._prefixes is None:
            pairs = [(t.iri, n) for n, t in self.terms.items() if t.prefix]
            self._prefixes = sorted(pairs, key=lambda p: (-len(p[0]), p[1]))
        return self._prefixes

    def keyword(self, keyword: str) -> str:
        """The key to write for a keyword: its first alias if the context has one."""
        aliases = sorted(a for a, k in self.aliases.items() if k == keyword)
        return aliases[0] if aliases else keyword


# A relative reference that is only path segments, none of them "." or "..", with no scheme, query,
# fragment or ";" (which urljoin reads as parameters): ``synth-case-00001/G0``, ``org/acme``. Against a
# base that is a directory it resolves to the two joined, which is what most of a case file's ids are.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9._~!$&'()*+,=@%-]+(?:/[A-Za-z0-9._~!$&'()*+,=@%-]+)*")
_DOT_SEGMENT = re.compile(r"/\.\.?/")


@lru_cache(maxsize=65536)
def _resolve(base: str | None, ref: str) -> str:
    """Resolve ``ref`` against ``base`` exactly as rdflib's ``norm_url`` does (http bases); a plain path
    against a directory base by joining them (``tests/test_casefile.py`` holds the two ways equal)."""
    if base is not None and _PLAIN_PATH.fullmatch(ref) and _is_directory(base) and not _DOT_SEGMENT.search(f"/{ref}/"):
        return base + ref
    return _resolve_general(base, ref)


@lru_cache(maxsize=64)
def _is_directory(base: str) -> bool:
    """An http(s) IRI with a host, no query or fragment, whose path ends in "/" and is already normal."""
    parts = urlsplit(base)
    return (parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment
            and "#" not in base and "?" not in base and urlunsplit(parts) == base and parts.path.endswith("/")
            and "//" not in parts.path
            and (parts.path == "/" or posixpath.normpath(parts.path) + "/" == parts.path))


def _resolve_general(base: str | None, ref: str) -> str:
    if "://" in ref or urlsplit(ref).scheme or base is None:
        return ref
    parts = urlsplit(urljoin(base, ref))
    path = posixpath.normpath(parts.path)
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    result = urlunsplit(parts[:2] + (path,) + parts[3:])
    if ref.endswith("#") and not result.endswith("#"):
        result += "#"
    return result


def _build(parent: Context, sources: list[Any], scope: str | None = None) -> Context:
    """Process context objects on top of ``parent`` (JSON-LD context processing, subset)."""
    state = _State(dict(parent.terms), dict(parent.aliases), parent.base, parent.vocab)
    for raw in sources:
        if isinstance(raw, str):
            raise ContextError(f"remote context '{raw}' is not allowed (contexts are never fetched)", scope)
        if not isinstance(raw, dict):
            raise ContextError("a context must be a JSON object", scope)
        _apply_settings(state, raw, scope)
        protected = raw.get("@protected", False)
        for name, definition in raw.items():
            if not name.startswith("@"):
                _define(state, raw, name, definition, protected)
    return Context(state, parent=parent)


def _absolute(value: Any, key: str, scope: str | None) -> str:
    if not isinstance(value, str) or not _IRI_RE.fullmatch(value) or "://" not in value:
        raise ContextError(f"{key} must be an absolute IRI, got {value!r}", scope)
    return value


def _apply_settings(state: _State, raw: dict[str, Any], scope: str | None) -> None:
    for key, value in raw.items():
        if not key.startswith("@"):
            continue
        if key == "@version":
            if value != 1.1:
                raise ContextError(f"@version must be 1.1, got {value!r}", scope)
        elif key == "@base":
            state.base = _absolute(value, key, scope).split("#")[0]
        elif key == "@vocab":
            state.vocab = _absolute(value, key, scope)
        elif key in ("@propagate", "@protected"):
            if not isinstance(value, bool):
                raise ContextError(f"{key} must be true or false", scope)
            if key == "@propagate":
                state.propagate = value
        else:
            raise ContextError(f"context keyword '{key}' is not supported by the case-file loader", scope)


def _define(state: _State, raw: dict[str, Any], name: str, definition: Any, protected: bool) -> None:
    if isinstance(definition, str) and definition.startswith("@"):
        _define_alias(state, name, definition)
        return
    if isinstance(definition, str):
        iri = _definition_iri(state, raw, definition, name)
        term = Term(name, iri, prefix=iri.endswith(_GEN_DELIMS), protected=protected, simple=True)
    elif isinstance(definition, dict):
        term = _expanded_term(state, raw, name, definition, protected)
    else:
        raise ContextError(f"term '{name}': the definition must be a string or an object", name)
    old = state.terms.get(name)
    if old is not None and old.protected and not old.same_definition(term):
        raise ContextError(f"term '{name}' is protected and cannot be redefined", name)
    state.terms[name] = term
    state.aliases.pop(name, None)


def _define_alias(state: _State, name: str, keyword: str) -> None:
    if keyword not in _ALIASABLE:
        raise ContextError(f"term '{name}': only @id, @type and @graph may be aliased, not {keyword}", name)
    old = state.terms.get(name)
    if old is not None and old.protected:
        raise ContextError(f"term '{name}' is protected and cannot be redefined", name)
    state.terms.pop(name, None)
    state.aliases[name] = keyword


def _expanded_term(
    state: _State, raw: dict[str, Any], name: str, definition: dict[str, Any], protected: bool
) -> Term:
    unknown = sorted(set(definition) - _TERM_DEF_KEYS)
    if unknown:
        raise ContextError(f"term '{name}': {', '.join(unknown)} not supported by the case-file loader", name)
    iri = _term_iri(state, raw, name, definition.get("@id"))
    scoped = definition.get("@context")
    if scoped is not None and not isinstance(scoped, dict):
        raise ContextError(f"term '{name}': a scoped @context must be an inline object", name)
    prefix = definition.get("@prefix")
    if prefix is not None and not isinstance(prefix, bool):
        raise ContextError(f"term '{name}': @prefix must be true or false", name)
    return Term(
        name,
        iri,
        coerce=_coercion(state, raw, name, definition.get("@type")),
        is_list=_is_list_container(name, definition.get("@container")),
        scoped=scoped,
        prefix=iri.endswith(_GEN_DELIMS) if prefix is None else prefix,
        protected=bool(definition.get("@protected", protected)),
    )


def _term_iri(state: _State, raw: dict[str, Any], name: str, idref: Any) -> str:
    if idref is None:
        if ":" in name:
            return _definition_iri(state, raw, name, name)
        if state.vocab:
            return state.vocab + name
        raise ContextError(f"term '{name}' has no @id and the context has no @vocab", name)
    if not isinstance(idref, str) or idref.startswith("@"):
        raise ContextError(
            f"term '{name}': @id must be an IRI "
            "(write keyword aliases as plain strings, e.g. \"id\": \"@id\")",
            name,
        )
    return _definition_iri(state, raw, idref, name)


def _coercion(state: _State, raw: dict[str, Any], name: str, coerce: Any) -> str | None:
    if coerce is None or coerce in ("@id", "@vocab"):
        return coerce
    if not isinstance(coerce, str) or coerce.startswith("@"):
        message = f"term '{name}': @type {coerce!r} is not supported (use @id, @vocab or a datatype)"
        raise ContextError(message, name)
    return _definition_iri(state, raw, coerce, name)


def _is_list_container(name: str, container: Any) -> bool:
    values = container if isinstance(container, list) else [] if container is None else [container]
    if not set(values) <= {"@set", "@list"} or set(values) == {"@set", "@list"}:
        message = f"term '{name}': @container {container!r} is not supported (use @set or @list)"
        raise ContextError(message, name)
    return "@list" in values


def _raw_id(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, dict):
        value = value.get("@id")
    return value if isinstance(value, str) else None


def _definition_iri(state: _State, raw: dict[str, Any], value: str, name: str, depth: int = 0) -> str:
    """Expand an IRI inside a term definition, as rdflib's ``_rec_expand`` does."""
    if depth > 16 or value.startswith("@"):
        raise ContextError(f"term '{name}': cannot expand '{value}'", name)
    if ":" in value:
        prefix, local = value.split(":", 1)
        if local.startswith("//"):
            return value
        namespace = _raw_id(raw, prefix)
        if namespace is None and prefix in state.terms:
            namespace = state.terms[prefix].iri
        if namespace is None:
            if prefix.lower() in _OPAQUE_SCHEMES:
                return value
            raise ContextError(f"term '{name}': undefined prefix '{prefix}' in '{value}'", name)
        return _definition_iri(state, raw, namespace, name, depth + 1) + local
    ref = _raw_id(raw, value)
    if ref is not None and ref != value:
        return _definition_iri(state, raw, ref, name, depth + 1)
    if value in state.terms:
        return state.terms[value].iri
    if state.vocab:
        return state.vocab + value
    raise ContextError(f"term '{name}': cannot expand '{value}' (not an IRI, no @vocab)", name)


_CONTEXT_CACHE: dict[tuple[Path, int, int], Context] = {}


def load_context(path: Path) -> Context:
    """Read a context file (``{"@context": ...}``); cached per file version since every file uses it."""
    path = Path(path)
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _CONTEXT_CACHE:
        _CONTEXT_CACHE[key] = _read_context(path)
    return _CONTEXT_CACHE[key]


def _read_context(path: Path) -> Context:
    text = path.read_bytes().decode("utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseFileError(path, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict) or "@context" not in document:
        raise CaseFileError(path, 1, 1, "a context file must be a JSON object with an '@context' entry")
    try:
        return Context.from_document(document["@context"])
    except ContextError as exc:
        line, column = _locate(text, f'"{exc.term}"') if exc.term else (1, 1)
        raise CaseFileError(path, line, column, str(exc)) from None




