"""Settings for the test suite: a plain `pytest` needs no environment of its own.

The development settings (loaded with DEBUG on, as `make run` has them; pytest-django then turns
DEBUG off while the tests run), plus what tests need: static files without a manifest to build,
a fast password hasher, and no connection kept open between requests, so that the test database
can be dropped at the end of a PostgreSQL run. The environment still wins: DATABASE_URL picks
PostgreSQL.
"""

import os

os.environ.setdefault("DEBUG", "true")

from nongdan.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
