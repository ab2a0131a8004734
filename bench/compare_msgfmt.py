"""Compare the checker's statistics with GNU `msgfmt --statistics`, file by file.

    python bench/compare_msgfmt.py path/to/po-corpus

For every .po file under PATH: msgfmt's translated/fuzzy/untranslated counts against
ours. Files msgfmt rejects are listed apart; a difference explained by the one
documented rule (a plural entry with an empty msgstr[n], n > 0, is untranslated for
us and translated for msgfmt) is counted as such; anything else is printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from app.checks import CHECKS
from app.checks.policy import Policy
from app.checks.runner import Target, find_catalogs, run_checks
from app.po import PoSyntaxError, read_po

_COUNT_RE = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def msgfmt_counts(path: Path) -> tuple[int, int, int] | None:
    """msgfmt's (translated, fuzzy, untranslated), or None when it rejects the file."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    if result.returncode != 0:
        return None
    counts = {kind: int(n) for n, kind in _COUNT_RE.findall(result.stderr.splitlines()[-1])}
    return counts.get("translated", 0), counts.get("fuzzy", 0), counts.get("untranslated", 0)


def documented_difference(path: Path) -> tuple[int, int]:
    """Plural entries with msgstr[0] filled but another form empty: (not fuzzy, fuzzy).

    msgfmt counts them translated (or fuzzy); the checker counts them untranslated.
    """
    try:
        po = read_po(path)
    except PoSyntaxError:
        return 0, 0
    partial = [
        e for e in po.entries if e.plural and e.msgstr_plural[:1] != [""] and not all(e.strings)
    ]
    fuzzy = sum(1 for e in partial if e.fuzzy)
    return len(partial) - fuzzy, fuzzy


def main() -> None:
    root = Path(sys.argv[1])
    paths = find_catalogs([root])
    targets = [Target(p, p.as_posix(), None, Policy("draft")) for p in paths]
    report = run_checks(targets, [CHECKS["syntax"]])
    ours = {c.path: c for c in report.catalogs}
    agree = explained = rejected = 0
    differ: list[str] = []
    for path in paths:
        theirs = msgfmt_counts(path)
        if theirs is None:
            rejected += 1
            continue
        s = ours[path.as_posix()].stats
        mine = (s.translated, s.fuzzy, s.untranslated)
        if mine == theirs:
            agree += 1
            continue
        plain, fuzzy = documented_difference(path)
        expected = (theirs[0] - plain, theirs[1] - fuzzy, theirs[2] + plain + fuzzy)
        if (plain or fuzzy) and mine == expected:
            explained += 1
            continue
        differ.append(f"{path}: msgfmt {theirs}, checker {mine}")
    print(f"{len(paths)} files under {root}")
    print(f"  agree exactly with msgfmt --statistics:        {agree}")
    print(f"  differ only by the documented plural rule:     {explained}")
    print(f"  rejected by msgfmt (not comparable):           {rejected}")
    print(f"  other differences:                              {len(differ)}")
    for line in differ:
        print("   ", line)
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
