"""The translators' dashboard: progress per locale, and every string that needs work.

Registered only in preview mode (never in production). Its numbers are the
checker's: the same run (``app.checks``) that gates CI, so the two never disagree.
Beside them: how much of each locale a second person has reviewed as it stands
(``app.reviews``), the translators' questions about the English, and the reading
level of the English. ``guide-i18n dashboard OUT`` writes it as static pages, with
SVG badges per locale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, abort, current_app, render_template
from markupsafe import Markup

from .checks import REGISTRY
from .checks.context import ProjectContext
from .checks.discover import project_targets
from .checks.model import Finding
from .checks.runner import LocaleResult, Report, run_checks
from .errors import LocatedError
from .locales import LocaleInfo
from .po import Entry, PoSyntaxError, read_po
from .reviews import Status
from .site import Site
from .workflow import review_state

bp = Blueprint("translate", __name__, url_prefix="/translate")

INTERFACE = "Every page (site interface)"
_RECT = Markup(
    '<rect x="{:.1f}" y="0" width="{:.1f}" height="12" fill="{}"><title>{} {}</title></rect>'
)
_BAR = Markup(
    '<svg class="bar" role="img" aria-label="{}" width="{}" height="12" viewBox="0 0 {} 12">'
    "{}</svg>"
)


@dataclass
class Row:
    """One locale on the dashboard."""

    locale: LocaleInfo
    result: LocaleResult
    revised: str
    reviews: dict[str, int] | None  # reviewed / stale / unreviewed; None: unreadable


@dataclass
class Group:
    """The strings that need work on one page of the site."""

    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Item:
    """A string that needs work: what the checker said, where it comes from, where to fix it."""

    finding: Finding
    references: list[str]


def site() -> Site:
    return current_app.extensions["guide"]  # type: ignore[no-any-return]


def check_project(current: Site) -> Report:
    """Run every check over every registered catalog, as ``guide-i18n check`` does."""
    project = current.project
    targets = project_targets(project, list(current.registry.locales))
    return run_checks(
        targets, REGISTRY, ProjectContext(project), project.relative(project.template)
    )


def _checked_locale(tag: str) -> tuple[LocaleInfo, LocaleResult, Report]:
    """A registered locale (else 404), its checker result, and the whole report."""
    current = site()
    locale = next((loc for loc in current.registry.locales if loc.tag == tag), None)
    if locale is None:
        abort(404)
    report = check_project(current)
    result = next(r for r in report.locales if r.locale == locale.code)
    return locale, result, report


def review_counts(current: Site, locale: LocaleInfo) -> dict[str, int] | None:
    """How many translated messages are reviewed as they stand, stale, or unreviewed."""
    try:
        state = review_state(current.project, locale)
    except LocatedError:
        return None  # the checker's row says why
    return {status.value: state.count(status) for status in Status}


def _revised(current: Site, locale: LocaleInfo) -> str:
    path = current.project.catalog(locale.code)
    try:
        return read_po(path, str(path)).headers.get("PO-Revision-Date", "")
    except PoSyntaxError:
        return ""


@bp.get("/")
def index() -> str:
    """One row per locale: progress split by state, error and warning counts, status."""
    current = site()
    report = check_project(current)
    results = {result.locale: result for result in report.locales}
    rows = [
        Row(loc, results[loc.code], _revised(current, loc), review_counts(current, loc))
        for loc in current.registry.locales
        if loc.code in results
    ]
    from .readability import TARGET_GRADE, measure_content  # textstat: only when shown

    return render_template(
        "dashboard.html",
        rows=rows,
        questions=report.questions,
        readability=measure_content(current.content),
        target_grade=TARGET_GRADE,
        bar=progress_bar,
        css_url="dashboard.css",
    )


@bp.get("/questions/")
def questions() -> str:
    """The translators' questions about the English, by message, for content editors."""
    report = check_project(site())
    return render_template(
        "dashboard_questions.html",
        questions=report.questions,
        css_url="../dashboard.css",
    )


@bp.get("/<tag>/")
def locale_page(tag: str) -> str:
    """Every untranslated, fuzzy or failing string of a locale, grouped by page."""
    locale, result, report = _checked_locale(tag)
    findings = [f for f in report.findings if f.locale == locale.code]
    return render_template(
        "dashboard_locale.html",
        locale=locale,
        result=result,
        groups=_groups(site(), findings),
        bar=progress_bar,
        css_url="../dashboard.css",
    )


@bp.get("/dashboard.css")
def stylesheet() -> Response:
    """The dashboard's stylesheet, beside its pages (so an exported copy works anywhere)."""
    current = site()
    return Response(current.assets[current.asset_names["preview.css"]], mimetype="text/css")


