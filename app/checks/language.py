"""Which language a catalog is in: its header's Language, the registry's code, or its file name.

File names are read as gettext trees name them: ``fr/LC_MESSAGES/app.po``, ``fr.po``,
``pt-BR.po``, ``sr@latin.po``, and Vim's ``zh_TW.UTF-8.po`` or ``cs.cp1250.po`` (a
charset after the code). A name counts only when its language is one CLDR knows, so
``django.po`` or ``messages.po`` name no language.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache
from pathlib import PurePosixPath

from ..lazy_regex import lazy_compile
from .context import CatalogContext

_CODE_RE = lazy_compile(r"([A-Za-z]{2,3})((?:[_-][A-Za-z0-9]{2,8})*)(@[A-Za-z0-9]+)?")


@lru_cache(maxsize=4096)
def code_from_path(path: str) -> str | None:
    """The locale code a catalog's path names (``pt_BR``, ``sr@latin``), or None."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    candidates = []
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        candidates.append(parts[-3])
    stem = parts[-1].removesuffix(".po") if parts else ""
    candidates += [stem, stem.split(".", 1)[0]]
    for candidate in candidates:
        code = _code(candidate)
        if code is not None:
            return code
    return None


def catalog_language(ctx: CatalogContext) -> str | None:
    """The catalog's language code: the header's or registry's, else the path's."""
    if ctx.language:
        return ctx.language
    if ctx.locale and ctx.locale != "?":
        return ctx.locale
    return code_from_path(ctx.shown)


def base_language(code: str | None) -> str:
    """``zh`` of ``zh_TW.UTF-8``, ``sr`` of ``sr@latin``; "" when unknown."""
    return re.split(r"[_@.-]", code or "", maxsplit=1)[0].lower()


def _code(text: str) -> str | None:
    match = _CODE_RE.fullmatch(text)
    if match is None or not _cldr_knows(match.group(1).lower()):
        return None
    language, rest, modifier = match.groups()
    return language.lower() + rest.replace("-", "_") + (modifier or "")


@lru_cache(maxsize=1)
def _cldr_folder() -> str:
    """Babel's folder of CLDR locale data, found without importing Babel (10 ms of start-up)."""
    spec = importlib.util.find_spec("babel")
    folders = spec.submodule_search_locations if spec else None
    return os.path.join(folders[0], "locale-data") if folders else ""


def _cldr_knows(language: str) -> bool:
    """``babel.localedata.exists``: whether CLDR has data for ``language``."""
    return language.isascii() and os.path.isfile(os.path.join(_cldr_folder(), f"{language}.dat"))
