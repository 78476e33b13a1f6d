"""Figures a test wants printed at the end of every run (counts of canaries, clients, requests, ...).

``report(line)`` keeps the line; the hook in conftest prints them in pytest's terminal summary, so they
show in a plain ``pytest`` run without ``-s``.
"""

LINES: list[str] = []


def report(line: str) -> None:
    LINES.append(line)
