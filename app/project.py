"""Where the files of a guide project live: content, template, catalogs, registry."""

from __future__ import annotations

from pathlib import Path

DOMAIN = "messages"


class Project:
    """The paths of one project tree, all derived from its root.

    A plain class, not a dataclass: the checker imports it, and its start counts (see
    ``app.checks.model``).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Project) and self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"Project({self.root!r})"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def template(self) -> Path:
        return self.locales_dir / f"{DOMAIN}.pot"

    @property
    def registry(self) -> Path:
        return self.locales_dir / "locales.toml"

    @property
    def mapping(self) -> Path:
        return self.root / "babel.cfg"

    def catalog(self, code: str) -> Path:
        """The ``.po`` file of a locale, by its gettext code (``pt_BR``)."""
        return self.locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"

    def reviews(self, code: str) -> Path:
        """The review record of a locale (``locales/reviews/<code>.jsonl``)."""
        return self.locales_dir / "reviews" / f"{code}.jsonl"

    def relative(self, path: Path) -> str:
        """``path`` as shown to people: relative to the root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing ``start`` (default: the working directory).

        Falls back to the tree this package was installed from, so the commands
        also work when run from elsewhere in a development checkout.
        """
        try:
            here = (start or Path.cwd()).resolve()
        except FileNotFoundError:  # the working folder was deleted under us
            return cls(Path(__file__).resolve().parent.parent)
        for candidate in (here, *here.parents):
            if (candidate / "babel.cfg").is_file() and (candidate / "locales").is_dir():
                return cls(candidate)
        return cls(Path(__file__).resolve().parent.parent)
