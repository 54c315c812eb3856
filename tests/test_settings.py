"""Production settings, checked in a fresh process as a server would start them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the test run sets for itself and a production server would not have.
TEST_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STATICFILES_BACKEND",
    "CONN_MAX_AGE",
}


def _run(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("-c", "import nongdan.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_pass_the_deploy_check():
    key = "k3y-" + "x9QpL2vR7tZ4mN8bW1cY6dF0hJ5sG3aE" * 2
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=key)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_and_checks_run_without_a_secret_key():
    result = _run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def _setting(*names, **env):
    """The settings `names` as a production server started with `env` reads them."""
    result = _run("-c", f"import nongdan.settings as s; print(*(repr(getattr(s, n)) for n in {names!r}))", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_mail_settings_come_from_the_environment():
    mail = {"EMAIL_HOST": "smtp.langson.gov.vn", "EMAIL_PORT": "587", "EMAIL_HOST_USER": "baocao"}
    names = ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_TIMEOUT")
    assert _setting(*names, **mail, EMAIL_HOST_PASSWORD="bi-mat", EMAIL_USE_TLS="true") == [
        "'smtp.langson.gov.vn'",
        "587",
        "'baocao'",
        "'bi-mat'",
        "True",
        "10.0",
    ]
    assert _setting("EMAIL_USE_SSL", "EMAIL_TIMEOUT", EMAIL_USE_SSL="true", EMAIL_TIMEOUT="30") == ["True", "30.0"]


def test_tls_and_ssl_together_are_refused_at_start():
    result = _run("-c", "import nongdan.settings", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr
