"""A province's program admin, on a 360 px phone: the unit tree, a workbook upload and its dry run."""

import pytest

from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.organisations.workbooks import BRANCH, person, unit, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_program_admin_uploads_a_workbook_fixes_it_and_confirms_on_a_phone(login, page, tmp_path):
    page.set_viewport_size({"width": 360, "height": 740})
    root = OrganisationFactory(name="Hội Nông dân tỉnh Lạng Sơn", code="LS")
    commune = OrganisationFactory(parent=root, name="Hội Nông dân xã Cao Lộc với một cái tên rất dài", code="CL")
    OrganisationFactory(parent=commune, kind=Organisation.Kind.BRANCH, name="Chi Hội thôn Bản Quyền", code="CL-1")
    admin = MembershipFactory(organisation=root, role=Membership.Role.PROGRAM_ADMIN).user
    login(admin)

    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Đơn vị, người dùng").click()
    assert page.get_by_test_id("unit-CL").is_visible()
    assert _no_sideways_scrolling(page)
    page.get_by_role("link", name="1 đơn vị cấp dưới").click()
    assert page.get_by_test_id("unit-CL-1").is_visible()
    assert _no_sideways_scrolling(page)

    bad = tmp_path / "don-vi.xlsx"
    bad.write_bytes(xlsx(units=[unit("HL", "Hội Nông dân xã Hữu Lũng", "KHONG-CO")]))
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    assert "Tệp có 1 lỗi" in page.locator("#problems-summary").inner_text()
    assert "dòng 2, cột D (Mã đơn vị cấp trên): «KHONG-CO»" in page.locator("#problems").inner_text()
    assert _no_sideways_scrolling(page)

    good = tmp_path / "don-vi-da-sua.xlsx"
    good.write_bytes(
        xlsx(
            units=[
                unit("HL", "Hội Nông dân xã Hữu Lũng", "LS"),
                unit("HL-1", "Chi Hội thôn Đồng Tân", "HL", kind=BRANCH),
            ],
            people=[person("Nông Văn Tùng", "tung@example.vn", "HL-1")],
        )
    )
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    assert "2 đơn vị mới" in page.locator("#summary").inner_text()
    assert _no_sideways_scrolling(page)
    page.get_by_role("button", name="Xác nhận: ghi tất cả").click()
    assert "Đã nhập: 2 đơn vị mới" in page.get_by_role("status").first.inner_text()
    assert page.get_by_test_id("unit-HL").is_visible()
    assert Organisation.objects.get(code="HL-1").parent.code == "HL"

    page.get_by_role("link", name="Người dùng", exact=True).click()
    page.get_by_role("link", name="Nông Văn Tùng").click()
    assert (
        "Cán bộ nhập số liệu — Chi Hội thôn Đồng Tân"
        in page.get_by_role("listitem").filter(has_text="Đồng Tân").first.inner_text()
    )
    assert _no_sideways_scrolling(page)
