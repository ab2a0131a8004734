"""Pages of the guide (English only until the localized site lands)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

from .content import Content, load_content
from .project import Project

bp = Blueprint("guide", __name__)


def _content() -> Content:
    project = Project(Path(current_app.config["GUIDE_ROOT"]))
    return load_content(project.content_dir, project.root)


@bp.get("/")
def index() -> str:
    return render_template("index.html", pages=_content().pages)


@bp.get("/en/<page_id>/")
def page(page_id: str) -> str:
    found = _content().page(page_id)
    if found is None:
        abort(404)
    return render_template("page.html", page=found)
