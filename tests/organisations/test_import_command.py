"""The country's load: one workbook per province, checked, then applied all at once or not at all."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from organisations.models import Organisation
from tests.factories import OrganisationFactory, ProvinceFactory
from tests.organisations.workbooks import BRANCH, person, unit, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def country(tmp_path, tree):
    other = ProvinceFactory(name="Lai Châu", code="lai-chau")
    OrganisationFactory(province=other, name="Hội Nông dân tỉnh Lai Châu", code="LC")
    (tmp_path / "lang-son.xlsx").write_bytes(
        xlsx(
            units=[
                unit("CL", "Hội Nông dân xã Cao Lộc", tree["root"].code),
                unit("CL-1", "Chi Hội 1", "CL", kind=BRANCH),
            ],
            people=[person("Hoàng Thị Mai", "mai@example.vn", "CL")],
        )
    )
    (tmp_path / "lai-chau.xlsx").write_bytes(
        xlsx(
            units=[unit("TD", "Hội Nông dân xã Tam Đường", "LC")],
            people=[person("Lò Văn Pành", "panh@example.vn", "TD")],
        )
    )
    return tmp_path


def test_by_default_the_files_are_only_checked(country, capsys):
    call_command("import_units", str(country))
    output = capsys.readouterr().out
    assert "lang-son.xlsx (Lạng Sơn): 2 đơn vị mới, 0 đơn vị thay đổi, 1 người mới, 0 người thay đổi, 0 lỗi." in output
    assert "Chạy lại với --apply để ghi." in output
    assert not Organisation.objects.filter(code__in=["CL", "TD"]).exists()


def test_apply_writes_every_province_and_mails_the_new_people(country, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_units", str(country), apply=True)
    assert Organisation.objects.get(code="CL").province.code == "lang-son"
    assert Organisation.objects.get(code="TD").province.code == "lai-chau"
    assert sorted(m.to[0] for m in mail.outbox) == ["mai@example.vn", "panh@example.vn"]
    # Again: nothing new.
    call_command("import_units", str(country))
    assert "0 đơn vị mới, 0 đơn vị thay đổi, 0 người mới, 0 người thay đổi, 0 lỗi" in capsys.readouterr().out


def test_a_problem_in_one_province_writes_nothing_anywhere(country, capsys):
    (country / "lai-chau.xlsx").write_bytes(xlsx(units=[unit("TD", "Xã Tam Đường", "KHONG-CO")]))
    with pytest.raises(CommandError, match="Có lỗi: chưa ghi gì"):
        call_command("import_units", str(country), apply=True)
    assert "Đơn vị, dòng 2, D (Mã đơn vị cấp trên): «KHONG-CO» Không có đơn vị mang mã này" in capsys.readouterr().out
    assert not Organisation.objects.filter(code__in=["CL", "TD"]).exists()


def test_a_file_named_after_no_province_is_refused(country):
    (country / "ha-noi.xlsx").write_bytes(xlsx())
    with pytest.raises(CommandError, match=r"Không có tỉnh mang mã như tên tệp: ha-noi\.xlsx"):
        call_command("import_units", str(country))


def test_no_email_leaves_the_new_people_to_ask_for_a_link(country, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_units", str(country / "lai-chau.xlsx"), apply=True, no_email=True)
    assert Organisation.objects.filter(code="TD").exists() and mail.outbox == []
