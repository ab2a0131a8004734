"""``guide-i18n check``: the checker's command line.

It is read with argparse, not with the workflow's click: a check of one catalog
starts in well under 0.1 s, and click alone took a fifth of that. ``flask i18n
check`` and ``guide-i18n --root DIR check`` hand their arguments to ``main`` too, so
there is one definition of the options.

Exit codes: 0 passed, 1 a policy failed, 2 usage, configuration or I/O error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ..locales import Registry
    from ..project import Project
    from .report import Extras
    from .runner import Report

FORMATS = ("text", "json", "github", "sarif", "junit")
USAGE = "[OPTIONS] [PATH]..."
DESCRIPTION = """\
Check the catalogs (default: every registered locale) or every .po under PATHs.

Options may also be set in pyproject.toml under [tool.guide-i18n.check]; the command
line wins. Exit 0 passed, 1 a policy failed, 2 usage, configuration or I/O error."""


class UsageError(Exception):
    """The command line is wrong: said with the usage line, exit 2."""


class InputError(Exception):
    """A file the command needs is missing or broken: one ``Error:`` line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


class _Version(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str) -> None:
        super().__init__(option_strings, dest, nargs=0, help="Show the version and exit.")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from .. import __version__

        print(f"guide-i18n, version {__version__}")
        raise SystemExit(0)


def _path(kind: str, exists: bool, directory: bool) -> Callable[[str], Path]:
    """A path option's check: not empty, existing if ``exists``, a folder only if ``directory``."""

    def convert(text: str) -> Path:
        if not text:  # -o "$OUT" with OUT unset: never the current folder, nor the next word
            raise argparse.ArgumentTypeError(f"{kind} is empty.")
        path = Path(text)
        try:
            if exists and not path.exists():
                raise argparse.ArgumentTypeError(f"{kind} {text!r} does not exist.")
            if not directory and path.is_dir():
                raise argparse.ArgumentTypeError(f"{kind} {text!r} is a directory.")
        except OSError as e:  # a name too long, a folder one may not enter
            raise argparse.ArgumentTypeError(f"{kind} {text!r}: {e.strerror}.") from None
        return path

    return convert


def _nonempty(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the value is empty.")
    return text


def _whole(low: int, high: int | None) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number.") from None
        if value < low or (high is not None and value > high):
            bounds = f"{low}<=x<={high}" if high is not None else f"x>={low}"
            raise argparse.ArgumentTypeError(f"{value} is not in the range {bounds}.")
        return value

    return convert


def _formatter(prog: str) -> argparse.HelpFormatter:
    # With its width given, argparse does not import shutil (and bz2, lzma) on every run.
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):  # not a terminal, or no stdout at all
        width = 80
    return argparse.RawDescriptionHelpFormatter(prog, width=min(width, 100) - 2)


def parser(prog: str) -> argparse.ArgumentParser:
    """The options, their help and their checks on values."""
    p = _Parser(
        prog=prog,
        usage=f"{prog} {USAGE}",
        description=DESCRIPTION,
        formatter_class=_formatter,
        allow_abbrev=False,
    )
    add = p.add_argument
    add(
        "paths",
        nargs="*",
        type=_path("Path", exists=True, directory=True),
        metavar="PATH",
        help="A .po file, or a folder searched for them.",
    )
    add("--format", dest="fmt", choices=FORMATS, help="Output format.  [default: text]")
    add(
        "--select",
        action="append",
        default=[],
        metavar="ID",
        help="Only these checks (repeatable, or ID,ID).",
    )
    add(
        "--ignore", action="append", default=[], metavar="ID", help="Not these checks (repeatable)."
    )
    add(
        "-l",
        "--locale",
        dest="codes",
        action="append",
        default=[],
        type=_nonempty,
        help="Only this locale (repeatable).",
    )
    add(
        "-o",
        "--output",
        type=_path("File", exists=False, directory=False),
        help="Write the report here.",
    )
    add(
        "--status",
        choices=("published", "draft"),
        help="Policy for catalogs outside the locale registry (PATH mode).  [default: published]",
    )
    add(
        "--min-percent",
        type=_whole(0, 100),
        help="Published locales fail below this share of translated messages instead of on "
        "any untranslated or fuzzy one.",
    )
    add(
        "--max-results",
        type=_whole(0, None),
        metavar="N",
        help="At most N results in a SARIF report, the most severe kept (0: no limit).  "
        "[default: 25000, GitHub code scanning's limit]",
    )
    add(
        "--new-since",
        dest="new_since_ref",
        metavar="GIT_REF",
        type=_nonempty,
        help="Report only findings that are not in the catalogs at this git revision "
        "(a branch, tag or commit); the policy counts only those.",
    )
    add(
        "--config",
        dest="config_file",
        type=_path("File", exists=True, directory=False),
        help="Read [tool.guide-i18n.check] from this file (default: the nearest "
        "pyproject.toml upward that has it).",
    )
    add("--no-config", action="store_true", help="Read no configuration file.")
    add(
        "--list-checks",
        action="store_true",
        help="List the checks that would run (id, severity, title).",
    )
    add("--version", action=_Version)
    return p


