"""Hypothesis strategies for SPARQL text: a small grammar that mixes valid and broken queries and updates.

The grammar aims at what trips parsers and guards rather than at coverage of SPARQL: strings with
escapes, comments holding braces and IRIs, IRIs with odd characters, ``<`` as an operator next to
``<`` opening an IRI (``?a<?b&&?c>?d`` lexes as an IRI), nested groups and parentheses, SERVICE, LOAD
and FROM in odd places, and random breakage of otherwise valid text. Every remote target is a near
miss of the one allow-listed URL (``allowed``), so a test can demand that none is ever contacted.
"""

from __future__ import annotations

from hypothesis import strategies as st

CASE = "https://w3id.org/safetycase-kg/id/cyber-inability-v2"
SYSTEM_GRAPH = "https://w3id.org/safetycase-kg/graph/shapes"
FUZZ_GRAPH = "http://www.example/fuzz/graph"

VARIABLES = ["?s", "?p", "?o", "?x", "$y", "?_1", "?é", "?g"]
PREFIXED = ["sc:SafetyCase", "sc:topClaim", "dcterms:title", "rdf:type", "rdfs:label", "ex:thing", ":x", "sc:"]
LITERALS = ['"plain"', "'single'", '"esc\\"aped"', '"tab\\tnew\\nline"', '"\\u00e9\\U0001F600"', '"bad \\q escape"',
            '"""multi\nline with " inside"""', "'''it''s'''", '"x"@en', '"x"@en-GB-oed', '"1"^^xsd:integer',
            '"nope"^^xsd:integer', '"x"^^<urn:dt>', '""', '"}{"', '"# not a comment"', '"<urn:not-an-iri>"',
            '"SERVICE <http://127.0.0.1:9/>"', "1", "-2.5e3", ".5", "1.", "true", "false", "0x1F"]
ODD_IRIS = ["<urn:x>", "<http://example.org/a>", "<http://example.org/é>", "<http://example.org/a b>",
            "<http://example.org/{x}>", "<http://example.org/%ZZ>", "<http://example.org/a\\u0020b>", "<>",
            "<relative>", "<../up>", "<#frag>", "<http://example.org/a>b>", "<urn:x", f"<{CASE}>",
            f"<{SYSTEM_GRAPH}>", f"<{FUZZ_GRAPH}>", "<file:///etc/passwd>"]
OPERATORS = ["<", ">", "<=", ">=", "=", "!=", "&&", "||", "+", "-", "*", "/"]
FUNCTIONS = ["STR", "LANG", "isIRI", "BOUND", "STRLEN", "UCASE", "ENCODE_FOR_URI", "ABS", "NOTAFUNCTION", "IRI"]
# Nesting depths for groups and parentheses, from none to what a query builder may reach. Absurd depths
# (thousands) come from ``Grammar.deep``, drawn as a number so a failing example prints short.
DEPTHS = st.sampled_from([0, 0, 0, 1, 2, 3, 5, 10, 20, 30, 45, 60])
ABSURD = st.sampled_from([300, 5000, 50000])
BREAKERS = list("{}()<>\"'#\\?.;,@^|") + ["\n", "\x00", "\ufffd", "SERVICE", "LOAD", "FROM"]


def remote_targets(sink: str) -> list[str]:
    """IRIs close to ``{sink}/allowed`` (the allow-listed one) but not it: each must be refused."""
    host, port = sink.removeprefix("http://").split(":")
    return [f"{sink}/other", f"{sink}/allowed/", f"{sink}/allowed/x", f"{sink}/allowed?x=1", f"{sink}/allowed#f",
            f"{sink}/allowed/../other", f"{sink}/ALLOWED", f"{sink}/%61llowed", f"{sink}//allowed",
            f"http://localhost:{port}/allowed", f"http://user@{host}:{port}/allowed", f"https://{host}:{port}/allowed",
            f"http://{host}:{port}", f"HTTP://{host}:{port}/allowed", f"http://[::1]:{port}/allowed"]


