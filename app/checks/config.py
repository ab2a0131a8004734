"""The checker's settings in ``pyproject.toml``, under ``[tool.guide-i18n.check]``.

Found as ruff finds its own: the nearest ``pyproject.toml`` from the working folder
upward that has the table (files without it are passed over). Every key is the
long name of a ``guide-i18n check`` option; an option given on the command line
replaces its key. A mistake (an unknown key, a wrong type, a check id that does not
exist, invalid TOML) is a ``ConfigError`` with the file and line: a gate that
quietly ignored a misspelt ``ignore`` would check something else than intended.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import LocatedError
from ..lazy_regex import lazy_compile

TABLE = ("tool", "guide-i18n", "check")
SHOWN_TABLE = "[tool.guide-i18n.check]"
FORMATS = ("text", "json", "github", "sarif", "junit")
STATUSES = ("published", "draft")
KEYS = (
    "paths",
    "select",
    "ignore",
    "status",
    "min-percent",
    "format",
    "max-results",
    "new-since",
)

# A TOML table header line, and the key of a key/value line (bare, quoted or dotted).
_HEADER_RE = lazy_compile(r"\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?$")
_KEY_RE = lazy_compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*="""
)


class ConfigError(LocatedError):
    """The configuration cannot be used as written; the message says which key and why."""


Fail = Callable[[str | None, str], ConfigError]  # (key, message) -> a located error


