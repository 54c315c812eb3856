"""Every kind of page, the admin and the charts included, loads under the Content-Security-Policy
with no violation: no inline script or style is left for the policy to block."""

import pytest
from django.core.management import call_command

from organisations.models import Membership
from programs.models import Program
from reports.demo import DEMO_PASSWORD
from reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded from the first script of every page; Playwright's init scripts are not subject to the policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


def _pages_by_user():
    """Each demo person and the pages they use, as paths."""
    slug = Program.objects.get(number="115-CTr/TU").slug
    dashboards = [f"/dashboards/{slug}/{tab}" for tab in ("", "don-vi/", "dien-bien/", "bao-cao-gui/", "in/")]
    own_unit = Membership.objects.get(user__username="demo-baocao").organisation
    entry = own_unit.reports.order_by("-period__year", "-period__quarter").select_related("period").first()
    program = Program.objects.get(slug=slug)
    report = Report.objects.filter(status=Report.Status.APPROVED).first()
    return {
        "demo-ban": ["/programs/", f"/programs/{slug}/", "/dashboards/", "/dashboards/so-sanh/", *dashboards],
        "demo-baocao": ["/reports/", f"/reports/{own_unit.pk}/{entry.period.year}/{entry.period.quarter}/"],
        "demo-quantri": [
            "/don-vi/lang-son/",
            f"/don-vi/lang-son/?goc={own_unit.pk}",
            f"/don-vi/lang-son/{own_unit.pk}/ngung-hoat-dong/",
            "/don-vi/lang-son/nguoi-dung/",
            "/don-vi/lang-son/nhap-tu-excel/",
            "/admin/",
            f"/admin/programs/program/{program.pk}/change/",
            f"/admin/programs/program/{program.pk}/history/",
        ],
        "demo-admin": [
            f"/admin/reports/report/{report.pk}/change/",
            "/admin/reports/notification/",
            "/admin/axes/accessattempt/",
        ],
    }


def test_pages_and_charts_load_with_no_policy_violation(live_server, page):
    call_command("load_programs")
    call_command("load_demo", force=True)
    problems = []
    page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)

    for username, paths in _pages_by_user().items():
        page.context.clear_cookies()
        response = page.goto(f"{live_server.url}/accounts/login/")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            for canvas in page.locator("canvas[data-chart]").all():
                canvas.wait_for()
                assert canvas.get_attribute("data-ready") == "true", path
            violations = page.evaluate("window.cspViolations")
            problems.extend(f"{path}: {violation}" for violation in violations)

    assert not problems, "\n".join(problems)
