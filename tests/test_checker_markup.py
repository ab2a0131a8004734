"""The markup checks: an error only where HTML or Pango breaks, a message true about who breaks.

A string is markup only when its English is: ``<from>`` or ``<time>`` never closed are the
words of a command line's usage text, and their translations are not judged as tags.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import i18n

from .checker_helpers import catalog, write

C_ENTRY = '\n#, c-format\nmsgid "could not open %s"\nmsgstr "impossible d\'ouvrir %s"\n'


def markup_findings(tmp_path: Path, msgid: str, msgstr: str, c: bool) -> list[tuple[str, str]]:
    """(check, message) of the markup checks on one entry, in a C or a Python catalog."""
    body = (C_ENTRY if c else "") + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    path = write(tmp_path / "fr.po", catalog(body))
    result = CliRunner().invoke(
        i18n,
        ["--root", str(tmp_path), "check", str(path), "--select", "markup,markup-changed"]
        + ["--format", "json"],
    )
    findings = json.loads(result.stdout)["findings"]
    return [(f["check"], f["message"]) for f in findings]


C, PY = True, False


@pytest.mark.parametrize(
    ("c", "msgid", "msgstr"),
    [
        # git usage text: metavariables translated into words that are HTML tag names.
        (C, "convert <from> to <to> in anonymized output", "converteix <de> a <a> en la sortida"),
        (C, "expire objects older than <time>", "expirar objetos mais velhos que <tempo>"),
        (C, "use <data> as the message", "utilitza <dades> com a missatge"),
        (C, "add <mark> to the list", "aggiungi <segno> alla lista"),
        (C, "--config <option>", "--config <opció>"),
        (C, "read from <input>", "lire depuis <entrée>"),
        (PY, "show <label> for <time>", "montrer <étiquette> pendant <durée>"),
        # Real markup plus a metavariable: the metavariable is a word on both sides.
        (C, "<b>Usage:</b> git <command>", "<b>Uso:</b> git <comando>"),
        (C, "<b>Usage:</b> convert <to>", "<b>Ús:</b> converteix <a>"),
        (PY, "<b>Usage:</b> git log <time>", "<b>Uso:</b> git log <tempo>"),
        # An English whose own tags are malformed is not markup to compare with.
        (C, "<b>Bold</i> text", "<b>Gras</b> texte"),
        # Quassel: <i> left open in an English that closes <i> elsewhere is a slip of the
        # English, not a word such as <command>; the translation copies it.
        (
            C,
            "<b>Rule:</b><br/><i>Example:<i><br/>- <u>the sender <i>nick<i></u><br/><i>Ex:</i>",
            "<b>Regel:</b><br/><i>Beispiel:<i><br/>- <u>Absender <i>nick<i></u><br/><i>Bsp.</i>",
        ),
        # HTML ends <p> and <li> by itself: the same omission on both sides is fine.
        (PY, "<ul><li>One<li>Two</ul>", "<ul><li>Un<li>Deux</ul>"),
        # An English that talks about tags (an empty <b></b> shows nothing as markup): text.
        (C, "Similarly, <b></b> tags will make the text bold.", "Ομοίως, <b><b/> έντονα."),
        # Markup that matches.
        (C, "<b>Fish &amp; %s</b>", "<b>Poisson &amp; %s</b>"),
        (PY, "Line one<br>Line two", "Ligne un<br/>Ligne deux"),
        # friendica: HTML's void elements need no end tag, however the English writes them.
        (PY, "profile.<br />It <strong>may</strong>", "profil.<br>Den <strong>kan</strong>"),
        (PY, "One<hr />Two<wbr />", "Un<hr>Deux<wbr>"),
        # A tag name in capitals is the same tag in HTML.
        (PY, "<B>Tabs</B>", "<b>Faner</b>"),
    ],
)
def test_no_finding(tmp_path: Path, c: bool, msgid: str, msgstr: str) -> None:
    assert markup_findings(tmp_path, msgid, msgstr, c) == []


@pytest.mark.parametrize(
    ("c", "msgid", "msgstr", "message"),
    [
        # Pango strings (C): never closed, closing nothing, a bare & where the English escapes.
        (
            C,
            "<b>Usage:</b> git <command>",
            "<b>Uso: git <comando>",
            "malformed markup: <b> is never closed (the English's markup is well formed): Pango "
            "rejects the whole string (GTK then shows none of it); in HTML, <b> runs on over "
            "the rest of the page",
        ),
        (
            C,
            "<b>%s</b> saved",
            "%s</b> enregistré",
            "malformed markup: </b> closes nothing (the English's markup is well formed): "
            "Pango rejects the whole string (GTK then shows none of it)",
        ),
        (
            C,
            "<b>Fish &amp; %s</b>",
            "<b>Poisson & %s</b>",
            "malformed markup: a bare & where the English writes &amp; (the English's markup is "
            "well formed): Pango rejects the whole string (GTK then shows none of it)",
        ),
        # HTML strings: no word about Pango, which cannot read them anyway.
        (
            PY,
            "<div>Read <b>this</b></div>",
            "<div>Lisez <b>ceci</b>",
            "malformed markup: <div> is never closed (the English's markup is well formed): in "
            "HTML, <div> runs on over what follows the string",
        ),
        (
            PY,
            "<p>See <a href='x'>this</a></p>",
            "<p>Voir <a href='x'>ceci</p>",
            "malformed markup: <a> is never closed (the English's markup is well formed): in "
            "HTML, <a> runs on over the rest of the page",
        ),
        # konsole (Qt rich text, a catalog of C code): <br> is no Pango tag, so the string is
        # not Pango's, and HTML's <b> runs on; nothing says Pango rejects it.
        (
            C,
            "<b>Warning</b>: a<br>b",
            "<b> Avertissement </ b>: a<br>b",
            "malformed markup: <b> is never closed (the English's markup is well formed): in "
            "HTML, <b> runs on over the rest of the page",
        ),
        # hexchat: Pango's tag names are lower case; </B> closes nothing and Pango rejects it.
        (
            C,
            "<b>Tabs</b>",
            "<b>Faner</B>",
            "malformed markup: </B>: Pango knows tag names in lower case only (the English's "
            "markup is well formed): Pango rejects the whole string (GTK then shows none of it)",
        ),
        # An element the end tag of its parent ends: Pango rejects it all the same.
        (
            C,
            "<span>Tab <b>%s</b></span>",
            "<span>Onglet <b>%s</span>",
            "malformed markup: <b> is never closed (the English's markup is well formed): Pango "
            "rejects the whole string (GTK then shows none of it); in HTML, <b> runs on over "
            "the rest of the page",
        ),
        (
            PY,
            'See <a href=\\"x\\">this</a>',
            'Voir <a href=\\"x>ceci</a>',
            'malformed markup: the attributes of <a href="x> have a quote not closed '
            "(the English's markup is well formed): in HTML, the text up to the next quote "
            "joins the tag (and Pango, if it reads the string, rejects all of it)",
        ),
    ],
)
def test_error_where_the_output_breaks(
    tmp_path: Path, c: bool, msgid: str, msgstr: str, message: str
) -> None:
    assert markup_findings(tmp_path, msgid, msgstr, c) == [("markup", message)]


@pytest.mark.parametrize(
    ("c", "msgid", "msgstr", "message"),
    [
        # picard: an end tag HTML lets one omit; the structure changed, nothing breaks.
        (
            PY,
            "<p>An album is a release.</p><ul><li>For example, a CD.</li></ul>",
            "<p>专辑是一个发行。<li>例如，一张 CD。</p>",
            "tags differ from the English: dropped </li> </ul> <ul> (HTML ends <li> by itself)",
        ),
        (
            PY,
            "<p>Read this first.</p>",
            "<p>Lisez ceci d'abord.",
            "tags differ from the English: dropped </p> (HTML ends <p> by itself)",
        ),
        # A closing tag out of place in HTML: browsers ignore it, Pango (C) would not.
        (
            PY,
            "Pages <span>in %s</span>",
            "Pages en %s</span>",
            "tags differ from the English: dropped <span> (</span> closes nothing: browsers "
            "accept it, but Pango would reject the string)",
        ),
        (
            PY,
            "<div>Read <b>this</b></div>",
            "<div>Lisez ceci</b></div>",
            "tags differ from the English: dropped <b> (</b> closes nothing: browsers accept it)",
        ),
        # A value quoted with a typographic quote: HTML reads it unquoted, XML does not.
        (
            PY,
            "<a href='{url}'>Report</a> it",
            "<a href=‘{url}'>Signaler</a>",
            "an attribute of <a href=‘{url}'> is not quoted as XML requires: browsers accept "
            "it, but Pango would reject the string",
        ),
        # konsole (Qt): a <span> that the string's own </p> ends; HTML ends it there too, so
        # only the italic's extent changes. (A formatting element would carry on: an error.)
        (
            PY,
            "<html><p><span style='font-style:italic;'>Tip</span> text</p></html>",
            "<html><p><span style='font-style:italic;'>Astuce texte</p></html>",
            "tags differ from the English: dropped </span> (<span> is ended by the end tag of "
            "an element around it)",
        ),
        # In HTML, a capital end tag closes; Pango would not read it.
        (
            PY,
            "<b>Tabs</b>",
            "<b>Faner</B>",
            "</B>: Pango knows tag names in lower case only: browsers accept it, but Pango "
            "would reject the string",
        ),
        # Well formed on both sides, tags changed.
        (
            C,
            "<b>%s</b> saved",
            "<i>%s</i> enregistré",
            "tags differ from the English: dropped </b> <b>; added </i> <i>",
        ),
        (PY, "Name", "<b>Nom</b>", "tags differ from the English: added </b> <b>"),
        # An English with no markup at all: a tag left open is not known to break anything.
        (PY, "Name", "<b>Nom", "tags differ from the English: added <b> (<b> is never closed)"),
        # The real tags of an English with a metavariable are still compared.
        (
            C,
            "<b>Usage:</b> git <command>",
            "Uso: git <comando>",
            "tags differ from the English: dropped </b> <b>",
        ),
        # Markdown.
        (
            PY,
            "See [the list](https://e.org/l) now.",
            "Voyez la liste maintenant.",
            "0 Markdown link(s) [text](url) where the English has 1",
        ),
        (PY, "Be **calm** now.", "Restez calme.", "0 **bold** span(s) where the English has 1"),
    ],
)
def test_warning_where_nothing_breaks(
    tmp_path: Path, c: bool, msgid: str, msgstr: str, message: str
) -> None:
    assert markup_findings(tmp_path, msgid, msgstr, c) == [("markup-changed", message)]


def test_a_bare_ampersand_in_html_breaks_nothing(tmp_path: Path) -> None:
    """Browsers read a bare & as text: only a Pango string (C catalog) is rejected."""
    msgid, msgstr = "<p>Fish &amp; chips</p>", "<p>Poisson & frites</p>"
    assert markup_findings(tmp_path, msgid, msgstr, PY) == []
    assert markup_findings(tmp_path, msgid, msgstr, C) == []  # <p> is not Pango: HTML


def test_an_english_with_html_entities_is_not_a_pango_string(tmp_path: Path) -> None:
    """Pango rejects &nbsp; itself: such an English is HTML, and the message says so only."""
    msgid, msgstr = "Press <b>OK</b>&nbsp;now", "Drücke <b>OK&nbsp;jetzt"
    ((check, message),) = markup_findings(tmp_path, msgid, msgstr, C)
    assert check == "markup"
    assert "Pango" not in message
    assert message.endswith("in HTML, <b> runs on over the rest of the page")
