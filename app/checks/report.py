"""Reporters: the same findings as text, JSON, GitHub annotations, SARIF 2.1.0 or JUnit XML.

Every string that reaches an output goes through ``display`` first: a file name that
is not valid UTF-8 (bytes Python keeps as lone surrogates) is written with backslash
escapes, and percent-encoded byte for byte in a SARIF URI, so no report can fail to
encode.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from ..lazy_regex import lazy_compile
from .completeness import quote as quoted
from .model import Check, Finding, Severity
from .policy import counts_against
from .runner import LocaleResult, Report
from .stats import Stats

if TYPE_CHECKING:
    from .baseline import Baseline

SCHEMA_VERSION = 1
TOOL = "guide-i18n check"
# GitHub code scanning refuses a SARIF run of more than 25,000 results.
SARIF_MAX_RESULTS = 25_000
_BAR = 20


class Extras(NamedTuple):
    """What a report says besides its findings: the baseline, the SARIF result limit."""

    baseline: Baseline | None = None
    max_results: int | None = None  # SARIF only; None or 0: no limit


NO_EXTRAS = Extras()


def display(text: str) -> str:
    """``text`` as valid UTF-8: the bytes of a file name that are not UTF-8 as ``\\xe9``.

    A file name on Linux is bytes; Python keeps undecodable ones as lone surrogates,
    which no UTF-8 output can carry. They are written as backslash escapes, as
    ``ls -b`` does, instead of crashing the report.
    """
    if text.isascii():  # nearly every text; no copy made to find out
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


@lru_cache(maxsize=4096)  # a catalog's path is shown once per finding
def display_path(path: str) -> str:
    """A file name as ``display`` shows it, its control characters escaped too (``\\n``).

    A newline in a name would split a report's line; the backslash is escaped as well,
    so that every escape reads back, as in ``ls -b``.
    """
    if _CONTROL_RE.search(path):
        path = _CONTROL_RE.sub(_escaped, path)
    return display(path)


_CONTROL_RE = lazy_compile(r"[\x00-\x1f\x7f\\]")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\x{ord(char):02x}"


def _display_paths(findings: Sequence[Finding]) -> dict[str, str]:
    """Each path of the findings as ``display_path`` shows it (a few paths, many findings)."""
    return {path: display_path(path) for path in {f.path for f in findings}}


def where(finding: Finding) -> str:
    """``path:line`` (or just ``path`` for a whole-file finding)."""
    path = display_path(finding.path)
    return path if finding.line is None else f"{path}:{finding.line}"


def _count(findings: Sequence[Finding]) -> tuple[int, int]:
    errors = [f.severity for f in findings].count(Severity.ERROR)  # counted in C
    return errors, len(findings) - errors


def summary_line(report: Report, extras: Extras = NO_EXTRAS, color: bool = False) -> str:
    """The one-line verdict (also what goes to stderr when the report goes to a file)."""
    errors, warnings = _count(report.findings)
    verdict = "passed" if report.passed else "FAILED"
    if color:
        verdict = _style(verdict, fg="green" if report.passed else "red", bold=True)
    new = f" new since {display(extras.baseline.ref)}" if extras.baseline else ""
    return (
        f"{errors} error(s), {warnings} warning(s){new} in {len(report.catalogs)} catalog(s) "
        f"of {len(report.locales)} locale(s): {verdict}"
    )


def baseline_line(baseline: Baseline) -> str:
    """What the baseline left out of the report."""
    return (
        f"{baseline.known} finding(s) already present at {display(baseline.ref)} "
        f"({baseline.commit[:12]}) not shown (--new-since)"
    )


def prepare(fmt: str) -> None:
    """Import what rendering ``fmt`` needs: done while the workers check, not after them.

    orjson takes 9 ms to import (it imports dataclasses, uuid, datetime...).
    """
    if fmt in ("json", "sarif"):
        import orjson  # noqa: F401


# Up to this many findings a report is encoded by the standard library, unless orjson is
# loaded already: importing orjson (9 ms) costs more than it saves on a small report.
SMALL_REPORT = 2_000


class NotUtf8(ValueError):
    """A string of the document is not valid UTF-8 (a lone surrogate from a file name)."""


def _json(data: object, indent: bool = False, small: bool = False) -> bytes:
    """``data`` as a line of JSON in UTF-8 bytes, as it is written (``NotUtf8`` unless
    every string is valid UTF-8).

    orjson, not the standard library: a report of 24,000 findings (6.8 MB) took 48 ms
    with json's C encoder and takes 8 with orjson, time the parent spends alone after
    the workers are done; and its bytes are written as they are, not decoded to be
    encoded again. A ``small`` document is written by the standard library, byte for
    byte as orjson writes it, where orjson is not loaded yet.
    """
    if small and "orjson" not in sys.modules:
        import json

        separators = (",", ": ") if indent else (",", ":")
        text = json.dumps(
            data, ensure_ascii=False, indent=2 if indent else None, separators=separators
        )
        try:
            return f"{text}\n".encode()
        except UnicodeEncodeError as e:
            raise NotUtf8(str(e)) from None
    import orjson  # here: a text report never needs it

    option = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        return orjson.dumps(data, option=option)  # the newline added after would copy megabytes
    except orjson.JSONEncodeError as e:
        raise NotUtf8(str(e)) from None


_COLORS = {"red": "31", "green": "32", "yellow": "33"}


def _style(text: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    """``text`` in ANSI colour (for a terminal only: the caller decides)."""
    codes = [_COLORS[fg]] if fg else []
    codes += ["1"] * bold + ["2"] * dim
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


# --- text -------------------------------------------------------------------------------------


def _bar(stats: Stats, color: bool) -> str:
    if not stats.total:
        return " " * _BAR
    done = stats.translated * _BAR // stats.total
    fuzzy = min(_BAR - done, (stats.fuzzy * _BAR + stats.total - 1) // stats.total)
    parts = ("█" * done, "▒" * fuzzy, "░" * (_BAR - done - fuzzy))
    if not color:
        return "".join(parts)
    return _style(parts[0], fg="green") + _style(parts[1], fg="yellow") + _style(parts[2], dim=True)


def _result(locale: LocaleResult, color: bool) -> str:
    if locale.failures:
        text = "FAIL: " + "; ".join(locale.failures)
        return _style(text, fg="red", bold=True) if color else text
    text = "ok" if locale.policy.status == "published" else "ok (draft: never fails)"
    return _style(text, fg="green") if color else text


def render_text(report: Report, extras: Extras = NO_EXTRAS, color: bool = False) -> str:
    """One ``path:line: severity: [check-id] message`` line per finding, then a summary."""
    paths = _display_paths(report.findings)
    shown = {s: _style(s.value, fg="red" if s is Severity.ERROR else "yellow") for s in Severity}
    lines = []
    for check, severity, path, line, _, _, message, _ in report.findings:
        place = paths[path] if line is None else f"{paths[path]}:{line}"
        level = shown[severity] if color else severity.value
        lines.append(f"{place}: {level}: [{check}] {display(message)}")
    if lines:
        lines.append("")
    if report.questions:
        lines += render_questions(report)
    header = (
        f"{'locale':<10} {'status':<9} {'translated':<{_BAR + 5}} {'fuzzy':>5} "
        f"{'untr.':>5} {'obs.':>5} {'words':>13} {'err':>4} {'warn':>5}  result"
    )
    lines.append(header)
    for loc in report.locales:
        s = loc.stats
        if loc.unreadable:  # its counts are unknown: zeros would read as a complete catalog
            what = (
                "unreadable" if loc.unreadable == loc.catalogs else f"{loc.unreadable} unreadable"
            )
            counts = f"{what:<{_BAR + 5}} {'-':>5} {'-':>5} {'-':>5} {'-':>13}"
        else:
            counts = (
                f"{_bar(s, color)} {s.percent:>3}% {s.fuzzy:>5} {s.untranslated:>5} "
                f"{s.obsolete:>5} {f'{s.translated_words}/{s.total_words}':>13}"
            )
        lines.append(
            f"{display(loc.locale):<10} {loc.policy.status:<9} {counts} {loc.errors:>4} "
            f"{loc.warnings:>5}  {_result(loc, color)}"
        )
    lines.append("")
    for failure in report.project_failures:
        lines.append(f"FAIL: {display(failure)}")
    if extras.baseline is not None:
        lines.append(baseline_line(extras.baseline))
    lines.append(summary_line(report, extras, color))
    return "\n".join(lines) + "\n"


def render_questions(report: Report) -> list[str]:
    """Translators' questions about the English, by message: for content editors, never failing."""
    lines = [
        f"Questions about the English from translators, on {len(report.questions)} message(s) "
        "(# source-issue: comments; for content editors, never a failure):"
    ]
    for question in report.questions:
        source = ", ".join(question.references) or "(no reference)"
        lines.append(f"  {display(source)}: {quoted(question.msgid)}")
        for text, locales in question.texts:
            lines.append(f"    [{', '.join(sorted(locales))}] {display(text)}")
    lines.append("")
    return lines


