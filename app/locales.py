"""The locale registry (``locales/locales.toml``): which locales exist and which are published.

Only what CLDR cannot know lives in the file: the code and the status. Names,
text direction and plural rules come from CLDR through Babel.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal, cast

from babel import Locale, UnknownLocaleError

from .errors import LocatedError
from .files import atomic_write

Status = Literal["published", "draft"]
STATUSES: tuple[Status, ...] = ("published", "draft")
_KEYS = {"status", "min_percent"}


class RegistryError(LocatedError):
    """The registry file is missing, unreadable or says something impossible."""


def normalize_code(text: str) -> str:
    """The gettext code (``pt_BR``, ``zh_Hans``) for a BCP 47 tag or gettext code.

    Raises ``ValueError`` for anything CLDR does not know.
    """
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}", text):
        raise ValueError(f"{text!r} is not a language code such as 'fr', 'pt-BR' or 'zh-Hans'")
    try:
        return str(Locale.parse(text.replace("-", "_")))
    except (UnknownLocaleError, ValueError) as e:
        raise ValueError(f"{text!r} is not a locale known to CLDR") from e


@dataclass(frozen=True)
class LocaleInfo:
    """One locale of the guide."""

    code: str
    status: Status
    min_percent: int | None = None  # published: the share that must be translated (default 100)

    @cached_property
    def babel(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def tag(self) -> str:
        """The BCP 47 tag used in URLs and ``lang``: ``pt-BR``, ``zh-Hans``."""
        return self.code.replace("_", "-")

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def endonym(self) -> str:
        """The language's name in itself, capitalized as it stands alone in a menu."""
        name = self.babel.get_display_name(self.babel) or self.code
        return name[:1].upper() + name[1:]

    @property
    def english_name(self) -> str:
        return self.babel.get_display_name("en") or self.code

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl``, from CLDR."""
        return "rtl" if self.babel.text_direction == "rtl" else "ltr"


@dataclass(frozen=True)
class Registry:
    """The locales of the guide, in file order, and the source language."""

    source: LocaleInfo
    locales: tuple[LocaleInfo, ...]

    def get(self, code: str) -> LocaleInfo | None:
        """A registered locale by gettext code or BCP 47 tag, or None."""
        for locale in (self.source, *self.locales):
            if code in (locale.code, locale.tag):
                return locale
        return None

    def published(self) -> tuple[LocaleInfo, ...]:
        """The source language then every published translation."""
        return (self.source, *(loc for loc in self.locales if loc.published))


def load_registry(path: Path, shown: str | None = None) -> Registry:
    """Read and validate the registry file."""
    shown = shown or path.as_posix()
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except OSError as e:
        raise RegistryError(shown, None, f"cannot read the locale registry: {e.strerror}") from e
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        found = re.search(r"line (\d+)", str(e))
        line = int(found.group(1)) if found else None
        raise RegistryError(shown, line, f"not valid TOML: {e}") from e
    source = _code(data.get("source", "en"), shown, _line_of(text, "source"))
    table = data.get("locales", {})
    if not isinstance(table, dict):
        raise RegistryError(shown, _line_of(text, "locales"), "'locales' must be a table")
    locales = []
    for key, entry in table.items():
        line = _line_of(text, f"[locales.{key}]")
        code = _code(key, shown, line)
        if code != key:
            raise RegistryError(shown, line, f"write the locale as [locales.{code}], not {key!r}")
        if not isinstance(entry, dict) or set(entry) - _KEYS:
            raise RegistryError(shown, line, f"a locale has only these keys: {sorted(_KEYS)}")
        status = entry.get("status")
        if status not in STATUSES:
            raise RegistryError(shown, line, f"status must be one of {STATUSES}, got {status!r}")
        min_percent = entry.get("min_percent")
        if min_percent is not None and (
            not isinstance(min_percent, int)
            or isinstance(min_percent, bool)
            or not 0 <= min_percent <= 100
        ):
            raise RegistryError(
                shown,
                line,
                f"min_percent must be a whole number from 0 to 100, got {min_percent!r}",
            )
        locales.append(LocaleInfo(code, cast(Status, status), min_percent))
    return Registry(LocaleInfo(source, "published"), tuple(locales))


def register_locale(path: Path, code: str) -> None:
    """Append ``code`` as a draft locale, keeping the file's comments and order."""
    text = path.read_text("utf-8") if path.exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, f'{text}\n[locales.{code}]\nstatus = "draft"\n'.encode())


def _code(value: object, shown: str, line: int | None) -> str:
    try:
        return normalize_code(str(value))
    except ValueError as e:
        raise RegistryError(shown, line, str(e)) from e


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return None
