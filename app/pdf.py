"""Print the handout page to PDF with WeasyPrint: tagged, fonts embedded, same bytes each time.

WeasyPrint lays the page out with Pango and HarfBuzz (the shaping a browser does:
Arabic joining, Devanagari conjuncts, CJK line breaking), embeds every font as a
subset, writes real text with a ToUnicode map, and tags the PDF (PDF/UA-1: a
structure tree, the document's language and title). It is imported only here and
only when a PDF is asked for: the site runs without it, and without Pango the
handout command stops with ``PdfEngineMissingError``, one line saying what to install.

Two things are done before WeasyPrint sees the page:

- **Nothing is fetched from outside.** The only URLs the engine may read are the
  page's own stylesheet and the fonts made here, served from memory
  (``_Resources``); any other URL is refused, so a translation can never make the
  engine reach the network or the disk.
- **CJK fonts are subset first.** WeasyPrint keeps each font's glyph numbers when
  it subsets (``retain-gids``), and the Noto CJK faces hold 65,000 glyphs: a single
  page in Chinese came out at 350 KB of mostly empty glyph slots. The faces listed in
  ``PRESUBSET`` are cut with HarfBuzz (uharfbuzz, ~20 ms a face) to the characters of
  the page, under a private family name that ``handout.css`` lists first.
"""

from __future__ import annotations

import html as html_lib
import logging
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
INSTALL = (
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig "
    "fonts-noto-core fonts-noto-cjk, then pip install -e . (WeasyPrint, uharfbuzz)"
)
PAPERS = {"a4": "A4", "letter": "letter"}  # CSS page sizes: 210 × 297 mm, 8.5 × 11 in
FONT_PATH = "/.handout-fonts/"  # where the subset faces are served from, to the engine only


class PdfEngineMissingError(Exception):
    """WeasyPrint, Pango or a font the handout needs is not installed."""


class PdfError(Exception):
    """The page could not be printed (a resource it needs is missing)."""


@dataclass(frozen=True)
class Presubset:
    """A large face that is cut to the page's characters before the engine embeds it."""

    family: str  # the private name handout.css lists first
    system_family: str  # the installed family it is cut from (fontconfig)
    package: str  # the Debian package that installs it


PRESUBSET = (
    Presubset("Handout CJK SC", "Noto Sans CJK SC", "fonts-noto-cjk"),
    Presubset("Handout CJK TC", "Noto Sans CJK TC", "fonts-noto-cjk"),
    Presubset("Handout CJK JP", "Noto Sans CJK JP", "fonts-noto-cjk"),
    Presubset("Handout CJK KR", "Noto Sans CJK KR", "fonts-noto-cjk"),
)
# The face each language is set in (handout.css says the same with :lang()); a handout
# in a language whose face is missing would print boxes (tofu), so it is refused.
FACES = {
    "ar": ("Noto Sans Arabic", "fonts-noto-core"),
    "fa": ("Noto Sans Arabic", "fonts-noto-core"),
    "ur": ("Noto Sans Arabic", "fonts-noto-core"),
    "hi": ("Noto Sans Devanagari", "fonts-noto-core"),
    "mr": ("Noto Sans Devanagari", "fonts-noto-core"),
    "ne": ("Noto Sans Devanagari", "fonts-noto-core"),
    "zh-Hans": ("Noto Sans CJK SC", "fonts-noto-cjk"),
    "zh-Hant": ("Noto Sans CJK TC", "fonts-noto-cjk"),
    "ja": ("Noto Sans CJK JP", "fonts-noto-cjk"),
    "ko": ("Noto Sans CJK KR", "fonts-noto-cjk"),
}
LATIN = ("Noto Sans", "fonts-noto-core")  # English, and every language not listed above
WEIGHTS = (400, 700)  # body text and headings
GENERATED = "•0123456789 /"  # characters handout.css adds: list bullets, page numbers


