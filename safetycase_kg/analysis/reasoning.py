"""OWL consistency checking with the HermiT reasoner (through owlready2, which runs it on Java).

Why: the ontology is the contract every case file, shape and query relies on. An inconsistent
ontology, or a class nothing can belong to, is a modelling bug that SHACL will never report.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..core.errors import SafetyCaseKGError


class ReasonerUnavailable(SafetyCaseKGError, RuntimeError):
    """owlready2 (the 'reason' extra) or Java (needed by HermiT) is not installed."""

    http_status = 500


@dataclass(frozen=True)
class ConsistencyReport:
    consistent: bool
    unsatisfiable: tuple[str, ...]
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def check_consistency(sources: Iterable[Path | Graph]) -> ConsistencyReport:
    """Load the Turtle files or graphs into owlready2 and classify them with HermiT."""
    import shutil
    try:
        import owlready2
    except ImportError:
        raise ReasonerUnavailable("the reasoner is an extra: pip install 'safetycase-kg[reason]' "
                                  "(owlready2; HermiT also needs a Java runtime)") from None
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerUnavailable("HermiT needs a Java runtime (Debian: apt-get install default-jre-headless)")
    merged = Graph()
    for source in sources:
        if isinstance(source, Graph):
            merged += source
        else:
            merged.parse(source, format="turtle")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ontology.nt"
        merged.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                # xsd:date and xsd:duration are outside the OWL 2 datatype map; HermiT treats them as opaque.
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError as err:
            return ConsistencyReport(False, (), str(err))
        unsat = tuple(sorted(c.iri for c in world.inconsistent_classes()))
        return ConsistencyReport(True, unsat)
