"""The compiled hot path: used only while it matches its sources.

An install compiles the checker's per-message modules with mypyc where it can
(``setup.py``) and writes ``_native.txt`` beside them: each compiled module and a
checksum of the source it was compiled from. Python imports an extension before a
``.py`` of the same name, so an edited module in an editable install would go on
running its old compiled code; ``use_sources_if_stale`` (called when the ``app``
package loads, before any of them is imported) then imports all of them from their
sources: a compiled module calls the others directly, so they go together. The same
happens when ``GUIDE_I18N_PURE_PYTHON`` is set, to compare the two or to debug.

Standard library only, and ``zlib`` rather than ``hashlib``: it runs at every start.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterable
from importlib.machinery import ModuleSpec
from pathlib import Path

STAMP = "_native.txt"
PURE_PYTHON = "GUIDE_I18N_PURE_PYTHON"
_ROOT = Path(__file__).resolve().parent.parent  # the folder that holds the ``app`` package


def checksum(path: Path) -> str:
    """A checksum of a source file: a change to it shows (not a defence against tampering)."""
    data = path.read_bytes()
    return f"{len(data)}-{zlib.crc32(data):08x}"


def write_stamp(stamp: Path, root: Path, sources: Iterable[str]) -> None:
    """Note each compiled module (``app/po.py``: ``app.po``) and its source's checksum."""
    lines = [f"{_module_name(source)} {checksum(root / source)}\n" for source in sources]
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("".join(lines), encoding="ascii")


def compiled_modules(stamp: Path) -> dict[str, str]:
    """The modules the stamp names, with their checksums; empty when there is none."""
    try:
        text = stamp.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(line.split(" ", 1) for line in text.splitlines() if " " in line)


def stale(modules: dict[str, str], root: Path) -> bool:
    """Whether a compiled module's source changed (or is gone) since it was compiled."""
    for name, expected in modules.items():
        try:
            if checksum(_source(root, name)) != expected:
                return True
        except OSError:
            return True
    return False


class SourcesFirst:
    """An import finder that loads the named modules from their ``.py`` sources."""

    def __init__(self, modules: Iterable[str], root: Path) -> None:
        self.modules = frozenset(modules)
        self.root = root

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name not in self.modules:
            return None
        from importlib.util import spec_from_file_location

        return spec_from_file_location(name, _source(self.root, name))


def use_sources_if_stale(root: Path = _ROOT) -> bool:
    """Import the compiled modules from their sources if any changed; True if so."""
    modules = compiled_modules(root / "app" / STAMP)
    if not modules:
        return False  # pure Python: nothing was compiled
    if not os.environ.get(PURE_PYTHON) and not stale(modules, root):
        return False
    if not any(isinstance(finder, SourcesFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, SourcesFirst(modules, root))
    return True


def _module_name(source: str) -> str:
    return source.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _source(root: Path, name: str) -> Path:
    base = root.joinpath(*name.split("."))
    package = base / "__init__.py"
    return package if package.exists() else base.with_suffix(".py")