# --- the list of checks -------------------------------------------------------------------------


def render_check_list(checks: Sequence[Check], fmt: str) -> str:
    """``--list-checks``: id, severity and title of each check, as text or JSON."""
    if fmt == "json":
        document = {
            "version": SCHEMA_VERSION,
            "tool": {"name": TOOL, "version": __version__},
            "checks": [_check(c) for c in checks],
        }
        return _json(document, indent=True, small=True).decode()
    width = max((len(c.id) for c in checks), default=2)
    lines = [f"{'id':<{width}}  severity  title"]
    lines += [f"{c.id:<{width}}  {c.severity.value:<8}  {c.title}" for c in checks]
    return "\n".join(lines) + "\n"


def _check(check: Check) -> dict[str, str]:
    return {"id": check.id, "severity": check.severity.value, "title": check.title}


# --- JSON -------------------------------------------------------------------------------------


def _stats(stats: Stats, readable: bool) -> dict[str, Any]:
    return {
        "readable": readable,
        "translated": stats.translated,
        "fuzzy": stats.fuzzy,
        "untranslated": stats.untranslated,
        "obsolete": stats.obsolete,
        "total": stats.total,
        # Unknown, not 100: an unread catalog has no messages to count.
        "percent": stats.percent if readable else None,
        "words": {
            "translated": stats.translated_words,
            "fuzzy": stats.fuzzy_words,
            "untranslated": stats.untranslated_words,
            "obsolete": stats.obsolete_words,
            "total": stats.total_words,
        },
    }


