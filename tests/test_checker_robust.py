"""The checker on hostile trees and at scale: never a traceback, never a silent gap.

Every path below is one a CI job can meet: names that are not UTF-8, folders it may not
enter, FIFOs, link loops, paths longer than PATH_MAX, binary files. Each is one located
finding, the run fails, and nothing is skipped in silence. The streamed, parallel checker
gives the report that one process reading whole files gives, finding for finding.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import app.checks.parallel as parallel
import app.po
from app.checks import REGISTRY
from app.checks.policy import Policy
from app.checks.runner import Report, Target, find_catalogs, guess_locale, run_checks, walk
from app.po import PoReader, PoSyntaxError, parse_po, read_po

from .checker_helpers import FR_PLURAL, catalog, line_of, write
from .conftest import REPO

DATA = REPO / "tests" / "data"
PUBLISHED = Policy("published")


CHECK = [sys.executable, "-c", "from app.console import main; main()", "check"]


def checker(
    *args: str, cwd: Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``guide-i18n check ARGS`` in a process of its own, as CI runs it."""
    return subprocess.run(
        [*CHECK, *args],
        capture_output=True,
        check=False,
        timeout=600,
        cwd=cwd,
        preexec_fn=preexec_fn,
    )


def findings_by_name(report: dict[str, object]) -> dict[str, list[tuple[str, str]]]:
    by_name: dict[str, list[tuple[str, str]]] = {}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        name = finding["path"].rsplit("/", 1)[-1]
        by_name.setdefault(name, []).append((finding["check"], finding["message"]))
    return by_name


def deep_folder(root: Path, depth_bytes: int) -> Path:
    """A chain of folders whose path is longer than ``depth_bytes``, made with ``dir_fd``
    (no path that long can be named in one call). Returns the first link of the chain."""
    name = "d" * 200
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth_bytes // len(name) + 2):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        catalog_fd = os.open("fr.po", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(catalog_fd, catalog().encode())
        os.close(catalog_fd)
    finally:
        os.close(fd)
    return root / name


def hostile_tree(root: Path) -> dict[str, str]:
    """A tree of hostile files and names; what the finding of each must say."""
    good = catalog()
    write(root / "fr.po", good)
    write(root / os.fsdecode(b"caf\xe9.po"), good)  # a Latin-1 name: not UTF-8
    write(root / os.fsdecode(b"d\xff") / "de.po", good.replace("Language: fr", "Language: de"))
    write(root / "new\nline.po", good)
    os.mkfifo(root / "pipe.po")  # reading it would block forever
    (root / "loop.po").symlink_to("loop.po")
    (root / "dangling.po").symlink_to("nowhere.po")
    (root / "self").symlink_to(".")  # a folder link loop: not followed
    (root / "folder.po").mkdir()
    write(root / "binary.po", bytes(range(256)) * 20)
    digits = "9" * 5000  # int() refuses more than 4,300 digits
    write(root / "digits.po", good + f'\nmsgid "a"\nmsgid_plural "b"\nmsgstr[{digits}] ""\n')
    write(root / "nested.po", good + "\n" + "#~ " * 5000 + 'msgid "z"\n#~ msgstr "y"\n')
    write(root / "empty.po", "")
    write(root / "truncated.po", good + '\nmsgid "Cut here')
    deep_folder(root, os.pathconf(root, "PC_PATH_MAX"))
    return {
        "pipe.po": "not a regular file",
        "loop.po": "cannot read: Too many levels of symbolic links",
        "dangling.po": "missing: no such file (a broken link?)",
        "folder.po": "is a directory, not a PO file",
        "binary.po": "not valid UTF-8 text",
        "digits.po": "'msgstr[999999999999…]' out of order: expected msgstr[0]",
        "truncated.po": "unterminated string",
        "d" * 200: "longer than the system allows (PATH_MAX)",
    }


