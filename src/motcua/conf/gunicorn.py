"""gunicorn settings for every web node: `gunicorn -c src/motcua/conf/gunicorn.py ...`
(scripts/run.sh, docs/deploy.md)."""

# The access log names the path only: no query string and no referrer, which may carry what a
# person typed (a phone or ID number in a lookup's or a search's parameters).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'
