"""Server files written beside the static export: nginx, Apache, Netlify and Cloudflare Pages.

Each says, in the server's own terms, what the dynamic site does in ``app/views.py``:
the same security headers on every response, caching fit for pages (a short
``max-age`` and revalidation by ETag) and for content-hashed assets (a year,
immutable), relative redirects only, a 404 page in the language of the URL, and at
``/`` the reader's language (``app/negotiation_rules.py`` says how far each server
can follow the app there).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .negotiation_rules import band_rules, netlify_conditions, range_rules, refusal_rules

NGINX = "server/nginx.conf"
NGINX_HEADERS = "server/nginx-headers.conf"
NGINX_BROTLI = "server/nginx-brotli.conf"
APACHE = "server/apache.htaccess"
ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
NGINX_TOKEN_LIMIT = 4096  # nginx refuses a longer configuration parameter
# Paths of the export that are not for readers: server files, CDN files, the type map.
PRIVATE = r"^/(?:server/|_headers$|_redirects$|index\.var$|\.)"
APACHE_PRIVATE = r"^/(?:server/|_headers$|_redirects$|\.)"  # index.var is how Apache negotiates


class ServerConfigError(Exception):
    """A server file cannot say what the site needs (e.g. past nginx's limits)."""


@dataclass(frozen=True)
class SiteFacts:
    """What the server files need to know about one export."""

    tags: Sequence[str]  # published BCP 47 tags, the source language first
    source: str  # where `/` sends a reader no published language serves
    security_headers: Mapping[str, str]
    max_age: int  # seconds a page may be cached before it is revalidated
    root: str  # where the export folder lives on the server (nginx's root)
    base_url: str

    @property
    def page_cache_control(self) -> str:
        return f"public, max-age={self.max_age}"


def server_files(site: SiteFacts) -> dict[str, str]:
    """Every server file, by path in the export."""
    return {
        NGINX: nginx_config(site),
        NGINX_HEADERS: nginx_headers(site),
        NGINX_BROTLI: nginx_brotli(),
        APACHE: apache_htaccess(site),
        "index.var": type_map(site.tags),
        "_headers": cdn_headers(site),
        "_redirects": cdn_redirects(site),
    }


def _nginx_quote(value: str) -> str:
    # Inside quotes nginx unescapes only \", \', \\, \t, \r and \n (a tab in a regex is fine).
    if '"' in value or re.search(r"\\[\\\"'rn]", value):
        raise ServerConfigError(f"cannot quote {value!r} for nginx")
    return f'"{value}"'


def _nginx_regex(pattern: str, flags: str = "~*") -> str:
    token = _nginx_quote(flags + pattern)
    if len(token) >= NGINX_TOKEN_LIMIT:
        raise ServerConfigError(
            f"a negotiation rule of {len(token):,} characters is past nginx's limit of "
            f"{NGINX_TOKEN_LIMIT:,} per parameter: too many languages whose script depends "
            "on the region for nginx to negotiate at / (serve / with the language list instead)"
        )
    return token


def nginx_config(site: SiteFacts) -> str:
    """The nginx server for the export (maps and one ``server``), for nginx's ``http`` block."""
    bands = "\n".join(
        f"    {_nginx_regex(pattern)} $1;  # q={name}" for name, pattern in band_rules(site.tags)
    )
    ranges = "\n".join(
        f"    {_nginx_regex('^' + rule.pattern)} {rule.tag};" for rule in range_rules(site.tags)
    )
    refusals = "\n".join(
        f"    {_nginx_regex(pattern)} {site.source};" for _, pattern in refusal_rules(site.tags)
    )
    not_found = "|".join(re.escape(tag) for tag in site.tags)
    canonical = "\n".join(
        f"    {_nginx_regex(_other_spellings(tag))} /{tag}$1;" for tag in site.tags
    )
    headers = f"{site.root.rstrip('/')}/{NGINX_HEADERS}"
    prefixes = "\n".join(
        f"    location ^~ /{path}/ {{\n        include {headers};\n    }}"
        for path in ("assets", *site.tags)
    )
    spellings = "|".join("[-_]".join(re.escape(p) for p in tag.split("-")) for tag in site.tags)
    host = re.sub(r"^[a-z]+://", "", site.base_url).split("/", 1)[0].split(":", 1)[0]
    return f"""\
# nginx configuration for the guide exported by `guide-i18n freeze` ({site.base_url}).
#
# Use: include this file in the http {{}} block of nginx.conf, e.g.
#     include {site.root.rstrip("/")}/{NGINX};
# and reload nginx after every export (`nginx -s reload`): the maps name the published
# languages. It serves the export from {site.root} (`freeze --server-root`); add TLS (a
# `listen 443 ssl` and the certificate) as you do for your other sites.
#
# Headers: every location includes {NGINX_HEADERS} (the security headers and
# Cache-Control), because nginx drops every inherited add_header in a block that has one
# of its own; a location you add must include it too.
#
# Compression: pages, sitemaps, robots.txt and the stylesheets are served from the .gz
# files beside them (gzip_static), never compressed per request. Stock nginx cannot send
# the .br files; with the brotli_static module (Debian and Ubuntu: apt-get install
# libnginx-mod-http-brotli-static; elsewhere google/ngx_brotli), copy
# {NGINX_BROTLI} into nginx's configuration folder as guide-brotli.conf. Until
# then `include guide-brotli*.conf` below matches no file, so this file loads on any nginx.
#
# Redirects are relative (absolute_redirect off): nginx never writes the request's Host.
#
# `/` sends each reader to their language, as the dynamic site does: Accept-Language
# weights from high to low (q=0 is "not this language", never chosen), the same language
# and likely script (zh-TW is not zh-Hans, pt-PT gets pt-BR), else {site.source}. Where nginx
# differs: two ranges whose weights share the same tenth are taken in header order
# ("de;q=0.81, es;q=0.85" gives de, the site es; browsers always send decreasing weights);
# when the first acceptable range leads to a language refused elsewhere in the header
# ("es-MX, es;q=0, fr;q=0.5"), nginx sends {site.source} where the site tries the next range;
# nginx reads a header past its first 4096 characters, the site does not.

map $http_accept_language $guide_accept_range {{
    default "";
{bands}
}}

map $guide_accept_range $guide_choice {{
    default {site.source};
{ranges}
}}

map "$guide_choice:$http_accept_language" $guide_language {{
    default $guide_choice;
{refusals}
}}

map $uri $guide_cache_control {{
    default {_nginx_quote(site.page_cache_control)};
    / "private, no-cache";
    "~^/assets/" {_nginx_quote(IMMUTABLE)};
}}

map $uri $guide_not_found {{
    default /404.html;
    "~^/({not_found})/" /$1/404.html;
}}

map $request_uri $guide_canonical_path {{
    default "";
{canonical}
}}

map $https $guide_hsts {{
    default "";
    on "max-age={ONE_YEAR}";
}}

server {{
    listen 80;
    server_name {host};
    root {site.root};
    index index.html;
    absolute_redirect off;
    server_tokens off;
    charset utf-8;
    charset_types text/css text/plain text/xml application/xml image/svg+xml;
    types {{
        text/html html;
        text/css css;
        application/xml xml;
        text/plain txt;
        application/pdf pdf;
        image/svg+xml svg;
        image/x-icon ico;
    }}
    default_type application/octet-stream;
    gzip_static on;
    gzip_vary on;
    include guide-brotli*.conf;
    include {headers};
    error_page 404 $guide_not_found;
    # Whether each .gz/.br file exists is asked on every request: keep the answers (and open
    # files) for a minute. After an export replaces the folder, nginx may serve the previous
    # one's files for up to that minute; `nginx -s reload` ends it at once.
    open_file_cache max=10000 inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_errors on;

    location = / {{
        include {headers};
        add_header Vary Accept-Language always;
        return 302 /$guide_language/;
    }}

    # Pages and assets: prefix locations (^~), so no regex is tried on the way.
{prefixes}

    location / {{
        include {headers};
    }}

    # /pt-br/… and /pt_BR/… → /pt-BR/…, as the dynamic site does (only other spellings get here).
    location ~* ^/(?:{spellings})(?:/|$) {{
        include {headers};
        if ($guide_canonical_path) {{
            return 301 $guide_canonical_path;
        }}
    }}

    # Files of the export that are not for readers.
    location ~ {PRIVATE} {{
        include {headers};
        return 404;
    }}
}}
"""


def _other_spellings(tag: str) -> str:
    """A regex of request URIs under ``/<tag>`` spelled otherwise (``/pt-br/``, ``/pt_BR/``)."""
    spelled = "[-_]".join(re.escape(part) for part in tag.split("-"))
    return rf"^/(?!(?-i:{re.escape(tag)})(?:[/?]|$)){spelled}([/?].*)?$"


def nginx_headers(site: SiteFacts) -> str:
    """The snippet every location of ``nginx_config`` includes: security and caching headers."""
    lines = [
        f"add_header {name} {_nginx_quote(value)} always;"
        for name, value in site.security_headers.items()
    ]
    return (
        "# Headers of every response of the guide (generated by `guide-i18n freeze`). Every\n"
        "# location of nginx.conf includes this file: nginx drops all inherited add_header\n"
        "# lines in a block that has one of its own.\n"
        + "\n".join(lines)
        + "\nadd_header Strict-Transport-Security $guide_hsts always;  # over HTTPS only"
        + "\nadd_header Cache-Control $guide_cache_control always;\n"
    )


def nginx_brotli() -> str:
    """The line that serves the .br files, for an nginx with the brotli_static module."""
    return (
        "# Copy to nginx's configuration folder as guide-brotli.conf once nginx has the\n"
        "# brotli_static module (apt-get install libnginx-mod-http-brotli-static): the guide's\n"
        "# server then sends the .br files to browsers that accept Brotli.\n"
        "brotli_static on;\n"
    )


def apache_htaccess(site: SiteFacts) -> str:
    """Apache 2.4 (mod_headers, mod_negotiation): headers, caching, negotiation at ``/``."""
    security = "\n".join(
        f'Header always set {name} "{value}"' for name, value in site.security_headers.items()
    )
    not_found = "\n".join(
        f'<If "%{{REQUEST_URI}} =~ m#^/{re.escape(tag)}/#">\n'
        f"    ErrorDocument 404 /{tag}/404.html\n</If>"
        for tag in site.tags
    )
    return f"""\
# Apache 2.4 configuration for the exported guide: copy it to the export's root as
# .htaccess (with AllowOverride All), or into the <VirtualHost>. Needs mod_headers and
# mod_negotiation. `/` is served from index.var, a type map of the language homes that
# mod_negotiation picks from by Accept-Language weights, as getfedora.org does.
DirectoryIndex index.var index.html
AddHandler type-map .var
# No language of the reader's: {site.source}, not "406 Not Acceptable".
LanguagePriority {site.source}
ForceLanguagePriority Prefer Fallback
{security}
Header always set Strict-Transport-Security "max-age={ONE_YEAR}" "expr=%{{HTTPS}} == 'on'"
Header set Cache-Control "{site.page_cache_control}"
<If "%{{REQUEST_URI}} =~ m#^/assets/#">
    Header set Cache-Control "{IMMUTABLE}"
</If>
ErrorDocument 404 /404.html
{not_found}
RedirectMatch 404 "{APACHE_PRIVATE}"
"""


def type_map(tags: Sequence[str]) -> str:
    """An Apache type map: one record per language home, for negotiation at ``/``."""
    records = [
        f"URI: {tag}/index.html\nContent-Type: text/html\nContent-Language: {tag}\n" for tag in tags
    ]
    return "URI: index\n\n" + "\n".join(records)


def cdn_headers(site: SiteFacts) -> str:
    """``_headers`` for Netlify and Cloudflare Pages: security headers everywhere, caching."""
    security = "\n".join(f"  {name}: {value}" for name, value in site.security_headers.items())
    return f"""\
# Netlify and Cloudflare Pages read this file (generated by `guide-i18n freeze`).
# Pages keep the platforms' own Cache-Control (public, max-age=0, must-revalidate, with an
# ETag): both purge their CDN on every deploy, so a browser revalidates and gets a 304. Only
# the content-hashed stylesheets are cached for a year. No rule sets a header that another
# rule sets too: Cloudflare would join both values with a comma.
/*
{security}
  Strict-Transport-Security: max-age={ONE_YEAR}

/assets/*
  Cache-Control: {IMMUTABLE}
"""


def cdn_redirects(site: SiteFacts) -> str:
    """``_redirects``: Netlify's language redirects at ``/`` and per-language 404 pages.

    Cloudflare Pages supports neither language conditions nor 404 rules, and ignores
    lines it cannot read: there `/` is the language list and each folder's 404.html is
    found by Cloudflare itself.
    """
    lines = []
    for tag, codes in netlify_conditions(site.tags):
        target = f"/{tag}/  302!" if tag is not None else "/index.html  200!"
        lines.append(f"/  {target}  Language={','.join(codes)}")
    not_found = "\n".join(f"/{tag}/*  /{tag}/404.html  404" for tag in site.tags)
    redirects = "\n".join(lines)
    return f"""\
# Netlify reads this file (generated by `guide-i18n freeze`); Cloudflare Pages ignores
# every line below, as it has no language conditions and no 404 rules.
#
# `/`: Netlify matches only the first language of Accept-Language, whatever its weight
# (a reader whose first language is not published sees the language list, index.html,
# even if a later one is). The site and the nginx configuration read every weight.
{redirects}

# Not for readers.
/server/*  /404.html  404!
/index.var  /404.html  404!

# A 404 page in the language of the URL.
{not_found}
"""
