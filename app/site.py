"""The site's state: content, locales and catalogs loaded once, reloaded when files change.

One ``Site`` lives in ``app.extensions["guide"]``. Catalogs are read from the
``.po`` files at start-up (no compile step). With reloading on (debug or
preview), every request first checks the files' modification times, so a
translator who saves in Poedit sees the edit on the next reload. Rendered pages
are cached per (base URL, locale, page) in every content coding; any reload empties
the cache. In production the base URL is the configured public address, never the
request's Host, so the cache holds one copy of each response.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .conditional import EntityTag
from .content import Content, ContentError, load_content
from .locales import LocaleInfo, Registry, RegistryError, load_registry
from .po import PoSyntaxError, read_po
from .project import Project
from .pseudo import PSEUDO_LOCALES, pseudo_translations
from .reviews import ReviewError, read_record
from .source_issues import Key, group, raised_in
from .translations import Translation, load_translation

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
STYLESHEET = STATIC / "style.css"
PREVIEW_STYLESHEET = STATIC / "preview.css"  # served in preview mode only
HANDOUT_STYLESHEET = STATIC / "handout.css"  # the bilingual handout (app/handout.py)
FAVICON = STATIC / "favicon.ico"  # also served at /favicon.ico, where browsers look first


@dataclass(frozen=True)
class Representation:
    """One coding of a cached response: its bytes and every header, computed once."""

    body: bytes
    etag: EntityTag | None
    headers: tuple[tuple[str, str], ...]  # as sent with the body
    not_modified_headers: tuple[tuple[str, str], ...]  # as sent with a 304
    wsgi_headers: tuple[tuple[str, str], ...]  # ``headers`` and Content-Length, for WSGI


@dataclass(frozen=True)
class CachedPage:
    """A rendered response in every coding that makes it smaller (``identity`` always)."""

    status: int
    codings: Mapping[str, Representation]
    last_modified: int


class PageCache:
    """An LRU of rendered responses, sized to hold every page of every visible locale.

    Production keys do not depend on the request (the public address is fixed), so the
    bound only matters in development, where links follow the request's host.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, ...], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, ...], page: CachedPage) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)


