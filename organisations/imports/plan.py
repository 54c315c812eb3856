"""What an import would do: the units and people as they will be, the changes, the problems.

Plain data, and the checker every row reports its problems to."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from organisations.models import Membership, Organisation, Province, code_validator, normalise_code
from organisations.workbook import Cell, Problem, Row


def lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or its label in Vietnamese or English, in any case."""
    table = {}
    for language in ("en", "vi"):
        with translation.override(language):
            table.update({str(label).casefold(): value for value, label in choices})
    table.update({value.casefold(): value for value, _label in choices})
    return table


@dataclass
class UnitState:
    """A unit as it will be after the import: from the database, the file, or both."""

    code: str
    name: str
    short_name: str
    kind: str
    professional: bool
    retired_on: datetime.date | None
    merged_into: str  # a code, "" if none
    parent: str  # the parent's code as written, "" at the top
    unit: Organisation | None = None  # the saved unit, None for a new one
    row: Row | None = None  # the file's row, None for a unit the file does not list

    @property
    def active(self) -> bool:
        return self.retired_on is None


@dataclass
class UnitChange:
    state: UnitState
    final_parent: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


@dataclass
class PersonChange:
    email: str
    full_name: str
    username: str
    user: AbstractUser | None  # None: a new person
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    roles_added: list[tuple[str, str]] = field(default_factory=list)  # (unit code, role)
    roles_removed: list[Membership] = field(default_factory=list)

    @property
    def roles_added_labels(self) -> list[tuple[str, str]]:
        return [(code, Membership.Role(role).label) for code, role in self.roles_added]


@dataclass
class Plan:
    province: Province
    problems: list[Problem] = field(default_factory=list)
    units_new: list[UnitChange] = field(default_factory=list)
    units_changed: list[UnitChange] = field(default_factory=list)
    people_new: list[PersonChange] = field(default_factory=list)
    people_changed: list[PersonChange] = field(default_factory=list)
    states: dict[str, UnitState] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.units_new or self.units_changed or self.people_new or self.people_changed)

    @property
    def roles_added(self) -> int:
        return sum(len(p.roles_added) for p in self.people_new + self.people_changed)

    @property
    def roles_removed(self) -> int:
        return sum(len(p.roles_removed) for p in self.people_changed)

    @property
    def digest(self) -> str:
        """A fingerprint of the changes: confirming applies only the plan the person saw."""
        lines = [f"+{c.state.code}|{c.final_parent}|{c.state.name}" for c in self.units_new]
        lines += [f"~{c.state.code}|{c.final_parent}|{c.changes}" for c in self.units_changed]
        for p in self.people_new + self.people_changed:
            removed = sorted(m.pk for m in p.roles_removed)
            lines.append(f"@{p.email}|{p.user.pk if p.user else ''}|{p.changes}|{sorted(p.roles_added)}|{removed}")
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class Checker:
    """Collects the problems of one file; each row reports against its own cells."""

    def __init__(self, plan: Plan):
        self.plan = plan

    def add(self, cell: Cell, message: str) -> None:
        self.plan.problems.append(Problem(cell.sheet, cell.row, cell.column, cell.text, message))


def read_text(check: Checker, cell: Cell, *, required: bool, max_length: int) -> str:
    if required and not cell.text:
        check.add(cell, _("Ô này không được để trống."))
    elif len(cell.text) > max_length:
        check.add(cell, _("Dài quá %(n)s ký tự.") % {"n": max_length})
    return cell.text


def read_code(check: Checker, cell: Cell, *, required: bool) -> str:
    code = normalise_code(cell.text)
    if not code:
        if required:
            check.add(cell, _("Ô này không được để trống."))
        return ""
    if len(code) > 40:
        check.add(cell, _("Dài quá %(n)s ký tự.") % {"n": 40})
    try:
        code_validator(code)
    except ValidationError as error:
        check.add(cell, error.messages[0])
    return code
