"""Parse the English source pages in ``content/`` into immutable blocks.

A page is a Markdown file that starts with front matter::

    ---
    id: benefits
    title: Dry Needling Benefits
    order: 1
    reviewed: 2026-11-26
    ---

followed by a small, fixed set of block kinds: ``## Group heading {#anchor}``,
``### Benefit title {#anchor}``, paragraphs and bulleted lists. Anything else is
rejected with the file and line, so a content editor learns at once what to fix.
An HTML comment starting with ``Translators:`` (or ``Context:``) right before a
block is a note for translators (or a gettext message context) for that block.

This module is the single reader of ``content/``: the extractor and the site
both use it, so what is extracted is exactly what is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .errors import LocatedError

BlockKind = Literal["title", "section", "benefit", "paragraph", "item"]

FRONT_MATTER_FIELDS = ("id", "title", "order", "reviewed")
_FENCE = "---"
_FIELD_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ANCHOR_RE = re.compile(r"^(.*?)\s*\{#([^}]*)\}\s*$")
_COMMENT_RE = re.compile(r"^\s*<!--(.*?)-->\s*$", re.DOTALL)
_NOTE_PREFIXES = {"translators:": "note", "context:": "context"}

# Markdown constructs the guide does not use, named the way an editor would say them.
_UNSUPPORTED = {
    "blockquote_open": "a quote (>)",
    "ordered_list_open": "a numbered list (use '-' bullets; order is not meaningful here)",
    "fence": "a code block",
    "code_block": "an indented code block (remove the leading spaces)",
    "hr": "a horizontal rule",
    "table_open": "a table (write each row as a '-' list item)",
}
# A table's delimiter row (``|---|:--:|``, ``--|--``): never a line of prose. Tables whose
# columns do not match it are paragraphs to markdown-it, so this catches those too.
_TABLE_DELIMITER_RE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
_INLINE_ALLOWED = {
    "text",
    "softbreak",
    "hardbreak",
    "em_open",
    "em_close",
    "strong_open",
    "strong_close",
    "link_open",
    "link_close",
    "code_inline",
}
_PLAIN_INLINE = {"text", "softbreak", "hardbreak"}


class ContentError(LocatedError):
    """A problem in a content file, located at a line so an editor can fix it."""


@dataclass(frozen=True)
class Block:
    """One translatable unit of a page: its English text is the gettext msgid."""

    page: str
    kind: BlockKind
    text: str
    path: str
    line: int
    anchor: str | None = None
    note: str = ""
    context: str | None = None


@dataclass(frozen=True)
class Page:
    """A page of the guide: front matter plus the body blocks in reading order."""

    id: str
    order: int
    reviewed: date
    path: str
    title: Block
    blocks: tuple[Block, ...]

    @property
    def messages(self) -> tuple[Block, ...]:
        """Every translatable block of the page, the title first."""
        return (self.title, *self.blocks)

    def outline(self) -> list[tuple[Block, list[Block]]]:
        """The page's contents: each group heading with the benefit titles under it."""
        sections: list[tuple[Block, list[Block]]] = []
        for block in self.blocks:
            if block.kind == "section":
                sections.append((block, []))
            elif block.kind == "benefit" and sections:
                sections[-1][1].append(block)
        return sections


@dataclass(frozen=True)
class Content:
    """All pages of the guide, in navigation order."""

    pages: tuple[Page, ...]
    _by_id: dict[str, Page] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {page.id: page for page in self.pages})

    def page(self, page_id: str) -> Page | None:
        """The page with this id, or None."""
        return self._by_id.get(page_id)

    def blocks(self) -> Iterator[Block]:
        """Every translatable block of every page."""
        for page in self.pages:
            yield from page.messages


def load_content(directory: Path, root: Path | None = None) -> Content:
    """Parse every ``*.md`` page under ``directory``; paths in errors are relative to ``root``."""
    root = root or directory.parent
    files = sorted(directory.glob("*.md"))
    shown_dir = _display_path(directory, root)
    if not directory.is_dir():
        raise ContentError(shown_dir, None, "content directory not found")
    if not files:
        raise ContentError(shown_dir, None, "no pages found (expected *.md files)")
    pages: dict[str, Page] = {}
    for file in files:
        page = read_page(file, _display_path(file, root))
        if (first := pages.get(page.id)) is not None:
            raise ContentError(
                page.path,
                _field_line(file, "id"),
                f"duplicate page id {page.id!r}, already used by {first.path}",
            )
        pages[page.id] = page
    return Content(tuple(sorted(pages.values(), key=lambda p: (p.order, p.id))))


def read_page(file: Path, shown_path: str) -> Page:
    """Read and parse one page file."""
    try:
        raw = file.read_bytes()
    except OSError as e:
        raise ContentError(shown_path, None, f"cannot read: {e.strerror}") from e
    return parse_page(raw, shown_path)