def load_engine() -> Any:
    """The ``weasyprint`` module; ``PdfEngineMissingError`` if it or Pango cannot load."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as e:  # OSError: cffi could not open libpango
        raise PdfEngineMissingError(
            f"the PDF engine cannot start ({_first_line(e)}): {INSTALL}"
        ) from e
    return weasyprint


def face_for(tag: str) -> tuple[str, str]:
    """The family a language is set in and the package that installs it."""
    return FACES.get(tag) or FACES.get(tag.split("-")[0]) or LATIN


def render_pdf(
    page: str,
    *,
    base_url: str,
    resources: Mapping[str, bytes],
    paper: str = "a4",
    lang: str,
) -> bytes:
    """The handout page ``page`` (HTML) as PDF bytes, on ``paper`` (``a4`` or ``letter``).

    ``resources`` maps a URL path (``/assets/handout.<hash>.css``) to the bytes the
    page may load; ``base_url`` is the site's public address, against which the
    page's links are resolved. ``lang`` is the page's language (BCP 47).
    """
    weasyprint = load_engine()
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    for tag in (lang, "en"):
        require_font(*face_for(tag))
    text = html_lib.unescape(page)
    fonts = {f"{FONT_PATH}{name}": data for name, data in _subset_faces(text, lang).items()}
    served = {**resources, **fonts}
    base = base_url.rstrip("/")

    class _Resources(URLFetcher):  # type: ignore[misc]
        """Serves ``served`` and refuses every other URL (no network, no files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = url[len(base) :] if url.startswith(base + "/") else None
            if path is None or path not in served:
                raise PdfError(f"the handout may not load {url}")
            body, kind = served[path], "font/otf"
            if path.endswith(".css"):
                body, kind = for_print(body.decode()).encode(), "text/css"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    fetcher = _Resources(fail_on_errors=True)
    font_config = FontConfiguration()
    faces = "".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {weight}; '
        f'src: url("{base}{FONT_PATH}{_file_name(face.family, weight)}"); }}\n'
        for face in PRESUBSET
        for weight in WEIGHTS
        if f"{FONT_PATH}{_file_name(face.family, weight)}" in fonts
    )
    extra = weasyprint.CSS(
        string=f"{faces}@page {{ size: {PAPERS[paper]}; }}",
        base_url=base + "/",
        url_fetcher=fetcher,
        font_config=font_config,
    )
    document = weasyprint.HTML(string=page, base_url=base + "/", url_fetcher=fetcher)
    try:
        with _actual_text(), _engine_warnings() as warnings:
            data: bytes = document.write_pdf(
                stylesheets=[extra],
                font_config=font_config,
                pdf_variant="pdf/ua-1",  # tagged, with the language and title screen readers need
                pdf_identifier=b"guide-handout",  # fixed, so the same page gives the same bytes
            )
    except weasyprint.urls.FatalURLFetchingError as e:
        raise PdfError(_first_line(e.__cause__ or e)) from e
    boxes = sorted({w.split("(U+")[1].rstrip(")") for w in warnings if w.startswith(".notdef")})
    if boxes:  # a character no installed font has would print as a box (tofu)
        raise PdfEngineMissingError(
            f"no installed font has U+{', U+'.join(boxes)}: install the fonts for this "
            f"language (apt-get install {face_for(lang)[1]})"
        )
    for warning in warnings:
        log.warning("PDF engine: %s", warning)
    return data


def for_print(stylesheet: str) -> str:
    """``stylesheet`` without its ``@media`` rules that never apply to print.

    WeasyPrint 70 reads media types but not media features: it warns about, and drops,
    ``@media screen and (max-width: 40rem)``. Dropped here, the rules it would ignore
    anyway leave no warning, so the warnings that remain are worth reading.
    """
    import tinycss2  # type: ignore[import-untyped]

    kept = []
    for rule in tinycss2.parse_stylesheet(stylesheet):
        if rule.type == "at-rule" and rule.lower_at_keyword == "media":
            queries = tinycss2.serialize(rule.prelude).lower().split(",")
            if not any(_applies_to_print(query.split()) for query in queries):
                continue
        kept.append(rule)
    serialized: str = tinycss2.serialize(kept)
    return serialized


def _applies_to_print(query: list[str]) -> bool:
    words = [word for word in query if word not in ("only", "and")]
    if words[:1] == ["not"]:
        return words[1:2] != ["print"] and words[1:2] != ["all"]
    return not words or words[0] in ("print", "all") or words[0].startswith("(")


