"""Tests for the synthetic corpus generator (bench/synth.py)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyshacl
import pytest
import rdflib
import yaml
from rdflib.namespace import RDF, SKOS
from synth import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = json.loads((ROOT / "ontology" / "context.jsonld").read_text())["@context"]
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
N_CASES = 40


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate_corpus(out, N_CASES, seed=7)
    return out


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)


def _cases(corpus: Path) -> list[dict[str, Any]]:
    return [_load(p) for p in sorted((corpus / "cases").glob("*.yaml"))]


def _register_nodes(corpus: Path) -> list[dict[str, Any]]:
    return [node for p in sorted((corpus / "registers").glob("*.yaml")) for node in _load(p)["graph"]]


def _as_jsonld(path: Path) -> str:
    doc = _load(path)
    doc["@context"] = CONTEXT
    return json.dumps(doc, default=str)


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in a parsed YAML document, depth first."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 12, seed=11)
    second = generate_corpus(tmp_path / "b", 12, seed=11)
    other = generate_corpus(tmp_path / "c", 12, seed=12)
    names = [p.relative_to(tmp_path / "a") for p in first]
    assert names == [p.relative_to(tmp_path / "b") for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=False))
    assert any(a.read_bytes() != c.read_bytes() for a, c in zip(first, other, strict=False))


def test_writes_n_case_files_and_registers(tmp_path: Path) -> None:
    paths = generate_corpus(tmp_path, 7, seed=7)
    cases = sorted(p.name for p in (tmp_path / "cases").glob("*.yaml"))
    assert cases == [f"synth-case-{i:05d}.yaml" for i in range(1, 8)]
    registers = sorted((tmp_path / "registers").glob("synth-register-*.yaml"))
    assert len(registers) >= 2
    assert set(paths) == set(registers) | {tmp_path / "cases" / name for name in cases}
    assert all(_load(p)["id"] == p.stem for p in (tmp_path / "cases").glob("*.yaml"))


def test_evidence_is_shared_across_cases(corpus: Path) -> None:
    registered = {n["id"] for n in _register_nodes(corpus) if n["type"] == "Evidence"}
    citing: Counter[str] = Counter()
    for case in _cases(corpus):
        cited = {item for item in case["evidence"] if isinstance(item, str)}
        assert cited <= registered, "a case lists shared evidence that no register defines"
        citing.update(cited)
    assert citing, "no case cites shared evidence"
    assert citing.most_common(1)[0][1] >= 2
    assert sum(1 for n in citing.values() if n >= 2) >= 3


def test_model_builds_and_case_versions(corpus: Path) -> None:
    builds = {n["id"]: n for n in _register_nodes(corpus) if n["type"] == "ModelBuild"}
    per_family = Counter(b["modelName"] for b in builds.values())
    assert len(per_family) >= 3 and min(per_family.values()) >= 2
    for build in builds.values():
        if "previousBuild" in build:
            assert builds[build["previousBuild"]]["buildDate"] < build["buildDate"]
    assert sum("previousBuild" in b for b in builds.values()) >= len(per_family)

    cases = {c["id"]: c for c in _cases(corpus)}
    successors = [c for c in cases.values() if "supersedes" in c]
    assert len(successors) >= 2
    for case in successors:
        earlier = cases[case["supersedes"]]
        assert int(earlier["version"]) < int(case["version"])
        assert earlier["status"] == "superseded"
        assert earlier["created"] < case["created"]


def _five_cases_closed_under_supersedes(corpus: Path) -> list[Path]:
    """Five case files that include a supersedes chain and every case it names."""
    docs = {p.stem: _load(p) for p in sorted((corpus / "cases").glob("*.yaml"))}
    chosen: list[str] = []
    start = next(cid for cid, doc in docs.items() if "supersedes" in doc)
    while start and len(chosen) < 5:
        chosen.append(start)
        start = docs[start].get("supersedes")
    for cid, doc in docs.items():
        if len(chosen) == 5:
            break
        if cid not in chosen and "supersedes" not in doc:
            chosen.append(cid)
    assert len(chosen) == 5 and all(docs[c].get("supersedes", chosen[0]) in chosen for c in chosen)
    return [corpus / "cases" / f"{cid}.yaml" for cid in chosen]


def test_five_cases_and_registers_conform_to_shapes(corpus: Path) -> None:
    dataset = rdflib.Dataset()
    for path in sorted((corpus / "registers").glob("*.yaml")) + _five_cases_closed_under_supersedes(corpus):
        dataset.parse(data=_as_jsonld(path), format="json-ld")
    data = rdflib.Graph()
    for graph in dataset.graphs():
        data += graph
    assert len(data) > 2000
    _, report, _ = pyshacl.validate(data, shacl_graph=str(ROOT / "shapes" / "case-shapes.ttl"),
                                    ont_graph=str(ROOT / "ontology" / "safetycase.ttl"),
                                    inference="none", allow_warnings=True)
    violations = [(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
                  for r in report.subjects(RDF.type, SH.ValidationResult)
                  if report.value(r, SH.resultSeverity) == SH.Violation]
    assert violations == []


def _controlled_keys() -> dict[str, str]:
    """YAML key -> concept-scheme IRI, for every context term whose values are vocabulary concepts."""
    keys = {}
    for term, definition in CONTEXT.items():
        if isinstance(definition, dict) and definition.get("@type") == "@vocab":
            keys[term] = definition["@context"]["@vocab"]
    return keys


def test_every_controlled_value_is_a_vocabulary_concept(corpus: Path) -> None:
    vocab = rdflib.Graph().parse(ROOT / "ontology" / "vocabularies.ttl")
    concepts = {(str(scheme) + "/", str(c)) for c, scheme in vocab.subject_objects(SKOS.inScheme)}
    keys = _controlled_keys()
    seen: Counter[str] = Counter()
    bad = []
    files = sorted(corpus.glob("cases/*.yaml")) + sorted(corpus.glob("registers/*.yaml"))
    for node in (n for p in files for n in _walk(_load(p))):
        for key in keys.keys() & node.keys():
            values = node[key] if isinstance(node[key], list) else [node[key]]
            for value in values:
                seen[key] += 1
                if (keys[key], keys[key] + str(value)) not in concepts:
                    bad.append((key, value))
    assert bad == []
    assert len(seen) >= 20 and sum(seen.values()) > 5000


def test_average_triples_per_case_in_range(corpus: Path) -> None:
    counts = [len(rdflib.Graph().parse(data=_as_jsonld(p), format="json-ld"))
              for p in sorted((corpus / "cases").glob("*.yaml"))[:20]]
    average = sum(counts) / len(counts)
    assert 400 <= average <= 600, average
