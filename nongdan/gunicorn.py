"""gunicorn's settings for production: `gunicorn -c python:nongdan.gunicorn nongdan.wsgi`.

Pages spend their time in Python (CPU), with short database round trips: sync workers, one per core
plus one, each serving one request at a time. Measured with `loadtest` on 2 cores: 3 workers served
more requests per second than 5, which only queued the same CPU work behind more context switches.
Every setting can be changed from the environment without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() + 1)))
# An Excel import of a whole province is the longest request (seconds); nothing legitimate takes a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # behind nginx on the same network: reuse its connections
# Restart each worker now and then so that memory a large export left behind is given back.
max_requests = 2000
max_requests_jitter = 200
# Load the app once before forking: workers share its memory and a broken deploy fails at start.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
