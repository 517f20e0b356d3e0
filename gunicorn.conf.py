"""Gunicorn settings for production, `make serve` and `make bench`; each one can be set from the environment.

Run with ``gunicorn -c gunicorn.conf.py``. Sync workers suit a CPU-bound Django site behind a
proxy that buffers slow clients (nginx, a cloud load balancer); give each machine about two
workers per core, and size PostgreSQL's max_connections for workers x machines (connections
are persistent: CONN_MAX_AGE).
"""

import multiprocessing
import os

wsgi_app = "debate.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound; jitter avoids all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout; off by default
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
