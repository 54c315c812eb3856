"""Playwright drives Debian's Chromium (no downloaded browser on an offline network).

Without it the browser tests are skipped, loudly; under CI=true a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API keeps an event loop running in the tests' thread; the ORM calls the tests
# make beside it are not async code, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_skipped: list[str] = []


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if not browser_tests or Path(CHROMIUM).exists():
        return
    message = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    if os.environ.get("CI", "").lower() in {"1", "true"}:
        raise pytest.UsageError(f"CI: {message}; the browser tests may not be skipped here.")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=message))
        _skipped.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_sep(
            "!", f"{len(_skipped)} BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}", red=True, bold=True
        )


@pytest.fixture(scope="session", autouse=True)
def _close_connections_beside_playwright(playwright):
    """Close the database connections the tests opened while Playwright ran.

    Once Playwright has started, the tests' code runs in a context of its own (Django keeps a
    connection per context), and the test database is dropped after Playwright has stopped, back
    in the first context: a connection left open here would keep PostgreSQL from dropping it.
    """
    yield
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def login(live_server, page):
    """Sign `user` in through the real login form; returns the page."""

    def _login(user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return _login
