"""The baseline for bench/server.py: a bare Flask view returning the same bytes as our page.

Served by the same production server and settings as the guide (``app.serve.server``), so
the ratio measures what the guide adds (routing, negotiation, the cache, conditional
requests, headers) over Flask's own ceiling. It sends the exact bytes and coding the guide
sent for the benchmark's request (``BENCH_BODY``, ``BENCH_ENCODING``), compressed once.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()
HEADERS = {"Content-Type": "text/html; charset=utf-8", "Vary": "Accept-Encoding"}
if os.environ.get("BENCH_ENCODING"):
    HEADERS["Content-Encoding"] = os.environ["BENCH_ENCODING"]

app = Flask(__name__)


@app.get("/<lang>/")
def page(lang: str) -> Response:
    return Response(BODY, headers=HEADERS)
