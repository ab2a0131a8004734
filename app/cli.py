"""The catalog workflow: ``flask i18n ...`` or, without a Flask app, ``guide-i18n ...``.

Exit codes: 0 done or up to date, 1 a ``--check`` found something out of date,
2 bad input (a content or catalog error, with its file and line) or bad usage.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NoReturn

import click

from .errors import LocatedError
from .files import Interrupted, atomic_write
from .locales import LocaleInfo, Registry, RegistryError, load_registry
from .project import Project


def _on_first_use(name: str) -> ModuleType:
    """Module ``name``, executed when first used: ``check`` starts without what it never uses.

    The workflow brings Markdown, Babel's extraction and the merge (a third of a
    second); ``guide-i18n check`` needs none of it and must start in well under 0.1 s.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None
    assert spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


if TYPE_CHECKING:
    from . import workflow
else:
    workflow = _on_first_use(f"{__package__}.workflow")


class InputError(click.ClickException):
    """A file the command needs is missing or broken; the message says where and what to do."""

    exit_code = 2


def _fail(error: Exception) -> NoReturn:
    raise InputError(str(error)) from error


@click.group(name="i18n", help="Extract, merge, create and compile the guide's translations.")
@click.version_option(package_name="dry-needling-guide", prog_name="guide-i18n")
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Project folder (default: the one containing the working directory).",
)
@click.pass_context
def i18n(ctx: click.Context, root: Path | None) -> None:
    ctx.obj = Project(root.resolve()) if root else Project.find()


def _project() -> Project:
    project = click.get_current_context().find_object(Project)
    assert project is not None
    return project


@i18n.command("extract")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the template is stale.")
def extract_command(check: bool) -> None:
    """Extract every English string into locales/messages.pot.

    Then report the English's reading grade (information for its editors, never a failure).
    """
    try:
        done = workflow.extract(_project(), check)
    except LocatedError as e:  # content, catalog and registry errors alike
        _fail(e)
    click.echo(done.readability + "\n")
    if done.current:
        click.echo(f"{done.shown} is up to date ({done.messages} messages).")
    elif check:
        click.echo(
            f"{done.shown} is out of date ({done.changes}): run `guide-i18n extract`.", err=True
        )
        raise SystemExit(1)
    else:
        click.echo(f"Wrote {done.shown}: {done.messages} messages ({done.changes}).")


@i18n.command("update")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a catalog is out of date.")
@click.option("-l", "--locale", "codes", multiple=True, help="Only this locale (repeatable).")
def update_command(check: bool, codes: tuple[str, ...]) -> None:
    """Merge the template into every catalog, as msgmerge --previous does.

    New messages are added; a changed one keeps its translation, marked fuzzy with
    the old English (#|); a removed one is kept as obsolete (#~). Exit 2 if a catalog
    could not be read or written (the others are still merged).
    """
    project = _project()
    locales = _locales(project, codes)
    stale, broken = [], []
    try:
        for done in workflow.update(project, locales, check):
            for note in done.notes:
                click.echo(f"{done.shown}: note: {note}")
            if done.error is not None:
                broken.append(done.shown)
                click.echo(f"Error: {done.error}", err=True)
            elif done.status == "out of date":
                stale.append(done.shown)
                click.echo(f"{done.shown}: out of date ({done.detail}).", err=True)
            elif done.status == "updated":
                click.echo(f"{done.shown}: updated ({done.detail}).")
            else:
                click.echo(f"{done.shown}: up to date.")
    except LocatedError as e:  # the template itself
        _fail(e)
    if broken:
        raise SystemExit(2)  # each broken catalog had its own located line above
    if stale:
        click.echo(f"{len(stale)} catalog(s) out of date: run `guide-i18n update`.", err=True)
        raise SystemExit(1)


@i18n.command("init")
@click.argument("locale")
def init_command(locale: str) -> None:
    """Create the catalog of a new LOCALE (e.g. pt-BR) and register it as a draft."""
    project = _project()
    registry = _registry(project)
    registered = {info.code for info in registry.locales}
    try:
        done = workflow.init(project, locale, registered, registry.source.code)
    except LocatedError as e:
        _fail(e)
    for note in done.notes:
        click.echo(f"Note: {note}")
    registry_note = (
        f", registered as a draft in {project.relative(project.registry)}"
        if done.registered
        else ""
    )
    click.echo(f"Created {done.shown} ({done.language}, {done.plural_forms}){registry_note}.")


