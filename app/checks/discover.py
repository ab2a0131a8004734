"""Which catalogs to check: the project's registered locales, or every ``*.po`` under PATHs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..po import Entry, PoSyntaxError, read_po
from ..project import Project
from .context import Key
from .header import same_code
from .policy import Policy
from .runner import Target, guess_locale, walk

if TYPE_CHECKING:  # a tree without a registry, glossary or reviews needs none of them
    from ..locales import LocaleInfo, Registry
    from ..reviews import Record
    from .glossary import Glossary


def glossary_path(project: Project, code: str) -> Path:
    """Where the glossary of a locale lives: ``locales/glossary/<code>.csv``."""
    return project.locales_dir / "glossary" / f"{code}.csv"


def read_template(project: Project) -> dict[Key, Entry] | None:
    """The template's messages by key, or None when it is missing or broken.

    (``stale-template`` reports a missing or broken template.)
    """
    try:
        return {entry.key: entry for entry in read_po(project.template)}
    except PoSyntaxError:
        return None


def _glossary(project: Project, code: str) -> Glossary | None:
    path = glossary_path(project, code)
    from .glossary import load_glossary

    return load_glossary(path, project.relative(path)) if path.is_file() else None


def _policy(locale: LocaleInfo) -> Policy:
    return Policy(locale.status, locale.min_percent, locale.review_required)


def _reviews(project: Project, locale: LocaleInfo) -> Record | None:
    """The review record of a review-required locale (``ReviewError`` if it is broken)."""
    if not locale.review_required:
        return None
    path = project.reviews(locale.code)
    from ..reviews import read_record

    return read_record(path, project.relative(path))


def project_targets(project: Project, locales: Sequence[LocaleInfo]) -> list[Target]:
    """The catalog of each given registered locale, with the registry's policy."""
    template = read_template(project)
    return [
        Target(
            path=project.catalog(locale.code),
            shown=project.relative(project.catalog(locale.code)),
            locale=locale.code,
            policy=_policy(locale),
            expected_language=locale.code,
            template=template,
            glossary=_glossary(project, locale.code),
            missing_hint=f"create it with `guide-i18n init {locale.code}`",
            reviews=_reviews(project, locale),
        )
        for locale in locales
    ]


def path_targets(
    paths: Sequence[Path], default: Policy, project: Project | None, registry: Registry | None
) -> list[Target]:
    """Every ``*.po`` under ``paths``; a project catalog keeps its registry policy."""
    own: dict[Path, LocaleInfo] = {}
    if project is not None and registry is not None:
        own = {project.catalog(loc.code).resolve(): loc for loc in registry.locales}
    template = read_template(project) if project is not None and own else None
    targets = []
    found = walk(paths)
    for path in found.catalogs:
        shown = _shown(path, project)
        locale = own.get(_resolved(path) or path) if own else None
        if locale is not None and project is not None:
            targets.append(
                Target(
                    path,
                    shown,
                    locale.code,
                    _policy(locale),
                    expected_language=locale.code,
                    template=template,
                    glossary=_glossary(project, locale.code),
                    reviews=_reviews(project, locale),
                )
            )
        else:
            targets.append(Target(path, shown, guess_locale(path), default))
    for folder, problem in found.problems:
        # A folder the walk could not enter is reported, with the policy of a registered
        # catalog below it if there is one: a published locale never passes unchecked.
        below = [loc for real, loc in own.items() if _inside(real, folder)]
        policy = _policy(below[0]) if below else default
        code = below[0].code if below else _folder_locale(folder)
        targets.append(Target(folder, _shown(folder, project), code, policy, problem=problem))
    return targets


def _resolved(path: Path) -> Path | None:
    """``path`` with every link resolved, or None when that fails (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _inside(path: Path, folder: Path) -> bool:
    real = _resolved(folder)
    return real is not None and path.is_relative_to(real)


def _folder_locale(folder: Path) -> str | None:
    """The locale a folder names: ``<code>`` or ``<code>/LC_MESSAGES``."""
    if folder.name == "LC_MESSAGES":
        folder = folder.parent
    return guess_locale(folder / "x.po") if folder.name else None


def _shown(path: Path, project: Project | None) -> str:
    """The path as given, relative to the project when inside it (a link is not followed).

    A name that is not UTF-8 keeps its bytes (as surrogates): reporters escape them.
    """
    if project is not None:
        parent = _resolved(path.parent)
        root = _resolved(project.root)
        if parent is not None and root is not None:
            try:
                return (parent / path.name).relative_to(root).as_posix()
            except ValueError:
                pass
    return path.as_posix()


def matches(target: Target, codes: Sequence[str]) -> bool:
    """Whether ``--locale`` selects this catalog (``pt-BR`` selects ``pt_BR``)."""
    return target.locale is not None and any(same_code(target.locale, c) for c in codes)