@bp.get("/badge/<tag>.svg")
def badge(tag: str) -> Response:
    """A status badge (shields style) to embed in a README."""
    locale, result, _ = _checked_locale(tag)
    svg = render_template("badge.svg", label=locale.tag, **badge_value(result))
    response = Response(svg, mimetype="image/svg+xml")
    response.cache_control.no_cache = True
    return response


@bp.get("/badge/review/<tag>.svg")
def review_badge(tag: str) -> Response:
    """A badge saying how much of a locale is reviewed as it stands."""
    locale, _, _ = _checked_locale(tag)
    svg = render_template(
        "badge.svg",
        label=f"{locale.tag} review",
        **review_badge_value(review_counts(site(), locale)),
    )
    response = Response(svg, mimetype="image/svg+xml")
    response.cache_control.no_cache = True
    return response


def review_badge_value(counts: dict[str, int] | None) -> dict[str, str]:
    """The review badge's text and colour: all reviewed is green, any stale or unreviewed not."""
    if counts is None:
        return {"value": "unreadable", "color": "#b00020"}
    total = sum(counts.values())
    reviewed = counts[Status.REVIEWED]
    color = "#2e7d32" if total and reviewed == total else "#8a6d00" if reviewed else "#b00020"
    return {"value": f"{reviewed}/{total} reviewed", "color": color}


def badge_value(result: LocaleResult) -> dict[str, str]:
    """The badge's text and colour: an unreadable catalog, then errors, then completeness."""
    if result.unreadable:  # its counts are unknown: never show them as a percentage
        return {"value": "unreadable", "color": "#b00020"}
    if result.errors:
        return {"value": f"{result.errors} error{'s' * (result.errors != 1)}", "color": "#b00020"}
    percent = result.stats.percent
    color = "#2e7d32" if percent == 100 else "#8a6d00" if percent >= 80 else "#b00020"
    return {"value": f"{percent}%", "color": color}


def progress_bar(result: LocaleResult, width: int = 200) -> Markup:
    """An SVG bar split into translated / fuzzy / untranslated (fuzzy is never translated)."""
    if result.unreadable:  # nothing could be counted: an empty bar, never a full one
        label = "unreadable: the catalog could not be read or parsed"
        rect = _RECT.format(0, width, "#9e9e9e", "catalog", "unreadable")
        return _BAR.format(label, width, width, rect)
    stats = result.stats
    total = stats.total or 1
    parts = [
        ("translated", stats.translated, "#2e7d32"),
        ("fuzzy", stats.fuzzy, "#c79a00"),
        ("untranslated", stats.untranslated, "#c62828"),
    ]
    x = 0.0
    rects = []
    for name, count, color in parts:
        w = width * count / total
        rects.append(_RECT.format(x, w, color, count, name))
        x += w
    label = f"{stats.translated} translated, {stats.fuzzy} fuzzy, {stats.untranslated} untranslated"
    return _BAR.format(label, width, width, Markup("").join(rects))


def _groups(current: Site, findings: list[Finding]) -> list[Group]:
    """Findings grouped by the page of the site their English comes from."""
    template = _template_entries(current)
    by_path = {page.path: page.title.text for page in current.content.pages}
    groups: dict[str, Group] = {}
    for finding in findings:
        entry = template.get((finding.msgctxt, finding.msgid or ""))
        references = entry.references if entry else []
        pages = {by_path.get(ref.rsplit(":", 1)[0]) for ref in references}
        title = next((p for p in pages if p), INTERFACE if references else "The whole catalog")
        groups.setdefault(title, Group(title)).items.append(Item(finding, references))
    order = [page.title.text for page in current.content.pages] + [INTERFACE]
    return sorted(groups.values(), key=lambda g: order.index(g.title) if g.title in order else 99)


def _template_entries(current: Site) -> dict[tuple[str | None, str], Entry]:
    project = current.project
    try:
        template = read_po(project.template, project.relative(project.template))
    except PoSyntaxError:
        return {}
    return {entry.key: entry for entry in template.entries}


def collect_dashboard(app: Flask) -> dict[str, bytes]:
    """Every file of the static dashboard, by relative path (for ``guide-i18n dashboard``)."""
    client = app.test_client()
    files = {"index.html": client.get("/translate/").get_data()}
    files["dashboard.css"] = client.get("/translate/dashboard.css").get_data()
    files["questions/index.html"] = client.get("/translate/questions/").get_data()
    for locale in site_of(app).registry.locales:
        files[f"badge/review/{locale.tag}.svg"] = client.get(
            f"/translate/badge/review/{locale.tag}.svg"
        ).get_data()
        files[f"{locale.tag}/index.html"] = client.get(f"/translate/{locale.tag}/").get_data()
        files[f"badge/{locale.tag}.svg"] = client.get(
            f"/translate/badge/{locale.tag}.svg"
        ).get_data()
    return files


def site_of(app: Flask) -> Site:
    return app.extensions["guide"]  # type: ignore[no-any-return]
