from decimal import Decimal

import pytest
from django.urls import reverse

from reports.services import Entry, ReportConflict, report_save
from tests.admin_forms import admin_form_data
from tests.factories import FigureFactory, ReportFactory, ReportValueFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_admin_correction_moves_the_version_so_an_open_form_cannot_overwrite_it(client, tree, reporter):
    report = ReportFactory(unit=tree["a"])
    value = ReportValueFactory(report=report, value=Decimal(10))
    loaded = report.version
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:reports_report_change", args=[report.pk])
    data = admin_form_data(client.get(url))
    data["values-0-value"] = "12"
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    value.refresh_from_db()
    assert (value.value, report.version) == (Decimal(12), loaded + 1)
    with pytest.raises(ReportConflict):
        report_save(
            unit=tree["a"],
            period=report.period,
            by=reporter,
            entries={FigureFactory(): Entry(Decimal(1))},
            loaded_version=loaded,
        )
