"""The package's exceptions share one root, so the command line and the server translate them in one place each.

``SafetyCaseKGError`` carries what a user sees when it escapes: the command line prints ``error: ...``
and exits with ``exit_code``; the server answers ``{"error": ..., "status": http_status}`` with the
``details()`` beside. Each subclass states its own codes where it is defined; a subclass whose status
depends on the case (an access refusal: 401 or 403) sets it on the instance.

Errors in input files carry a position so that the CLI (and editors that understand
``path:line:col:``) can send an analyst straight to the problem instead of showing a stack trace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

EXIT_NONCONFORMING, EXIT_INPUT = 1, 2


class SafetyCaseKGError(Exception):
    """An error the package raises on purpose, with the message a user should read.

    ``exit_code``: 2 (usage or input error) unless the data does not conform (1). ``http_status``: 400
    unless the thing asked for is not there (404), the server or its configuration failed (500), or a
    query ran out of time (503).
    """

    exit_code: ClassVar[int] = EXIT_INPUT
    http_status: int = 400

    def details(self) -> dict[str, Any]:
        """Further fields for the server's JSON error body (positions, violations); none by default."""
        return {}


class CaseFileError(SafetyCaseKGError):
    """A problem in an input file, located at a 1-based line and column.

    ``str()`` gives ``path:line:col: message``, the format compilers use, so
    editors and CI annotations can jump to the position.
    """

    def __init__(self, path: Path | str, line: int, column: int, message: str) -> None:
        super().__init__(path, line, column, message)
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class InputProblem(SafetyCaseKGError):
    """A problem found in input text, at a 1-based line and column, before it has a file name.

    Checks shared by the file loader and the HTTP upload path raise it; ``at(path)`` makes it a
    ``CaseFileError`` for a file, and the upload path answers with its position.
    """

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line, self.column, self.message = line, column, message

    def at(self, path: Path | str) -> CaseFileError:
        return CaseFileError(path, self.line, self.column, self.message)

    def details(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column}
