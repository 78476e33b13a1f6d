"""Both stores implement the one declared interface, with the same signatures, and nothing else reaches inside.

A signature that drifts between the embedded and the remote store (an argument one accepts and the other
does not) breaks a command only against an endpoint; these checks find it without a server.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from safetycase_kg.core.remote import RemoteStore
from safetycase_kg.core.store import Store
from safetycase_kg.core.storeapi import GraphStore

PACKAGE = Path(__file__).resolve().parent.parent / "safetycase_kg"
BACKENDS = [Store, RemoteStore]


def public_methods(cls: type) -> dict[str, object]:
    return {name: member for name, member in inspect.getmembers(cls)
            if callable(member) and (not name.startswith("_") or name == "__len__")}


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda c: c.__name__)
def test_every_abstract_method_is_implemented(backend):
    assert not inspect.isabstract(backend), getattr(backend, "__abstractmethods__", ())
    assert issubclass(backend, GraphStore)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", sorted(public_methods(GraphStore)))
def test_each_backend_keeps_the_interface_signature(backend, name):
    # parameters, names, kinds, defaults and annotations; the return annotation of a generator-based
    # context manager is spelt differently from the interface's and is checked by mypy instead
    declared = inspect.signature(getattr(GraphStore, name)).parameters
    implemented = inspect.signature(getattr(backend, name)).parameters
    assert implemented == declared, f"{backend.__name__}.{name}{implemented} differs from GraphStore.{name}{declared}"


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda c: c.__name__)
def test_callers_need_nothing_outside_the_interface(backend):
    """A public method only one backend has would tie its callers to that backend. The embedded store's
    extras are for building derived views of its own (the public view), named here."""
    extras = set(public_methods(backend)) - set(public_methods(GraphStore))
    allowed = {Store: {"from_nquads", "copy_of", "temporary", "remove_quads", "swap_graphs"}, RemoteStore: set()}[backend]
    assert extras <= allowed


def test_no_backend_borrows_the_other_ones_methods():
    for backend in BACKENDS:
        for name, member in vars(backend).items():
            owner = getattr(member, "__qualname__", backend.__name__ + ".").split(".")[0]
            assert owner in (backend.__name__, "GraphStore") or not callable(member), f"{backend.__name__}.{name}"


def test_only_the_embedded_store_touches_its_oxigraph_handle():
    offenders = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("*.py") if path.name != "store.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\._ox\b", line)]
    assert offenders == []


def test_a_copy_keeps_blank_node_labels(example_store):
    copy = Store.from_nquads(example_store.dump())
    assert sorted(copy.dump().splitlines()) == sorted(example_store.dump().splitlines())
    assert not copy.is_public_view
