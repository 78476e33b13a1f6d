"""Figures a test wants printed at the end of every run (counts of canaries, clients, requests, ...).

``report(line)`` keeps the line; the hook in conftest prints them in pytest's terminal summary, so they
show in a plain ``pytest`` run without ``-s``. Tests run in several worker processes (pytest-xdist), so
a line is appended to the file the main process names in ``$SAFETYCASE_KG_TEST_FIGURES``; without it
(a module imported outside pytest) the line is kept in memory.
"""

import os
from pathlib import Path

ENV = "SAFETYCASE_KG_TEST_FIGURES"
LINES: list[str] = []


def report(line: str) -> None:
    target = os.environ.get(ENV)
    if target:
        with Path(target).open("a", encoding="utf-8") as figures:
            figures.write(line.replace("\n", " ") + "\n")
    else:
        LINES.append(line)


def reported() -> list[str]:
    target = os.environ.get(ENV)
    written = Path(target).read_text(encoding="utf-8").splitlines() if target and Path(target).exists() else []
    return written + LINES
