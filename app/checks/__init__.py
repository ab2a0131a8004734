"""The translation checker: every check, in the order findings are reported.

Each check is a small function in a module of its family; its name (``_`` written
``-``) is the stable id used in output, ``--select``/``--ignore`` and opt-out comments.
"""

from __future__ import annotations

from .completeness import fuzzy, obsolete, stale_catalog, stale_template, untranslated
from .gnu_formats import placeholders_msgfmt
from .header import header, header_fields, plural_rule
from .markup import markup, markup_changed
from .model import Check, FileCheck, Severity
from .placeholders import placeholders, placeholders_differ
from .plurals import plurals
from .quality import glossary, length, numbers, unchanged
from .review import unreviewed
from .spacing import newlines, whitespace

syntax = FileCheck(
    "syntax",
    Severity.ERROR,
    "The file cannot be read or parsed as a PO file, or defines a message twice",
)

REGISTRY: tuple[Check, ...] = (
    syntax,
    header,
    header_fields,
    plural_rule,
    stale_template,
    stale_catalog,
    untranslated,
    fuzzy,
    obsolete,
    placeholders,
    placeholders_differ,
    placeholders_msgfmt,
    markup,
    markup_changed,
    plurals,
    newlines,
    unchanged,
    glossary,
    numbers,
    length,
    whitespace,
    unreviewed,
)
CHECKS: dict[str, Check] = {check.id: check for check in REGISTRY}
