"""What a check may know about the catalog (or project) it is looking at."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..plurals import PluralRule
from ..po import Entry, PoFile
from ..project import Project

if TYPE_CHECKING:  # not imported: a check of a tree without a glossary or reviews needs neither
    from ..reviews import Record
    from .glossary import Glossary

Key = tuple[str | None, str]


class CatalogContext:
    """One parsed catalog and the facts around it, computed once by the runner (a plain
    class, as every record of the checker: see ``model``)."""

    def __init__(
        self,
        po: PoFile,
        shown: str,  # the path as printed
        locale: str,  # the code findings and summaries are grouped by ("?" when unknown)
        language: str | None = None,  # the code for CLDR facts: header Language, else the path
        expected_language: str | None = None,  # project catalogs: the registry's code
        plural: PluralRule
        | None = None,  # None: no usable Plural-Forms (the header check says why)
        glossary: Glossary | None = None,
        template: dict[Key, Entry] | None = None,  # the template's messages (project catalogs)
        reviews: Record | None = None,  # review-required locales: their review record
        source_language: str = "en",
        guess_python: bool = True,  # unflagged strings may be Python formats (not a C catalog)
        path: Path | None = None,  # the file (checks that scan its bytes); None: in memory
    ) -> None:
        self.po = po
        self.shown = shown
        self.locale = locale
        self.language = language
        self.expected_language = expected_language
        self.plural = plural
        self.glossary = glossary
        self.template = template
        self.reviews = reviews
        self.source_language = source_language
        self.guess_python = guess_python
        self.path = path
        # Every flag of the active entries, once the runner has checked them all; None before.
        self.flags: frozenset[str] | None = None
        # Then also the active entries flagged with a format only msgfmt judges, in order.
        self.delegated: list[Entry] | None = None
        self.extra: dict[str, object] = {}

    @property
    def header_line(self) -> int:
        """Where header problems point: the header entry, or line 1 when there is none."""
        return self.po.header.line if self.po.header else 1


class ProjectContext:
    """A guide project tree (checked in project mode only)."""

    def __init__(self, project: Project) -> None:
        self.project = project