def test_a_hostile_tree_gives_one_located_finding_each_and_fails(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    expected = hostile_tree(tree)
    result = checker(str(tree), "--format", "json", cwd=tmp_path)
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    assert report["passed"] is False
    by_name = findings_by_name(report)
    for name, message in expected.items():
        assert [check for check, _ in by_name[name]] == ["syntax"], (name, by_name[name])
        assert message in by_name[name][0][1], (name, by_name[name])
    # The hostile names that are valid catalogs are checked like any other.
    for name in ("fr.po", "caf\\xe9.po", "de.po", "new\nline.po", "nested.po"):
        assert not any(check == "syntax" for check, _ in by_name.get(name, [])), name
    assert by_name["empty.po"] == [("header", by_name["empty.po"][0][1])]
    unreadable = [c for c in report["catalogs"] if not c["stats"]["readable"]]
    assert {c["path"].rsplit("/", 1)[-1] for c in unreadable} == set(expected)
    assert all(c["stats"]["percent"] is None for c in unreadable)
    for fmt in ("text", "github", "sarif", "junit"):
        result = checker(str(tree), "--format", fmt, cwd=tmp_path)
        assert (result.returncode, b"Traceback" in result.stderr) == (1, False), fmt


def _without_file_permission_override() -> None:
    """Run as root without the capabilities that let root read any file (Linux).

    Dropped from the bounding set before exec, they are gone from the new process.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_unprivileged() -> Callable[[], None] | None:
    """How to start a process that file modes apply to (None: this one already is)."""
    if os.geteuid() != 0:
        return None
    if not sys.platform.startswith("linux"):
        pytest.skip("running as root, and root reads any file: no way to drop that here")
    return _without_file_permission_override


def test_an_unreadable_folder_or_catalog_is_a_finding_never_a_pass(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write(tree / "fr.po", catalog())
    write(tree / "locked" / "de" / "LC_MESSAGES" / "messages.po", catalog())
    write(tree / "unreadable.po", catalog())
    (tree / "locked").chmod(0)
    (tree / "unreadable.po").chmod(0)
    try:
        drop = _as_unprivileged()
        probe = subprocess.run(
            [sys.executable, "-c", f"open({str(tree / 'unreadable.po')!r})"],
            capture_output=True,
            preexec_fn=drop,
            check=False,
        )
        if probe.returncode == 0:
            pytest.skip("this process can read a file with mode 000 (root's capabilities)")
        result = checker(str(tree), "--format", "json", preexec_fn=drop, cwd=tmp_path)
    finally:
        (tree / "locked").chmod(0o755)
        (tree / "unreadable.po").chmod(0o644)
    assert b"Traceback" not in result.stderr
    assert result.returncode == 1
    report = json.loads(result.stdout)
    by_name = findings_by_name(report)
    assert by_name["locked"] == [
        (
            "syntax",
            "cannot look into this folder (Permission denied): the catalogs below it were "
            "not checked",
        )
    ]
    assert by_name["unreadable.po"] == [("syntax", "cannot read: Permission denied")]
    stats = {c["path"].rsplit("/", 1)[-1]: c["stats"] for c in report["catalogs"]}
    assert stats["unreadable.po"]["readable"] is False
    assert stats["unreadable.po"]["percent"] is None  # unknown, never a made-up 100
    assert stats["fr.po"]["percent"] == 100
    assert report["passed"] is False


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    _large_catalog(path, 3_000)  # a report larger than a pipe holds
    with subprocess.Popen(
        [*CHECK, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # `| head -c 10`
        errors = process.stderr.read()
        code = process.wait(timeout=300)
    assert errors == b""
    assert code == -signal.SIGPIPE  # as `cat` or `grep` end, not exit 1 ("a policy failed")


# --- the same report, streamed or whole, in one process or in parts on many ---------------


def _variants(folder: Path) -> list[Path]:
    """Real catalogs, and the same with what only the whole file can judge."""
    paths = []
    for source in sorted(DATA.glob("*.po")):
        data = source.read_bytes()
        blocks = data.split(b"\n\n")
        for name, variant in (
            ("as-is", data),
            ("crlf", data.replace(b"\n", b"\r\n")),
            ("bom", b"\xef\xbb\xbf" + data),
            ("duplicate-far", data + b"\n" + blocks[1] + b"\n"),
            ("broken-end", data + b'\nmsgid "no translation"\n'),
            ("header-last", b"\n\n".join([*blocks[1:], blocks[0]])),
            # Blank lines inside entries: a part must never start between a flag and its msgid.
            ("gaps", data.replace(b'\nmsgid "', b'\n\nmsgid "')),
            ("latin1-header", data.replace(b"charset=UTF-8", b"charset=ISO-8859-1")),
        ):
            path = folder / variant_name(source, name)
            path.write_bytes(variant)
            paths.append(path)
    return paths


def variant_name(source: Path, name: str) -> str:
    return f"{source.stem}-{name}.po"


def _summary(report: Report) -> tuple[object, ...]:
    return (
        [tuple(f) for f in report.findings],
        [(c.path, c.locale, c.status, c.stats.counts(), c.parsed) for c in report.catalogs],
        [(loc.locale, loc.stats.counts(), loc.failures) for loc in report.locales],
        [(q.msgid, [tuple(r) for r in q.raised]) for q in report.questions],
    )


def test_parallel_in_parts_gives_the_report_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _variants(tmp_path)
    checks = [c for c in REGISTRY if c.id != "stale-template"]
    targets = [Target(p, p.as_posix(), guess_locale(p), PUBLISHED) for p in paths]
    alone = [_summary(run_checks([t], checks, jobs=1)) for t in targets]
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "PART_BYTES", 1000)  # every catalog cut into parts
    planned: list[int] = []
    plan = parallel.plan
    monkeypatch.setattr(
        parallel,
        "plan",
        lambda t, n: planned.append(n) or plan(t, n),  # type: ignore[func-returns-value]
    )
    in_parts = [_summary(run_checks([t], checks, jobs=3)) for t in targets]
    assert len(planned) == len(targets)  # each was considered for cutting
    for target, one, many in zip(targets, alone, in_parts, strict=True):
        assert many == one, target.path.name
    # And a whole tree, catalogs spread over the workers, in the order of the targets:
    # whole, then with the three smallest (the last checked) cut into parts as well.
    monkeypatch.setattr(parallel, "PART_BYTES", 1 << 30)
    one_process = _summary(run_checks(targets, checks, jobs=1))
    assert _summary(run_checks(targets, checks, jobs=3)) == one_process
    planned.clear()
    monkeypatch.setattr(parallel, "TAIL_PART_BYTES", 500)
    assert _summary(run_checks(targets, checks, jobs=3)) == one_process
    assert len(planned) == 3


def test_the_parts_of_a_catalog_hold_exactly_its_entries(tmp_path: Path) -> None:
    """Cuts fall between entries: read part by part, a catalog is the same entries."""
    cut = 0
    for path in _variants(tmp_path):
        target = Target(path, path.name, None, PUBLISHED)
        split = parallel.plan(target, 4)
        try:
            whole = list(PoReader(path, path.name))
        except PoSyntaxError:
            continue  # a broken catalog is checked in one piece anyway
        if split is None:
            continue
        cut += 1
        in_parts = [e for span in split.spans for e in PoReader(path, path.name, span)]
        assert in_parts == whole, path.name
        assert split.header == whole[0]
    assert cut >= 4 * len(list(DATA.glob("*.po")))  # as-is, crlf, bom and gaps, at least


def test_a_catalog_is_planned_from_its_header_and_the_entry_after_it(tmp_path: Path) -> None:
    """Cutting a catalog reads its header from a head of the file, and parses only the
    header and the entry after it, however many entries the head holds."""
    body = "".join(f'\n#: app.c:{n}\nmsgid "Line {n}"\nmsgstr "Ligne {n}"\n' for n in range(900))
    path = write(tmp_path / "fr.po", catalog(body))
    head = parallel._head(Target(path, "fr.po", "fr", PUBLISHED))
    assert head.count(b"\nmsgid ") > 100
    first_two = list(PoReader.from_bytes(parallel._first_two(head), "fr.po"))
    assert first_two == list(PoReader(path, "fr.po"))[:2]
    assert first_two[0].msgid == ""
    assert "Plural-Forms" in first_two[0].msgstr


def test_streamed_reading_is_the_whole_reading(tmp_path: Path) -> None:
    """The reader gives the same entries whatever the chunk size, and the same errors."""
    for path in _variants(tmp_path):
        data = path.read_bytes()
        try:
            whole: object = read_po(path)
        except PoSyntaxError as e:
            whole = (e.line, e.message)
        for chunk in (1, 7, 4096):
            original = app.po._CHUNK
            app.po._CHUNK = chunk
            try:
                try:
                    again: object = parse_po(data, path.as_posix())
                except PoSyntaxError as e:
                    again = (e.line, e.message)
            finally:
                app.po._CHUNK = original
            assert again == whole, (path.name, chunk)


def test_duplicates_are_found_exactly_even_when_every_hash_collides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = catalog('\nmsgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "y"\n')
    duplicate = text + '\n#~ msgid "a"\n#~ msgstr "z"\n'
    with pytest.raises(PoSyntaxError) as real:
        parse_po(duplicate.encode(), "fr.po")
    monkeypatch.setattr(app.po, "_key_hash", lambda key: 0)
    assert len(parse_po(text.encode(), "fr.po").entries) == 8  # collisions, no duplicate
    with pytest.raises(PoSyntaxError) as colliding:
        parse_po(duplicate.encode(), "fr.po")
    assert (colliding.value.line, colliding.value.message) == (real.value.line, real.value.message)
    assert real.value.line == line_of(duplicate, '#~ msgid "a"')


# What a catalog holds besides its messages (notes, references): kept by a whole reading,
# not by the checker, whose memory grows only with its findings and one index per message.
_NOTE = "the words a translator needs to know where this message is shown and why " * 3


def _large_catalog(path: Path, messages: int) -> None:
    entries = [catalog()]
    for number in range(messages):
        state = number % 10
        msgstr = "" if state == 0 else f"Traduction numéro {number} du message, assez longue"
        flags = "#, fuzzy\n" if state == 1 else ""
        entries.append(
            f"#. note {number}: {_NOTE}\n#: app/x.py:{number}\n{flags}"
            f'msgid "Message number {number} of the catalog, long enough"\nmsgstr "{msgstr}"\n'
        )
    write(path, "\n".join(entries))


def test_a_large_catalog_is_checked_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    _large_catalog(path, 10_000)  # 3.4 MB, read a chunk at a time
    tracemalloc.start()
    try:
        read_po(path)
        _, whole = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with app.po.gc_paused():  # as the command runs: no collector to free a cycle
            report = run_checks([Target(path, "fr.po", "fr", PUBLISHED)], REGISTRY, jobs=1)
        _, streamed = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    stats = report.catalogs[0].stats
    assert (stats.untranslated, stats.fuzzy) == (1_000, 1_000)
    checks = [f.check for f in report.findings]
    assert (checks.count("untranslated"), checks.count("fuzzy")) == (1_000, 1_000)
    # The findings are kept; the 10,000 entries and the file's text are not, though the
    # cycle collector was paused: nothing a check makes per entry is a reference cycle.
    assert streamed < whole / 3, (streamed, whole)


def test_catalog_checks_still_see_every_entry(tmp_path: Path) -> None:
    """Entries are not kept, but a catalog check that goes through them reads them again."""
    no_rule = catalog(
        '\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "un"\nmsgstr[1] "%d"\n'
    ).replace('"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n', "")
    path = write(tmp_path / "fr.po", no_rule)
    report = run_checks([Target(path, "fr.po", "fr", PUBLISHED)], REGISTRY, jobs=1)
    (header,) = [f.message for f in report.findings if f.check == "header"]
    assert header.startswith("translated plural messages but no Plural-Forms")


def test_entries_before_a_late_header_are_checked_with_its_rules(tmp_path: Path) -> None:
    plural = '\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "un"\nmsgstr[1] "%d"\n'
    text = catalog(plural)
    header_end = text.index("\n\n") + 1
    late = text[header_end:] + "\n" + text[:header_end]  # the header last
    first = write(tmp_path / "first" / "fr.po", text)
    last = write(tmp_path / "last" / "fr.po", late)
    one, two = (
        run_checks([Target(p, "fr.po", "fr", PUBLISHED)], REGISTRY, jobs=1) for p in (first, last)
    )
    assert [(f.check, f.msgid) for f in one.findings] == [(f.check, f.msgid) for f in two.findings]
    assert one.catalogs[0].stats == two.catalogs[0].stats


def test_a_walk_reports_what_it_cannot_enter(tmp_path: Path) -> None:
    deep_folder(tmp_path, os.pathconf(tmp_path, "PC_PATH_MAX"))
    write(tmp_path / "fr.po", catalog())
    assert find_catalogs([tmp_path]) == [tmp_path / "fr.po"]
    ((folder, problem),) = walk([tmp_path]).problems
    assert "longer than the system allows" in problem
    assert len(os.fsencode(folder)) > os.pathconf(tmp_path, "PC_PATH_MAX")


def test_deeply_nested_markup_is_checked_in_linear_time(tmp_path: Path) -> None:
    """100,000 nested tags: each end tag was matched by searching every open one (hours)."""
    deep = "<b>" * 100_000 + "x" + "</b>" * 100_000
    translated = deep.replace("x", "y")
    path = write(tmp_path / "fr.po", catalog(f'\nmsgid "{deep}"\nmsgstr "{translated}"\n'))
    result = _checked_in_time(path, "markup,markup-changed")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert json.loads(result.stdout)["findings"] == []


def _checked_in_time(path: Path, checks: str) -> subprocess.CompletedProcess[bytes]:
    """``check PATH --select CHECKS`` in two minutes at most: a second when the reading is
    linear, far longer when it is quadratic (TimeoutExpired)."""
    return subprocess.run(
        [sys.executable, "-c", "from app.console import main; main()", "check", str(path)]
        + ["--format", "json", "--select", checks],
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "entry",
    [
        # Each %( searched to the end for its ")": 40,000 of them took 9 s.
        '\nmsgid "Total: %(n)s"\nmsgstr "' + "%(a" * 400_000 + ')"\n',
        # Each brace passed over made a hint that reads the whole text: 8,000 took 5 s.
        '\nmsgid "Total: {n}"\nmsgstr "' + "{ }" * 80_000 + '"\n',
        # A field outside ASCII that never closes: 100,000 letters took 13 s.
        '\n#, python-brace-format\nmsgid "{n} {w}"\nmsgstr "{n[' + "é" * 1_000_000 + ']:{w}}"\n',
    ],
    ids=["keys", "braces", "non-ascii field"],
)
def test_long_hostile_placeholders_are_read_in_linear_time(tmp_path: Path, entry: str) -> None:
    path = write(tmp_path / "fr.po", catalog(entry))
    result = _checked_in_time(path, "placeholders,placeholders-differ")
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    assert json.loads(result.stdout)["catalogs"][0]["parsed"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts /proc/self/fd")
def test_a_reading_stopped_early_closes_its_file(tmp_path: Path) -> None:
    """The compiled reader (setup.py) never runs a dropped generator's ``finally``: 1,000
    catalogs read in part (a flag looked for, the header only) ran out of descriptors."""
    path = write(tmp_path / "fr.po", catalog('\n#, c-format\nmsgid "%d file"\nmsgstr "%d f"\n'))
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        assert PoReader(path, "fr.po").names_flag("c-format")
        assert next(iter(PoReader(path, "fr.po"))).msgid == ""
        assert next(PoReader(path, "fr.po").line_blocks())
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("cut", range(0, 9))
def test_a_flag_named_across_two_read_chunks_is_found(tmp_path: Path, cut: int) -> None:
    """The bytes are searched as read, a megabyte at a time: "c-format" cut by the end of
    the first megabyte, at each of its letters, is still found; "c-form" alone is not."""
    head = catalog()
    filler = '\n#. {}\nmsgid "m{}"\nmsgstr "n"\n'
    count = ((1 << 20) - 200 - len(head)) // len(filler.format("x" * 60, 10_000))
    text = head + "".join(filler.format("x" * 60, 10_000 + n) for n in range(count))
    comment = "\n#. " + "y" * ((1 << 20) - len(text.encode()) - 5 - 3 - cut) + "\n"
    text += comment
    assert len(text.encode()) + 3 + cut == 1 << 20  # "#, " then "c-format" cut at ``cut``
    flagged = write(tmp_path / "c.po", text + '#, c-format\nmsgid "%d file"\nmsgstr "%d f"\n')
    assert flagged.read_bytes()[1 << 20 :].startswith(b"c-format"[cut:])
    assert PoReader(flagged, "c.po").names_flag("c-format")
    near = write(tmp_path / "near.po", text + '#, c-form\nmsgid "%d file"\nmsgstr "%d f"\n')
    assert not PoReader(near, "near.po").names_flag("c-format")


def _one_error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The run failed as documented: exit 2, no traceback, an ``Error:`` line last."""
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.splitlines()[-1].startswith("Error: "), stderr
    return stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["-o", "", "victim.po", "other.po"],  # -o "$OUT" with OUT unset
        ["-l", "", "victim.po"],
        ["--new-since", "", "victim.po"],
        ["x" * 300 + ".po"],  # a name longer than the system allows
        ["victim.po", "-o", "x" * 300],
        ["victim.po", "--config", "x" * 300],
        ["victim.po", "--config", "/dev/zero"],  # never read to the end
    ],
    ids=["empty output", "empty locale", "empty ref", "long path", "long output", "long config"]
    + ["endless config"],
)
def test_a_bad_command_line_is_one_error_line_and_touches_nothing(
    tmp_path: Path, args: list[str]
) -> None:
    text = catalog()
    for name in ("victim.po", "other.po"):
        write(tmp_path / name, text)
    _one_error_line(checker(*args, cwd=tmp_path))
    assert (tmp_path / "victim.po").read_text(encoding="utf-8") == text