class Grammar:
    """The strategies, bound to one sink URL (the listener that must never be contacted)."""

    def __init__(self, sink: str) -> None:
        self.sink = sink
        remote = [f"<{t}>" for t in remote_targets(sink)]
        self.remote = st.sampled_from(remote)
        self.iri = st.one_of(st.sampled_from(ODD_IRIS), self.remote)
        self.variable = st.sampled_from(VARIABLES)
        self.literal = st.one_of(st.sampled_from(LITERALS),
                                 st.text(st.characters(codec="utf-8"), max_size=6).map(_quoted))
        self.term = st.one_of(self.variable, self.iri, st.sampled_from(PREFIXED), self.literal)
        subject = st.one_of(self.variable, self.iri, st.sampled_from(["[]", "_:b", "[ a sc:Claim ]"]))
        predicate = st.one_of(st.sampled_from(PREFIXED[:5] + ["a", "sc:topClaim/sc:supportedBy*", "^sc:topClaim"]),
                              st.just("?p"))
        self.triple = st.tuples(subject, predicate, self.term).map(" ".join)
        self.group = st.deferred(lambda: self._group())
        self.expression = st.deferred(lambda: self._expression())

    # --- patterns and expressions -------------------------------------------------------------------

    def _expression(self):
        leaf = st.one_of(self.term, st.builds(lambda g: f"EXISTS {g}", self.group))
        return st.recursive(leaf, lambda e: st.one_of(
            st.tuples(e, st.sampled_from(OPERATORS), e, st.sampled_from(["", " "])).map(
                lambda t: t[3].join((t[0], t[1], t[2]))),
            st.tuples(st.sampled_from(FUNCTIONS), e).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(e, DEPTHS).map(lambda t: "(" * t[1] + t[0] + ")" * t[1]),
            e.map(lambda x: f"!{x}"),
            st.tuples(e, st.lists(self.term, max_size=3)).map(lambda t: f"{t[0]} IN ({', '.join(t[1])})"),
        ), max_leaves=5)

    def _element(self):
        g = self.group
        return st.one_of(
            self.triple,
            self.expression.map(lambda e: f"FILTER({e})"),
            g.map(lambda x: f"OPTIONAL {x}"),
            st.tuples(g, g).map(lambda t: f"{t[0]} UNION {t[1]}"),
            g.map(lambda x: f"MINUS {x}"),
            st.tuples(st.one_of(self.variable, self.iri), g).map(lambda t: f"GRAPH {t[0]} {t[1]}"),
            st.tuples(self.expression, self.variable).map(lambda t: f"BIND({t[0]} AS {t[1]})"),
            st.tuples(self.variable, st.lists(self.term, max_size=3)).map(lambda t: f"VALUES {t[0]} {{ {' '.join(t[1])} }}"),
            self.service(),
            st.tuples(st.sampled_from(["*", "?s", "?s ?o"]), g).map(lambda t: f"{{ SELECT {t[0]} WHERE {t[1]} LIMIT 5 }}"),
            st.tuples(g, DEPTHS).map(lambda t: "{" * t[1] + t[0] + "}" * t[1]),
        )

    def _group(self):
        return st.lists(self._element(), max_size=3).map(lambda xs: "{ " + " . ".join(xs) + " }")

    def service(self):
        """SERVICE to a near miss, a variable or a prefixed name, silent or not, around any group."""
        target = st.one_of(self.remote, self.variable, st.just("rs:allowed"), st.just("rs:other"))
        return st.tuples(st.sampled_from(["SERVICE", "SERVICE SILENT", "service"]), target, self.group).map(
            lambda t: f"{t[0]} {t[1]} {t[2]}")

    # --- whole queries and updates ------------------------------------------------------------------

    def prologue(self):
        declarations = st.sampled_from([
            "", "PREFIX ex: <http://example.org/> ", "PREFIX sc: <http://example.org/not-sc#> ",
            f"PREFIX rs: <{self.sink}/> ", f"BASE <{self.sink}/> ", "BASE <relative/> ", "PREFIX : <urn:empty:> ",
            "# a comment with } and <urn:x> and SERVICE\n", "PREFIX dup: <urn:a> PREFIX dup: <urn:b> ",
        ])
        return st.lists(declarations, max_size=2).map("".join)

    def dataset(self):
        graph = st.one_of(self.remote, st.sampled_from([f"<{CASE}>", "<urn:missing>", "<relative>"]))
        return st.lists(st.tuples(st.sampled_from(["FROM", "FROM NAMED"]), graph).map(" ".join), max_size=2).map(
            lambda xs: " ".join(xs) + " ")

    def query(self):
        g = self.group
        select = st.tuples(st.sampled_from(["SELECT *", "SELECT DISTINCT ?s", "SELECT ?s ?o", "SELECT (COUNT(*) AS ?n)",
                                            "SELECT (STR(?s) AS ?t)", "SELECT"]),
                           self.dataset(), g, st.sampled_from(["", " LIMIT 20", " ORDER BY ?s LIMIT 5", " OFFSET 2 LIMIT 1",
                                                                " GROUP BY ?s LIMIT 3", " LIMIT -1"])).map(
            lambda t: f"{t[0]} {t[1]}WHERE {t[2]}{t[3]}")
        ask = st.tuples(self.dataset(), g).map(lambda t: f"ASK {t[0]}{t[1]}")
        construct = st.one_of(
            st.tuples(st.lists(self.triple, max_size=2), g).map(
                lambda t: f"CONSTRUCT {{ {' . '.join(t[0])} }} WHERE {t[1]} LIMIT 20"),
            st.lists(self.triple, max_size=2).map(lambda t: f"CONSTRUCT WHERE {{ {' . '.join(t)} }} LIMIT 20"))
        describe = st.tuples(st.one_of(self.iri, self.variable, st.just("*")), st.one_of(st.just(""), g)).map(
            lambda t: f"DESCRIBE {t[0]}" + (f" WHERE {t[1]} LIMIT 5" if t[1] else ""))
        return self._broken(st.tuples(self.prologue(), st.one_of(select, ask, construct, describe)).map("".join))

    def update(self):
        graph = st.one_of(st.sampled_from([f"<{FUZZ_GRAPH}>", f"<{CASE}>", f"<{SYSTEM_GRAPH}>", "<relative>"]), self.remote)
        quads = st.tuples(st.one_of(st.just(""), graph), st.lists(self.triple, max_size=2)).map(
            lambda t: f"GRAPH {t[0]} {{ {' . '.join(t[1])} }}" if t[0] else " . ".join(t[1]))
        operation = st.one_of(
            quads.map(lambda q: f"INSERT DATA {{ {q} }}"),
            quads.map(lambda q: f"DELETE DATA {{ {q} }}"),
            quads.map(lambda q: f"DELETE WHERE {{ {q} }}"),
            st.tuples(quads, self.group).map(lambda t: f"INSERT {{ {t[0]} }} WHERE {t[1]}"),
            st.tuples(graph, quads, quads, self.group).map(lambda t: f"WITH {t[0]} DELETE {{ {t[1]} }} INSERT {{ {t[2]} }} WHERE {t[3]}"),
            st.tuples(quads, graph, self.group).map(lambda t: f"INSERT {{ {t[0]} }} USING {t[1]} WHERE {t[2]}"),
            st.tuples(st.sampled_from(["LOAD", "LOAD SILENT", "load"]), self.remote,
                      st.one_of(st.just(""), graph.map(lambda g: f" INTO GRAPH {g}"))).map(lambda t: f"{t[0]} {t[1]}{t[2]}"),
            st.tuples(st.sampled_from(["CLEAR", "DROP", "CREATE", "CLEAR SILENT", "DROP SILENT"]),
                      st.one_of(graph.map(lambda g: f"GRAPH {g}"), st.sampled_from(["DEFAULT", "NAMED", "ALL"]))).map(" ".join),
            st.tuples(st.sampled_from(["ADD", "COPY", "MOVE"]), graph, graph).map(lambda t: f"{t[0]} {t[1]} TO {t[2]}"),
        )
        return self._broken(st.tuples(self.prologue(), st.lists(operation, min_size=1, max_size=3).map(" ;\n".join)).map("".join))

    def deep(self):
        """A query nesting a generated group or expression ``depth`` times: (depth, kind, inner)."""
        return st.one_of(st.tuples(ABSURD, st.just("groups"), self.group),
                         st.tuples(ABSURD, st.just("parentheses"), self.expression))

    @staticmethod
    def nest(depth: int, kind: str, inner: str, update: bool = False) -> str:
        """The text of a ``deep()`` draw, as a query or as an update of the fuzz graph."""
        where = "{" * depth + inner + "}" * depth if kind == "groups" else \
            "{ FILTER(" + "(" * depth + inner + ")" * depth + ") }"
        if update:
            return f"INSERT {{ GRAPH <{FUZZ_GRAPH}> {{ <urn:a> <urn:b> 1 }} }} WHERE {where}"
        return f"SELECT * WHERE {where}"

    def _broken(self, text):
        """Most texts as generated; some cut short, some with a character or keyword inserted or dropped."""
        @st.composite
        def breaking(draw):
            value = draw(text)
            how = draw(st.sampled_from(["keep"] * 6 + ["cut", "insert", "drop"]))
            if how == "keep" or not value:
                return value
            at = draw(st.integers(0, len(value) - 1))
            if how == "cut":
                return value[:at]
            if how == "drop":
                return value[:at] + value[at + 1:]
            return value[:at] + draw(st.sampled_from(BREAKERS)) + value[at:]
        return breaking()


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
