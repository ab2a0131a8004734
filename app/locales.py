"""The locale registry (``locales/locales.toml``): which locales exist and which are published.

Only what CLDR cannot know lives in the file: the code and the status. Names,
text direction and plural rules come from CLDR through Babel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from .errors import LocatedError
from .files import atomic_write

if TYPE_CHECKING:
    from babel import Locale

Status = Literal["published", "draft"]
STATUSES: tuple[Status, ...] = ("published", "draft")
_KEYS = {"status", "min_percent", "review"}
REVIEW_VALUES = ("required", "optional")


class RegistryError(LocatedError):
    """The registry file is missing, unreadable or says something impossible."""


# ISO 639 codes that name no language: CLDR (and so Babel) would still "parse" some of
# them, ``und`` into en_US, which is how a catalog of nonsense gets made.
_NOT_LANGUAGES = {
    "und": ("undetermined language", "name the one the catalog is in, such as 'fr' or 'pt-BR'"),
    "zxx": ("no linguistic content", "a catalog holds text in one language, such as 'fr'"),
    "mul": ("multiple languages", "make one catalog per language"),
    "mis": ("a language without a code", "use the code of the closest language CLDR knows"),
    "root": ("CLDR's root locale", "name a language, such as 'fr' or 'pt-BR'"),
}
_PRIVATE_USE = re.compile(r"q[a-t][a-z]", re.IGNORECASE)  # ISO 639's private-use range
_TAG_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}")


def catalog_code(tag: str) -> tuple[str, str | None]:
    """The gettext code for a BCP 47 tag or gettext code, and a note when it is not the tag.

    ``pt-BR`` gives ``("pt_BR", None)``; a deprecated code is mapped through CLDR's
    aliases with a note (``iw`` gives ``("he", "iw is a deprecated code; using he")``).
    Raises ``ValueError`` (one line) for codes that name no language (``und``, ``zxx``,
    ``mul``, ``mis``), private-use codes, and anything CLDR does not know.
    """
    language = re.split(r"[-_]", tag, maxsplit=1)[0]
    if language.lower() in _NOT_LANGUAGES:
        meaning, advice = _NOT_LANGUAGES[language.lower()]
        raise ValueError(f"{tag!r} ({meaning}) is not a language: {advice}")
    if _PRIVATE_USE.fullmatch(language) or (language.lower() == "x" and tag[1:2] in ("-", "_")):
        raise ValueError(
            f"{tag!r} (private use) is not a language known to CLDR: a catalog needs a real "
            "language code, such as 'fr' or 'pt-BR'"
        )
    if not _TAG_RE.fullmatch(tag):
        raise ValueError(f"{tag!r} is not a language code such as 'fr', 'pt-BR' or 'zh-Hans'")
    parts = tag.replace("-", "_").split("_")
    note = None
    # Babel is imported here: `guide-i18n check` outside a project starts without it.
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    alias = get_global("language_aliases").get(parts[0].lower())  # CLDR's: iw → he, tl → fil
    if alias:
        parts = _with_alias(alias.split("_"), parts[1:])
    try:
        locale = Locale.parse("_".join(parts))
    except (UnknownLocaleError, ValueError) as e:
        raise ValueError(f"{tag!r} is not a locale known to CLDR") from e
    code = str(locale)
    if alias:
        note = f"{language.lower()} is a deprecated code; using {code}"
    elif code.lower() != "_".join(parts).lower():  # Babel filled in or dropped a subtag
        note = f"CLDR writes {tag} as {code}; using {code}"
    return code, note


def _with_alias(alias: list[str], rest: list[str]) -> list[str]:
    """The alias's subtags, with the tag's own script and region winning over the alias's."""
    language, alias_script, alias_region, _ = _subtags(alias)
    _, script, region, variants = _subtags(["", *rest])
    return [language, *filter(None, (script or alias_script, region or alias_region)), *variants]


def _subtags(parts: list[str]) -> tuple[str, str | None, str | None, list[str]]:
    """Language, script (``Latn``), region (``BR``, ``419``) and variants of split subtags."""
    script = region = None
    variants = []
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha() and script is None and region is None:
            script = part
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = region or part
        else:
            variants.append(part)
    return parts[0], script, region, variants


def normalize_code(text: str) -> str:
    """The gettext code (``pt_BR``, ``zh_Hans``) for a BCP 47 tag or gettext code.

    Raises ``ValueError`` for anything that is not a language CLDR knows.
    """
    return catalog_code(text)[0]


@dataclass(frozen=True)
class LocaleInfo:
    """One locale of the guide."""

    code: str
    status: Status
    min_percent: int | None = None  # published: the share that must be translated (default 100)
    review_required: bool = False  # every translated message must carry a current review

    @cached_property
    def babel(self) -> Locale:
        from babel import Locale

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

    def translations(self, codes: Iterable[str] = ()) -> list[LocaleInfo]:
        """The translations named by ``codes`` (``fr``, ``pt-BR``), or all of them if none.

        A code that names no translation raises ``LookupError`` saying which.
        """
        chosen = []
        for code in codes:
            locale = self.get(code) or self.get(code.replace("-", "_"))
            if locale is None or locale is self.source:
                raise LookupError(f"{code!r} is not a registered locale")
            chosen.append(locale)
        return chosen or list(self.locales)


def load_registry(path: Path, shown: str | None = None) -> Registry:
    """Read and validate the registry file."""
    import tomllib  # here: ``guide-i18n check`` of a tree without a registry never needs it

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
        review = entry.get("review", "optional")
        if review not in REVIEW_VALUES:
            raise RegistryError(
                shown, line, f"review must be one of {REVIEW_VALUES}, got {review!r}"
            )
        locales.append(
            LocaleInfo(
                code, cast(Status, status), min_percent, review_required=review == "required"
            )
        )
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
