"""Build a site project in tmp_path: the real content, and catalogs made to order."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.plurals import get_plural
from bs4 import BeautifulSoup, Tag

from app.po import Entry, read_po

from .conftest import REPO

TEMPLATE = read_po(REPO / "locales" / "messages.pot").entries


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def fake(code: str, text: str) -> str:
    """A recognizable 'translation' that keeps placeholders: «es» Pain Relief."""
    return f"«{code}» {text}"


def catalog_text(
    code: str,
    translations: Mapping[str, str | list[str]] | None = None,
    *,
    complete: bool = True,
    fuzzy: Iterable[str] = (),
    header_extra: str = "",
) -> str:
    """A PO file for ``code``: every template message, translated with ``fake`` when
    ``complete``, overridden by ``translations``; msgids in ``fuzzy`` are marked fuzzy."""
    translations = dict(translations or {})
    fuzzy = set(fuzzy)
    rule = get_plural(code)
    lines = [
        'msgid ""', 'msgstr ""', f'"Language: {code}\\n"',
        f'"Plural-Forms: nplurals={rule.num_plurals}; plural={rule.plural_expr};\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"', header_extra, "",
    ]  # fmt: skip
    for entry in TEMPLATE:
        lines += _entry_lines(code, entry, translations, complete, entry.msgid in fuzzy)
    return "\n".join(lines) + "\n"


def _entry_lines(
    code: str,
    entry: Entry,
    translations: Mapping[str, str | list[str]],
    complete: bool,
    fuzzy: bool,
) -> list[str]:
    lines = ["#, fuzzy"] if fuzzy else []
    lines.append(f"msgid {quote(entry.msgid)}")
    given = translations.get(entry.msgid)
    if entry.msgid_plural is None:
        text = given if isinstance(given, str) else (fake(code, entry.msgid) if complete else "")
        return [*lines, f"msgstr {quote(text)}", ""]
    lines.append(f"msgid_plural {quote(entry.msgid_plural)}")
    forms = given if isinstance(given, list) else None
    if forms is None:
        count = get_plural(code).num_plurals
        forms = [fake(code, entry.msgid_plural) if complete else ""] * count
    return [*lines, *(f"msgstr[{i}] {quote(f)}" for i, f in enumerate(forms)), ""]


def make_site(root: Path, locales: Mapping[str, tuple[str, str]]) -> Path:
    """A project at ``root`` with the real content and {code: (status, catalog text)}."""
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "babel.cfg", root / "babel.cfg")
    registry = ['source = "en"']
    for code, (status, text) in locales.items():
        registry.append(f'[locales.{code}]\nstatus = "{status}"')
        po = root / "locales" / code / "LC_MESSAGES" / "messages.po"
        po.parent.mkdir(parents=True)
        po.write_text(text, encoding="utf-8")
    (root / "locales" / "locales.toml").write_text("\n".join(registry) + "\n")
    return root


def soup(html: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text(tag: Tag | None) -> str:
    """The text of a tag that must exist."""
    assert tag is not None
    return tag.get_text()


def attr(tag: Tag | None, name: str) -> str:
    """A single-valued attribute of a tag that must exist."""
    assert tag is not None
    value = tag.get(name)
    assert isinstance(value, str), (name, value)
    return value
