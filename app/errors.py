"""The one shape of a user-fixable error: a file, a line when known, and what is wrong."""

from __future__ import annotations


class LocatedError(Exception):
    """A problem in a file someone can fix; ``str()`` is ``path:line: message``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