class Site:
    """Everything the views read, loaded from one project tree."""

    def __init__(
        self, project: Project, *, preview: bool, reload: bool, cache_size: int | None = None
    ) -> None:
        self.project = project
        self.preview = preview
        self.reload = reload
        self.fixed_cache_size = cache_size  # None: sized from pages × locales on every load
        self.cache = PageCache(cache_size or 1)
        # Paths whose answer is a cached response whatever the request says besides its
        # coding and preconditions: app.fastpath answers them without Flask.
        self.routes: dict[str, tuple[str, ...]] = {}
        self.sitemap_paths: frozenset[str] | None = None  # once built: sitemap.xml, sitemaps/…
        self._lock = threading.Lock()
        self._stamps: dict[Path, float] = {}
        self.content: Content
        self.registry: Registry
        self.translations: dict[str, Translation] = {}
        self.errors: dict[str, str] = {}
        self.reviewed: dict[tuple[str, str], date] = {}  # (locale, page id) → translation reviewed
        self.questions: dict[Key, int] = {}  # preview: messages translators asked about → languages
        self.last_modified = 0.0
        self.assets: dict[str, bytes] = {}  # content-hashed name → bytes
        self.asset_names: dict[str, str] = {}  # plain name → content-hashed name
        self._load_all()

    def _load_all(self) -> None:
        """Read content, registry and every catalog.

        A catalog that does not parse keeps its last good version (after a reload) or
        leaves its locale out (at start-up); either way ``errors`` says why.
        """
        self.content = load_content(self.project.content_dir, self.project.root)
        registry = self.project.registry
        self.registry = load_registry(registry, self.project.relative(registry))
        previous, self.translations, self.errors = self.translations, {}, {}
        for locale in self.registry.locales:
            self._load_catalog(locale, previous.get(locale.code))
        if self.preview:
            self.translations.update(pseudo_translations(self.project))
            self._gather_questions()
        self._index_locales()
        self._date_reviews()
        self._load_assets()
        self._stamps = self._current_stamps()
        self.last_modified = max(self._stamps.values(), default=0.0)
        self.cache.clear()
        self.routes = {}
        self.sitemap_paths = None
        self.cache.size = self.fixed_cache_size or self.responses()

    def responses(self) -> int:
        """How many responses the cache must hold to keep all of them.

        Per visible locale: every page, the handout and the 404 page; then a sitemap per
        published locale and the index, robots.txt, /favicon.ico and the assets.
        """
        per_locale = len(self.content.pages) + 2
        return per_locale * len(self._visible) + len(self._visible) + 3 + len(self.assets)

    def _load_assets(self) -> None:
        self.assets, self.asset_names = {}, {}
        always = (STYLESHEET, HANDOUT_STYLESHEET, FAVICON)
        for path in (*always, PREVIEW_STYLESHEET) if self.preview else always:
            data = path.read_bytes()
            hashed = f"{path.stem}.{hashlib.sha256(data).hexdigest()[:12]}{path.suffix}"
            self.assets[hashed] = data
            self.asset_names[path.name] = hashed

    def _load_catalog(self, locale: LocaleInfo, previous: Translation | None) -> None:
        path = self.project.catalog(locale.code)
        shown = self.project.relative(path)
        try:
            translation = load_translation(path, shown, locale.code)
        except FileNotFoundError:
            self.errors[locale.code] = f"{shown}: missing"
        except PoSyntaxError as e:
            self.errors[locale.code] = str(e)
        else:
            self.translations[locale.code] = translation
            for problem in translation.rejected:
                log.warning("%s", problem)
            return
        if previous is not None:
            self.translations[locale.code] = previous
            log.error("%s; still serving the last good version", self.errors[locale.code])
        else:
            log.error("locale %s left out: %s", locale.code, self.errors[locale.code])

    def _gather_questions(self) -> None:
        """Preview: which English messages translators asked about, to mark on English pages."""
        found = []
        for locale in self.registry.locales:
            path = self.project.catalog(locale.code)
            try:
                found += raised_in(read_po(path, self.project.relative(path)), locale.code, "")
            except (OSError, PoSyntaxError):
                continue  # errors already says why
        self.questions = {q.key: len(q.languages) for q in group(found)}

    def _date_reviews(self) -> None:
        """When each page's translation was last reviewed, where all of it is reviewed as shown."""
        self.reviewed = {}
        for locale in self.registry.locales:
            translation = self.translations.get(locale.code)
            path = self.project.reviews(locale.code)
            if translation is None or not path.exists():
                continue
            try:
                record = read_record(path, self.project.relative(path))
            except ReviewError as e:
                log.error("%s; no review dates shown for %s", e, locale.code)
                continue
            for page in self.content.pages:
                day = record.last_reviewed(
                    (key, translation.messages.get(key))
                    for key in ((block.context, block.text) for block in page.messages)
                )
                if day is not None:
                    self.reviewed[(locale.code, page.id)] = date.fromisoformat(day)

    def _current_stamps(self) -> dict[Path, float]:
        files = [STYLESHEET, HANDOUT_STYLESHEET, PREVIEW_STYLESHEET, FAVICON]
        files.append(self.project.registry)
        files += sorted(self.project.content_dir.glob("*.md"))
        files += [self.project.catalog(loc.code) for loc in self.registry.locales]
        files += [self.project.reviews(loc.code) for loc in self.registry.locales]
        if self.preview:
            files.append(self.project.template)  # the pseudo-locales are made from it
        stamps = {}
        for path in files:
            try:
                stamps[path] = path.stat().st_mtime
            except OSError:
                stamps[path] = -1.0
        return stamps

    def refresh(self) -> None:
        """Reload what changed on disk."""
        with self._lock:
            current = self._current_stamps()
            if current == self._stamps:
                return
            changed = [p for p in current if current[p] != self._stamps.get(p)]
            log.info(
                "reloading after changes to %s", ", ".join(map(self.project.relative, changed))
            )
            try:
                self._load_all()
            except (ContentError, RegistryError, OSError) as e:  # keep the last good state
                log.error("reload failed, still serving the previous version: %s", e)
                self._stamps = current

    def _index_locales(self) -> None:
        # Computed once per load: the request path only does dictionary lookups.
        pseudo = PSEUDO_LOCALES if self.preview else ()
        self._visible = tuple(
            locale
            for locale in (self.registry.source, *self.registry.locales, *pseudo)
            if (locale.published or self.preview)
            and (locale is self.registry.source or locale.code in self.translations)
        )
        self._by_tag = {locale.tag: locale for locale in self._visible}
        self._by_lower_tag = {locale.tag.lower(): locale for locale in self._visible}

    def visible(self) -> tuple[LocaleInfo, ...]:
        """Locales a reader can reach: the published ones, and drafts in preview mode."""
        return self._visible

    def published(self) -> tuple[LocaleInfo, ...]:
        """Locales listed in hreflang and the sitemap (never drafts)."""
        return tuple(loc for loc in self._visible if loc.published)

    def locale(self, tag: str) -> LocaleInfo | None:
        """A visible locale by its exact BCP 47 tag."""
        return self._by_tag.get(tag)

    def locale_loosely(self, tag: str) -> LocaleInfo | None:
        """A visible locale written in any letter case, or with ``_`` (``pt-br``, ``pt_BR``)."""
        return self._by_lower_tag.get(tag.lower().replace("_", "-"))

    def missing(self) -> dict[str, str]:
        """Published locales left out because their catalog failed to load: tag → why."""
        return {
            locale.tag: self.errors.get(locale.code, "not loaded")
            for locale in self.registry.locales
            if locale.published and locale.code not in self.translations
        }

    def translation(self, locale: LocaleInfo) -> Translation | None:
        """The catalog of a locale; None for the source language."""
        return None if locale is self.registry.source else self.translations.get(locale.code)
