"""Facing the internet: the public address is settled at start-up, the Host header is never
trusted, every redirect is a path, and the production server starts only when it is safe."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.serve import bind_address, worker_count
from app.settings import SettingsError, checked_base_url, public_address

from .conftest import REPO
from .sitekit import attr, catalog_text, make_site, soup

BASE = "https://guide.example.org"
EVIL = "evil.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    return make_site(
        tmp_path,
        {
            "es": ("published", catalog_text("es")),
            "pt_BR": ("published", catalog_text("pt_BR")),
        },
    )


def production(root: Path, **settings: object) -> Flask:
    """An app configured as production is (not testing, debug or preview)."""
    return create_app({"TESTING": False, "GUIDE_ROOT": str(root), **settings})


@pytest.fixture
def client(site_root: Path) -> FlaskClient:
    return production(site_root, GUIDE_BASE_URL=BASE).test_client()


# -- start-up ---------------------------------------------------------------------------------


def test_production_refuses_to_start_without_a_public_address(site_root: Path) -> None:
    with pytest.raises(SettingsError, match=r"^FLASK_GUIDE_BASE_URL is not set: in production"):
        production(site_root)


@pytest.mark.parametrize(
    "settings",
    [{"TESTING": True}, {"DEBUG": True}, {"GUIDE_PREVIEW": True}, {"GUIDE_STATIC_EXPORT": True}],
)
def test_debug_tests_preview_and_export_may_start_without_one(
    site_root: Path, settings: dict[str, bool]
) -> None:
    app = create_app({"TESTING": False, "GUIDE_ROOT": str(site_root), **settings})
    assert app.config["GUIDE_BASE_URL"] is None


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("guide.example.org", "must start with https:// or http://"),
        ("ftp://guide.example.org", "must start with https:// or http://"),
        ("https://", "no host name"),
        ("https://user:pw@guide.example.org", "user name or password"),
        ("https://guide.example.org/?a=1", "query or fragment"),
        ("https://guide.example.org/guide/", "no path"),
        ("https://guide.example.org:port", "Port could not be cast"),
    ],
)
def test_a_base_url_that_is_not_a_site_address_stops_start_up(
    site_root: Path, base: str, problem: str
) -> None:
    with pytest.raises(SettingsError, match=problem):
        production(site_root, GUIDE_BASE_URL=base)


def test_base_url_is_kept_without_its_trailing_slash() -> None:
    assert checked_base_url("https://guide.example.org/") == BASE
    assert checked_base_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_trusted_hosts_give_the_address_and_refuse_other_hosts(site_root: Path) -> None:
    app = production(
        site_root, TRUSTED_HOSTS=["guide.example.org", "www.guide.example.org"],
        PREFERRED_URL_SCHEME="https",
    )  # fmt: skip
    assert app.config["GUIDE_BASE_URL"] == BASE
    client = app.test_client()
    page = soup(client.get("/es/", headers={"Host": "www.guide.example.org"}).data)
    assert attr(page.find("link", rel="canonical"), "href") == f"{BASE}/es/"
    refused = client.get("/es/", headers={"Host": EVIL})
    assert refused.status_code == 400
    assert "default-src 'none'" in refused.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("trusted", "problem"),
    [(".example.org", "matches many hosts"), ("guide.example.org", "a list of host names")],
)
def test_trusted_hosts_that_name_no_single_address(trusted: object, problem: str) -> None:
    hosts = trusted if isinstance(trusted, str) and not trusted.startswith(".") else [trusted]
    with pytest.raises(SettingsError, match=problem):
        public_address({"TRUSTED_HOSTS": hosts})


def _serve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUIDE_"))}
    return subprocess.run(
        [sys.executable, "-m", "app.serve"],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Error: FLASK_GUIDE_BASE_URL is not set: in production"),
        ({"FLASK_GUIDE_BASE_URL": "guide.example.org"}, "Error: GUIDE_BASE_URL 'guide.exa"),
        ({"FLASK_GUIDE_BASE_URL": BASE, "GUIDE_BIND": "8000"}, "Error: GUIDE_BIND must be"),
        ({"FLASK_GUIDE_BASE_URL": BASE, "GUIDE_WORKERS": "0"}, "Error: GUIDE_WORKERS must be"),
        ({"FLASK_GUIDE_BASE_URL": BASE, "FLASK_DEBUG": "1"}, "Error: FLASK_DEBUG is on"),
    ],
)
def test_the_production_command_stops_with_one_line(env: dict[str, str], message: str) -> None:
    result = _serve(env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1, result.stderr  # no traceback


def test_bind_and_workers_settings() -> None:
    assert bind_address("0.0.0.0:8000") == ("0.0.0.0", 8000)
    assert bind_address("[::]:8080") == ("::", 8080)
    for wrong in ("8000", ":8000", "host:", "host:99999", "host:x"):
        with pytest.raises(ValueError, match="GUIDE_BIND must be host:port"):
            bind_address(wrong)
    assert worker_count("3") == 3
    assert worker_count(None) >= 1


# -- the Host header is never trusted ----------------------------------------------------------


def test_links_never_come_from_the_host_header(client: FlaskClient) -> None:
    page = soup(client.get("/es/conditions/", headers={"Host": EVIL}).data)
    assert attr(page.find("link", rel="canonical"), "href") == f"{BASE}/es/conditions/"
    hrefs = [attr(link, "href") for link in page.find_all("link", rel="alternate")]
    assert hrefs
    assert all(href.startswith(f"{BASE}/") for href in hrefs)
    assert EVIL not in client.get("/es/handout/", headers={"Host": EVIL}).get_data(as_text=True)
    sitemap = ET.fromstring(client.get("/sitemap.xml", headers={"Host": EVIL}).data)
    locs = [loc.text or "" for loc in sitemap.iter(f"{{{NS['s']}}}loc")]
    assert locs
    assert all(loc.startswith(f"{BASE}/") for loc in locs)
    robots = client.get("/robots.txt", headers={"Host": EVIL}).get_data(as_text=True)
    assert f"Sitemap: {BASE}/sitemap.xml" in robots
    assert EVIL not in robots


def test_a_forged_host_gets_the_same_cached_bytes(client: FlaskClient, site_root: Path) -> None:
    app = client.application
    honest = client.get("/es/", headers={"Host": "guide.example.org"})
    size = len(app.extensions["guide"].cache)
    for n in range(20):
        forged = client.get("/es/", headers={"Host": f"h{n}.{EVIL}"})
        assert forged.data == honest.data
        assert forged.headers["ETag"] == honest.headers["ETag"]
    assert len(app.extensions["guide"].cache) == size  # not keyed by host


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/es/conditions", 308, "/es/conditions/"),  # werkzeug's add-a-slash redirect
        ("/es/conditions?x=1", 308, "/es/conditions/?x=1"),
        ("/es//", 308, "/es/"),  # merged slashes
        ("/es//conditions/", 308, "/es/conditions/"),
        ("/favicon.ico/", 404, None),
        ("/%5Cevil.example/x", 308, "/%5Cevil.example/x/"),  # a backslash stays escaped
        ("/pt-br/conditions/", 301, "/pt-BR/conditions/"),
        ("/pt_BR/", 301, "/pt-BR/"),
        ("/PT_br/handout/", 301, "/pt-BR/handout/"),
        ("/es/benefits/", 301, "/es/"),
        ("/", 302, "/en/"),
        ("/choose/es/conditions/", 303, "/es/conditions/"),
        ("/choose/pt_BR/", 303, "/pt-BR/"),
    ],
)
def test_every_redirect_is_a_path(
    client: FlaskClient, path: str, status: int, location: str | None
) -> None:
    response = client.get(path, headers={"Host": EVIL})
    assert response.status_code == status
    assert response.headers.get("Location") == location
    if location is not None:
        target = client.get(location, headers={"Host": EVIL})
        assert target.status_code in (200, 301, 404)


# -- the cache ----------------------------------------------------------------------------------


def test_the_cache_holds_every_response_of_every_language_by_default(site_root: Path) -> None:
    app = production(site_root, GUIDE_BASE_URL=BASE)
    site = app.extensions["guide"]
    pages = len(site.content.pages)
    locales = len(site.visible())
    assert site.cache.size >= locales * (pages + 2) + 2  # pages, handout, 404; sitemap, robots
    client = app.test_client()
    urls = [f"/{loc.tag}/{'' if p is site.content.pages[0] else p.id + '/'}"
            for loc in site.visible() for p in site.content.pages]  # fmt: skip
    urls += [f"/{loc.tag}/handout/" for loc in site.visible()]
    urls += [f"/{loc.tag}/nope/" for loc in site.visible()]
    urls += ["/sitemap.xml", "/robots.txt", "/favicon.ico"]
    for url in urls:
        client.get(url)
    assert len(site.cache) == len(urls)
    first = {url: client.get(url).data for url in urls}
    for url in urls:  # nothing was evicted: each is the very same object again
        assert client.get(url).data == first[url]
    assert len(site.cache) == len(urls)


def test_a_fixed_cache_size_is_honoured(site_root: Path) -> None:
    app = production(site_root, GUIDE_BASE_URL=BASE, GUIDE_CACHE_SIZE=2)
    client = app.test_client()
    for url in ("/es/", "/en/", "/pt-BR/", "/es/conditions/"):
        client.get(url)
    assert len(app.extensions["guide"].cache) == 2


# -- the fast path ----------------------------------------------------------------------------


def test_the_fast_path_answers_exactly_as_flask_does(site_root: Path) -> None:
    app = production(site_root, GUIDE_BASE_URL=BASE)
    site = app.extensions["guide"]
    flask_calls: list[str] = []
    inner = app.wsgi_app.app  # type: ignore[attr-defined]

    def counted(environ: dict[str, object], start_response: object) -> object:
        flask_calls.append(str(environ["PATH_INFO"]))
        return inner(environ, start_response)

    app.wsgi_app.app = counted  # type: ignore[attr-defined]
    client = app.test_client()
    css = site.asset_names["style.css"]
    urls = ["/es/", "/pt-BR/conditions/", "/en/handout/", "/sitemap.xml", "/robots.txt",
            "/favicon.ico", f"/assets/{css}"]  # fmt: skip
    etag = client.get("/es/", headers={"Accept-Encoding": "br"}).headers["ETag"]
    variants: list[dict[str, str]] = [
        {}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "gzip, deflate, br"},
        {"Accept-Encoding": "br", "If-None-Match": etag},
        {"Accept-Encoding": "br", "If-None-Match": '"junk"'},
        {"Accept-Encoding": "br", "If-Match": '"other"'},
        {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"},
    ]  # fmt: skip
    for url in urls:
        for headers in variants:
            for method in ("GET", "HEAD"):
                site.routes.clear()
                flask_calls.clear()
                by_flask = client.open(url, method=method, headers=headers)
                assert url in site.routes, url
                fast = client.open(url, method=method, headers=headers)
                assert flask_calls == [url], (url, headers)  # the second never reached Flask
                assert fast.status_code == by_flask.status_code, (url, headers, method)
                assert sorted(fast.headers.items()) == sorted(by_flask.headers.items())
                assert fast.data == by_flask.data


@pytest.mark.parametrize(
    ("settings", "headers"),
    [
        ({"GUIDE_RELOAD": True}, {}),  # files may change: every request goes to Flask
        ({"TRUSTED_HOSTS": ["guide.example.org"]}, {"Host": EVIL}),  # Flask refuses it
    ],
)
def test_the_fast_path_steps_aside(
    site_root: Path, settings: dict[str, object], headers: dict[str, str]
) -> None:
    app = production(site_root, GUIDE_BASE_URL=BASE, **settings)
    client = app.test_client()
    first = client.get("/es/", headers={"Host": "guide.example.org"})
    assert first.status_code == 200
    again = client.get("/es/", headers=headers)
    assert again.status_code == (400 if "Host" in headers else 200)
    if "GUIDE_RELOAD" in settings:
        assert app.extensions["guide"].routes == {}


def test_redirects_and_missing_pages_always_go_through_flask(client: FlaskClient) -> None:
    for _ in range(2):
        assert client.get("/es/conditions").status_code == 308
        assert client.get("/es/nope/").status_code == 404
        assert client.post("/es/").status_code == 405
    assert set(client.application.extensions["guide"].routes) == set()


# -- the production command, end to end ----------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_production_command_serves_readers_while_slow_clients_hold_connections() -> None:
    """What bench/slowloris.py measures at scale: one worker, 100 connections that never
    finish their headers, and a reader still gets the page, compressed, in time."""
    import http.client
    import socket
    import time

    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "GUIDE_"))}
    env = {**clean, "FLASK_GUIDE_BASE_URL": BASE, "GUIDE_BIND": f"127.0.0.1:{port}",
           "GUIDE_WORKERS": "1"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "app.serve"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    slow: list[socket.socket] = []
    reader = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        for _ in range(100):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"GET /es/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")  # never ends
            slow.append(conn)
        reader.request("GET", "/es/conditions", headers={"Host": EVIL, "Accept-Encoding": "br"})
        redirect = reader.getresponse()
        redirect.read()
        assert (redirect.status, redirect.getheader("Location")) == (308, "/es/conditions/")
        reader.request("GET", "/es/", headers={"Host": EVIL, "Accept-Encoding": "br"})
        page = reader.getresponse()
        body = page.read()
        assert page.status == 200
        assert page.getheader("Content-Encoding") == "br"
        assert page.getheader("Vary") == "Accept-Encoding"
        assert "default-src 'none'" in (page.getheader("Content-Security-Policy") or "")
        import brotli  # type: ignore[import-untyped]

        html = brotli.decompress(body).decode()
        assert f'<link rel="canonical" href="{BASE}/es/">' in html
        assert EVIL not in html
    finally:
        reader.close()
        for conn in slow:
            conn.close()
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