def test_a_configuration_that_cannot_be_one_is_refused_in_one_line(tmp_path: Path) -> None:
    deep = "[tool.guide-i18n.check]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n"
    write(tmp_path / "pyproject.toml", deep)
    write(tmp_path / "fr.po", catalog())
    assert "nested too deeply" in _one_error_line(checker("fr.po", cwd=tmp_path))


def test_a_fifo_or_a_device_on_the_way_to_the_configuration_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / "fr.po", catalog())
    os.mkfifo(tmp_path / "pyproject.toml")  # no writer: reading it would wait forever
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").symlink_to("/dev/zero")
    result = checker("../fr.po", cwd=tmp_path / "sub")
    assert result.returncode == 0, result.stderr.decode(errors="replace")


@pytest.mark.parametrize(
    ("stdout", "env"),
    [("/dev/full", {}), ("closed", {}), ("file", {"PYTHONIOENCODING": "ascii"})],
    ids=["disk full", "closed", "ascii terminal"],
)
def test_standard_output_that_fails_or_cannot_show_the_text(
    tmp_path: Path, stdout: str, env: dict[str, str]
) -> None:
    write(tmp_path / "fr.po", catalog())
    target: object = subprocess.DEVNULL
    if stdout == "/dev/full":
        target = open("/dev/full", "wb")  # noqa: SIM115 (closed below)
    elif stdout == "file":
        target = (tmp_path / "out.txt").open("wb")
    command = [*CHECK, "fr.po", "--no-config"]
    if stdout == "closed":
        command = ["sh", "-c", '"$@" >&-', "sh", *command]
    try:
        result = subprocess.run(
            command, stdout=target, stderr=subprocess.PIPE, cwd=tmp_path,
            env={**os.environ, **env}, check=False, timeout=120,
        )  # fmt: skip
    finally:
        if hasattr(target, "close"):
            target.close()
    if stdout == "file":  # a terminal that cannot show "█": replaced, never a crash
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        assert "fr " in (tmp_path / "out.txt").read_text(encoding="ascii")
    else:
        assert "standard output" in _one_error_line(result)


