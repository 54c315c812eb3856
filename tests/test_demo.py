import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from organisations.models import Organisation
from reports.demo import DEMO_PASSWORD
from reports.models import Report, ReportValue

pytestmark = pytest.mark.django_db


def test_demo_refuses_to_load_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("load_demo")
    assert not Organisation.objects.filter(is_demo=True).exists()


def test_demo_loads_units_users_and_reproducible_figures(settings, capsys, client):
    settings.DEBUG = True
    call_command("load_demo")
    output = capsys.readouterr().out
    assert "demo-ban" in output and DEMO_PASSWORD in output
    demo_units = Organisation.objects.filter(is_demo=True)
    assert demo_units.filter(province__code="lang-son").count() >= 3
    assert demo_units.filter(province__code="lai-chau").count() >= 3
    assert demo_units.filter(professional=True).exists()
    years = set(Report.objects.values_list("period__year", flat=True))
    assert years == {2024, 2025}
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "returned"} <= statuses
    first = sorted(
        ReportValue.objects.values_list("report__unit__name", "report__period__quarter", "figure__code", "value")
    )

    call_command("load_demo")  # a second run leaves everything as it was
    assert "đã có sẵn" in capsys.readouterr().out
    assert (
        sorted(
            ReportValue.objects.values_list("report__unit__name", "report__period__quarter", "figure__code", "value")
        )
        == first
    )
    assert client.login(request=HttpRequest(), username="demo-ban", password=DEMO_PASSWORD)


def test_the_demo_program_admin_edits_programs_but_only_reads_the_shared_catalogue(settings):
    settings.DEBUG = True
    call_command("load_demo")
    admin = get_user_model().objects.get(username="demo-quantri")
    assert admin.has_perms(["programs.change_program", "targets.change_target", "targets.view_figure"])
    assert not any(
        admin.has_perm(f"{app}.{action}_{model}")
        for app, model in [("targets", "figure"), ("programs", "resolution")]
        for action in ("add", "change", "delete")
    )
