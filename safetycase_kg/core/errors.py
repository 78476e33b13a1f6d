"""Exceptions shared by the loaders and the command line.

Errors in input files carry a position so that the CLI (and editors that
understand ``path:line:col:``) can send an analyst straight to the problem
instead of showing a stack trace.
"""

from __future__ import annotations

from pathlib import Path


class CaseFileError(Exception):
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


class InputProblem(Exception):
    """A problem found in input text, at a 1-based line and column, before it has a file name.

    Checks shared by the file loader and the HTTP upload path raise it; ``at(path)`` makes it a
    ``CaseFileError`` for a file, and the upload path answers with its position.
    """

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line, self.column, self.message = line, column, message

    def at(self, path: Path | str) -> CaseFileError:
        return CaseFileError(path, self.line, self.column, self.message)