@i18n.command("compile")
@click.option("-l", "--locale", "codes", multiple=True, help="Only this locale (repeatable).")
def compile_command(codes: tuple[str, ...]) -> None:
    """Write .mo files next to the catalogs, for deployments that want them (not committed)."""
    project = _project()
    broken = 0
    for done in workflow.compile_catalogs(project, _locales(project, codes)):
        if done.error is not None:
            broken += 1
            click.echo(f"Error: {done.error}", err=True)
        else:
            click.echo(
                f"{done.shown}: {done.translated} of {done.total} messages (fuzzy left out)."
            )
    if broken:
        raise SystemExit(2)  # each broken catalog had its own located line above


@i18n.command("merge")
@click.argument("definitions", type=click.Path(dir_okay=False, path_type=Path), metavar="DEF.po")
@click.argument("reference", type=click.Path(dir_okay=False, path_type=Path), metavar="REF.pot")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the merged catalog (may be DEF.po itself).",
)
def merge_command(definitions: Path, reference: Path, output: Path) -> None:
    """Merge REF.pot into DEF.po as `msgmerge --previous -o OUT DEF.po REF.pot` does."""
    try:
        result = workflow.merge_files(definitions, reference, output)
    except LocatedError as e:
        _fail(e)
    click.echo(
        f"Wrote {output}: {result.merged} kept, {result.fuzzied} fuzzy, "
        f"{result.missing} new, {result.obsoleted} obsolete."
    )


@i18n.command("review")
@click.argument("locale")
@click.option("--reviewer", help="Who reviewed: 'Name <email>' (never the translator).")
@click.option(
    "--line",
    "lines",
    type=click.IntRange(min=1),
    multiple=True,
    help="Record the message at this line of the catalog (repeatable).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Record every translated message (you reviewed them all, as they stand now).",
)
@click.option("--note", help="How it was reviewed, e.g. 'blind back-translation'.")
def review_command(
    locale: str, reviewer: str | None, lines: tuple[int, ...], everything: bool, note: str | None
) -> None:
    """Record a second person's review of LOCALE's translations, or (alone) list what is open.

    A review covers the English and the translation as they stand: a later change to
    either makes it stale. The record is locales/reviews/<code>.jsonl.
    """
    project = _project()
    (info,) = _locales(project, (locale,), "LOCALE")
    try:
        state = workflow.review_state(project, info)
        if reviewer is None:
            if lines or everything:
                raise click.UsageError("--line and --all need --reviewer NAME")
            _list_reviews(state)
            return
        if bool(lines) == everything:
            raise click.UsageError("say which messages: --line N (repeatable) or --all")
        entries = workflow.entries_at(state, lines) if lines else None
        done = workflow.record_reviews(state, reviewer, entries, note)
    except LocatedError as e:
        _fail(e)
    click.echo(f"Recorded {len(done)} review(s) of {info.tag} in {state.record_shown}.")


def _list_reviews(state: workflow.ReviewState) -> None:
    from .reviews import Status

    for entry, verdict in state.verdicts:
        if verdict.status is not Status.REVIEWED:
            click.echo(f"{state.shown}:{entry.line}: {verdict.status}: {verdict.reason}")
    counts = ", ".join(f"{state.count(status)} {status}" for status in Status)
    click.echo(f"{state.shown}: {len(state.verdicts)} translated message(s): {counts}.")


@i18n.command("pseudo")
def pseudo_command() -> None:
    """Write the pseudo-locales en-XA and ar-XB from the template (generated; not committed)."""
    from .pseudo import write_pseudo_catalogs

    project = _project()
    try:
        paths = write_pseudo_catalogs(project)
    except LocatedError as e:
        _fail(e)
    for path in paths:
        click.echo(f"Wrote {project.relative(path)}.")
    click.echo("Preview them with FLASK_GUIDE_PREVIEW=true at /en-XA/ and /ar-XB/.")


