"""Turn messages into safe HTML for one page in one locale, never mixing languages silently.

Translations are untrusted text: content blocks go through a Markdown renderer
with raw HTML disabled (so ``<script>`` becomes text), UI strings are escaped,
and every English fallback is wrapped in ``<span lang="en" dir="ltr">`` and
counted, so the page can tell the reader that part of it is not translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .content import Block
from .source_issues import anchor
from .translations import Key, Translation

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
# CLDR numbering systems whose digits patients expect instead of 0-9 (Persian: ۰۱۲…).
_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "deva": "०१२३४५६७८९",
    "beng": "০১২৩৪৫৬৭৮৯",
}


def render_inline(text: str) -> Markup:
    """Inline Markdown (emphasis, links, code) as HTML; any raw HTML is escaped."""
    return Markup(_MARKDOWN.renderInline(text))


def english(html: Markup) -> Markup:
    """Mark HTML as English, for a fallback inside a page in another language."""
    return Markup('<span lang="en" dir="ltr">{}</span>').format(html)


def traced(html: Markup, translation: Translation, key: Key) -> Markup:
    """Preview only: highlight a fallback with its catalog line and, if fuzzy, the old English."""
    unused = translation.unused.get(key)
    if unused is None:
        kind, where, reason = "missing", f"not in {translation.path}", "missing from the catalog"
    else:
        kind = unused.reason if unused.reason in ("fuzzy", "untranslated") else "rejected"
        where, reason = f"{translation.path}:{unused.line}", unused.reason
    previous = ""
    if unused is not None and unused.previous is not None:
        previous = Markup(' data-previous="{}"').format(unused.previous)
    return Markup('<mark class="i18n i18n-{}" data-where="{}" title="{}"{}>{}</mark>').format(
        kind, where, reason, previous, html
    )


def question_link(key: Key, languages: int) -> Markup:
    """Preview, English pages: a link from a message to translators' questions about it."""
    return Markup(
        ' <a class="i18n-question" href="/translate/questions/#{}">'
        "Question from translators ({} language{})</a>"
    ).format(anchor(key), languages, "s" if languages != 1 else "")


class Translator:
    """The message lookups of one rendering: gettext for templates, blocks for content.

    ``fallbacks`` counts the messages shown in English because no usable
    translation exists; the page shows a notice when it is not zero.
    """

    def __init__(
        self, translation: Translation | None, locale: Locale, *, trace: bool = False
    ) -> None:
        self.translation = translation
        self.locale = locale
        self.trace = trace  # preview mode: fallbacks say where they come from
        self.questions: Mapping[Key, int] = {}  # preview, English: asked about, by N languages
        self.fallbacks = 0
        digits = _DIGITS.get(locale.default_numbering_system or "latn")
        self._digits = str.maketrans("0123456789", digits) if digits else None

    def _lookup(self, found: str | None, source: str) -> tuple[str, bool]:
        if self.translation is None:  # the source language
            return source, False
        if found is None:
            self.fallbacks += 1
            return source, True
        return found, False

    def _english(self, html: Markup, key: Key) -> Markup:
        if self.trace and self.translation is not None:
            html = traced(html, self.translation, key)
        return english(html)

    def _format(
        self, found: str | None, source: str, variables: dict[str, Any], key: Key
    ) -> Markup:
        text, fallback = self._lookup(found, source)
        try:
            html = escape(text) % variables
        except (KeyError, ValueError, TypeError):  # e.g. a stray "%" in a translation
            if fallback or self.translation is None:
                raise
            self.fallbacks += 1
            html, fallback = escape(source) % variables, True
        return self._english(html, key) if fallback else html

    # The four functions below follow Jinja's "newstyle" gettext: they format
    # their keyword arguments into the (escaped) string themselves.

    def gettext(self, string: str, **variables: Any) -> Markup:
        """Translate a UI string."""
        found = self.translation.get(string) if self.translation else None
        return self._format(found, string, variables, (None, string))

    def pgettext(self, context: str, string: str, **variables: Any) -> Markup:
        """Translate a UI string with a message context."""
        found = self.translation.get(string, context) if self.translation else None
        return self._format(found, string, variables, (context, string))

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> Markup:
        """Translate a UI string with plural forms; ``%(num)s`` is the number, localized."""
        return self.npgettext(None, singular, plural, num, **variables)

    def npgettext(
        self, context: str | None, singular: str, plural: str, num: int, **variables: Any
    ) -> Markup:
        """Translate a UI string with a context and plural forms."""
        variables.setdefault("num", self.number(num))
        found = self.translation.get_plural(singular, num, context) if self.translation else None
        return self._format(found, singular if num == 1 else plural, variables, (context, singular))

    def block(self, block: Block) -> Markup:
        """A content block's HTML in this locale (inline Markdown rendered safely)."""
        key = (block.context, block.text)
        found = self.translation.get(block.text, block.context) if self.translation else None
        text, fallback = self._lookup(found, block.text)
        html = render_inline(text)
        if key in self.questions:
            html += question_link(key, self.questions[key])
        return self._english(html, key) if fallback else html

    def number(self, value: int) -> str:
        """A number written for this locale, in its own digits where CLDR says so."""
        return self.digits(format_decimal(value, locale=self.locale))

    def date(self, value: date) -> str:
        """A date written in full for this locale ("26 November 2026")."""
        return self.digits(format_date(value, format="long", locale=self.locale))

    def digits(self, text: str) -> str:
        return text.translate(self._digits) if self._digits else text


class Node:
    """A piece of a page's layout: a group, a benefit, a paragraph or a bulleted list."""

    def __init__(self, kind: str, block: Block | None = None) -> None:
        self.kind = kind
        self.block = block
        self.children: list[Node] = []


def layout(blocks: tuple[Block, ...]) -> list[Node]:
    """Nest a page's blocks: groups hold benefits, benefits their text; items form lists."""
    top: list[Node] = []
    group: list[Node] = top
    target: list[Node] = top
    for block in blocks:
        if block.kind == "section":
            node = Node("section", block)
            top.append(node)
            group = target = node.children
        elif block.kind == "benefit":
            node = Node("benefit", block)
            group.append(node)
            target = node.children
        elif block.kind == "item":
            if not target or target[-1].kind != "list":
                target.append(Node("list"))
            target[-1].children.append(Node("item", block))
        else:
            target.append(Node(block.kind, block))
    return top
