"""Human-facing pages: the query console, the case browser and linked-data pages.

Every view reads ``web.current_store()``, the dataset of the request's access tier.
"""

from __future__ import annotations

import html

from flask import Blueprint, Response

from .queries import load_library, run_named
from .results import compact

bp = Blueprint("pages", __name__)

CASES_QUERY = "cases-by-decision"


@bp.get("/")
def index():
    from .web import current_store
    library = load_library()
    result = run_named(current_store(), library[CASES_QUERY], {})
    header = "".join(f"<th>{html.escape(str(v))}</th>" for v in result.vars)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(compact(row.get(v)))}</td>" for v in result.vars) + "</tr>"
                   for row in result.bindings)
    queries = "".join(f"<li><a href='/queries/{q.name}'>{html.escape(q.title)}</a></li>" for q in library.values())
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>safetycase-kg</title></head>
<body><h1>safetycase-kg</h1><h2>Cases</h2><table>{header}{rows}</table>
<h2>Named queries</h2><ul>{queries}</ul>
<h2>SPARQL</h2><form action="/sparql" method="get"><textarea name="query" rows="8" cols="80">SELECT * WHERE {{ ?s a sc:SafetyCase }}</textarea><br><button>Run</button></form>
</body></html>"""
    return Response(page, mimetype="text/html")