@i18n.command("dashboard")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def dashboard_command(out: Path) -> None:
    """Write the translation dashboard and its badges as static files to OUT."""
    from . import create_app
    from .dashboard import collect_dashboard
    from .freeze import FreezeError, write_export

    project = _project()
    try:
        app = create_app(
            {"GUIDE_ROOT": str(project.root), "GUIDE_PREVIEW": True, "GUIDE_STATIC_EXPORT": True}
        )
        files = collect_dashboard(app)
        write_export(files, out)
    except (LocatedError, FreezeError, OSError) as e:
        _fail(e)
    click.echo(f"Wrote the dashboard to {out}/index.html ({len(files)} files).")


@i18n.command("freeze")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    envvar="FLASK_GUIDE_BASE_URL",
    required=True,
    help="Public address of the site, for canonical links, hreflang and the sitemap.",
)
@click.option(
    "--server-root",
    default="/srv/guide",
    show_default=True,
    help="Where the export will live on the web server (the root of server/nginx.conf).",
)
def freeze_command(out: Path, base_url: str, server_root: str) -> None:
    """Write the published site as static files to OUT (replacing an earlier export).

    Pages, sitemaps and stylesheets get .gz and .br copies beside them; server/ holds
    the nginx and Apache configurations, and _headers and _redirects are for Netlify
    and Cloudflare Pages.
    """
    from . import create_app
    from .freeze import FreezeError, collect, write_export

    project = _project()
    try:
        app = create_app(
            {
                "GUIDE_ROOT": str(project.root),
                "GUIDE_BASE_URL": base_url,
                "GUIDE_STATIC_EXPORT": True,
                "GUIDE_PREVIEW": False,
                "GUIDE_RELOAD": False,
            }
        )
        files = collect(app, server_root=server_root)
        write_export(files, out)
    except (LocatedError, FreezeError, OSError) as e:
        _fail(e)
    pages = sum(1 for name in files if name.endswith("/index.html"))
    click.echo(f"Wrote {len(files)} files to {out}: {pages} pages.")


@i18n.command("handout")
@click.argument("locale")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The PDF file to write.",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--base-url",
    envvar="FLASK_GUIDE_BASE_URL",
    required=True,
    help="Public address of the site: the handout prints it, and its QR code, for patients.",
)
def handout_command(locale: str, output: Path, paper: str, base_url: str) -> None:
    """Print the handout of LOCALE (its language beside the English) to a PDF file.

    LOCALE is a published language (pt-BR or pt_BR), or en for the English-only handout.
    """
    # Imported here: the other commands need neither Flask nor the PDF engine.
    from . import create_app
    from .files import atomic_write
    from .freeze import FreezeError, print_handout
    from .handout import SEGMENT
    from .pdf import PdfEngineMissingError, load_engine

    project = _project()
    try:
        load_engine()  # before anything else: without it, one line saying what to install
        app = create_app(
            {
                "GUIDE_ROOT": str(project.root),
                "GUIDE_BASE_URL": base_url,
                "GUIDE_PREVIEW": False,
                "GUIDE_RELOAD": False,
            }
        )
        site = app.extensions["guide"]
        registered = site.registry.get(locale) or site.registry.get(locale.replace("-", "_"))
        found = site.locale(registered.tag) if registered else None
        if found is None:
            why = site.missing().get(registered.tag) if registered else None
            if why is not None:
                raise InputError(f"{registered.tag}: not available: {why}")
            choices = ", ".join(loc.tag for loc in site.published())
            raise click.BadParameter(
                f"{locale!r} is not a published locale (choose one of: {choices})",
                param_hint="LOCALE",
            )
        page = app.test_client().get(f"/{found.tag}/{SEGMENT}/").get_data()
        data = print_handout(app, found, page, paper)
        atomic_write(output, data)
    except (LocatedError, FreezeError, PdfEngineMissingError, OSError) as e:
        _fail(e)
    click.echo(f"Wrote {output}: the {found.english_name} handout, {paper}, {len(data):,} bytes.")


def _registry(project: Project) -> Registry:
    try:
        return load_registry(project.registry, project.relative(project.registry))
    except RegistryError as e:
        _fail(e)


