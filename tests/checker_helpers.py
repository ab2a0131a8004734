"""Catalog builders shared by the checker tests."""

from __future__ import annotations

from pathlib import Path

HEADER = """\
# French translation.
msgid ""
msgstr ""
"Project-Id-Version: Guide 1\\n"
"Language: {language}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"
"""

# Entries every check must pass: the background against which one defect is planted.
CLEAN = """
#. The title of the guide.
#: content/benefits.md:3
msgid "Dry Needling Benefits"
msgstr "Les bienfaits du dry needling"

#: app/notices.py:4
#, python-format
msgid "%(num)d benefit"
msgid_plural "%(num)d benefits"
msgstr[0] "%(num)d bienfait"
msgstr[1] "%(num)d bienfaits"

msgid "Sessions are typically short (15–30 minutes)."
msgstr "Les séances sont généralement courtes (15 à 30 minutes)."

msgid "It targets **trigger points** in [muscles](https://example.org/m)."
msgstr "Il cible les **points gâchettes** des [muscles](https://example.org/m)."

msgid "Take <strong>one</strong> step at a time."
msgstr "Faites <strong>un</strong> pas à la fois."

#, python-brace-format
msgid "Hello {name}"
msgstr "Bonjour {name}"
"""

FR_PLURAL = "nplurals=2; plural=(n > 1);"


def catalog(body: str = "", language: str = "fr", plural: str = FR_PLURAL) -> str:
    """A valid French catalog with the clean entries, then ``body``."""
    return HEADER.format(language=language, plural=plural) + CLEAN + body


def line_of(text: str, needle: str) -> int:
    """The 1-based line where ``needle`` first occurs (the planted defect's line)."""
    return text[: text.index(needle)].count("\n") + 1


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