def _optional(text: str | None) -> str | None:
    return None if text is None else display(text)


def to_json(report: Report, extras: Extras = NO_EXTRAS, escape: bool = True) -> dict[str, Any]:
    """The documented JSON document (``docs/checker.schema.json``).

    ``escape=False`` leaves the findings' texts as they are, for an encoder that refuses
    what is not valid UTF-8 (then the document is asked for again, escaped): a report
    of 24,000 findings is built in half the time.
    """
    # Unpacked, not read field by field, and each path shown once: this runs for each
    # of tens of thousands of findings, while the workers are done and wait.
    paths = _display_paths(report.findings)
    findings = [
        {
            "check": check,
            "severity": severity,  # a StrEnum: both encoders write its value
            "path": paths[path],
            "line": line,
            "locale": locale,
            "msgctxt": msgctxt,
            "msgid": msgid,
            "message": message,
        }
        for check, severity, path, line, locale, msgid, message, msgctxt in report.findings
    ]
    if escape:
        for shown, f in zip(findings, report.findings, strict=True):
            shown["locale"], shown["msgctxt"] = _optional(f.locale), _optional(f.msgctxt)
            shown["msgid"], shown["message"] = _optional(f.msgid), display(f.message)
    document: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "tool": {"name": TOOL, "version": __version__},
        "passed": report.passed,
        "checks": [_check(c) for c in report.checks],
        "findings": findings,
        "catalogs": [
            {
                "path": display_path(c.path),
                "locale": display(c.locale),
                "status": c.status,
                "parsed": c.parsed,
                "stats": _stats(c.stats, c.parsed),
            }
            for c in report.catalogs
        ],
        "locales": [
            {
                "locale": display(loc.locale),
                "status": loc.policy.status,
                "min_percent": loc.policy.min_percent,
                "review_required": loc.policy.review_required,
                "catalogs": loc.catalogs,
                "errors": loc.errors,
                "warnings": loc.warnings,
                "passed": not loc.failures,
                "failures": [display(failure) for failure in loc.failures],
                "stats": _stats(loc.stats, not loc.unreadable),
            }
            for loc in report.locales
        ],
        "project_failures": [display(failure) for failure in report.project_failures],
        "source_issues": [
            {
                "msgctxt": q.msgctxt,
                "msgid": q.msgid,
                "references": [display(reference) for reference in q.references],
                "raised": [
                    {
                        "locale": r.locale,
                        "path": display_path(r.path),
                        "line": r.line,
                        "text": r.text,
                    }
                    for r in q.raised
                ],
            }
            for q in report.questions
        ],
    }
    if extras.baseline is not None:
        document["new_since"] = {
            "ref": display(extras.baseline.ref),
            "commit": extras.baseline.commit,
            "known": extras.baseline.known,
        }
    return document


