"""The static export: complete, deterministic, self-contained, and careful with folders."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import i18n

from .sitekit import attr, catalog_text, make_site, soup

BASE = "https://guide.example.org"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_site(
        tmp_path / "project",
        {
            "es": ("published", catalog_text("es")),
            "ar": ("published", catalog_text("ar")),
            "de": ("draft", catalog_text("de")),
        },
    )


def freeze(root: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        i18n, ["--root", str(root), "freeze", str(out), "--base-url", BASE, *extra]
    )
    return result.exit_code, result.output


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_export_holds_every_published_page_and_nothing_draft(root: Path, tmp_path: Path) -> None:
    code, output = freeze(root, tmp_path / "out")
    assert code == 0, output
    names = set(files_of(tmp_path / "out"))
    for tag in ("en", "es", "ar"):
        assert {f"{tag}/index.html", f"{tag}/conditions/index.html", f"{tag}/404.html"} <= names
    assert not any(name.startswith("de/") for name in names)
    assert {"index.html", "404.html", "sitemap.xml", "robots.txt", "index.var"} <= names
    assert {"server/nginx.conf", "server/apache.htaccess", "_headers", "_redirects"} <= names
    assets = sorted(n for n in names if n.startswith("assets/") and n.endswith(".css"))
    expected = []
    for sheet in ("handout", "style"):  # the site's stylesheet and the handout's
        data = (Path(__file__).parent.parent / "app" / "static" / f"{sheet}.css").read_bytes()
        expected.append(f"assets/{sheet}.{hashlib.sha256(data).hexdigest()[:12]}.css")
    assert assets == expected


def test_export_is_byte_identical_across_runs(root: Path, tmp_path: Path) -> None:
    freeze(root, tmp_path / "a")
    freeze(root, tmp_path / "b")
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_every_internal_link_resolves_to_a_file(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    freeze(root, out)
    checked = 0
    for html_file in out.rglob("*.html"):
        page = soup(html_file.read_bytes())
        for tag in page.find_all(["a", "link"]):
            href = attr(tag, "href")
            if href.startswith(BASE):
                href = href[len(BASE) :]
            if not href.startswith(("/", "#")):
                continue
            path, _, fragment = href.partition("#")
            target = html_file if not path else _file_for(out, path)
            assert target.is_file(), f"{html_file.relative_to(out)}: broken link {href}"
            if fragment:
                assert soup(target.read_bytes()).find(id=fragment), f"missing #{fragment}"
            checked += 1
    sitemap = (out / "sitemap.xml").read_text()
    for url in re.findall(r'(?:<loc>|href=")(https://[^<"]+)', sitemap):
        assert _file_for(out, url[len(BASE) :]).is_file(), url
    assert checked > 100


def _file_for(out: Path, path: str) -> Path:
    return out / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def test_root_is_the_language_neutral_page(root: Path, tmp_path: Path) -> None:
    freeze(root, tmp_path / "out")
    page = soup((tmp_path / "out" / "index.html").read_bytes())
    links = {attr(a, "hreflang"): (attr(a, "href"), a.get_text()) for a in page.find_all("a")}
    assert links == {
        "en": ("/en/", "English"),
        "es": ("/es/", "Español"),
        "ar": ("/ar/", "العربية"),
    }
    alternates = {attr(link, "hreflang") for link in page.find_all("link", rel="alternate")}
    assert alternates == {"en", "es", "ar", "x-default"}


def test_switcher_links_straight_to_pages(root: Path, tmp_path: Path) -> None:
    freeze(root, tmp_path / "out")
    page = soup((tmp_path / "out" / "es" / "conditions" / "index.html").read_bytes())
    nav = page.find("nav", class_="languages")
    assert nav is not None
    hrefs = sorted(attr(a, "href") for a in nav.find_all("a"))
    assert hrefs == ["/ar/conditions/", "/en/conditions/", "/es/conditions/"]
    assert "/choose/" not in (tmp_path / "out" / "robots.txt").read_text()


def test_nginx_configuration_names_only_published_languages(root: Path, tmp_path: Path) -> None:
    freeze(root, tmp_path / "out")
    conf = (tmp_path / "out" / "server" / "nginx.conf").read_text()
    assert '"~*^es$" es;' in conf
    assert "return 302 /$guide_language/;" in conf
    assert '"~^/(en|es|ar)/" /$1/404.html;' in conf
    assert " de;" not in conf


def test_refuses_a_folder_that_is_not_an_export(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    code, output = freeze(root, out)
    assert code == 2
    assert "is not empty and holds no earlier export" in output
    assert (out / "thesis.txt").read_text() == "precious"


def test_replacing_an_export_never_touches_anything_outside(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    freeze(root, out)
    os.symlink(outside, out / "link-to-outside")
    (out / "stale.html").write_text("old")
    code, output = freeze(root, out)
    assert code == 0, output
    assert (outside / "keep.txt").read_text() == "keep"
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "outside", "project"]


BROKEN = 'msgid "a"\nmsgstr "unterminated\n'


def _break(root: Path, code: str) -> None:
    (root / "locales" / code / "LC_MESSAGES" / "messages.po").write_text(BROKEN)


def test_a_published_locale_that_does_not_load_stops_the_export(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert freeze(root, out)[0] == 0
    before = files_of(out)
    _break(root, "es")
    _break(root, "ar")
    code, output = freeze(root, out)
    assert code == 2
    (line,) = output.splitlines()
    assert line.startswith("Error: 2 published locale(s) could not be loaded, so the export ")
    assert "es: locales/es/LC_MESSAGES/messages.po:2: unterminated string" in line
    assert "ar: locales/ar/LC_MESSAGES/messages.po:2: unterminated string" in line
    assert files_of(out) == before  # the earlier export is left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]


def test_a_published_locale_that_does_not_load_writes_nothing(root: Path, tmp_path: Path) -> None:
    (root / "locales" / "es" / "LC_MESSAGES" / "messages.po").unlink()
    code, output = freeze(root, tmp_path / "out")
    assert code == 2
    assert "es: locales/es/LC_MESSAGES/messages.po: missing" in output
    assert not (tmp_path / "out").exists()


def test_a_draft_that_does_not_load_does_not_stop_the_export(root: Path, tmp_path: Path) -> None:
    _break(root, "de")
    code, output = freeze(root, tmp_path / "out")
    assert code == 0, output
    assert {"es/index.html", "ar/index.html"} <= set(files_of(tmp_path / "out"))


def test_base_url_is_required(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_GUIDE_BASE_URL", raising=False)
    result = CliRunner().invoke(i18n, ["--root", str(root), "freeze", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--base-url" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx-light)"
)
def test_nginx_sample_serves_the_export(root: Path, tmp_path: Path) -> None:
    """The written nginx sample, used as is: negotiation at /, pages, localized 404s."""
    out = tmp_path / "out"
    freeze(root, out, "--server-root", str(out))
    port = _free_port()
    site_conf = (out / "server" / "nginx.conf").read_text()
    site_conf = site_conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (tmp_path / "logs").mkdir()
    (tmp_path / "site.conf").write_text(site_conf)
    # As root, nginx would run its workers as "nobody", who cannot read pytest's private tmp.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log;\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; include {tmp_path}/site.conf; }}\n"
    )
    server = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"

        def get(path: str, language: str = "") -> tuple[int, str, bytes]:
            request = urllib.request.Request(base + path, headers={"Accept-Language": language})
            opener = urllib.request.build_opener(_NoRedirect)
            try:
                with opener.open(request) as response:
                    return response.status, response.headers.get("Location", ""), response.read()
            except urllib.error.HTTPError as e:
                return e.code, e.headers.get("Location", ""), e.read()

        assert get("/", "fr-FR,fr;q=0.9")[:2] == (302, "/en/")  # fr is not published here
        assert get("/", "es-MX")[:2] == (302, "/es/")
        assert get("/", "ar-EG")[:2] == (302, "/ar/")
        assert get("/", "zh-TW")[:2] == (302, "/en/")
        status, _, body = get("/es/nope/")
        assert status == 404
        assert attr(soup(body).html, "lang") == "es"
        assert get("/es/conditions/")[0] == 200
        assert get("/server/nginx.conf")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
