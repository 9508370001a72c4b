"""gunicorn's settings for the portal in production: ``make serve``, or
``PORTAL_CONFIG=production gunicorn --config gunicorn.conf.py wsgi:app``.

Every setting comes from the environment (README "Deploying"). Sync workers: a request holds
one worker. On a 2-core machine 2 workers gave the best throughput and tails (4 gave nothing
more); add workers with cores, or app servers behind the proxy.
"""

import os

# Where to listen. Behind a reverse proxy on the same host, keep the loopback address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", os.environ.get("WEB_CONCURRENCY", "2")))
worker_class = "sync"
# A request taking longer than this is killed and its worker replaced (PDFs take ~1 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Access log: "-" for standard output, a file path, or unset for none (the proxy keeps one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Addresses of the reverse proxies whose X-Forwarded-* headers gunicorn believes (comma
# separated). The app itself trusts them only with PROXY_FIX set (config.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Refuse oversized request lines and headers early (gunicorn's defaults, stated).
limit_request_line = 4094
limit_request_fields = 100
