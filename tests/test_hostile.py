"""A storm of hostile URLs and headers: the site answers 200, 30x or 404, never 500, and
every redirect is a path on this site, whatever the Host header says."""

from __future__ import annotations

import random
import string

import pytest
from flask.testing import FlaskClient

from app import create_app

ALLOWED = {200, 301, 302, 303, 308, 404}
PATHS = [
    "/xx/", "/../etc/passwd", "/es%00/", "/" + "a" * 300 + "/", "/%ff%fe/", "/%c0%ae%c0%ae/",
    "/es/..%2f..%2fetc/passwd", "/choose/zz/", "/choose/es/%ff/", "/assets/../app/views.py",
    "/assets/style.css", "/assets/%00", "/ES/", "/pt-br/conditions/", "/es/conditions",
    "/es/nope/", "/sitemap.xml", "/robots.txt", "/healthz", "/", "/zh-Hant/", "/en-XA/",
    "/es//", "/%2e%2e/", "/es/conditions/%0d%0aSet-Cookie:x=1/",
]  # fmt: skip
LANGUAGES = [
    "x" * 8192, ",".join(["fr;q=0.5"] * 1000), "zh-TW, zh;q=0.1", ";;;,,,q=2", "",
    "*;q=1e9", "en;q=-1", "\u00e9\u00e8", "es-ES-x-private-extension-" * 50,
]  # fmt: skip


HOSTS = ["guide.example.org", "evil.example", "evil.example:8080", "127.0.0.1", "[::1]"]


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    return create_app({"GUIDE_BASE_URL": "https://guide.example.org"}).test_client()


def assert_redirect_stays_on_site(client: FlaskClient, path: str, location: str) -> None:
    """A redirect's Location is a path here (never a host: not //x, /\\x or http:)."""
    assert location.startswith("/"), (path, location)
    assert not location.startswith(("//", "/\\")), (path, location)
    assert "\r" not in location
    assert "\n" not in location
    target = client.get(location, headers={"Host": "evil.example"})
    # One hop lands on a page, a 404, or (from /ES/ → /es/) the page's own redirect.
    assert target.status_code in {200, 301, 302, 308, 404}, (path, location)


def test_hostile_requests_never_fail(client: FlaskClient) -> None:
    rng = random.Random(20261126)
    seen: dict[int, int] = {}
    for _ in range(1500):
        kind = rng.randrange(3)
        if kind == 0:
            path = rng.choice(PATHS)
        elif kind == 1:
            octets = (rng.randrange(256) for _ in range(rng.randrange(1, 12)))
            path = "/" + "".join(f"%{octet:02x}" for octet in octets) + "/"
        else:
            alphabet = string.ascii_letters + "-_."
            path = "/" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))) + "/"
        client.set_cookie("lang", rng.choice(["es", "../x", "a" * 500, "zh-TW", ""]))
        headers = {"Accept-Language": rng.choice(LANGUAGES), "Host": rng.choice(HOSTS)}
        response = client.get(path, headers=headers)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code in ALLOWED, (path, response.status_code)
        if response.status_code in {301, 302, 303, 308}:
            assert_redirect_stays_on_site(client, path, response.headers["Location"])
        assert "evil.example" not in response.get_data(as_text=True)
    assert {200, 301, 302, 308, 404} <= set(seen)


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/es/conditions", "/es/conditions/"), ("/es//", "/es/"), ("/ES/", "/es/"),
        ("/pt_br/conditions/", "/pt-BR/conditions/"),
        ("/%2F%2Fevil.example", "/evil.example/"),  # slashes merged, never //evil.example
        ("/\\evil.example/x", None),
        ("/en/benefits/", "/en/"),
    ],
)  # fmt: skip
def test_each_redirect_points_where_it_should(
    client: FlaskClient, path: str, location: str | None
) -> None:
    response = client.get(path, headers={"Host": "evil.example"})
    if location is None:
        assert response.status_code in {308, 404}
        if response.status_code == 308:
            assert_redirect_stays_on_site(client, path, response.headers["Location"])
        return
    assert response.status_code in {301, 308}
    assert response.headers["Location"] == location
    assert_redirect_stays_on_site(client, path, location)
