"""Pseudo-locales made from the template: en-XA (accented, longer) and ar-XB (mirrored).

They find what no real translation can: English that was never extracted (it shows
up unaccented on an en-XA page), layouts that break when text grows ~40%, and
left-to-right assumptions (ar-XB renders English right to left). Placeholders,
Markdown link targets and inline tags are kept as they are, so the strings still
work. They are generated, never committed, and served only in preview mode.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from babel import Locale

from .catalogs import serialize_po
from .files import atomic_write
from .locales import LocaleInfo
from .po import Entry, PoFile, PoSyntaxError, read_po
from .project import Project
from .translations import Translation

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept verbatim: placeholders, Markdown link targets, tags and entities.
_PROTECTED = re.compile(r"(%\(\w+\)[sdifr]|%[sdifr%]|\{\w*\}|\]\([^)]*\)|<[^>]+>|&\w+;)")
_RLO, _PDF, _RLM = "\u202e", "\u202c", "\u200f"
EXPANSION = 0.4


@dataclass(frozen=True)
class PseudoLocale(LocaleInfo):
    """A pseudo-locale: always a draft; dates and numbers written as in English."""

    rtl: bool = False

    @cached_property
    def babel(self) -> Locale:
        return Locale.parse("en")

    @property
    def endonym(self) -> str:
        return f"{self.tag} (pseudo)"

    @property
    def english_name(self) -> str:
        return f"pseudo-locale {self.tag}"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


PSEUDO_LOCALES = (PseudoLocale("en_XA", "draft"), PseudoLocale("ar_XB", "draft", rtl=True))


def _outside_protected(text: str, change: Callable[[str], str]) -> str:
    parts = _PROTECTED.split(text)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def accent(text: str) -> str:
    """``Relief from pain`` → ``[Ŕéļîéƒ ƒŕöɱ þåîñ ·······]``: accented, ~40% longer, bracketed."""
    if not text:
        return text
    padding = "·" * max(1, math.ceil(len(text) * EXPANSION) - 3)
    return f"[{_outside_protected(text, lambda s: s.translate(_ACCENTS))} {padding}]"


def mirror(text: str) -> str:
    """English written right to left, word by word (each word in an RLO…PDF run)."""

    def flip(part: str) -> str:
        return re.sub(r"\S+", lambda m: f"{_RLM}{_RLO}{m.group(0)}{_PDF}{_RLM}", part)

    return _outside_protected(text, flip)


PSEUDO_FUNCTIONS: dict[str, Callable[[str], str]] = {"en_XA": accent, "ar_XB": mirror}


def pseudo_strings(entry: Entry, code: str) -> tuple[str, ...]:
    """The pseudo-translation of a template entry: one string, or (singular, plural)."""
    change = PSEUDO_FUNCTIONS[code]
    if entry.msgid_plural is None:
        return (change(entry.msgid),)
    return (change(entry.msgid), change(entry.msgid_plural))


def pseudo_translations(project: Project) -> dict[str, Translation]:
    """In-memory catalogs of every pseudo-locale, from the template on disk."""
    try:
        template = read_po(project.template, project.relative(project.template))
    except PoSyntaxError:
        return {}
    mtime = project.template.stat().st_mtime
    return {
        locale.code: Translation(
            {entry.key: pseudo_strings(entry, locale.code) for entry in template.entries},
            plural=lambda n: int(n != 1),
            mtime=mtime,
            path=f"pseudo-locale from {template.path}",
        )
        for locale in PSEUDO_LOCALES
    }


def write_pseudo_catalogs(project: Project) -> list[Path]:
    """Write each pseudo-locale's ``.po`` (for tools that read files); returns the paths."""
    template = read_po(project.template, project.relative(project.template))
    date = template.headers.get("POT-Creation-Date", "")
    written = []
    for locale in PSEUDO_LOCALES:
        header = Entry(
            msgstr=(
                f"Project-Id-Version: pseudo-locale {locale.tag}\n"
                f"POT-Creation-Date: {date}\n"
                f"PO-Revision-Date: {date}\n"  # deterministic: same template, same file
                "Last-Translator: guide-i18n pseudo\n"
                f"Language-Team: pseudo-locale {locale.tag}\n"
                f"Language: {locale.code}\n"
                "MIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=UTF-8\n"
                "Content-Transfer-Encoding: 8bit\n"
                "Plural-Forms: nplurals=2; plural=(n != 1);\n"
            ),
            comments=[
                f"Pseudo-locale {locale.tag}, made by `guide-i18n pseudo` from the template.",
                "Generated: never translate, edit or commit it.",
            ],
        )
        entries = []
        for entry in template.entries:
            strings = pseudo_strings(entry, locale.code)
            pseudo = entry.copy()
            pseudo.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            pseudo.msgstr = "" if entry.plural else strings[0]
            pseudo.msgstr_plural = list(strings) if entry.plural else []
            entries.append(pseudo)
        path = project.catalog(locale.code)
        atomic_write(path, serialize_po(PoFile(path.as_posix(), header, entries, [])))
        written.append(path)
    return written