def render_json(report: Report, extras: Extras = NO_EXTRAS) -> bytes:
    """The JSON document in UTF-8, text kept readable."""
    small = len(report.findings) <= SMALL_REPORT
    try:  # texts from a file name that is not UTF-8 are rare: escaped only when found
        return _json(to_json(report, extras, escape=False), small=small)
    except NotUtf8:
        return _json(to_json(report, extras), small=small)


# --- GitHub Actions ---------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return display(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, extras: Extras = NO_EXTRAS) -> str:
    """Workflow commands (``::error file=...,line=...::``) that annotate the pull request."""
    lines = []
    for f in report.findings:
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f'[{f.check}]')}")
        lines.append(f"::{f.severity.value} {','.join(props)}::{_escape_data(f.message)}")
    text = render_text(report, extras, color=False)
    summary = text.split("\n\n", 1)[-1] if report.findings else text
    return "\n".join(lines) + ("\n" if lines else "") + summary


# --- SARIF 2.1.0 ------------------------------------------------------------------------------


def _uri(path: str) -> dict[str, str]:
    """A URI for the file: its bytes percent-encoded (so a non-UTF-8 name survives)."""
    from urllib.parse import quote  # SARIF's and JUnit's modules: only their reports need them

    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        raw = display(path).encode("utf-8")
    if path.startswith("/"):
        return {"uri": "file://" + quote(raw)}
    return {"uri": quote(raw), "uriBaseId": "%SRCROOT%"}


def _rank(report: Report) -> Callable[[Finding], int]:
    """Most severe first: errors, then warnings that fail their locale, then other warnings."""
    policies = {loc.locale: loc.policy for loc in report.locales}

    def rank(finding: Finding) -> int:
        if finding.severity is Severity.ERROR:
            return 0
        policy = policies.get(finding.locale or "?")
        return 1 if policy is not None and counts_against(policy, finding) else 2

    return rank


def limit_results(report: Report, limit: int | None) -> tuple[list[Finding], int]:
    """At most ``limit`` findings (None or 0: all), the most severe kept, in report order."""
    findings = report.findings
    if not limit or len(findings) <= limit:
        return list(findings), 0
    rank = _rank(report)
    order = sorted(range(len(findings)), key=lambda i: rank(findings[i]))  # stable
    keep = sorted(order[:limit])
    return [findings[i] for i in keep], len(findings) - limit


