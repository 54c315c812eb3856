"""Province B merged into province A on 01/07/2025: units, bodies and programs carry on under A."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisations.models import Membership, Organisation, Province
from reports.models import Report
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgramFactory,
    ProvinceFactory,
    ReportFactory,
    ReportingPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def old(db):
    """Hà Giang before the reform: its association, a district with two communes, a branch, a board."""
    province = ProvinceFactory(name="Hà Giang", code="ha-giang")
    root = OrganisationFactory(province=province, name="Hội Nông dân tỉnh Hà Giang", code="HG")
    district = OrganisationFactory(
        parent=root, kind=Organisation.Kind.DISTRICT_ASSOCIATION, name="Hội Nông dân huyện Vị Xuyên", code="VX"
    )
    commune = OrganisationFactory(parent=root, name="Hội Nông dân xã Đạo Đức", code="X01")
    retired = OrganisationFactory(parent=district, name="Hội Nông dân xã Phú Linh", code="X02")
    retired.retired_on = datetime.date(2025, 6, 30)
    retired.save()
    branch = OrganisationFactory(parent=commune, kind=Organisation.Kind.BRANCH, name="Chi Hội thôn Làng Má", code="B1")
    board = OrganisationFactory(
        province=province, kind=Organisation.Kind.PARTY_BOARD, name="Ban Dân vận Tỉnh ủy Hà Giang"
    )
    program = ProgramFactory(
        province=province, slug="hg-120", number="120-CTr/TU", issuing_body="Ban Thường vụ Tỉnh ủy Hà Giang"
    )
    report = ReportFactory(unit=commune, period=ReportingPeriodFactory(year=2025, quarter=1))
    return {
        "province": province,
        "root": root,
        "district": district,
        "commune": commune,
        "retired": retired,
        "branch": branch,
        "board": board,
        "program": program,
        "report": report,
    }


@pytest.fixture
def new(db):
    """Tuyên Quang, which takes Hà Giang in: its association already uses the code X01."""
    province = ProvinceFactory(name="Tuyên Quang", code="tuyen-quang")
    root = OrganisationFactory(province=province, name="Hội Nông dân tỉnh Tuyên Quang", code="TQ")
    OrganisationFactory(parent=root, name="Hội Nông dân phường Minh Xuân", code="X01")
    board = OrganisationFactory(
        province=province, kind=Organisation.Kind.PARTY_BOARD, name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang"
    )
    viewer = UserFactory(username="tq-ban")
    MembershipFactory(user=viewer, organisation=board, role=Membership.Role.BOARD_VIEWER)
    return {"province": province, "root": root, "viewer": viewer}


def test_the_command_merges_a_province_into_another_and_keeps_its_history(old, new, capsys):
    call_command("merge_provinces", "ha-giang", "tuyen-quang", on="01/07/2025")
    output = capsys.readouterr().out
    assert "Đã sáp nhập Hà Giang vào Tuyên Quang từ 01/07/2025: 6 đơn vị, 1 chương trình." in output
    assert "Mã X01 đã có ở tỉnh mới: đổi thành HA-GIANG-X01" in output

    hg = Province.objects.get(code="ha-giang")
    assert (hg.merged_into, hg.merged_on) == (new["province"], REFORM)
    assert not hg.organisations.exists() and not hg.programs.exists()

    moved = Organisation.objects.filter(former_province=hg)
    assert moved.count() == 6 and set(moved.values_list("province", flat=True)) == {new["province"].pk}

    root = Organisation.objects.get(pk=old["root"].pk)
    assert (root.retired_on, root.merged_into) == (REFORM, new["root"])
    # What was active below the old association is now below the new one, with its subtree.
    for key in ("district", "commune"):
        unit = Organisation.objects.get(pk=old[key].pk)
        assert unit.parent == new["root"] and unit.path.startswith(new["root"].path)
    branch = Organisation.objects.get(pk=old["branch"].pk)
    assert branch.path == f"{new['root'].path}{old['commune'].pk:08d}/{branch.pk:08d}/"
    # A unit retired before the merge stays where its history was.
    assert Organisation.objects.get(pk=old["retired"].pk).parent_id == old["district"].pk
    assert Organisation.objects.get(pk=old["commune"].pk).code == "HA-GIANG-X01"
    assert Report.objects.get(pk=old["report"].pk).unit_id == old["commune"].pk

    program = old["program"]
    program.refresh_from_db()
    assert (program.province, program.former_province) == (new["province"], hg)
    assert (program.number, program.issuing_body) == ("120-CTr/TU", "Ban Thường vụ Tỉnh ủy Hà Giang")


def test_the_new_provinces_readers_see_the_old_program_with_its_former_province(client, old, new):
    call_command("merge_provinces", "ha-giang", "tuyen-quang", on="01/07/2025")
    client.force_login(new["viewer"])
    listing = client.get(reverse("programs:list")).content.decode()
    assert "120-CTr/TU" in listing and "(trước đây: Hà Giang)" in listing
    detail = client.get(reverse("programs:detail", args=["hg-120"])).content.decode()
    assert "Ban Thường vụ Tỉnh ủy Hà Giang" in detail and "Tuyên Quang (trước đây: Hà Giang)" in detail


def test_the_tree_page_shows_where_moved_units_came_from(client, old, new):
    call_command("merge_provinces", "ha-giang", "tuyen-quang", on="01/07/2025")
    admin = UserFactory(username="tq-admin")
    MembershipFactory(user=admin, organisation=new["root"], role=Membership.Role.PROGRAM_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("organisations:tree", args=["tuyen-quang"])).content.decode()
    assert "Hội Nông dân xã Đạo Đức" in page and "trước đây: Hà Giang" in page


def test_a_program_number_used_in_both_provinces_stops_the_merge_before_anything_moves(old, new):
    ProgramFactory(province=new["province"], slug="tq-120", number="120-CTr/TU")
    with pytest.raises(CommandError, match="Tuyên Quang đã có chương trình mang số hiệu 120-CTr/TU"):
        call_command("merge_provinces", "ha-giang", "tuyen-quang", on="01/07/2025")
    assert Organisation.objects.filter(province=old["province"]).count() == 6
    assert Province.objects.get(code="ha-giang").merged_into is None


def test_bad_arguments_are_refused_plainly(old, new):
    with pytest.raises(CommandError, match="Ngày không đúng"):
        call_command("merge_provinces", "ha-giang", "tuyen-quang", on="2025/13/01")
    with pytest.raises(CommandError, match="Không có tỉnh mã khong-co"):
        call_command("merge_provinces", "khong-co", "tuyen-quang", on="01/07/2025")
    with pytest.raises(CommandError, match="Chỉ sáp nhập hai tỉnh khác nhau"):
        call_command("merge_provinces", "ha-giang", "ha-giang", on="01/07/2025")
