"""What a check may know about the catalog (or project) it is looking at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..plurals import PluralRule
from ..po import Entry, PoFile
from ..project import Project

if TYPE_CHECKING:  # not imported: a check of a tree without a glossary or reviews needs neither
    from ..reviews import Record
    from .glossary import Glossary

Key = tuple[str | None, str]


@dataclass
class CatalogContext:
    """One parsed catalog and the facts around it, computed once by the runner."""

    po: PoFile
    shown: str  # the path as printed
    locale: str  # the code findings and summaries are grouped by ("?" when unknown)
    language: str | None = None  # the code for CLDR facts: header Language, else the path
    expected_language: str | None = None  # project catalogs: the registry's code
    plural: PluralRule | None = None  # None: no usable Plural-Forms (the header check says why)
    glossary: Glossary | None = None
    template: dict[Key, Entry] | None = None  # the template's messages (project catalogs)
    reviews: Record | None = None  # review-required locales: their review record
    source_language: str = "en"
    guess_python: bool = True  # unflagged strings may be Python formats (not a C catalog)
    path: Path | None = None  # the file (checks that scan its bytes); None: entries in memory
    # Every flag of the active entries, once the runner has checked them all; None before.
    flags: frozenset[str] | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def header_line(self) -> int:
        """Where header problems point: the header entry, or line 1 when there is none."""
        return self.po.header.line if self.po.header else 1


@dataclass
class ProjectContext:
    """A guide project tree (checked in project mode only)."""

    project: Project
