"""The site's skeleton: the factory, and English pages from content/."""

from __future__ import annotations

from html.parser import HTMLParser

from app import create_app


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_h1 = tag == "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1 and data.strip():
            self.h1.append(data.strip())


def test_pages_render_from_content() -> None:
    client = create_app({"TESTING": True}).test_client()
    response = client.get("/en/conditions/")
    assert response.status_code == 200
    parser = _Headings()
    parser.feed(response.get_data(as_text=True))
    assert parser.h1 == ["Targeted Treatment for Specific Conditions"]
    assert client.get("/en/nope/").status_code == 404
