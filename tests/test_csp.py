"""The Content-Security-Policy header, and templates that need nothing it forbids.

The browser test (tests/browser/test_csp.py) loads the pages and charts under the policy; these
catch a new inline script, style or event handler before it gets that far.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle=", re.I),
    "event handler": re.compile(r"\son[a-z]+=", re.I),
    "javascript: link": re.compile(r"javascript:", re.I),
}


def test_every_page_carries_the_policy(client, board_viewer):
    expected = (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "style-src-attr 'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    assert client.get(reverse("login"))["Content-Security-Policy"] == expected
    client.force_login(board_viewer)
    assert client.get(reverse("programs:list"))["Content-Security-Policy"] == expected
    assert client.get("/no-such-page/")["Content-Security-Policy"] == expected


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_code_or_style(template):
    text = template.read_text()
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{template.name}: {', '.join(found)}; move it to a file under static/"
