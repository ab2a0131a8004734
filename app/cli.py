"""The catalog workflow: ``flask i18n ...`` or, without a Flask app, ``guide-i18n ...``.

Exit codes: 0 done or up to date, 1 a ``--check`` found something out of date,
2 bad input (a content or catalog error, with its file and line) or bad usage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from .catalogs import (
    compile_catalog,
    is_translated,
    merge,
    new_catalog,
    read_catalog,
    serialize,
    write_catalog,
)
from .content import ContentError, load_content
from .extract import template_state
from .files import atomic_write
from .locales import LocaleInfo, Registry, RegistryError, load_registry, normalize_code
from .locales import register_locale as add_to_registry
from .po import PoSyntaxError
from .project import Project


class InputError(click.ClickException):
    """A file the command needs is missing or broken; the message says where and what to do."""

    exit_code = 2


def _fail(error: Exception) -> NoReturn:
    raise InputError(str(error)) from error


@click.group(name="i18n", help="Extract, merge, create and compile the guide's translations.")
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
    """Extract every English string into locales/messages.pot."""
    project = _project()
    shown = project.relative(project.template)
    try:
        load_content(project.content_dir, project.root)  # whole-tree checks (duplicate ids)
        state = template_state(project)
    except (ContentError, PoSyntaxError) as e:
        _fail(e)
    built = state.built
    if state.current:
        click.echo(f"{shown} is up to date ({len(built)} messages).")
        return
    if state.existing is None:
        changes = "new template"
    elif state.added or state.removed:
        changes = f"{state.added} added, {state.removed} removed"
    else:
        changes = "same messages"
    if check:
        click.echo(f"{shown} is out of date ({changes}): run `guide-i18n extract`.", err=True)
        raise SystemExit(1)
    if state.existing is None or state.added or state.removed:
        built.creation_date = datetime.now(UTC)  # the date changes only with the messages
    data = serialize(built)
    atomic_write(project.template, data)
    click.echo(f"Wrote {shown}: {len(built)} messages ({changes}).")


@i18n.command("update")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a catalog is out of date.")
@click.option("-l", "--locale", "codes", multiple=True, help="Only this locale (repeatable).")
def update_command(check: bool, codes: tuple[str, ...]) -> None:
    """Merge the template into every catalog (new, fuzzy with #| previous, obsolete)."""
    project = _project()
    try:
        template = read_catalog(project.template, project.relative(project.template))
    except PoSyntaxError as e:
        _fail(e)
    stale = []
    for locale in _locales(project, codes):
        path = project.catalog(locale.code)
        shown = project.relative(path)
        if not path.exists():
            _fail(InputError(f"{shown}: missing; create it with `guide-i18n init {locale.code}`"))
        try:
            catalog = read_catalog(path, shown, locale=locale.code)
        except PoSyntaxError as e:
            _fail(e)
        result = merge(catalog, template)
        if not result.changed:
            click.echo(f"{shown}: up to date.")
        elif check:
            stale.append(shown)
            click.echo(f"{shown}: out of date ({result.describe()}).", err=True)
        else:
            write_catalog(path, catalog)
            click.echo(f"{shown}: updated ({result.describe()}).")
    if stale:
        click.echo(f"{len(stale)} catalog(s) out of date: run `guide-i18n update`.", err=True)
        raise SystemExit(1)


@i18n.command("init")
@click.argument("locale")
def init_command(locale: str) -> None:
    """Create the catalog of a new LOCALE (e.g. pt-BR) and register it as a draft."""
    project = _project()
    try:
        code = normalize_code(locale)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="LOCALE") from e
    registry = _registry(project)
    if code == registry.source.code:
        raise click.BadParameter(f"{code} is the source language: it needs no catalog")
    path = project.catalog(code)
    if path.exists():
        raise InputError(f"{project.relative(path)} already exists; use `guide-i18n update`")
    try:
        template = read_catalog(project.template, project.relative(project.template))
    except PoSyntaxError as e:
        _fail(e)
    info = LocaleInfo(code, "draft")
    catalog = new_catalog(template, code, info.english_name)
    write_catalog(path, catalog)
    if registry.get(code) is None:
        add_to_registry(project.registry, code)
    click.echo(
        f"Created {project.relative(path)} ({info.english_name}, {catalog.plural_forms}), "
        f"registered as a draft in {project.relative(project.registry)}."
    )


@i18n.command("compile")
@click.option("-l", "--locale", "codes", multiple=True, help="Only this locale (repeatable).")
def compile_command(codes: tuple[str, ...]) -> None:
    """Write .mo files next to the catalogs, for deployments that want them (not committed)."""
    project = _project()
    for locale in _locales(project, codes):
        path = project.catalog(locale.code)
        try:
            catalog = read_catalog(path, project.relative(path), locale=locale.code)
        except PoSyntaxError as e:
            _fail(e)
        target = path.with_suffix(".mo")
        atomic_write(target, compile_catalog(catalog))
        done = sum(1 for m in catalog if m.id and is_translated(m))
        total = sum(1 for m in catalog if m.id)
        click.echo(f"{project.relative(target)}: {done} of {total} messages (fuzzy left out).")


