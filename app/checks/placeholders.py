"""Placeholders: ``%(name)s``/``%s`` (python-format) and ``{name}`` (python-brace-format).

Checked whether or not the entry carries the flag: an unflagged msgid is treated
as python-format when it holds a named placeholder or a plain ``%s %d %i %f %r``,
and as python-brace-format when it holds ``{name}`` or ``{0}``. A ``%`` followed by a
space is never a placeholder, so "50 % de la dose" is text, not ``% d``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check

# Python's printf grammar without the space flag (a typographic space before %).
_PERCENT_RE = re.compile(
    r"%(?:\((?P<name>[^()]*)\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_COMMON = frozenset("sdifr")  # conversions trusted in an unflagged string
_BRACE_RE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")
_FIELD_RE = re.compile(r"(\w*)(?:[.\[][^!:]*)?(?:![rsa])?(?::.*)?\Z", re.DOTALL)
_KINDS = {"i": "d", "u": "d", "F": "f", "E": "e", "G": "g", "X": "x", "r": "s", "a": "s"}


def percent_specs(text: str, trusted: bool) -> list[tuple[str | None, str, str]]:
    """The ``(name, kind, spelling)`` of each %-placeholder (``%%`` left out)."""
    specs = []
    for match in _PERCENT_RE.finditer(text):
        conv = match.group("conv")
        name = match.group("name")
        if conv == "%" or (not trusted and name is None and conv not in _COMMON):
            continue
        specs.append((name, _KINDS.get(conv, conv), match.group(0)))
    return specs


def brace_fields(text: str, trusted: bool) -> list[tuple[str, str]]:
    """The ``(name, spelling)`` of each ``{field}``; ``""`` for an auto-numbered ``{}``."""
    fields = []
    for match in _BRACE_RE.finditer(text):
        field = match.group("field")
        if field is None:
            continue  # an escaped {{ or }}
        parsed = _FIELD_RE.match(field)
        if parsed is None or (not trusted and not parsed.group(1)):
            continue
        fields.append((parsed.group(1), match.group(0)))
    return fields


def _percent_problems(entry: Entry, text: str, strict: bool, guess: bool) -> Iterator[str]:
    trusted = "python-format" in entry.flags
    if not (trusted or guess):
        return
    main = percent_specs(entry.msgid_plural or entry.msgid, trusted)
    singular = percent_specs(entry.msgid, trusted) if entry.plural else main
    if not (trusted or main or singular):
        return
    target = percent_specs(text, trusted)
    required = {name: spec for name, _, spec in main if name is not None}
    allowed = {name: (kind, spec) for name, kind, spec in singular + main if name is not None}
    named = {name: (kind, spec) for name, kind, spec in target if name is not None}
    if allowed or named:
        for name, (kind, spec) in named.items():
            if name not in allowed:
                yield f"{spec} is not in the English: a translation cannot add a placeholder"
            elif allowed[name][0] != kind:
                yield f"{spec} should be {allowed[name][1]}, as in the English"
        if strict:
            yield from (
                f"{spec} is missing" for name, spec in required.items() if name not in named
            )
        return
    kinds = [kind for _, kind, _ in target]
    if kinds == [kind for _, kind, _ in main]:
        return
    if not strict and kinds == [kind for _, kind, _ in singular]:
        return  # a form for one n may follow the singular English
    expected = " ".join(spec for _, _, spec in main) or "none"
    found = " ".join(spec for _, _, spec in target) or "none"
    yield f"placeholders {found} do not match the English ({expected}, in this order)"


def _brace_problems(entry: Entry, text: str, strict: bool, guess: bool) -> Iterator[str]:
    trusted = "python-brace-format" in entry.flags
    if not (trusted or guess):
        return
    main = brace_fields(entry.msgid_plural or entry.msgid, trusted)
    singular = brace_fields(entry.msgid, trusted) if entry.plural else main
    if not (trusted or main or singular):
        return
    target = brace_fields(text, True)
    allowed = {name for name, _ in singular + main}
    found = {name: spec for name, spec in target}
    for name, spec in found.items():
        if name not in allowed:
            yield f"{spec} is not in the English: a translation cannot add a placeholder"
    if strict:
        for name, spec in dict(main).items():
            if name and name not in found:
                yield f"{spec} is missing"
    autos = sum(1 for name, _ in target if not name)
    expected = sum(1 for name, _ in main if not name)
    if autos > expected or (strict and autos != expected):
        yield f"{autos} {{}} placeholder(s) where the English has {expected}"


@entry_check(Severity.ERROR)
def placeholders(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """Placeholders differ between the English and the translation."""
    msgid = entry.msgid
    if "%" not in msgid and "{" not in msgid and entry.msgid_plural is None:
        msgstr = entry.msgstr
        if "%" not in msgstr and "{" not in msgstr:
            return  # the common case: nothing to compare
    if entry.msgid_plural is None and _PERCENT_RE.findall(msgid) == _PERCENT_RE.findall(
        entry.msgstr
    ):
        if "{" not in msgid or _BRACE_RE.findall(msgid) == _BRACE_RE.findall(entry.msgstr):
            return  # the same placeholders in the same order: nothing can be wrong
    flags = entry.flags
    for flag in flags:
        if flag.endswith("-format") and not flag.startswith("python"):
            return  # another language's format (C, shell...), or no-python-format: not ours
    # Unflagged strings are guessed at only in catalogs of Python code: in a C catalog
    # xgettext flags every format string, so an unflagged "%d" is strftime or plain text.
    guess = not any(f in flags for f in ("python-format", "python-brace-format")) and (
        ctx.guess_python
    )
    often = ctx.plural.often if ctx.plural and entry.plural else ()
    for index, text in enumerate(entry.strings):
        if not text:
            continue
        # msgfmt's rule: a plural form used for few n (e.g. only n=1) may leave the number out.
        strict = not entry.plural or index >= len(often) or often[index]
        where = f"msgstr[{index}]: " if entry.plural else ""
        # One finding per string: a renamed placeholder is one mistake, not two.
        messages = [*_percent_problems(entry, text, strict, guess)]
        messages += _brace_problems(entry, text, strict, guess)
        if messages:
            yield Problem(where + "; ".join(messages), entry.string_line(index))