def parse_page(raw: bytes | str, path: str) -> Page:
    """Parse a page's source (bytes are decoded as UTF-8) into a ``Page``."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    lines = text.splitlines()
    fields, body_start = _parse_front_matter(lines, path)
    page_id = fields["id"][0]
    title = Block(
        page=page_id,
        kind="title",
        text=fields["title"][0],
        path=path,
        line=fields["title"][1],
        note=f"Title of the page “{fields['title'][0]}”: its main heading, the browser tab "
        "title and its link in the site navigation.",
    )
    body = "\n".join(lines[body_start:])
    blocks = tuple(_BodyParser(path, page_id, title.text, body_start).parse(body))
    if not blocks:
        raise ContentError(path, body_start, "the page has no content after its front matter")
    return Page(
        id=page_id,
        order=int(fields["order"][0]),
        reviewed=date.fromisoformat(fields["reviewed"][0]),
        path=path,
        title=title,
        blocks=blocks,
    )


def _decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentError(path, line, "not valid UTF-8 (save the file as UTF-8)") from e
    return text.removeprefix("\ufeff")


def _parse_front_matter(lines: list[str], path: str) -> tuple[dict[str, tuple[str, int]], int]:
    """Return {field: (value, line)} and the index of the first body line."""
    if not lines or lines[0].strip() != _FENCE:
        raise ContentError(
            path,
            1,
            f"a page must start with front matter: a line '{_FENCE}', the fields "
            f"({', '.join(FRONT_MATTER_FIELDS)}), and a closing '{_FENCE}'",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise ContentError(path, 1, f"front matter is not closed with a line '{_FENCE}'") from None
    fields: dict[str, tuple[str, int]] = {}
    for index in range(1, end):
        lineno, stripped = index + 1, lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _FIELD_RE.match(stripped)
        if not match:
            raise ContentError(path, lineno, f"expected 'field: value', got {stripped!r}")
        key, value = match.group(1), _unquote(match.group(2))
        if key not in FRONT_MATTER_FIELDS:
            expected = ", ".join(FRONT_MATTER_FIELDS)
            raise ContentError(path, lineno, f"unknown field {key!r} (expected: {expected})")
        if key in fields:
            raise ContentError(path, lineno, f"field {key!r} is given twice")
        _validate_field(key, value, path, lineno)
        fields[key] = (value, lineno)
    for key in FRONT_MATTER_FIELDS:
        if key not in fields:
            raise ContentError(path, 1, f"front matter is missing the field {key!r}")
    return fields, end + 1


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


# Page URLs the site itself uses under /<lang>/: a content page there would be unreachable.
RESERVED_IDS = frozenset({"handout"})


def _validate_field(key: str, value: str, path: str, lineno: int) -> None:
    if key == "id" and not _SLUG_RE.match(value):
        raise ContentError(
            path,
            lineno,
            f"id {value!r} must be lowercase letters, digits and hyphens (it is the URL)",
        )
    if key == "id" and value in RESERVED_IDS:
        raise ContentError(
            path, lineno, f"id {value!r} is taken by the site's own /<lang>/{value}/ page"
        )
    if key == "title" and not value:
        raise ContentError(path, lineno, "the title is empty")
    if key == "order" and not re.fullmatch(r"-?\d+", value):
        raise ContentError(path, lineno, f"order must be a whole number, got {value!r}")
    if key == "reviewed":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ContentError(
                path, lineno, f"reviewed must be a date written YYYY-MM-DD, got {value!r}"
            ) from None


def _field_line(file: Path, key: str) -> int | None:
    """The line of a front-matter field in a file already known to parse."""
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return number
    return None


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def slugify(text: str) -> str:
    """A URL fragment for a heading without an explicit ``{#anchor}``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())) or "section"


class _BodyParser:
    """Turns the Markdown body of one page into blocks, tracking where each shows."""

    def __init__(self, path: str, page_id: str, page_title: str, line_offset: int) -> None:
        self.path = path
        self.page_id = page_id
        self.page_title = page_title
        self.line_offset = line_offset
        self.section: str | None = None
        self.benefit: str | None = None
        self.lead_in: str | None = None
        self.anchors: dict[str, int] = {}
        self.pending: dict[str, str] = {}
        self.pending_line = 0
        self.markup = False

    def error(self, token: Token, message: str) -> ContentError:
        return ContentError(self.path, self.line(token), message)

    def line(self, token: Token) -> int:
        assert token.map is not None
        return self.line_offset + token.map[0] + 1

    def parse(self, body: str) -> Iterator[Block]:
        # CommonMark has no tables; GitHub's are enabled only so that one is refused, not
        # published as a paragraph of pipes.
        tokens = MarkdownIt("commonmark").enable("table").parse(body)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open":
                yield self.heading(token, tokens[index + 1])
                index += 3
            elif token.type == "paragraph_open":
                yield self.paragraph(token, tokens[index + 1])
                index += 3
            elif token.type == "bullet_list_open":
                end = _closing(tokens, index)
                yield from self.bullet_list(tokens[index + 1 : end])
                index = end + 1
            elif token.type == "html_block":
                self.comment(token)
                index += 1
            else:
                kind = _UNSUPPORTED.get(token.type, f"a '{token.type}' block")
                raise self.error(token, f"unknown block kind: {kind} is not supported in a page")
        if self.pending:
            raise ContentError(
                self.path,
                self.pending_line,
                "a 'Translators:' or 'Context:' comment must come right before a block",
            )

    def comment(self, token: Token) -> None:
        match = _COMMENT_RE.match(token.content)
        if not match:
            raise self.error(token, "raw HTML is not allowed; write Markdown instead")
        inner = match.group(1).strip()
        for prefix, slot in _NOTE_PREFIXES.items():
            if inner.lower().startswith(prefix):
                if slot in self.pending:
                    raise self.error(token, f"a second '{prefix}' comment before the same block")
                self.pending[slot] = " ".join(inner[len(prefix) :].split())
                self.pending_line = self.line(token)

    def heading(self, token: Token, inline: Token) -> Block:
        level = int(token.tag[1])
        if level == 1:
            raise self.error(
                token, "a '#' heading is not allowed: the page title comes from the front matter"
            )
        if level > 3:
            raise self.error(
                token, f"unknown block kind: a level-{level} heading ('##' groups, '###' benefits)"
            )
        text, anchor = self.anchor(token, inline)
        if level == 2:
            self.section, self.benefit, self.lead_in = text, None, None
            where = f"on the page “{self.page_title}”"
            return self.block(
                token,
                "section",
                text,
                anchor,
                f"Heading of a group of benefits {where}; also an entry of the page’s contents.",
            )
        self.benefit = text
        group = f" in the group “{self.section}”" if self.section else ""
        return self.block(
            token,
            "benefit",
            text,
            anchor,
            f"Title of one benefit{group} on the page “{self.page_title}”; "
            "also an entry of the page’s contents.",
        )

    def anchor(self, token: Token, inline: Token) -> tuple[str, str]:
        self.check_inline(inline)
        text = _one_line(inline.content)
        match = _ANCHOR_RE.match(text)
        text, anchor = (match.group(1), match.group(2)) if match else (text, slugify(text))
        if not _SLUG_RE.match(anchor):
            raise self.error(token, f"anchor {{#{anchor}}} must be lowercase letters, digits and -")
        if not text:
            raise self.error(token, "the heading has no text")
        if anchor in self.anchors:
            raise self.error(
                token, f"anchor #{anchor} is already used on line {self.anchors[anchor]}"
            )
        self.anchors[anchor] = self.line(token)
        return text, anchor

    def paragraph(self, token: Token, inline: Token) -> Block:
        self.check_inline(inline)
        for index, line in enumerate(inline.content.splitlines()):
            if "|" in line and _TABLE_DELIMITER_RE.fullmatch(line.strip()):
                header = self.line(token) + max(index - 1, 0)
                kind = _UNSUPPORTED["table_open"]
                raise ContentError(
                    self.path, header, f"unknown block kind: {kind} is not supported in a page"
                )
        text = _one_line(inline.content)
        if self.benefit:
            note = f"Text of the benefit “{self.benefit}” on the page “{self.page_title}”."
        else:
            note = f"A paragraph of the page “{self.page_title}”."
            self.lead_in = text
        return self.block(token, "paragraph", text, None, note)

    def bullet_list(self, tokens: list[Token]) -> Iterator[Block]:
        lead_in = f", after “{self.lead_in}”" if self.lead_in else ""
        note = f"One item of a bulleted list on the page “{self.page_title}”{lead_in}."
        index = 0
        while index < len(tokens):
            item_open = tokens[index]
            end = _closing(tokens, index)
            inner = tokens[index + 1 : end]
            shape = [t.type for t in inner]
            if shape != ["paragraph_open", "inline", "paragraph_close"]:
                raise self.error(
                    item_open, "a list item must be one paragraph of text (no nested lists)"
                )
            self.check_inline(inner[1])
            yield self.block(item_open, "item", _one_line(inner[1].content), None, note)
            index = end + 1

    def check_inline(self, inline: Token) -> None:
        for child in inline.children or ():
            if child.type == "html_inline":
                raise self.error(inline, f"raw HTML {child.content!r} is not allowed; use Markdown")
            if child.type not in _INLINE_ALLOWED:
                raise self.error(inline, f"{child.type.replace('_', ' ')} is not supported in text")
        self.markup = any(child.type not in _PLAIN_INLINE for child in inline.children or ())

    def block(
        self, token: Token, kind: BlockKind, text: str, anchor: str | None, note: str
    ) -> Block:
        if self.markup:
            note += " Keep the Markdown marks (**, *, `, [text](address)) around the same words."
        editor_note = self.pending.pop("note", "")
        context = self.pending.pop("context", None)
        self.pending.clear()
        return Block(
            page=self.page_id,
            kind=kind,
            text=text,
            path=self.path,
            line=self.line(token),
            anchor=anchor,
            note=f"{note}\n{editor_note}" if editor_note else note,
            context=context,
        )


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token closing ``tokens[start]`` (same nesting level)."""
    opening = tokens[start]
    close_type = opening.type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.type == close_type and token.level == opening.level:
            return index
    raise AssertionError(f"markdown-it produced an unclosed {opening.type}")  # pragma: no cover


def _one_line(text: str) -> str:
    return " ".join(text.split())
