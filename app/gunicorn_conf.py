"""Production settings for gunicorn: ``gunicorn -c python:app.gunicorn_conf 'app:create_app()'``."""

from __future__ import annotations

import os

bind = os.environ.get("GUIDE_BIND", "0.0.0.0:8000")
# Pages are served from memory, so work is CPU-bound: one sync worker per core, plus one.
workers = int(os.environ.get("GUIDE_WORKERS", (os.cpu_count() or 1) + 1))
# Load content and catalogs once in the master; workers share them copy-on-write.
preload_app = True
# Real Accept-Language headers can be long: answer an 8 KB header with a page, not 431.
limit_request_field_size = 16384
accesslog = "-"
