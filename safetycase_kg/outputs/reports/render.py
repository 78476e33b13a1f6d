"""Rendering a compliance or matrix report as HTML, Markdown, CSV, JSON, or the heat map as SVG.

One ``Report`` (from ``reports.compliance``) feeds every format, so the CLI and the server print the
same facts. HTML is self-contained (inline CSS and SVG, no scripts, nothing fetched) and prints on A4.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from html import escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ...core.sparql import expand_curie
from .compliance import STATUSES, Report, Verdict, short

FORMATS = ("html", "md", "csv", "json")
MATRIX_FORMATS = FORMATS + ("svg",)
COLOURS = {"satisfied": "#1a7f37", "partial": "#d4a72c", "gap": "#cf222e", "outside-case-scope": "#8250df",
           "not-applicable": "#d0d7de"}
SYMBOLS = {"satisfied": "✓", "partial": "◐", "gap": "✗", "outside-case-scope": "↗", "not-applicable": "–"}
TEMPLATES = Path(__file__).parent / "templates"

Linker = Callable[[str], str]
PageLinker = Callable[[int], str]  # the offset of a page of a paged matrix -> its href


def render(report: Report, fmt: str, *, link: Linker | None = None, page_link: PageLinker | None = None) -> str:
    """The report in one of FORMATS (and "svg" for a matrix). ``link`` maps an IRI to the href to use;
    ``page_link`` maps the offset of another page of a paged matrix to its href (HTML only; without it the
    page says which cases it shows, with no links)."""
    link = link or (lambda iri: iri)
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "md":
        return _markdown(report)
    if fmt == "html":
        return _html(report, link, page_link)
    if fmt == "svg" and report.kind == "matrix":
        return heat_map(report, link)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


# --- HTML -----------------------------------------------------------------------------------------

def _html(report: Report, link: Linker, page_link: PageLinker | None) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.globals.update(colours=COLOURS, symbols=SYMBOLS, statuses=STATUSES, link=lambda iri: link(_expand(iri)))
    template = env.get_template(f"{report.kind}.html")
    extra = {"heat_map": Markup(heat_map(report, link)), "pages": _pages(report, page_link)} if report.kind == "matrix" else {}
    return template.render(report=report, **extra)


def _pages(report: Report, page_link: PageLinker | None) -> dict | None:
    """Where a paged matrix is, and the hrefs of the first, previous, next and last pages (None where there
    is no such page, or no ``page_link``)."""
    if not report.paged or report.limit is None or report.total_cases is None:
        return None
    size, total, at = report.limit, report.total_cases, report.offset
    last = max(0, (total - 1) // size * size)

    def href(offset: int, exists: bool) -> str | None:
        return page_link(offset) if page_link and exists else None
    return {"first_case": at + 1, "last_case": at + len(report.cases), "total": total,
            "first": href(0, at > 0), "previous": href(max(0, at - size), at > 0),
            "next": href(at + size, at + size < total), "last": href(last, at < last)}


def heat_map(report: Report, link: Linker) -> str:
    """Clauses by cases as an SVG grid; each cell has a colour, a symbol and a tooltip with the reason."""
    cell, label_w, head_h = 26, 300, 210
    width = label_w + cell * len(report.cases) + 170  # room for the last rotated case names
    height = head_h + cell * (len(report.clauses) + 1) + 20
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12">'),
           f"<title>{escape(report.framework.title)}: clauses by cases</title>"]
    for j, case in enumerate(report.cases):
        x = label_w + j * cell + cell / 2
        out.append(f'<a href="{escape(link(str(case.iri)))}"><text transform="translate({x + 4},{head_h - 6}) rotate(-60)">'
                   f"{escape(case.name)}</text></a>")
    for i, clause in enumerate(report.clauses):
        y = head_h + i * cell
        text = clause.id if len(clause.id) <= 18 else clause.id[:17] + "…"
        title = clause.title if len(clause.title) <= 26 else clause.title[:25] + "…"
        out.append(f'<a href="{escape(link(str(clause.iri)))}"><text x="{label_w - 8}" y="{y + cell * 0.68}" text-anchor="end">'
                   f"<title>{escape(clause.id)}: {escape(clause.title)}</title>{escape(text)}  {escape(title)}</text></a>")
        for j, case in enumerate(report.cases):
            v = report.verdict(clause, case)
            x = label_w + j * cell
            out.append(f'<g><title>{escape(case.name)} · {escape(clause.id)}: {escape(v.status)}. {escape(v.reason)}</title>'
                       f'<rect x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}" rx="3" fill="{COLOURS[v.status]}"/>'
                       f'<text x="{x + cell / 2}" y="{y + cell * 0.68}" text-anchor="middle" '
                       f'fill="{"#000" if v.status in ("partial", "not-applicable") else "#fff"}">{SYMBOLS[v.status]}</text></g>')
    y = head_h + len(report.clauses) * cell
    out.append(f'<text x="{label_w - 8}" y="{y + cell * 0.68}" text-anchor="end" font-weight="bold">gaps</text>')
    for j, case in enumerate(report.cases):
        gaps = report.counts(case)["gap"]
        out.append(f'<text x="{label_w + j * cell + cell / 2}" y="{y + cell * 0.68}" text-anchor="middle" '
                   f'font-weight="bold">{gaps}</text>')
    out.append("</svg>")
    return "\n".join(out)


# --- Markdown -------------------------------------------------------------------------------------

def _header_lines(report: Report) -> list[str]:
    f = report.framework
    lines = [f"- **Framework:** {f.title} ({f.id}), version {f.version or 'n/a'}, issued {f.issued or 'n/a'}"
             + (f", applies from {f.applies_from}" if f.applies_from else "")
             + (f" (date: {f.applies_from_verification})" if f.applies_from and f.applies_from_verification else "")
             + (f"; {f.legal_status}" if f.legal_status else ""),
             f"- **Verification:** {f.verification or 'n/a'}" + (f" — {f.verification_note}" if f.verification_note else ""),
             f"- **Content in the catalog:** {f.content_availability or 'not stated'}"
             + (f" — {f.content_availability_note}" if f.content_availability_note else ""),
             f"- **Source:** {f.source or 'n/a'}"]
    if report.kind == "compliance":
        c = report.cases[0]
        lines += [f"- **Case:** {c.title} ({c.name}), version {c.version or 'n/a'}, {c.status}, decision: {c.decision}",
                  f"- **Decision record:** {c.outcome or 'none'}" + (f" on {c.decided_on}" if c.decided_on else "")
                  + (f" by {', '.join(c.decided_by)}" if c.decided_by else ""),
                  f"- **Relies on this framework version:** {'yes' if c.relies_on_framework else 'no'}"]
    elif report.paged:
        lines.append(f"- **Cases:** {_case_range(report)} of {report.total_cases}")
    else:
        lines.append(f"- **Cases:** {len(report.cases)}")
    lines += [f"- **Disclosure tier:** {report.tier}", f"- **Generated:** {report.generated}",
              f"- **Standing judged as of:** {report.as_of}"]
    return lines


def _case_range(report: Report) -> str:
    return f"{report.offset + 1}-{report.offset + len(report.cases)}" if report.cases else "none"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _supports_text(v: Verdict) -> str:
    parts = []
    for s in v.explicit:
        ev = "; ".join(_evidence_text(e) for e in s.evidence)
        parts.append(f"{_element(s)}" + (f" ← {ev}" if ev else ""))
    return " · ".join(parts)


def _evidence_text(e) -> str:
    """One evidence item in words; a withheld item gives its redaction notice, never its content."""
    if e.notice:
        return _notice_text(e)
    return f"{short(e.iri)} ({e.type}{', ' + e.date if e.date else ''}): {e.text}"


def _notice_text(e) -> str:
    body = f"{short(e.iri)} ({e.type}{', ' + e.date if e.date else ''})"
    if e.text:
        body += f": {e.text}"
    n = e.notice
    return body + f" [redaction notice: {n['reason']}; {n['character']}; custodian {n['custodian']}]"


def _element(s) -> str:
    iri = short(s.element)
    return f"{iri or 'the ' + s.kind} ({s.kind})" + (f": {s.label}" if s.label else "")


def _markdown(report: Report) -> str:
    title = ("Compliance report" if report.kind == "compliance" else "Coverage matrix") + f": {report.framework.title}"
    out = [f"# {title}", "", *_header_lines(report), "", "## Statuses", ""]
    out += [f"- **{d['label']}** ({SYMBOLS.get(d['status'], '')}): {d['definition']}" for d in report.legend]
    if report.kind == "compliance":
        case = report.cases[0]
        counts = report.counts(case)
        out += ["", "## Summary", "", ", ".join(f"{k}: {n}" for k, n in counts.items()), "", "## Clauses", ""]
        if not report.clauses:
            out.append(_no_clauses(report))
        else:
            out += ["| Clause | Status | Why | Supporting claims and evidence | What stands against them |",
                    "|---|---|---|---|---|"]
        for clause in report.clauses:
            v = report.verdict(clause, case)
            counter = "; ".join(f"{c['reason']} ({c['source']})" for s in v.explicit for c in s.counterevidence)
            out.append(f"| {_cell(clause.id)}: {_cell(clause.title)}{_chapter(clause)}{_unverified(clause)} | {v.status} | {_cell(v.reason)} | "
                       f"{_cell(_supports_text(v))} | {_cell(counter)} |")
    else:
        out += ["", "## Matrix", ""]
        out += [_no_clauses(report)] if not report.clauses else [
            "| Clause | " + " | ".join(c.name for c in report.cases) + " |", "|---|" + "---|" * len(report.cases)]
        for clause in report.clauses:
            out.append(f"| {_cell(clause.id)}: {_cell(clause.title)}{_chapter(clause)} | "
                       + " | ".join(f"{SYMBOLS[report.verdict(clause, c).status]} {report.verdict(clause, c).status}"
                                    for c in report.cases) + " |")
        out += ["", "## Gaps", ""]
        gaps = report.gaps()
        out += [f"- **{_cell(cl.id)}** ({_cell(cl.title)}) in `{c.name}`: {v.reason}" for cl, c, v in gaps] or ["No gaps."]
    return "\n".join(out) + "\n"


def _no_clauses(report: Report) -> str:
    """Said instead of an empty table, so a version whose clauses were never sourced does not read as empty."""
    f = report.framework
    return (f"The catalog holds no clauses for this framework version ({f.content_availability or 'content availability not stated'})."
            + (f" {f.content_availability_note}" if f.content_availability_note else ""))


def _chapter(clause) -> str:
    return f" ({_cell(clause.chapter)})" if clause.chapter else ""


def _unverified(clause) -> str:
    return f" [{clause.verification_note}]" if "UNVERIFIED" in clause.verification_note else ""


# --- CSV ------------------------------------------------------------------------------------------

def _csv(report: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    f = report.framework
    if report.kind == "compliance":
        case = report.cases[0]
        w.writerow(["framework", "framework_version", "framework_issued", "case", "case_version", "tier", "generated",
                    "clause_id", "clause_chapter", "clause_title", "clause_iri", "verification", "status", "reason",
                    "explicit_elements", "evidence", "counterevidence", "proposed_elements"])
        for clause in report.clauses:
            v = report.verdict(clause, case)
            w.writerow([f.id, f.version, f.issued, case.name, case.version, report.tier, report.generated,
                        clause.id, clause.chapter, clause.title, str(clause.iri), (clause.verification + " " + clause.verification_note).strip(),
                        v.status, v.reason,
                        "; ".join(_element(s) for s in v.explicit),
                        "; ".join(_evidence_text(e) for s in v.explicit for e in s.evidence),
                        "; ".join(f"{c['reason']} ({c['source']})" for s in v.explicit for c in s.counterevidence),
                        "; ".join(_element(s) for s in v.proposed)])
    else:
        w.writerow(["framework", "framework_version", "tier", "generated", "clause_id", "clause_title", "clause_iri"]
                   + [c.name for c in report.cases])
        for clause in report.clauses:
            w.writerow([f.id, f.version, report.tier, report.generated, clause.id, clause.title, str(clause.iri)]
                       + [report.verdict(clause, c).status for c in report.cases])
    return buf.getvalue()


def _expand(text: str) -> str:
    return expand_curie(text) if text and ":" in text and not text.startswith("http") else text
