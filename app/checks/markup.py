"""Markup: inline HTML tags and Markdown emphasis and links, dropped, added or unbalanced.

Only real HTML element names count as tags, so usage text such as ``<LOCATION>``
or ``<file>`` in a command-line help string is left alone. Markdown ``_emphasis_``
is not checked: underscores in names and paths make it unreliable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*?)?\s*(/?)>")
_HTML = frozenset(
    "a abbr b bdi bdo br button cite code data del dfn div em h1 h2 h3 h4 h5 h6 hr i img "
    "input ins kbd label li mark ol p pre q s samp small span strong sub sup table tbody td "
    "th thead time tr u ul var wbr".split()
)
_VOID = frozenset("br hr img input wbr".split())
_LINK_RE = re.compile(r"\[[^\[\]\n]*\]\([^()\s]*\)")
_STRONG_RE = re.compile(r"\*\*(?=\S)(?:[^*]|\*(?!\*))+?(?<=\S)\*\*")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])")


@dataclass(frozen=True)
class Markup:
    """The markup of one string."""

    tags: Counter[str]
    order_error: str | None
    links: int
    strong: int
    emphasis: int


def read_markup(text: str) -> Markup:
    """Collect the tags (checking that they nest) and Markdown marks of ``text``."""
    tags: Counter[str] = Counter()
    stack: list[str] = []
    error = None
    if "<" in text:
        for match in _TAG_RE.finditer(text):
            closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
            if name not in _HTML:
                continue
            if name in _VOID or selfclosing:
                tags[f"<{name}/>"] += 1
                continue
            tags[f"<{closing}{name}>"] += 1
            if not closing:
                stack.append(name)
            elif stack and stack[-1] == name:
                stack.pop()
            elif error is None:
                error = f"</{name}> closes " + (f"<{stack[-1]}>" if stack else "nothing")
        if stack and error is None:
            error = f"<{stack[-1]}> is never closed"
    links = strong = emphasis = 0
    if "[" in text:
        links = len(_LINK_RE.findall(text))
    if "*" in text:
        strong = len(_STRONG_RE.findall(text))
        emphasis = len(_EMPHASIS_RE.findall(_STRONG_RE.sub(" ", text)))
    return Markup(tags, error, links, strong, emphasis)


def _differences(source: Markup, target: Markup, markdown: bool) -> Iterator[str]:
    if source.tags != target.tags:
        dropped = source.tags - target.tags
        added = target.tags - source.tags
        parts = []
        if dropped:
            parts.append("dropped " + " ".join(sorted(dropped.elements())))
        if added:
            parts.append("added " + " ".join(sorted(added.elements())))
        yield "HTML tags differ from the English: " + "; ".join(parts)
    elif target.order_error and not source.order_error:
        yield f"HTML tags are unbalanced: {target.order_error}"
    if not markdown:
        return
    if source.links != target.links:
        yield f"{target.links} Markdown link(s) [text](url) where the English has {source.links}"
    if source.strong != target.strong:
        yield f"{target.strong} **bold** span(s) where the English has {source.strong}"
    if source.emphasis != target.emphasis:
        yield f"{target.emphasis} *emphasis* span(s) where the English has {source.emphasis}"


@entry_check(Severity.ERROR)
def markup(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """HTML tags or Markdown emphasis and links are dropped, added or unbalanced."""
    source_text = entry.msgid_plural or entry.msgid
    marked = "<" in source_text or "*" in source_text or "[" in source_text
    if not marked and entry.msgid_plural is None:
        text = entry.msgstr
        if "<" not in text and "*" not in text and "[" not in text:
            return  # the common case: no markup on either side
    source: Markup | None = None
    for index, text in enumerate(entry.strings):
        if not text or not (marked or "<" in text or "*" in text or "[" in text):
            continue
        source = source or read_markup(source_text)
        # Markdown added where the English has none matters only in our own (Python,
        # Markdown) catalogs; in a C catalog a "*" is a wildcard or a pointer.
        markdown = ctx.guess_python or bool(source.links or source.strong or source.emphasis)
        where = f"msgstr[{index}]: " if entry.plural else ""
        for message in _differences(source, read_markup(text), markdown):
            yield Problem(where + message, entry.string_line(index))
