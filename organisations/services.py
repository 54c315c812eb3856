"""Writes to the unit tree."""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from organisations.models import Organisation


@transaction.atomic
def organisation_move(*, unit: Organisation, parent: Organisation | None) -> Organisation:
    """Put `unit` under `parent` (None: at the top); its whole subtree follows, in one statement.

    Saves the unit with whatever else was changed on it. A parent below the unit itself is refused
    (ValidationError, as `Organisation.clean` words it).
    """
    unit.parent = parent
    unit.full_clean()
    # The path as stored: the unit in hand may be an older copy (the admin's "revert" page hands one over).
    old = Organisation.objects.values_list("path", flat=True).get(pk=unit.pk)
    new = unit.path_below(parent)
    Organisation.objects.filter(path__startswith=old).update(path=Concat(Value(new), Substr("path", len(old) + 1)))
    unit.path = new
    unit.save()
    return unit
