"""Settings of the web nodes and worker that tests/scale starts as subprocesses.

The production settings unchanged, except that static files are served by whitenoise from
the finders instead of a collectstatic manifest: building the manifest (compressing every
file) takes over a minute, and deploy-time collectstatic is not what these tests check;
and the calendar's overrides are re-read every second, so that a test can wait for it."""

from motcua.conf.settings import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MOTCUA_CALENDAR_REFRESH_SECONDS = 1
