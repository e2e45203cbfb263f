import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
application = get_wsgi_application()
# Import every view (and WeasyPrint, which parses its stylesheets on import) while the worker
# boots, not during its first request: that took 1.3 s of CPU on the bench host.
get_resolver().url_patterns  # noqa: B018 (reading it imports the URLconf)
