"""The baseline for bench/server.py: a bare Flask view returning the same bytes as our page.

Run under the same gunicorn settings as the real app, so the ratio measures what the
guide adds (negotiation, caching, headers) over Flask's own ceiling.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()

app = Flask(__name__)


@app.get("/<lang>/")
def page(lang: str) -> Response:
    return Response(BODY, mimetype="text/html")
