"""Placeholders of every gettext format this project reads, parsed once and shared by the site,
the merge and the checker.

One module per syntax parses a string as GNU gettext 0.21 does (``format-*.c``) and
compares a translation with the English as their ``format_check`` does under ``msgfmt
-c``: python-format, python-brace-format, c-format, objc-format, qt-format,
kde-format, sh-format, perl-brace-format, javascript-format, php-format and
perl-format. For the two Python formats the program's own behaviour is asked too: the
translation is formatted with arguments that fit the English, and what raises is broken
even where GNU sees nothing (a brace name in another script, a field GNU 0.21 cannot
read). So a translation is broken when msgfmt -c rejects it or Python raises on it; the
merge asks only the first (it must do what msgmerge does).

Entries with no format flag at all are checked only when the caller guesses (catalogs
of Python code) and then leniently, as python-format or python-brace-format: what does
not parse is text, a ``%`` followed by a space is never a placeholder ("50 % de la
dose"), and an unnamed ``%`` directive counts only as ``%s %d %i %f %r``.
"""

from __future__ import annotations

from .judge import (
    BRACE_FORMAT,
    C_FORMAT,
    CHECKED,
    FORMATS,
    PYTHON_FORMAT,
    FormatProblem,
    breaks_format,
    checked_formats,
    compare_formats,
    converted,
    format_flags,
    format_problems,
    names_unparsed_format,
    parse_format,
    placeholder_problems,
    strict_form,
)
from .model import FormatString, Placeholder

__all__ = [
    "BRACE_FORMAT",
    "C_FORMAT",
    "CHECKED",
    "FORMATS",
    "PYTHON_FORMAT",
    "FormatProblem",
    "FormatString",
    "Placeholder",
    "breaks_format",
    "checked_formats",
    "converted",
    "compare_formats",
    "format_flags",
    "format_problems",
    "names_unparsed_format",
    "parse_format",
    "placeholder_problems",
    "strict_form",
]