def _locales(
    project: Project, codes: Iterable[str], param_hint: str = "--locale"
) -> list[LocaleInfo]:
    registry = _registry(project)
    if not codes:
        return list(registry.locales)
    chosen = []
    for code in codes:
        locale = registry.get(code) or registry.get(code.replace("-", "_"))
        if locale is None or locale is registry.source:
            raise click.BadParameter(f"{code!r} is not a registered locale", param_hint=param_hint)
        chosen.append(locale)
    return chosen


def main() -> None:
    """Entry point of the ``guide-i18n`` console script."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        # A reader that stops early (`guide-i18n check | head`) ends the command quietly
        # with the status of SIGPIPE, as other Unix tools do, never with an exit code
        # that says a policy failed, nor with a traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        i18n(prog_name="guide-i18n")
    except Interrupted as e:  # SIGTERM/SIGHUP during a write: cleaned up, nothing replaced
        raise SystemExit(128 + e.signum) from None


_FORMATS = ("text", "json", "github", "sarif", "junit")


def _check_ids(values: Iterable[str], option: str) -> set[str]:
    from .checks import CHECKS

    ids = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(ids - set(CHECKS))
    if unknown:
        raise click.BadParameter(
            f"unknown check id(s) {', '.join(unknown)}; the checks are: {', '.join(CHECKS)}",
            param_hint=option,
        )
    return ids


@i18n.command("check")
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
@click.option(
    "--format", "fmt", type=click.Choice(_FORMATS), help="Output format.  [default: text]"
)
@click.option(
    "--select", multiple=True, metavar="ID", help="Only these checks (repeatable, or ID,ID)."
)
@click.option("--ignore", multiple=True, metavar="ID", help="Not these checks (repeatable).")
@click.option("-l", "--locale", "codes", multiple=True, help="Only this locale (repeatable).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@click.option(
    "--status",
    type=click.Choice(["published", "draft"]),
    help="Policy for catalogs outside the locale registry (PATH mode).  [default: published]",
)
@click.option(
    "--min-percent",
    type=click.IntRange(0, 100),
    help="Published locales fail below this share of translated messages instead of on "
    "any untranslated or fuzzy one.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    metavar="N",
    help="At most N results in a SARIF report, the most severe kept (0: no limit).  "
    "[default: 25000, GitHub code scanning's limit]",
)
@click.option(
    "--new-since",
    "new_since_ref",
    metavar="GIT_REF",
    help="Report only findings that are not in the catalogs at this git revision "
    "(a branch, tag or commit); the policy counts only those.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read [tool.guide-i18n.check] from this file (default: the nearest pyproject.toml "
    "upward that has it).",
)
@click.option("--no-config", is_flag=True, help="Read no configuration file.")
@click.option(
    "--list-checks", is_flag=True, help="List the checks that would run (id, severity, title)."
)
@click.version_option(package_name="dry-needling-guide", prog_name="guide-i18n")
def check_command(
    paths: tuple[Path, ...],
    fmt: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    codes: tuple[str, ...],
    output: Path | None,
    status: str | None,
    min_percent: int | None,
    max_results: int | None,
    new_since_ref: str | None,
    config_file: Path | None,
    no_config: bool,
    list_checks: bool,
) -> None:
    """Check the catalogs (default: every registered locale) or every .po under PATHs.

    Options may also be set in pyproject.toml under [tool.guide-i18n.check]; the command
    line wins. Exit 0 passed, 1 a policy failed, 2 usage, configuration or I/O error.
    """
    import os
    import sys
    from dataclasses import replace

    from .checks import CHECKS, REGISTRY
    from .checks.config import CheckConfig, ConfigError, find_config, load_config
    from .checks.context import ProjectContext
    from .checks.discover import matches, path_targets, project_targets
    from .checks.glossary import GlossaryError
    from .checks.policy import Policy
    from .checks.report import (
        RENDERERS,
        SARIF_MAX_RESULTS,
        Extras,
        display,
        limit_results,
        omitted_line,
        render_check_list,
        render_text,
        summary_line,
    )
    from .checks.runner import run_checks
    from .reviews import ReviewError

    # The configuration first: every option below falls back to it.
    config = CheckConfig(Path("pyproject.toml"), "pyproject.toml")
    if not no_config:
        try:
            found = config_file or find_config()
            if found is not None:
                config = load_config(found, tuple(CHECKS))
        except ConfigError as e:
            _fail(e)
    fmt = fmt or config.format or "text"
    selected = _check_ids(select, "--select")
    if ignore:
        ignored: set[str] | frozenset[str] = _check_ids(ignore, "--ignore")
    else:  # an id selected on the command line runs even when the configuration ignores it
        ignored = config.ignore - selected
    chosen = (selected or config.select or set(CHECKS)) - ignored
    checks = [c for c in REGISTRY if c.id in chosen]
    if list_checks:
        if fmt not in ("text", "json"):
            raise click.UsageError("--list-checks prints text or json")
        click.echo(render_check_list(checks, fmt), nl=False)
        return
    if max_results is not None and fmt != "sarif":
        raise click.UsageError("--max-results limits a SARIF report: use it with --format sarif")
    if fmt == "sarif":
        limit = max_results if max_results is not None else config.max_results
        max_results = SARIF_MAX_RESULTS if limit is None else limit
    status = status or config.status or "published"
    if min_percent is None:
        min_percent = config.min_percent
    new_since_ref = new_since_ref or config.new_since
    paths = paths or config.paths
    project = _project()
    if not paths and not project.registry.is_file():
        paths = (Path("."),)  # not a guide project: every catalog under the working folder
    baseline = None
    try:
        if paths:
            locales_dir = project.locales_dir.resolve()
            inside = any(p.resolve().is_relative_to(locales_dir) for p in paths)
            registry = _registry(project) if inside and project.registry.is_file() else None
            default = Policy("published" if status == "published" else "draft", min_percent)
            targets = path_targets(paths, default, project, registry)
            if codes:
                targets = [t for t in targets if matches(t, codes)]
            if not targets:
                shown = ", ".join(display(str(p)) for p in paths)
                click.echo(f"Warning: no .po catalog found in {shown}.", err=True)
            project_ctx = None
        else:
            targets = project_targets(project, _locales(project, codes))
            project_ctx = ProjectContext(project)
        if min_percent is not None:
            targets = [
                replace(t, policy=replace(t.policy, min_percent=min_percent)) for t in targets
            ]
        report = run_checks(targets, checks, project_ctx, project.relative(project.template))
        if new_since_ref:
            from .checks.baseline import BaselineError, new_since

            try:
                report, baseline = new_since(new_since_ref, targets, checks, report)
            except BaselineError as e:
                raise InputError(str(e)) from e
    except (GlossaryError, ReviewError) as e:
        _fail(e)
    except (click.ClickException, SystemExit):
        raise
    except KeyboardInterrupt:  # Ctrl-C: 130 as shells say, not click's 1 ("a policy failed")
        click.echo("Interrupted.", err=True)
        raise SystemExit(130) from None
    except Exception as e:  # never a traceback: say what broke, exit 2
        raise InputError(f"internal error while checking: {type(e).__name__}: {e}") from e
    extras = Extras(baseline=baseline, max_results=max_results)
    if fmt == "text":
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = render_text(report, extras, color=color)
    else:
        text = RENDERERS[fmt](report, extras)
    if fmt == "sarif":
        _, omitted = limit_results(report, max_results)
        if omitted:
            click.echo(
                f"Note: {omitted_line(omitted, len(report.findings), max_results)}.", err=True
            )
    if output is not None:
        try:
            _write_report(output, text.encode())
        except OSError as e:
            raise InputError(
                f"{display(str(output))}: cannot write the report: {e.strerror}"
            ) from e
        click.echo(summary_line(report, extras), err=True)
    else:
        click.echo(text, nl=False, color=True if fmt == "text" else None)
    if not report.passed:
        raise SystemExit(1)


def _write_report(path: Path, data: bytes) -> None:
    """A file is replaced atomically; a device or pipe (``/dev/null``, ``/dev/stdout``) is
    written to, never replaced by a regular file."""
    import stat

    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with path.open("wb") as stream:
            stream.write(data)
    else:
        atomic_write(path, data)
