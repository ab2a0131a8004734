"""Extraction: the English strings of ``content/``, the templates and the code, as a template.

``extract_content`` is a Babel extraction method (registered as the
``guide_content`` entry point and in ``babel.cfg``), so the standard
``pybabel extract -F babel.cfg -o locales/messages.pot .`` and our own
``extract`` command produce the same messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from .catalogs import serialize_po
from .content import parse_page
from .po import Entry, PoFile, parse_header, read_po
from .project import Project

PROJECT_NAME = "Dry Needling Patient Guide"
TEMPLATE_HEADER = [
    f"Translation template of the {PROJECT_NAME}.",
    "Made by `guide-i18n extract` from content/ and app/: do not edit.",
    "This file is distributed under the same license as the project.",
]
# Babel's test for a Python format string (what `pybabel extract` flags python-format).
_PYTHON_FORMAT = re.compile(
    r"\%(?:\(([\w]*)\))?([-#0\ +]?(?:\*|[\d]+)?(?:\.(?:\*|[\d]+))?[hlL]?)([diouxXeEfFgGcrs%])"
)
_DATE_FORMAT = "%Y-%m-%d %H:%M%z"

ExtractedMessage = tuple[int, str, str | tuple[str, str], list[str]]


def extract_content(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[ExtractedMessage]:
    """Babel extraction method for a content page: one message per block.

    Yields ``(lineno, funcname, message, comments)``; a block with a context is
    yielded as ``pgettext`` so Babel's default keywords carry the msgctxt.
    """
    name = getattr(fileobj, "name", "<content>")
    shown = os.path.relpath(name) if isinstance(name, str) and os.path.isabs(name) else str(name)
    page = parse_page(fileobj.read(), shown)
    for block in page.messages:
        comments = block.note.split("\n")
        if block.context is not None:
            yield block.line, "pgettext", (block.context, block.text), comments
        else:
            yield block.line, "gettext", block.text, comments


def build_template(project: Project, creation_date: str | None = None) -> PoFile:
    """Extract every message of the project, as ``pybabel extract -F babel.cfg .`` does.

    Content messages are flagged ``no-python-format`` when they hold a ``%`` (and
    ``no-python-brace-format`` a ``{``): they are prose, never format strings, so
    "80% of patients" must not be checked as ``% o``. Code and template strings get
    ``python-format`` by Babel's rule, as ``pybabel extract`` gives them.
    """
    with project.mapping.open(encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            fileobj, filename=str(project.mapping)
        )
    content_dir = project.relative(project.content_dir)
    entries: dict[tuple[str | None, str], Entry] = {}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(project.root), method_map, options_map
    ):
        path = os.path.normpath(filename).replace(os.sep, "/")
        msgid, plural = (message, None) if isinstance(message, str) else message[:2]
        entry = entries.get((context, msgid))
        if entry is None:
            entry = entries[(context, msgid)] = Entry(msgid=msgid, msgctxt=context)
            if plural is not None:
                entry.msgid_plural, entry.msgstr_plural = plural, ["", ""]
        entry.references.append(f"{path}:{lineno}")
        entry.auto_comments += [c for c in comments if c not in entry.auto_comments]
        texts = (msgid, plural or "")
        if path.startswith(content_dir + "/"):
            flags = ["no-python-format"] * any("%" in t for t in texts)
            flags += ["no-python-brace-format"] * any("{" in t for t in texts)
        else:
            flags = ["python-format"] * any(_PYTHON_FORMAT.search(t) for t in texts)
        entry.flags += [flag for flag in flags if flag not in entry.flags]
    date = creation_date or datetime.now(UTC).strftime(_DATE_FORMAT)
    header = Entry(
        msgstr=(
            f"Project-Id-Version: {PROJECT_NAME} 1\n"
            "Report-Msgid-Bugs-To: \n"
            f"POT-Creation-Date: {date}\n"
            "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
            "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
            "Language-Team: LANGUAGE <LL@li.org>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
        ),
        flags=["fuzzy"],
        comments=list(TEMPLATE_HEADER),
    )
    return PoFile(project.relative(project.template), header, list(entries.values()), [])


@dataclass(frozen=True)
class TemplateState:
    """A fresh extraction compared with the template on disk."""

    existing: PoFile | None
    built: PoFile  # dated as the existing template, so an unchanged one compares equal
    current: bool  # the file on disk is byte for byte what extraction writes
    added: int
    removed: int


def template_state(project: Project) -> TemplateState:
    """Extract afresh and compare with the committed template.

    May raise ``ContentError`` (content/) or ``PoSyntaxError`` (the template).
    """
    path = project.template
    existing = read_po(path, project.relative(path)) if path.exists() else None
    kept = (
        parse_header(existing.header.msgstr).get("POT-Creation-Date")
        if existing and existing.header
        else None
    )
    built = build_template(project, kept)
    current = existing is not None and path.read_bytes() == serialize_po(built)
    old = {e.key for e in existing.entries} if existing is not None else set()
    new = {e.key for e in built.entries}
    return TemplateState(existing, built, current, len(new - old), len(old - new))


def dated_now(template: PoFile) -> None:
    """Give a template today's POT-Creation-Date (its messages changed)."""
    assert template.header is not None
    old = parse_header(template.header.msgstr)["POT-Creation-Date"]
    now = datetime.now(UTC).strftime(_DATE_FORMAT)
    template.header.msgstr = template.header.msgstr.replace(
        f"POT-Creation-Date: {old}\n", f"POT-Creation-Date: {now}\n"
    )