class CheckConfig:
    """The validated settings of one ``[tool.guide-i18n.check]`` table (a plain class, as
    every record of the checker: see ``app.checks.model``)."""

    def __init__(
        self,
        path: Path,  # the pyproject.toml they come from
        shown: str,
        paths: tuple[Path, ...] = (),  # resolved against the file's folder
        select: frozenset[str] | None = None,
        ignore: frozenset[str] = frozenset(),
        status: str | None = None,
        min_percent: int | None = None,
        format: str | None = None,
        max_results: int | None = None,
        new_since: str | None = None,
    ) -> None:
        self.path = path
        self.shown = shown
        self.paths = paths
        self.select = select
        self.ignore = ignore
        self.status = status
        self.min_percent = min_percent
        self.format = format
        self.max_results = max_results
        self.new_since = new_since


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` (default: the working folder)
    that mentions this tool.

    Only a file that may name the table is parsed (and must then be valid TOML): the
    others are passed over as ruff passes over a ``pyproject.toml`` without ``[tool.ruff]``.
    """
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working folder was deleted: there is nothing above it to find
        return None
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        try:
            data = _read(candidate)
        except OSError:  # absent, a folder, a FIFO, unreadable: not a configuration
            continue
        if b"guide-i18n" in data and _MAY_NAME_TABLE_RE.search(data):
            if _has_table(candidate, data):
                return candidate
    return None


# Where a TOML document may name the table: "tool" before "guide-i18n" on one line (a
# header, a dotted key, an inline table; TOML keys never span lines), or a [tool] header
# with the keys under it. Any other file is passed over unparsed, even this project's own,
# which names guide-i18n as a script only: parsing it (and importing tomllib) took 5 ms
# of a run's start.
_MAY_NAME_TABLE_RE = lazy_compile(
    rb"""tool["']?[ \t]*[.=][^\n]*guide-i18n|^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""",
    re.MULTILINE,
)


_MAX_BYTES = 10 << 20  # a pyproject.toml is kilobytes; a link to /dev/zero never ends


def _read(path: Path) -> bytes:
    """A regular file's bytes; OSError for anything else (a FIFO would block the run)."""
    from ..catalog_file import chunks

    data = bytearray()
    for chunk in chunks(path, 0, None, 1 << 16):
        data += chunk
        if len(data) > _MAX_BYTES:
            raise OSError(errno.EFBIG, "larger than any configuration file", str(path))
    return bytes(data)


def _has_table(path: Path, data: bytes) -> bool:
    table = _table(_parse(path, _shown(path), data))
    return table is not None


def load_config(path: Path, known_checks: Sequence[str]) -> CheckConfig:
    """Read and validate the table of ``path`` (``ConfigError`` with file and line)."""
    shown = _shown(path)
    try:
        data = _read(path)
    except OSError as e:
        raise ConfigError(shown, None, f"cannot read the configuration: {e.strerror}") from e
    document = _parse(path, shown, data)
    table = _table(document)
    if table is None:
        return CheckConfig(path, shown)
    text = data.decode("utf-8")  # tomllib accepted it, so it is UTF-8
    lines = _key_lines(text)

    def fail(key: str | None, message: str) -> ConfigError:
        line = lines.get(key) if key is not None else None
        line = line or lines.get(None)
        where = f"{SHOWN_TABLE} {key}" if key is not None else SHOWN_TABLE
        return ConfigError(shown, line, f"{where}: {message}")

    if not isinstance(table, dict):
        raise fail(None, "must be a table of options")
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        hint = ", ".join(KEYS)
        line = lines.get(unknown[0]) or lines.get(None)
        message = f"{SHOWN_TABLE}: unknown key {unknown[0]!r}; the keys are: {hint}"
        raise ConfigError(shown, line, message)
    values: dict[str, Any] = {}
    for key, value in table.items():
        values[key.replace("-", "_")] = _validate(key, value, path.parent, known_checks, fail)
    return CheckConfig(path, shown, **values)


def _validate(
    key: str, value: object, base: Path, known_checks: Sequence[str], fail: Fail
) -> object:
    if key in ("select", "ignore"):
        ids = frozenset(_strings(key, value, fail))
        unknown = sorted(ids - set(known_checks))
        if unknown:
            raise fail(
                key,
                f"unknown check id(s) {', '.join(unknown)}; the checks are: "
                f"{', '.join(known_checks)}",
            )
        return ids
    if key == "paths":
        paths = []
        for name in _strings(key, value, fail, split=False):
            path = base / name
            if not path.exists():
                raise fail(key, f"{name!r} does not exist (paths are relative to this file)")
            paths.append(path)
        return tuple(paths)
    if key in ("status", "format"):
        choices = STATUSES if key == "status" else FORMATS
        if value not in choices:
            raise fail(key, f"must be one of {', '.join(map(repr, choices))}, not {value!r}")
        return value
    if key in ("min-percent", "max-results"):
        top = 100 if key == "min-percent" else None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(key, f"must be a whole number of 0 or more, not {value!r}")
        if top is not None and value > top:
            raise fail(key, f"must be between 0 and {top}, not {value!r}")
        return value
    # new-since: a git revision
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"must be a git revision (a branch, tag or commit), not {value!r}")
    return value.strip()


def _strings(key: str, value: object, fail: Fail, split: bool = True) -> Iterator[str]:
    """A string or an array of strings; ids may also be written ``"a,b"`` as on the command line."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise fail(key, f"must be a string or an array of strings, not {value!r}")
    for item in items:
        parts = item.split(",") if split else [item]
        yield from (part.strip() for part in parts if part.strip())


def _parse(path: Path, shown: str, data: bytes) -> dict[str, Any]:
    import tomllib  # here: most runs meet no pyproject.toml that names this tool

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ConfigError(shown, line, "not UTF-8, so not a valid TOML file") from e
    except RecursionError:  # [[[[...]]]] a hundred thousand deep
        raise ConfigError(shown, None, "invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as e:
        # tomllib says "... (at line 3, column 5)": move the place to the front.
        match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(e))
        if match is None:
            raise ConfigError(shown, None, f"invalid TOML: {e}") from e
        message = str(e)[: match.start()]
        raise ConfigError(
            shown, int(match.group(1)), f"invalid TOML: {message} (column {match.group(2)})"
        ) from e


def _table(document: dict[str, Any]) -> object | None:
    node: object = document
    for part in TABLE:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _key_path(text: str) -> tuple[str, ...] | None:
    """The dotted key ``text`` names, parsed by TOML itself (quotes and dots included)."""
    import tomllib

    try:
        node: object = tomllib.loads(f"{text} = 0")
    except tomllib.TOMLDecodeError:
        return None
    parts: list[str] = []
    while isinstance(node, dict) and len(node) == 1:
        (key, node), *_ = node.items()
        parts.append(key)
    return tuple(parts)


def _key_lines(text: str) -> dict[str | None, int]:
    """The line of the table (key None) and of each of its keys, for located messages."""
    lines: dict[str | None, int] = {}
    table: tuple[str, ...] = ()
    depth = len(TABLE)
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER_RE.match(line)
        if header is not None and not line.lstrip().startswith("[["):
            table = _key_path(header.group(1)) or ()
            if table == TABLE:
                lines.setdefault(None, number)
            continue
        key = _KEY_RE.match(line)
        if key is None:
            continue
        full = table + (_key_path(key.group(1)) or ())
        if full[:depth] == TABLE:
            if len(full) == depth:  # tool.guide-i18n.check = { ... }: an inline table
                lines.setdefault(None, number)
            else:
                lines.setdefault(full[depth], number)
                lines.setdefault(None, number)
    return lines


def _shown(path: Path) -> str:
    """The file as people see it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()
