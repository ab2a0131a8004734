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

from . import __version__
from .errors import LocatedError
from .locales import LocaleInfo, Registry, RegistryError, load_registry
from .project import Project


def _on_first_use(name: str) -> ModuleType:
    """Module ``name``, executed when first used: a command starts without what it never uses.

    The workflow brings Markdown, Babel's extraction and the merge (a third of a
    second); ``flask i18n check`` and ``--version`` need none of it.
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
@click.version_option(__version__, prog_name="guide-i18n")
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
    try:
        return _registry(project).translations(codes)
    except LookupError as e:
        raise click.BadParameter(str(e.args[0]), param_hint=param_hint) from None


@i18n.command(
    "check",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def check_command(ctx: click.Context, args: tuple[str, ...]) -> None:
    """Check the catalogs (default: every registered locale) or every .po under PATHs.

    The options are app.checks.command's: `check --help`.
    """
    from .checks.command import main as check

    code = check(args, _project(), prog=ctx.command_path)
    if code:
        raise SystemExit(code)