@i18n.command("pseudo")
def pseudo_command() -> None:
    """Write the pseudo-locales en-XA and ar-XB from the template (generated; not committed)."""
    from .pseudo import write_pseudo_catalogs

    project = _project()
    try:
        paths = write_pseudo_catalogs(project)
    except PoSyntaxError as e:
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
        app = create_app({"GUIDE_ROOT": str(project.root), "GUIDE_PREVIEW": True})
        files = collect_dashboard(app)
        write_export(files, out)
    except (ContentError, RegistryError, FreezeError, OSError) as e:
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
def freeze_command(out: Path, base_url: str) -> None:
    """Write the published site as static files to OUT (replacing an earlier export)."""
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
        files = collect(app)
        write_export(files, out)
    except (ContentError, RegistryError, FreezeError, OSError) as e:
        _fail(e)
    pages = sum(1 for name in files if name.endswith("/index.html"))
    click.echo(f"Wrote {len(files)} files to {out}: {pages} pages.")


def _registry(project: Project) -> Registry:
    try:
        return load_registry(project.registry, project.relative(project.registry))
    except RegistryError as e:
        _fail(e)


def _locales(project: Project, codes: Iterable[str]) -> list[LocaleInfo]:
    registry = _registry(project)
    if not codes:
        return list(registry.locales)
    chosen = []
    for code in codes:
        locale = registry.get(code) or registry.get(code.replace("-", "_"))
        if locale is None or locale is registry.source:
            raise click.BadParameter(f"{code!r} is not a registered locale", param_hint="--locale")
        chosen.append(locale)
    return chosen


def main() -> None:
    """Entry point of the ``guide-i18n`` console script."""
    i18n(prog_name="guide-i18n")


_FORMATS = ("text", "json", "github", "sarif", "junit")


def _check_ids(values: tuple[str, ...], option: str) -> set[str]:
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
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
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
    default="published",
    show_default=True,
    help="Policy for catalogs outside the locale registry (PATH mode).",
)
@click.option(
    "--min-percent",
    type=click.IntRange(0, 100),
    help="Published locales fail below this share of translated messages instead of on "
    "any untranslated or fuzzy one.",
)
def check_command(
    paths: tuple[Path, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    codes: tuple[str, ...],
    output: Path | None,
    status: str,
    min_percent: int | None,
) -> None:
    """Check the catalogs (default: every registered locale) or every .po under PATHs.

    Exit 0 clean, 1 a locale's policy failed, 2 usage or I/O error.
    """
    import os
    import sys
    from dataclasses import replace

    from .checks import REGISTRY
    from .checks.context import ProjectContext
    from .checks.discover import matches, path_targets, project_targets
    from .checks.glossary import GlossaryError
    from .checks.policy import Policy
    from .checks.report import RENDERERS, render_text
    from .checks.runner import run_checks

    selected = _check_ids(select, "--select") or {c.id for c in REGISTRY}
    selected -= _check_ids(ignore, "--ignore")
    checks = [c for c in REGISTRY if c.id in selected]
    project = _project()
    try:
        if paths:
            locales_dir = project.locales_dir.resolve()
            inside = any(p.resolve().is_relative_to(locales_dir) for p in paths)
            registry = _registry(project) if inside and project.registry.is_file() else None
            default = Policy("published" if status == "published" else "draft", min_percent)
            targets = path_targets(paths, default, project, registry)
            if codes:
                targets = [t for t in targets if matches(t, codes)]
            project_ctx = None
        else:
            targets = project_targets(project, _locales(project, codes))
            project_ctx = ProjectContext(project)
        if min_percent is not None:
            targets = [
                replace(t, policy=replace(t.policy, min_percent=min_percent)) for t in targets
            ]
        report = run_checks(targets, checks, project_ctx, project.relative(project.template))
    except GlossaryError as e:
        _fail(e)
    except (click.ClickException, SystemExit):
        raise
    except Exception as e:  # never a traceback: say what broke, exit 2
        raise InputError(f"internal error while checking: {type(e).__name__}: {e}") from e
    if fmt == "text":
        color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        text = render_text(report, color=color)
    else:
        text = RENDERERS[fmt](report)
    if output is not None:
        try:
            atomic_write(output, text.encode())
        except OSError as e:
            raise InputError(f"{output}: cannot write the report: {e.strerror}") from e
        if fmt != "text":
            click.echo(render_text(report).rsplit("\n", 2)[-2], err=True)
    else:
        click.echo(text, nl=False, color=True if fmt == "text" else None)
    if not report.passed:
        raise SystemExit(1)