def test_outside_any_guide_project_the_working_folder_is_checked(tmp_path: Path) -> None:
    """Not the project the package happens to be installed from (an editable install)."""
    write(tmp_path / "broken.po", 'msgid "a"\nmsgstr "b\n')
    result = checker("--no-config", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["path"].endswith("broken.po")
    assert finding["check"] == "syntax"


HUGE = "9" * 5000  # more digits than int() converts


@pytest.mark.parametrize(
    ("body", "header"),
    [
        ("", f"nplurals={HUGE}; plural=0;"),
        ("", "nplurals=²; plural=0;"),
        ("", "nplurals=٢; plural=(n != 1);"),
        (f'\nmsgid "Call {HUGE} now"\nmsgstr "Appelez maintenant"\n', FR_PLURAL),
        (f'\n#, c-format\nmsgid "%{HUGE}$d files"\nmsgstr "%{HUGE}$d fichiers"\n', FR_PLURAL),
        (f'\n#, python-brace-format\nmsgid "{{{HUGE}}} files"\nmsgstr "{{0}}"\n', FR_PLURAL),
        (
            f'\n#, c-format, range: 1..{HUGE}\nmsgid "%d file"\nmsgid_plural "%d files"\n'
            'msgstr[0] "%d fichier"\nmsgstr[1] "%d fichiers"\n',
            FR_PLURAL,
        ),  # fmt: skip
        (f'\n#, php-format\nmsgid "%s files"\nmsgstr "%{HUGE}$s fichiers"\n', FR_PLURAL),
        (f'\n#, kde-format\nmsgid "%1 files"\nmsgstr "%1 %{HUGE} fichiers"\n', FR_PLURAL),
        # Widths Python pads to without complaint: 4 GB each, were they formatted.
        ('\n#, python-format\nmsgid "%(n)d files"\nmsgstr "%(n)4294967296d"\n', FR_PLURAL),
        ('\n#, python-brace-format\nmsgid "{n} files"\nmsgstr "{n:>4294967296}"\n', FR_PLURAL),
    ],
    ids=["nplurals digits", "nplurals superscript", "nplurals arabic", "number", "c position"]
    + ["brace position", "range", "php position", "kde number", "width", "brace width"],
)
def test_numbers_python_will_not_convert_are_findings_never_a_crash(
    tmp_path: Path, body: str, header: str
) -> None:
    """Run with 4 GB of address space at most: a number read or padded in full fails."""
    import resource

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, resource.RLIM_INFINITY))

    path = write(tmp_path / "fr.po", catalog(body, plural=header))
    write(tmp_path / "other.po", catalog())
    result = checker(
        "--no-config", "--format", "json", "fr.po", "other.po", cwd=tmp_path, preexec_fn=bounded
    )
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    assert [c["parsed"] for c in report["catalogs"]] == [True, True]
    if header != FR_PLURAL:  # msgfmt refuses these: the header check says so too
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode != 0
        assert any(f["check"] == "header" for f in report["findings"]), report["findings"]