@contextmanager
def _engine_warnings() -> Iterator[list[str]]:
    """WeasyPrint's warnings while it prints, collected instead of logged."""
    engine_log = logging.getLogger("weasyprint")
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                found.append(record.getMessage())

    handler = Collect()
    engine_log.addHandler(handler)
    propagate, engine_log.propagate = engine_log.propagate, False
    try:
        yield found
    finally:
        engine_log.removeHandler(handler)
        engine_log.propagate = propagate


@contextmanager
def _actual_text() -> Iterator[None]:
    """While printing, give every run of text its own words as ``/ActualText``.

    A PDF maps each glyph to text once for the whole file (ToUnicode), which cannot say
    that the glyph for द is "द" alone but, inside the conjunct र्द, part of "र्द": WeasyPrint
    70 maps it once, and pdftotext then reads दर्द as "ददर्द" and Arabic لإ backwards.
    A marked-content ``/Span`` with ``/ActualText`` is the PDF's answer (ISO 32000 14.9.4,
    what Chromium writes too): copy, search and screen readers use the run's text
    itself. WeasyPrint already opens such a Span, with its MCID, around each run of text
    of a tagged PDF; this adds the text to it. If WeasyPrint changes how it writes the
    Span, nothing is added and the handout tests' text comparison fails.
    """
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.formatting_structure.boxes import TextBox  # type: ignore[import-untyped]
    from weasyprint.pdf.stream import Stream  # type: ignore[import-untyped]

    original = Stream.marked

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            opened = self.stream[-3:]
            if (
                tag == "Span"
                and isinstance(box, TextBox)
                and not _right_to_left(box.text)
                and len(opened) == 3
                and opened[2] == b"BDC"
                and isinstance(opened[1], pydyf.Dictionary)
            ):
                opened[1]["ActualText"] = pydyf.String(box.text)
            yield

    Stream.marked = marked
    try:
        yield
    finally:
        Stream.marked = original


def require_font(family: str, package: str) -> None:
    """Stop with what to install when ``family`` is not installed (it would print as boxes)."""
    if _match(family, 400) is None:
        raise PdfEngineMissingError(
            f"the font {family!r} is not installed: apt-get install {package} fontconfig"
        )


def _subset_faces(text: str, lang: str) -> dict[str, bytes]:
    """The language's face, cut to ``text``, if it is one of ``PRESUBSET``: file name → bytes."""
    import uharfbuzz as hb  # type: ignore[import-untyped]

    family = face_for(lang)[0]
    wanted = {ord(char) for char in text + GENERATED}
    faces = {}
    for face in PRESUBSET:
        if face.system_family != family:
            continue
        for weight in WEIGHTS:
            found = _match(face.system_family, weight)
            if found is None:
                continue
            path, index = found
            source = hb.Face(hb.Blob.from_file_path(path), index)
            subset = hb.SubsetInput()
            for code in sorted(wanted & set(source.unicodes)):
                subset.unicode_set.add(code)
            subset.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
            faces[_file_name(face.family, weight)] = hb.subset(source, subset).blob.data
    return faces


def _file_name(family: str, weight: int) -> str:
    return f"{family.replace(' ', '-')}-{weight}.otf"


def _match(family: str, weight: int) -> tuple[str, int] | None:
    """The file and face index fontconfig picks for ``family`` at ``weight``, if installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise PdfEngineMissingError(f"fc-match is not installed: {INSTALL}")
    style = "bold" if weight >= 600 else "regular"
    result = subprocess.run(
        [fc_match, "--format=%{family}\t%{file}\t%{index}", f"{family}:{style}"],
        capture_output=True,
        text=True,
        check=False,
    )
    families, _, rest = result.stdout.partition("\t")
    path, _, index = rest.partition("\t")
    if result.returncode != 0 or family not in families.split(","):
        return None
    return path, int(index or 0)


def _right_to_left(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Arabic, Hebrew...).

    Their runs keep the glyphs' own text: poppler reads a right-to-left ActualText
    backwards, and reads Arabic well without it (except one thing, which it does with
    Chromium's PDFs too: the two letters of the lam-alef ligature come out swapped).
    """
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
