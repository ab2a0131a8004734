"""Extraction: the English strings of ``content/``, the templates and the code, as a template.

``extract_content`` is a Babel extraction method (registered as the
``guide_content`` entry point and in ``babel.cfg``), so the standard
``pybabel extract -F babel.cfg -o locales/messages.pot .`` and our own
``extract`` command produce the same messages.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from .catalogs import PROJECT_NAME, read_catalog, serialize
from .content import parse_page
from .project import Project

TEMPLATE_HEADER = f"""\
# Translation template of the {PROJECT_NAME}.
# Made by `guide-i18n extract` from content/ and app/: do not edit.
# This file is distributed under the same license as the project."""

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


def build_template(project: Project, creation_date: datetime | None = None) -> Catalog:
    """Extract every message of the project, as ``pybabel extract -F babel.cfg .`` does."""
    with project.mapping.open(encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            fileobj, filename=str(project.mapping)
        )
    catalog = Catalog(
        project=PROJECT_NAME,
        version="1",
        copyright_holder=PROJECT_NAME,
        charset="utf-8",
        header_comment=TEMPLATE_HEADER,
        creation_date=creation_date or datetime.now(UTC),
    )
    catalog.msgid_bugs_address = ""  # Babel's placeholder otherwise
    extracted = extract_from_dir(str(project.root), method_map, options_map)
    for filename, lineno, message, comments, context in extracted:
        path = os.path.normpath(filename).replace(os.sep, "/")
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


@dataclass(frozen=True)
class TemplateState:
    """A fresh extraction compared with the template on disk."""

    existing: Catalog | None
    built: Catalog  # dated as the existing template, so an unchanged one compares equal
    current: bool  # the file on disk is byte for byte what extraction writes
    added: int
    removed: int


def template_state(project: Project) -> TemplateState:
    """Extract afresh and compare with the committed template; may raise ``ContentError``."""
    path = project.template
    existing = read_catalog(path, project.relative(path)) if path.exists() else None
    kept = existing.creation_date if existing is not None else None
    built = build_template(project, kept if isinstance(kept, datetime) else None)
    current = path.exists() and path.read_bytes() == serialize(built)
    old, new = _keys(existing) if existing is not None else set(), _keys(built)
    return TemplateState(existing, built, current, len(new - old), len(old - new))


def _keys(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