def render_sarif(report: Report, extras: Extras = NO_EXTRAS) -> bytes:
    """A SARIF 2.1.0 log for code-scanning dashboards (at most ``extras.max_results`` results)."""
    index = {check.id: i for i, check in enumerate(report.checks)}
    rules = [
        {
            "id": check.id,
            "name": check.id.title().replace("-", ""),
            "shortDescription": {"text": check.title},
            "defaultConfiguration": {"level": check.severity.value},
        }
        for check in report.checks
    ]
    findings, omitted = limit_results(report, extras.max_results)
    import hashlib

    results = []
    for f in findings:
        location: dict[str, Any] = {"artifactLocation": _uri(f.path)}
        if f.line is not None:
            location["region"] = {"startLine": f.line}
        identity = "\x00".join((f.check, f.path, f.msgctxt or "", f.msgid or "", f.message))
        fingerprint = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
        result: dict[str, Any] = {
            "ruleId": f.check,
            "ruleIndex": index.get(f.check, 0),
            "level": f.severity.value,
            "message": {"text": display(f.message)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"i18nFinding/v1": fingerprint[:32]},
        }
        if extras.baseline is not None:
            result["baselineState"] = "new"  # every result left is new since the baseline
        properties = {"locale": f.locale, "msgctxt": f.msgctxt, "msgid": f.msgid}
        result["properties"] = {k: display(v) for k, v in properties.items() if v is not None}
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "guide-i18n",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "results": results,
    }
    notes = []
    run_properties: dict[str, Any] = {}
    if omitted:
        notes.append(omitted_line(omitted, len(report.findings), extras.max_results))
        run_properties["resultsOmitted"] = omitted
        run_properties["resultsTotal"] = len(report.findings)
    if extras.baseline is not None:
        notes.append(baseline_line(extras.baseline))
        run_properties["newSince"] = {
            "ref": display(extras.baseline.ref),
            "commit": extras.baseline.commit,
            "known": extras.baseline.known,
        }
    run["invocations"] = [
        {
            "executionSuccessful": True,
            "exitCode": 0 if report.passed else 1,
            "toolExecutionNotifications": [
                {"level": "note", "message": {"text": note}} for note in notes
            ],
        }
    ]
    if run_properties:
        run["properties"] = run_properties
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return _json(log, small=len(results) <= SMALL_REPORT)


def omitted_line(omitted: int, total: int, limit: int | None) -> str:
    """What ``--max-results`` left out of a SARIF report."""
    return (
        f"{omitted} of {total} result(s) left out of the SARIF report (--max-results {limit}; "
        "the most severe were kept)"
    )


# --- JUnit XML --------------------------------------------------------------------------------


_XML_INVALID = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry (a msgid may hold control characters)."""
    return _XML_INVALID.sub("\ufffd", display(text))


def render_junit(report: Report, extras: Extras = NO_EXTRAS) -> str:
    """One testsuite per locale, one testcase per check; a failure where the policy fails."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name=TOOL)
    policies = {loc.locale: loc for loc in report.locales}
    by_locale: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_locale.setdefault(f.locale or "(project)", []).append(f)
    names = [loc.locale for loc in report.locales]
    if "(project)" in by_locale:
        names.insert(0, "(project)")
    total = failed = 0
    for name in names:
        suite = ET.SubElement(root, "testsuite", name=_xml(name))
        found = by_locale.get(name, [])
        loc = policies.get(name)
        tests = failures = 0
        for check in report.checks:
            mine = [f for f in found if f.check == check.id]
            case = ET.SubElement(suite, "testcase", classname=_xml(name), name=check.id)
            tests += 1
            if not mine:
                continue
            text = _xml(
                "\n".join(f"{where(f)}: {f.severity.value}: {display(f.message)}" for f in mine)
            )
            fails = [f for f in mine if loc is None or counts_against(loc.policy, f)]
            if fails:
                failures += 1
                failure = ET.SubElement(
                    case, "failure", message=f"{len(fails)} finding(s)", type=check.severity.value
                )
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        if loc is not None and loc.policy.min_percent is not None:
            case = ET.SubElement(suite, "testcase", classname=_xml(name), name="min-percent")
            tests += 1
            below = [r for r in loc.failures if "min_percent" in r]
            if below:
                failures += 1
                ET.SubElement(case, "failure", message=below[0], type="policy")
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total, failed = total + tests, failed + failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# Text for people; JSON and SARIF as the UTF-8 bytes their encoder makes.
RENDERERS: dict[str, Callable[[Report, Extras], str | bytes]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}
