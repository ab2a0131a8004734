"""Placeholders: ``%(name)s``/``%s`` (python-format) and ``{name}`` (python-brace-format).

The rules are ``app.formats``': those of ``msgfmt -c`` for flagged entries, and a
lenient guess for entries with no format flag at all, in catalogs of Python code.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import placeholder_problems
from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check


@entry_check(Severity.ERROR)
def placeholders(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """Placeholders differ between the English and the translation."""
    msgid = entry.msgid
    if "%" not in msgid and "{" not in msgid and entry.msgid_plural is None:
        msgstr = entry.msgstr
        if "%" not in msgstr and "{" not in msgstr:
            return  # the common case: nothing to compare
    # In a C catalog xgettext flags every format string, so an unflagged "%d" is
    # strftime or plain text: unflagged strings are guessed at only in Python catalogs.
    often = ctx.plural.often if ctx.plural else None  # None: msgfmt's relaxed plural rule
    for index, text in enumerate(entry.strings):
        if not text:
            continue  # an empty form is the plurals check's finding
        # One finding per string: a renamed placeholder is one mistake, not two.
        messages = placeholder_problems(entry, index, often, ctx.guess_python)
        if messages:
            where = f"msgstr[{index}]: " if entry.plural else ""
            yield Problem(where + "; ".join(messages), entry.string_line(index))