def test_a_rule_that_divides_by_zero_past_1000_is_a_header_error_never_a_crash(
    tmp_path: Path,
) -> None:
    """msgfmt -c tries n up to 1000; the checker asks larger numbers too (CLDR's samples,
    a plural form for a million, a range: flag), where such a rule raises."""
    past = "nplurals=2; plural=n>1000 ? n/0 : n!=1;"
    only = "nplurals=2; plural=n==2003 ? n/0 : n!=1;"  # a number nothing tries beforehand
    plural = (
        '\n#, c-format, range: 2000..2005\nmsgid "%d day"\nmsgid_plural "%d days"\n'
        'msgstr[0] "%d jour"\nmsgstr[1] ""\n'
    )
    write(tmp_path / "fr.po", catalog(plural, plural=past))
    write(tmp_path / "de.po", catalog(plural, plural=only))
    write(tmp_path / "es.po", catalog(plural=past))
    result = checker("--no-config", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    findings = json.loads(result.stdout)["findings"]
    header = sorted(f["path"] for f in findings if f["check"] == "header")
    assert header == ["es.po", "fr.po"]
    assert all(
        "divides by zero for n=1001" in f["message"] for f in findings if f["check"] == "header"
    )
    assert any(f["path"] == "de.po" and f["check"] == "plurals" for f in findings)


def test_a_charset_that_is_no_text_encoding_is_an_unknown_one(tmp_path: Path) -> None:
    """base64, zlib, rot13 are codecs too: reading with one stopped the whole run."""
    ascii_only = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={}\\n"\n"Language: fr\\n"\n'
    )
    ascii_only += '\nmsgid "Pain"\nmsgstr "Douleur"\n'
    for name in ("base64", "zlib", "rot13", "undefined"):
        write(tmp_path / f"{name}.po", ascii_only.format(name))
    write(tmp_path / "ok.po", catalog())
    result = checker("--no-config", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    assert [c["parsed"] for c in report["catalogs"]] == [True] * 5
    unknown = {f["path"] for f in report["findings"] if "no codec for charset" in f["message"]}
    assert len(unknown) == 4, report["findings"]


@pytest.mark.parametrize(
    "tail",
    [
        '\nmsgid "Hello"\nmsgstr "Bonjour"\n\n#~ " et plus"\n',  # continues an active entry
        '\nmsgid "Hello"\n#~ msgstr "Bonjour"\n',  # an active msgid, an obsolete msgstr
        '\n#~ msgid "Hello"\n#~ msgstr ""\n"Bonjour"\n',  # an active line in an obsolete one
    ],
    ids=["obsolete continuation", "obsolete msgstr", "active continuation"],
)
def test_an_entry_half_obsolete_is_refused_where_msgfmt_refuses_it(
    tmp_path: Path, tail: str
) -> None:
    text = catalog(tail)
    path = write(tmp_path / "fr.po", text)
    gnu = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert b"inconsistent use of #~" in gnu.stderr
    with pytest.raises(PoSyntaxError) as raised:
        read_po(path)
    assert f"fr.po:{raised.value.line}:" in gnu.stderr.decode()
    assert raised.value.message.startswith("inconsistent use of #~")


def test_after_a_double_dash_every_word_is_a_path(tmp_path: Path) -> None:
    write(tmp_path / "-x.po", catalog('\nmsgid "a"\nmsgstr "b\n'))  # looks like an option
    result = checker("--no-config", "--format", "json", "--", "-x.po", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode(errors="replace")
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["check"]) == ("-x.po", "syntax")


def test_a_worker_killed_while_checking_stops_the_run_instead_of_hanging(tmp_path: Path) -> None:
    """A pool replaces a dead worker but loses its work: the parent used to wait forever."""
    for name in ("fr.po", "de.po"):
        write(tmp_path / name, catalog())
    script = (
        "import os, signal, sys\n"
        "import app.checks.parallel as parallel\n"
        "from app.checks.command import main\n"
        "parallel.PARALLEL_BYTES = 0\n"  # workers even for two small catalogs
        "def die(*task): os.kill(os.getpid(), signal.SIGKILL)\n"  # as the OOM killer would
        "parallel._check_unit = die\n"
        "sys.exit(main(['--no-config', 'fr.po', 'de.po']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    line = _one_error_line(result)
    assert "a worker process was ended by signal SIGKILL" in line
    assert "run out of memory" in line


@pytest.mark.parametrize(("catalogs", "messages", "forked"), [(5, 300, False), (100, 20, True)])
def test_many_small_catalogs_are_worth_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogs: int, messages: int, forked: bool
) -> None:
    """Below a megabyte one process checks the catalogs, forking costs more; but each
    catalog costs 1-2 ms whatever its size, so a hundred of 2 KB get workers. The report
    is the same either way."""
    from app import forkpool

    body = "".join(
        f'\nmsgid "Line {n} of the text"\nmsgstr "Ligne {n} du texte"\n' for n in range(messages)
    )
    paths = [write(tmp_path / f"l{n}" / "fr.po", catalog(body)) for n in range(catalogs)]
    assert sum(p.stat().st_size for p in paths) < parallel.PARALLEL_BYTES
    targets = [Target(p, p.as_posix(), "fr", PUBLISHED) for p in paths]
    one = run_checks(targets, REGISTRY, jobs=1).findings
    runs: list[int] = []
    real = forkpool.forked
    monkeypatch.setattr(forkpool, "forked", lambda *a, **k: runs.append(1) or real(*a, **k))
    assert run_checks(targets, REGISTRY).findings == one
    assert bool(runs) is forked


@pytest.mark.parametrize("late", [False, True])
def test_a_catalog_of_c_code_cut_into_parts_is_checked_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, late: bool
) -> None:
    """Cutting a catalog, the parent reads whether it is C code (a c-format flag) from its
    head; one whose first c-format comes later is checked again in one piece, when a
    part finds it. An unflagged "%(m)s" is then no Python format: no finding, as in one
    process."""
    filler = "".join(
        f'\nmsgid "Line {n} of text"\nmsgstr "Ligne {n} du texte"\n' for n in range(3000)
    )
    c_entry = '\n#, c-format\nmsgid "%s files"\nmsgstr "%d fichiers"\n'  # an error in C
    unflagged = '\nmsgid "%(n)s left"\nmsgstr "%(m)s restant"\n'
    body = filler + c_entry + unflagged if late else c_entry + filler + unflagged
    path = write(tmp_path / "fr.po", catalog(body))
    assert (path.read_bytes().find(b"c-format") > 1 << 16) is late
    target = Target(path, "fr.po", "fr", PUBLISHED)
    one = run_checks([target], REGISTRY, jobs=1).findings
    assert [f.check for f in one if f.severity == "error"] == ["placeholders"]  # the %d only
    monkeypatch.setattr(parallel, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(parallel, "PART_BYTES", 16 << 10)
    guessed: list[bool] = []
    plan = parallel.plan
    monkeypatch.setattr(
        parallel,
        "plan",
        lambda t, n: (split := plan(t, n)) and guessed.append(split.c_catalog) or split,
    )
    assert run_checks([target], REGISTRY, jobs=2).findings == one
    assert guessed == [not late]  # cut into parts; from the head, C code only when early
