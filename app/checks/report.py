"""Reporters: the same findings as text, JSON, GitHub annotations, SARIF 2.1.0 or JUnit XML."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

import click

from .completeness import quote as quoted
from .model import Finding
from .policy import counts_against
from .runner import LocaleResult, Report
from .stats import Stats

SCHEMA_VERSION = 1
TOOL = "guide-i18n check"
_BAR = 20


def _version() -> str:
    try:
        return version("dry-needling-guide")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def where(finding: Finding) -> str:
    """``path:line`` (or just ``path`` for a whole-file finding)."""
    return finding.path if finding.line is None else f"{finding.path}:{finding.line}"


# --- text -------------------------------------------------------------------------------------


def _bar(stats: Stats, color: bool) -> str:
    if not stats.total:
        return " " * _BAR
    done = stats.translated * _BAR // stats.total
    fuzzy = min(_BAR - done, (stats.fuzzy * _BAR + stats.total - 1) // stats.total)
    parts = ("█" * done, "▒" * fuzzy, "░" * (_BAR - done - fuzzy))
    if not color:
        return "".join(parts)
    return (
        click.style(parts[0], fg="green")
        + click.style(parts[1], fg="yellow")
        + click.style(parts[2], dim=True)
    )


def _result(locale: LocaleResult, color: bool) -> str:
    if locale.failures:
        text = "FAIL: " + "; ".join(locale.failures)
        return click.style(text, fg="red", bold=True) if color else text
    text = "ok" if locale.policy.status == "published" else "ok (draft: never fails)"
    return click.style(text, fg="green") if color else text


def render_text(report: Report, color: bool = False) -> str:
    """One ``path:line: severity: [check-id] message`` line per finding, then a summary."""
    lines = []
    for f in report.findings:
        severity = f.severity.value
        if color:
            severity = click.style(severity, fg="red" if severity == "error" else "yellow")
        lines.append(f"{where(f)}: {severity}: [{f.check}] {f.message}")
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
            f"{loc.locale:<10} {loc.policy.status:<9} {counts} {loc.errors:>4} {loc.warnings:>5}  "
            f"{_result(loc, color)}"
        )
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    lines.append("")
    for failure in report.project_failures:
        lines.append(f"FAIL: {failure}")
    verdict = "passed" if report.passed else "FAILED"
    if color:
        verdict = click.style(verdict, fg="green" if report.passed else "red", bold=True)
    lines.append(
        f"{errors} error(s), {warnings} warning(s) in {len(report.catalogs)} catalog(s) "
        f"of {len(report.locales)} locale(s): {verdict}"
    )
    return "\n".join(lines) + "\n"


def render_questions(report: Report) -> list[str]:
    """Translators' questions about the English, by message: for content editors, never failing."""
    lines = [
        f"Questions about the English from translators, on {len(report.questions)} message(s) "
        "(# source-issue: comments; for content editors, never a failure):"
    ]
    for question in report.questions:
        source = ", ".join(question.references) or "(no reference)"
        lines.append(f"  {source}: {quoted(question.msgid)}")
        for text, locales in question.texts:
            lines.append(f"    [{', '.join(sorted(locales))}] {text}")
    lines.append("")
    return lines


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


def to_json(report: Report) -> dict[str, Any]:
    """The documented JSON document (``docs/checker.schema.json``)."""
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": TOOL, "version": _version()},
        "passed": report.passed,
        "checks": [
            {"id": c.id, "severity": c.severity.value, "title": c.title} for c in report.checks
        ],
        "findings": [
            {
                "check": f.check,
                "severity": f.severity.value,
                "path": f.path,
                "line": f.line,
                "locale": f.locale,
                "msgctxt": f.msgctxt,
                "msgid": f.msgid,
                "message": f.message,
            }
            for f in report.findings
        ],
        "catalogs": [
            {
                "path": c.path,
                "locale": c.locale,
                "status": c.status,
                "parsed": c.parsed,
                "stats": _stats(c.stats, c.parsed),
            }
            for c in report.catalogs
        ],
        "locales": [
            {
                "locale": loc.locale,
                "status": loc.policy.status,
                "min_percent": loc.policy.min_percent,
                "review_required": loc.policy.review_required,
                "catalogs": loc.catalogs,
                "errors": loc.errors,
                "warnings": loc.warnings,
                "passed": not loc.failures,
                "failures": loc.failures,
                "stats": _stats(loc.stats, not loc.unreadable),
            }
            for loc in report.locales
        ],
        "project_failures": report.project_failures,
        "source_issues": [
            {
                "msgctxt": q.msgctxt,
                "msgid": q.msgid,
                "references": q.references,
                "raised": [
                    {"locale": r.locale, "path": r.path, "line": r.line, "text": r.text}
                    for r in q.raised
                ],
            }
            for q in report.questions
        ],
    }


def render_json(report: Report) -> str:
    """The JSON document, indented, UTF-8 text kept readable."""
    # No indent: json then uses its C encoder, several times faster on a big tree.
    return json.dumps(to_json(report), ensure_ascii=False) + "\n"


# --- GitHub Actions ---------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """Workflow commands (``::error file=...,line=...::``) that annotate the pull request."""
    lines = []
    for f in report.findings:
        props = [f"file={_escape_property(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f'[{f.check}]')}")
        lines.append(f"::{f.severity.value} {','.join(props)}::{_escape_data(f.message)}")
    text = render_text(report, color=False)
    summary = text.split("\n\n", 1)[-1] if report.findings else text
    return "\n".join(lines) + ("\n" if lines else "") + summary


# --- SARIF 2.1.0 ------------------------------------------------------------------------------


def _uri(path: str) -> dict[str, str]:
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": "%SRCROOT%"}


def render_sarif(report: Report) -> str:
    """A SARIF 2.1.0 log for code-scanning dashboards."""
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
    results = []
    for f in report.findings:
        location: dict[str, Any] = {"artifactLocation": _uri(f.path)}
        if f.line is not None:
            location["region"] = {"startLine": f.line}
        identity = "\x00".join((f.check, f.path, f.msgctxt or "", f.msgid or "", f.message))
        result: dict[str, Any] = {
            "ruleId": f.check,
            "ruleIndex": index.get(f.check, 0),
            "level": f.severity.value,
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {
                "i18nFinding/v1": hashlib.sha256(identity.encode()).hexdigest()[:32]
            },
        }
        properties = {"locale": f.locale, "msgctxt": f.msgctxt, "msgid": f.msgid}
        result["properties"] = {k: v for k, v in properties.items() if v is not None}
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "guide-i18n", "version": _version(), "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# --- JUnit XML --------------------------------------------------------------------------------


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry (a msgid may hold control characters)."""
    return _XML_INVALID.sub("\ufffd", text)


def render_junit(report: Report) -> str:
    """One testsuite per locale, one testcase per check; a failure where the policy fails."""
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
            text = _xml("\n".join(f"{where(f)}: {f.severity.value}: {f.message}" for f in mine))
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
            case = ET.SubElement(suite, "testcase", classname=name, name="min-percent")
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


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}
