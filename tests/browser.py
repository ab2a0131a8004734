"""The browser gate's checks: each looks at a page loaded in Chromium and returns findings.

Every check returns a list of strings (empty when the page passes), so the tests
assert ``== []`` and print exactly what is wrong, and the broken-variant tests
assert the finding they expect. Geometry is read from the rendered page
(``getBoundingClientRect``, ``getComputedStyle``), never from the HTML source.

Playwright is imported only for type checking, so a machine without it can still
collect the suite (the ``browser`` fixture then skips, or fails in CI).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from markdown_it import MarkdownIt
from werkzeug.serving import WSGIRequestHandler, make_server

from app.po import read_po

from .conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

# Debian's chromium, as root, with nothing that calls Google's servers.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install chromium (and pip install -e '.[dev]')"
PHONE: ViewportSize = {"width": 320, "height": 640}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
_CHECKS_JS = (Path(__file__).parent / "browser_checks.js").read_text(encoding="utf-8")


def find_chromium() -> str | None:
    """``$CHROMIUM``, else Debian's ``/usr/bin/chromium``, else one on ``PATH``; None if none."""
    if os.environ.get("CHROMIUM"):
        return shutil.which(os.environ["CHROMIUM"])
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # one line per request would drown pytest's output; errors are still logged


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Run ``app`` on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def in_page(page: Page, function: str, argument: Any = None) -> Any:
    """Call one of the functions of ``browser_checks.js`` in the page."""
    return page.evaluate(
        f"(argument) => {{ {_CHECKS_JS}\n return {function}(argument); }}", argument
    )


# -- accessibility -------------------------------------------------------------------


def axe_violations(page: Page, tags: Iterable[str] = WCAG_22_AA) -> list[str]:
    """axe-core's violations of the given rule tags, one ``rule: target (help)`` per node."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    results: dict[str, Any] = Axe().run(page, options=options).response
    return [
        f"{violation['id']}: {' '.join(node['target'])} ({violation['help']})"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


# -- layout --------------------------------------------------------------------------


def overflowing_elements(page: Page) -> list[str]:
    """Sideways scrolling, and where it starts: boxes (with their margins) or lines of text
    that leave the viewport, and boxes that stick out of their container."""
    return in_page(page, "overflow")


def mirroring_problems(page: Page, direction: str) -> list[str]:
    """Where the page does not read from its start side (right in ``rtl``, left in ``ltr``)."""
    return in_page(page, "mirroring", direction == "rtl")


# -- language ------------------------------------------------------------------------


def visible_text(page: Page, hide: str = "") -> str:
    """The page's visible text (``innerText``), without the elements that match ``hide``."""
    text: str = in_page(page, "visibleText", hide or ":not(*)")
    return text


_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]")


def plain(markdown: str) -> str:
    """Inline Markdown as the text a reader sees (``**a** [b](c)`` → ``a b``)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", _MARKDOWN.renderInline(markdown))).split())


def english_sentences(texts: Iterable[str], min_words: int = 3) -> list[str]:
    """The pieces of English worth looking for: the text between placeholders, 3+ words."""
    pieces = (" ".join(piece.split()) for text in texts for piece in _PLACEHOLDER.split(text))
    return sorted({piece.strip(" .,:;") for piece in pieces if len(piece.split()) >= min_words})


def interface_messages() -> list[str]:
    """The template's English messages that come from the site's templates (not content)."""
    template = read_po(REPO / "locales" / "messages.pot")
    return [
        text
        for entry in template.entries
        if any(ref.startswith("app/templates/") for ref in entry.references)
        for text in (entry.msgid, entry.msgid_plural)
        if text
    ]


def unmarked_english(page: Page, sentences: Iterable[str]) -> list[str]:
    """English sentences visible outside a ``lang="en"`` element (the switcher aside)."""
    text = " ".join(visible_text(page, 'nav.languages, [lang|="en"]').split())
    return [sentence for sentence in sentences if sentence in text]


def english_fallbacks(page: Page) -> list[str]:
    """Text marked ``lang="en"`` on a page in another language (outside the switcher)."""
    found: list[str] = page.locator('body [lang|="en"]').evaluate_all(
        """(els) => els.filter((el) => !el.closest("nav.languages"))
                    .map((el) => el.innerText.trim())"""
    )
    return found


_DOUBLE_STOP = re.compile(r"\S{0,20}(?<![.])[.。]\s*[.。](?![.])\s*\S{0,20}")


def doubled_full_stops(page: Page) -> list[str]:
    """Two full stops in a row (``2026 г..``): a sentence's stop after an abbreviation's."""
    return _DOUBLE_STOP.findall(" ".join(visible_text(page).split()))


# -- pseudo-localization -------------------------------------------------------------

_PSEUDO_RUN = re.compile(r"\[[^\[\]]*\]")  # accent() brackets each message: [Þåĝé ···]
_LETTER = re.compile(r"[^\W\d_]")


# Not pseudo-localized by design: each language's name in itself (the switcher's links),
# and the translators' legend of the preview (English on purpose).
PSEUDO_EXEMPT = "nav.languages a[hreflang], [data-preview]"


def unpseudolocalized_text(page: Page, allowed: Iterable[str] = ()) -> list[str]:
    """Visible text on a pseudo-locale page that is not inside a pseudo-localized message.

    Every message is bracketed by ``accent``; nested brackets (a message inside a
    message, like the tab title) are removed innermost first. What is left with a
    letter in it was never extracted. Looks at the visible text, the tab title and
    the ``aria-label``, ``alt`` and ``title`` attributes, except ``PSEUDO_EXEMPT``
    and the strings in ``allowed``.
    """
    texts = [visible_text(page, PSEUDO_EXEMPT), page.title()]
    texts += page.locator("body [aria-label], body [alt], body [title]").evaluate_all(
        """(els, exempt) => els.filter((el) => !el.closest(exempt)).flatMap((el) =>
             ["aria-label", "alt", "title"].map((name) => el.getAttribute(name) || ""))""",
        PSEUDO_EXEMPT,
    )
    found = []
    for text in texts:
        while (stripped := _PSEUDO_RUN.sub(" ", text)) != text:
            text = stripped
        for line in text.splitlines():
            line = " ".join(line.split())
            if _LETTER.search(line) and line not in allowed:
                found.append(line)
    return found


# -- keyboard and print --------------------------------------------------------------


def focus_problems(page: Page) -> list[str]:
    """Whether the focused element is on screen and shows a focus indicator."""
    return in_page(page, "focusProblems")


def focused(page: Page) -> str:
    """``tag.class`` path of the focused element, and its ``href`` if a link."""
    described: str = in_page(page, "focused")
    return described


def print_problems(page: Page) -> list[str]:
    """In print media: the article and disclaimer are shown, the menus and skip link are not."""
    page.emulate_media(media="print")
    try:
        found = []
        for selector in ("main article", "footer .disclaimer"):
            if in_page(page, "shown", selector) == 0:
                found.append(f"{selector} is not printed")
        for selector in ("nav", ".skip"):
            shown = in_page(page, "shown", selector)
            if shown:
                found.append(f"{shown} × {selector} printed")
        return found
    finally:
        page.emulate_media(media="screen")


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in ``artifacts/screenshots/`` (kept by CI, ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
