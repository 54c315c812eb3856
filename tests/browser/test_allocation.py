"""The province's program admin hands 115-CTr/TU's new members down to two communes, in the browser."""

import pytest

from organisations.models import Organisation
from targets.loader import programs_load
from targets.models import Allocation
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_program_admin_allocates_new_members_and_sees_the_sum_against_the_province(login, live_server):
    programs_load()
    province = Organisation.objects.get(name="Hội Nông dân tỉnh Lạng Sơn")
    for name in ("Hội Nông dân xã Hoàng Đồng", "Hội Nông dân xã Mai Pha"):
        OrganisationFactory(parent=province, name=name)
    page = login(MembershipFactory(organisation=province, role="program_admin").user)
    page.goto(f"{live_server.url}/programs/115-ctr-tu/")
    page.get_by_role("link", name="Giao chỉ tiêu cho cấp dưới").click()
    page.get_by_role("link", name="2026", exact=True).click()
    assert page.get_by_test_id("parent-values").locator("td").first.inner_text() == "từ 1.500 trở lên"
    page.get_by_label("Hội Nông dân xã Hoàng Đồng — 1. ").fill("800")
    page.get_by_label("Hội Nông dân xã Mai Pha — 1. ").fill("1.200")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã lưu 2 ô chỉ tiêu được giao." in page.locator("main").inner_text()
    assert "tổng đã giao cho các đơn vị là 2.000, khác với chỉ tiêu 1.500" in page.locator("main").inner_text()
    assert page.get_by_test_id("totals").locator("td").first.inner_text().startswith("2.000")
    assert sorted(Allocation.objects.filter(year=2026).values_list("value", flat=True)) == [800, 1200]
