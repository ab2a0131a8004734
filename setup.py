"""The build: pyproject.toml holds the metadata; this adds the checker's compiled hot path.

mypyc compiles the modules in ``COMPILED`` (the PO reader and the checks run once per
message) from their own Python source into C extensions: the same code, finding for
finding, about 1.5 times faster (bench/RESULTS.md). Where they cannot be built (no C
compiler or Python headers, or ``GUIDE_I18N_PURE_PYTHON=1`` at install time), the
package installs as pure Python and works alike. ``app/native.py`` writes down which
sources were compiled, and at run time uses the extensions only while those sources
are unchanged (an edited module in an editable install runs from its source).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
# app/native.py alone, not the package: its dependencies are not installed yet.
_spec = importlib.util.spec_from_file_location("native", ROOT / "app" / "native.py")
if _spec is None or _spec.loader is None:
    raise SystemExit(f"cannot read {ROOT / 'app' / 'native.py'}")
native = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(native)

# Not a package's __init__.py: a compiled one is not yet in sys.modules while its body
# imports the package's other modules, and those imports fail.
COMPILED = [
    "app/po.py",
    "app/checks/runner.py",
    "app/checks/model.py",
    "app/checks/context.py",
    "app/checks/stats.py",
    "app/checks/placeholders.py",
    "app/checks/markup.py",
    "app/checks/quality.py",
    "app/checks/spacing.py",
    "app/checks/plurals.py",
    "app/checks/policy.py",
    "app/formats/python.py",
    "app/formats/brace.py",
    "app/formats/c.py",
    "app/formats/scripting.py",
    "app/formats/judge.py",
]


# mypyc type-checks what it compiles in the isolated build environment, where the
# package's dependencies (Babel, Flask...) are not installed: only the compiled modules'
# own errors count, and no cache is written (the project's would then hold "no Babel",
# and fail the next `mypy` of the project).
MYPY_FLAGS = ["--follow-imports=silent", "--ignore-missing-imports", "--cache-dir=/dev/null"]


class OptionalBuildExt(build_ext):
    """Build the extensions if this machine can, else leave the package pure Python."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as e:  # noqa: BLE001  (any compiler failure: install pure Python)
            self.warn(f"compiled modules not built ({e}); the package runs as pure Python")
            return
        if self.extensions:
            where = Path(self.get_ext_fullpath("app.po")).parent
            native.write_stamp(where / native.STAMP, ROOT, COMPILED)


def extensions() -> list[object]:
    if os.environ.get(native.PURE_PYTHON):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:
        return list(mypycify([*COMPILED, *MYPY_FLAGS], opt_level="3", group_name="app.compiled"))
    except (Exception, SystemExit) as e:  # noqa: BLE001  (mypyc refused: install pure Python)
        print(f"warning: mypyc failed ({e}); the package installs as pure Python")
        return []


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
