"""Markup: inline HTML or Pango tags and Markdown emphasis and links.

``markup`` (error): the translation's markup is malformed where the English's is well
formed: a tag closed in the wrong order or never closed, a closing tag that closes
nothing, an attribute with an unclosed quote, or (where the English escapes its text
as Pango and XML require, ``&amp;``) a bare ``&``. Pango then rejects the whole
string (GTK shows an empty label) and a browser nests the rest of the page wrongly.

``markup-changed`` (warning): tags or Markdown marks dropped or added, each side well
formed: ``<b>`` added for emphasis, a link left out. Nothing breaks, but a reviewer
should look.

Only real HTML and Pango element names count as tags, so usage text such as
``<LOCATION>`` or ``<file>`` in a command-line help string is left alone. Markdown
``_emphasis_`` is not checked: underscores in names and paths make it unreliable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(\s[^<>]*?)?\s*(/?)>")
_HTML = frozenset(
    "a abbr b bdi bdo big br button cite code data del dfn div em h1 h2 h3 h4 h5 h6 hr i img "
    "input ins kbd label li mark ol p pre q s samp small span strong sub sup table tbody td "
    "th thead time tr tt u ul var wbr".split()  # HTML's inline and block tags, and Pango's
)
_VOID = frozenset("br hr img input wbr".split())
# name, name=value, name="value", name='value', separated by spaces.
_ATTRIBUTES_RE = re.compile(r"""(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*""")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_XML_ESCAPES = re.compile(r"&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);")
_LINK_RE = re.compile(r"\[[^\[\]\n]*\]\([^()\s]*\)")
_STRONG_RE = re.compile(r"\*\*(?=\S)(?:[^*]|\*(?!\*))+?(?<=\S)\*\*")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])")


@dataclass(frozen=True)
class Markup:
    """The markup of one string."""

    tags: Counter[str]
    order_error: str | None  # why the tags are malformed; None when they are well formed
    tolerated: bool  # only a closing tag out of place, which browsers ignore (Pango does not)
    links: int
    strong: int
    emphasis: int
    escaped: bool = False  # the text escapes & as XML does (&amp;): Pango markup


def read_markup(text: str) -> Markup:
    """Collect the tags (checking that they nest) and Markdown marks of ``text``."""
    tags: Counter[str] = Counter()
    stack: list[str] = []
    error = None
    tolerated = False
    if "<" in text:
        for match in _TAG_RE.finditer(text):
            closing, name, attributes, selfclosing = match.groups()
            name = name.lower()
            if name not in _HTML:
                continue
            if attributes and error is None and not _ATTRIBUTES_RE.fullmatch(attributes):
                error = f"the attributes of {match.group(0)} are malformed (a quote not closed?)"
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
                tolerated = True
                if name in stack:  # <b><i>x</b>: <b> closes, <i> stays open (as in HTML)
                    del stack[len(stack) - 1 - stack[::-1].index(name)]
        if stack and (error is None or tolerated):
            error, tolerated = f"<{stack[-1]}> is never closed", False
    links = strong = emphasis = 0
    if "[" in text:
        links = len(_LINK_RE.findall(text))
    if "*" in text:
        strong = len(_STRONG_RE.findall(text))
        emphasis = len(_EMPHASIS_RE.findall(_STRONG_RE.sub(" ", text)))
    escaped = "&" in text and _XML_ESCAPES.search(text) is not None
    return Markup(tags, error, tolerated, links, strong, emphasis, escaped)


def _bare_ampersand(text: str) -> bool:
    """Whether ``text`` has an ``&`` that starts no entity (Pango rejects it)."""
    return "&" in text and text.count("&") != len(_ENTITY_RE.findall(text))


def _marked(text: str) -> bool:
    return "<" in text or "*" in text or "[" in text


def _pairs(ctx: CatalogContext, entry: Entry) -> list[tuple[int, Markup, Markup]]:
    """(index, English markup, translation markup) of each translation that may have markup."""
    source_text = entry.msgid_plural or entry.msgid
    marked = _marked(source_text)
    if not marked and entry.msgid_plural is None and not _marked(entry.msgstr):
        return []  # the common case: no markup on either side
    memo = ctx.extra.get("markup")  # both checks ask about the same entry in turn
    if isinstance(memo, tuple) and memo[0] is entry:
        return cast("list[tuple[int, Markup, Markup]]", memo[1])
    source: Markup | None = None
    pairs = []
    for index, text in enumerate(entry.strings):
        if text and (marked or _marked(text)):
            source = source or read_markup(source_text)
            pairs.append((index, source, read_markup(text)))
    ctx.extra["markup"] = (entry, pairs)
    return pairs


@entry_check(Severity.ERROR)
def markup(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """The translation's tags are malformed where the English's are not: Pango and HTML break."""
    for index, source, target in _pairs(ctx, entry):
        where = f"msgstr[{index}]: " if entry.plural else ""
        if _breaks(ctx, source, target):
            effect = (
                "Pango rejects the whole string (GTK then shows none of it)"
                if target.tolerated
                else "a browser applies it to the rest of the page, and Pango rejects "
                "the whole string"
            )
            yield Problem(
                f"{where}malformed markup: {target.order_error} (the English's tags are "
                f"well formed): {effect}",
                entry.string_line(index),
            )
        elif (
            source.escaped
            and not source.order_error
            and (source.tags or target.tags)
            and _bare_ampersand(entry.strings[index])
            and not _bare_ampersand(entry.msgid_plural or entry.msgid)
        ):
            yield Problem(
                f"{where}a bare & in markup whose English writes &amp;: Pango rejects "
                "the whole string; write &amp;",
                entry.string_line(index),
            )


@entry_check(Severity.WARNING)
def markup_changed(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    """HTML tags or Markdown emphasis and links are dropped or added."""
    for index, source, target in _pairs(ctx, entry):
        if _breaks(ctx, source, target):
            continue  # the markup check's finding
        # Markdown (and reST) emphasis counts in catalogs of Python code; in C, "*" is a
        # wildcard or a pointer, and only a [link](url) is surely Markdown.
        markdown = ctx.guess_python or bool(source.links)
        where = f"msgstr[{index}]: " if entry.plural else ""
        messages = list(_differences(source, target, markdown))
        if target.order_error and not source.order_error:
            stray = (
                f"{target.order_error}: browsers ignore a closing tag out of place, "
                "but Pango would reject the string"
            )
            messages = [f"{messages[0]} ({stray})", *messages[1:]] if messages else [stray]
        for message in messages:
            yield Problem(where + message, entry.string_line(index))


def _breaks(ctx: CatalogContext, source: Markup, target: Markup) -> bool:
    """Whether malformed tags break the translation where the English's are well formed.

    A closing tag out of place breaks Pango (GTK, in catalogs of C code) but not a
    browser (the HTML of Python web catalogs); a tag never closed breaks both.
    """
    if target.order_error is None or source.order_error is not None:
        return False
    return not (target.tolerated and ctx.guess_python)


def _differences(source: Markup, target: Markup, markdown: bool) -> Iterator[str]:
    if source.tags != target.tags:
        dropped = source.tags - target.tags
        added = target.tags - source.tags
        parts = []
        if dropped:
            parts.append("dropped " + " ".join(sorted(dropped.elements())))
        if added:
            parts.append("added " + " ".join(sorted(added.elements())))
        yield "tags differ from the English: " + "; ".join(parts)
    if not markdown:
        return
    if source.links != target.links:
        yield f"{target.links} Markdown link(s) [text](url) where the English has {source.links}"
    if source.strong != target.strong:
        yield f"{target.strong} **bold** span(s) where the English has {source.strong}"
    if source.emphasis != target.emphasis:
        yield f"{target.emphasis} *emphasis* span(s) where the English has {source.emphasis}"