def main(
    args: Sequence[str], project: Project | None = None, prog: str = "guide-i18n check"
) -> int:
    """Run the command; its exit code. Every failure is one line on stderr, never a traceback."""
    try:
        options = parser(prog)
        words = _attached(options, args)
        after = words.index("--") if "--" in words else len(words)
        namespace = options.parse_intermixed_args(words[:after])
        if after < len(words):  # "--": PATHs only, even "-x.po" (intermixed parsing has no "--")
            namespace.paths += options.parse_args(words[after:]).paths
        from ..po import gc_paused

        # Paused for the whole run, workers included (they are forked from it): a run
        # makes tens of thousands of entries and findings, acyclic, which reference
        # counting frees; the collector's passes over them took a tenth of the time.
        with gc_paused():
            return _check(namespace, project)
    except UsageError as e:
        print(
            f"Usage: {prog} {USAGE}\nTry '{prog} --help' for help.\n\nError: {e}",
            file=sys.stderr,
        )
        return 2
    except InputError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: 130 as shells say, not 1 ("a policy failed")
        print("Interrupted.", file=sys.stderr)
        return 130


def _attached(options: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """``args`` with each option's value attached to it (``--new-since=-rf``).

    The word after an option that takes a value is its value, even when it begins with
    ``-``: argparse would take ``--new-since -rf`` for two options.
    """
    # Each spelling to the option's long name: "-o" and "" joined would be "-o" alone,
    # and argparse would take the next word (a catalog) for the file to write.
    valued = {
        name: action.option_strings[-1]
        for action in options._actions
        if action.nargs is None and action.option_strings
        for name in action.option_strings
    }
    out: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            out += [word, *words]
        elif word in valued and (value := next(words, None)) is not None:
            out.append(f"{valued[word]}={value}")
        else:
            out.append(word)
    return out


def _check_ids(values: Iterable[str], option: str) -> set[str]:
    from . import CHECKS

    ids = {part.strip() for value in values for part in value.split(",") if part.strip()}
    unknown = sorted(ids - set(CHECKS))
    if unknown:
        raise UsageError(
            f"Invalid value for '{option}': unknown check id(s) {', '.join(unknown)}; "
            f"the checks are: {', '.join(CHECKS)}"
        )
    return ids


def _check(options: argparse.Namespace, project: Project | None) -> int:
    from ..errors import LocatedError
    from ..project import Project
    from . import CHECKS, REGISTRY, report, runner
    from .config import CheckConfig, find_config, load_config
    from .context import ProjectContext
    from .discover import matches, path_targets, project_targets
    from .policy import Policy

    # The configuration first: every option below falls back to it.
    config = CheckConfig(Path("pyproject.toml"), "pyproject.toml")
    if not options.no_config:
        try:
            found = options.config_file or find_config()
            if found is not None:
                config = load_config(found, tuple(CHECKS))
        except LocatedError as e:
            raise InputError(str(e)) from e
    fmt = options.fmt or config.format or "text"
    selected = _check_ids(options.select, "--select")
    if options.ignore:
        ignored: set[str] | frozenset[str] = _check_ids(options.ignore, "--ignore")
    else:  # an id selected on the command line runs even when the configuration ignores it
        ignored = config.ignore - selected
    chosen = (selected or config.select or set(CHECKS)) - ignored
    checks = [c for c in REGISTRY if c.id in chosen]
    if options.list_checks:
        if fmt not in ("text", "json"):
            raise UsageError("--list-checks prints text or json")
        sys.stdout.write(report.render_check_list(checks, fmt))
        return 0
    max_results = options.max_results
    if max_results is not None and fmt != "sarif":
        raise UsageError("--max-results limits a SARIF report: use it with --format sarif")
    if fmt == "sarif":
        limit = max_results if max_results is not None else config.max_results
        max_results = report.SARIF_MAX_RESULTS if limit is None else limit
    status = options.status or config.status or "published"
    min_percent = options.min_percent if options.min_percent is not None else config.min_percent
    new_since_ref = options.new_since_ref or config.new_since
    paths = options.paths or config.paths
    codes = options.codes
    # Project.find falls back to the tree the package runs from: a check run outside any
    # guide project must not check that one, but what is under the working folder.
    in_project = project is not None
    if project is None:
        project = Project.find()
        in_project = _works_in(project.root)
    if not paths and not (in_project and project.registry.is_file()):
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
                shown = ", ".join(report.display(str(p)) for p in paths)
                print(f"Warning: no .po catalog found in {shown}.", file=sys.stderr)
            project_ctx = None
        else:
            try:
                locales = _registry(project).translations(codes)
            except LookupError as e:
                raise UsageError(f"Invalid value for '--locale': {e.args[0]}") from None
            targets = project_targets(project, locales)
            project_ctx = ProjectContext(project)
        if min_percent is not None:
            targets = [t.with_policy(t.policy.with_min_percent(min_percent)) for t in targets]
        found_report = runner.run_checks(
            targets,
            checks,
            project_ctx,
            project.relative(project.template),
            meanwhile=partial(report.prepare, fmt),
        )
        if new_since_ref:
            from .baseline import BaselineError, new_since

            try:
                found_report, baseline = new_since(new_since_ref, targets, checks, found_report)
            except BaselineError as e:
                raise InputError(str(e)) from e
    except LocatedError as e:  # a glossary, review record or registry that cannot be read
        raise InputError(str(e)) from e
    except (UsageError, InputError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # never a traceback: say what broke, exit 2
        from ..forkpool import WorkerDied  # here: a run that goes well never loads it

        if isinstance(e, WorkerDied):  # killed for lack of memory, most likely
            raise InputError(str(e)) from e
        raise InputError(f"internal error while checking: {type(e).__name__}: {e}") from e
    return _write(
        found_report, report.Extras(baseline=baseline, max_results=max_results), fmt, options.output
    )


def _works_in(root: Path) -> bool:
    """Whether the working folder is ``root`` or inside it."""
    try:
        return Path.cwd().resolve().is_relative_to(root.resolve())
    except OSError:  # the working folder was deleted
        return False


def _registry(project: Project) -> Registry:
    from ..locales import load_registry

    return load_registry(project.registry, project.relative(project.registry))


def _write(found: Report, extras: Extras, fmt: str, output: Path | None) -> int:
    """Render the report to stdout or ``output``; the exit code its policy gives."""
    from . import report

    text: str | bytes
    if fmt == "text":
        color = (
            output is None
            and sys.stdout is not None
            and sys.stdout.isatty()
            and "NO_COLOR" not in os.environ
        )
        text = report.render_text(found, extras, color=color)
    else:
        text = report.RENDERERS[fmt](found, extras)
    if fmt == "sarif":
        _, omitted = report.limit_results(found, extras.max_results)
        if omitted:
            line = report.omitted_line(omitted, len(found.findings), extras.max_results)
            print(f"Note: {line}.", file=sys.stderr)
    if output is not None:
        try:
            _write_report(output, _utf8(text))
        except OSError as e:
            shown = report.display(str(output))
            raise InputError(f"{shown}: cannot write the report: {e.strerror}") from e
        print(report.summary_line(found, extras), file=sys.stderr)
    else:
        _to_stdout(text, fmt)
    return 0 if found.passed else 1


def _to_stdout(text: str | bytes, fmt: str) -> None:
    """The report on standard output: JSON, SARIF, JUnit and GitHub's commands in UTF-8,
    as in a file; the text in the terminal's encoding, what it cannot show replaced."""
    stream = sys.stdout
    if stream is None:
        raise InputError("standard output is closed: write the report with -o FILE")
    try:
        buffer = getattr(stream, "buffer", None)
        if fmt != "text" and buffer is not None:
            stream.flush()
            buffer.write(_utf8(text))
            buffer.flush()
            return
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
        stream.write(text if isinstance(text, str) else text.decode())
        stream.flush()
    except OSError as e:  # a full disk, /dev/full
        raise InputError(f"cannot write the report to standard output: {e.strerror}") from e


def _utf8(text: str | bytes) -> bytes:
    """A report as written: JSON and SARIF come as their encoder's UTF-8 bytes already."""
    return text if isinstance(text, bytes) else text.encode()


def _write_report(path: Path, data: bytes) -> None:
    """A file is replaced atomically; a device or pipe (``/dev/null``, ``/dev/stdout``) is
    written to, never replaced by a regular file."""
    import stat

    from ..files import atomic_write

    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with path.open("wb") as stream:
            stream.write(data)
    else:
        atomic_write(path, data)
