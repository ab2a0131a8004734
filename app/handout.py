"""The bilingual handout: every block of the guide in the reader's language beside the English.

This module builds what the handout shows, from the content, the review dates and
the public address; ``templates/handout.html`` lays it out and ``app/pdf.py`` prints
it. It never touches Flask: the views and the PDF command both call it.

Each guide page becomes a *part* of the handout, with the dates the site shows
under that page's title: when it was last reviewed (the English version the
translation follows) and, where every message of the page has a current review
(``Record.last_reviewed``, computed once by ``Site``), when its translation was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import segno
from markupsafe import Markup

from .content import Content, Page
from .rendering import Node, layout

# URL segment of the handout under /<lang>/ (a page with this id would be hidden by it).
SEGMENT = "handout"


@dataclass(frozen=True)
class Part:
    """One page of the guide in the handout: its blocks nested as on the site, and its dates."""

    page: Page
    nodes: tuple[Node, ...]
    translation_reviewed: date | None  # None: not all of this page's translation is reviewed


@dataclass(frozen=True)
class Handout:
    """Everything one handout shows, for one locale."""

    parts: tuple[Part, ...]
    online_url: str | None  # the guide in this language on the public site; None if unknown
    qr_code: Markup | None  # that address as an inline SVG QR code


def build_handout(
    content: Content,
    reviewed: Mapping[tuple[str, str], date],
    code: str,
    online_url: str | None,
) -> Handout:
    """The handout of locale ``code`` (gettext code) over every page of ``content``.

    ``reviewed`` maps (locale code, page id) to the day that page's translation was
    last reviewed as it stands (``Site.reviewed``); ``online_url`` is the absolute
    address of the guide in this language, built from the configured public base URL.
    """
    parts = tuple(
        Part(page, tuple(layout(page.blocks)), reviewed.get((code, page.id)))
        for page in content.pages
    )
    qr = qr_svg(online_url) if online_url else None
    return Handout(parts, online_url, qr)


def qr_svg(url: str) -> Markup:
    """``url`` as a QR code in inline SVG, hidden from screen readers (the address is text too).

    Error correction M (15%) survives a smudged or folded sheet; a 4-module quiet zone
    is what the QR specification asks for, so phone cameras find it on a busy page.
    """
    code = segno.make(url, error="m", micro=False, boost_error=False)
    svg = code.svg_inline(scale=1, border=4, svgclass="qr", lineclass=None, omitsize=True)
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
