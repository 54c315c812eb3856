"""Load the seed programs from the TOML files in targets/data/: programs and, above all, their targets.

A program file may also hold a province's own units (`[[unit]]`: code, name, kind, parent code; the
province association when no parent is given), name one of them as the plan's owner (`owner = "code"`,
for a commune's or district's own plan), say which level enters a figure (`[[entry_level]]`) and hand
targets down (`[[allocation]]`: target label, unit code, year or years, value). Further files (a
commune's plan, a province's allocations) load after the seeds with `load_programs FILE…`.

Idempotent: a record that already matches the file is left alone (no write, no history row).
A record an admin has changed since is kept as the admin left it and reported, unless
`overwrite=True` asks to restore the document's values.
"""

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction

from organisations.models import Organisation, Province
from programs.models import Assignment, Program, Resolution, Task
from targets.models import Allocation, Baseline, EntryLevel, Figure, Target

DATA_DIR = Path(__file__).resolve().parent / "data"
FIGURES_FILE = DATA_DIR / "figures.toml"
RESOLUTION_FILES = ["46-nq-tw.toml"]
PROGRAM_FILES = ["lang-son-115-ctr-tu.toml", "lai-chau-du-thao.toml"]


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _same(current, wanted) -> bool:
    if isinstance(current, models.Model) or isinstance(wanted, models.Model):
        return getattr(current, "pk", current) == getattr(wanted, "pk", wanted)
    if isinstance(current, Decimal) or (isinstance(wanted, int | float) and not isinstance(wanted, bool)):
        return current is not None and Decimal(str(current)) == Decimal(str(wanted))
    return current == wanted


class _Loader:
    def __init__(self, *, overwrite: bool):
        self.overwrite = overwrite
        self.report = LoadReport()

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.report.created += 1
            return obj
        differing = [name for name, wanted in values.items() if not _same(getattr(obj, name), wanted)]
        if not differing:
            self.report.unchanged += 1
        elif self.overwrite:
            for name in differing:
                setattr(obj, name, values[name])
            obj.full_clean()
            obj.save()
            self.report.updated += 1
        else:
            self.report.kept.append(f"{model._meta.verbose_name} “{obj}”: {', '.join(differing)}")
        return obj

    def figures(self) -> dict[str, Figure]:
        rows = _read(FIGURES_FILE)["figure"]
        return {
            row["code"]: self.upsert(
                Figure,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "definition": row["definition"],
                    "kind": row["kind"],
                    "unit_of_measure": row["unit_of_measure"],
                    "allows_decimals": row.get("allows_decimals", False),
                    "order": position,
                },
            )
            for position, row in enumerate(rows, start=1)
        }

    def resolution(self, data: dict) -> Resolution:
        return self.upsert(Resolution, {"number": data["number"]}, {k: v for k, v in data.items() if k != "number"})

    def program(self, data: dict, figures: dict[str, Figure]) -> Program:
        """The program of one file, with its province, bodies, targets, tasks, assignments and baselines."""
        province_data = data["province"]
        province = self.upsert(Province, {"code": province_data["code"]}, {"name": province_data["name"]})
        association = self.upsert(
            Organisation,
            {"province": province, "name": province_data["association"]},
            {"kind": Organisation.Kind.PROVINCE_ASSOCIATION},
        )
        bodies = self.bodies(data.get("body", []), province)
        units = self.units(data.get("unit", []), province, association)

        spec = dict(data["program"])
        source_file = spec.pop("source_file", None)
        if source_file:
            spec["source_text"] = (DATA_DIR / source_file).read_text(encoding="utf-8")
        spec["resolution"] = Resolution.objects.get(number=spec["resolution"])
        spec["province"] = province
        # A province's action program covers the whole provincial association; a unit's own plan names it.
        spec["owner"] = units[spec["owner"].upper()] if "owner" in spec else association
        program = self.upsert(Program, {"slug": spec.pop("slug")}, spec)

        targets = self.targets(data.get("target", []), program, figures)
        for row in data.get("entry_level", []):
            self.upsert(EntryLevel, {"program": program, "figure": figures[row["figure"]]}, {"kind": row["kind"]})
        self.allocations(data.get("allocation", []), targets, units)
        for row in data.get("task", []):
            self.upsert(Task, {"program": program, "number": row["number"]}, {"text": row["text"]})
        self.assignments(data.get("assignment", []), program, bodies)
        self.baselines(data.get("baseline", []), program, figures, targets)
        return program

    def targets(self, rows: list[dict], program: Program, figures: dict[str, Figure]) -> dict[str, Target]:
        return {
            row["label"]: self.upsert(
                Target,
                {"program": program, "label": row["label"]},
                {
                    "order": order,
                    "text": row["text"],
                    "short_name": row["short_name"],
                    "measure": row["measure"],
                    "numerator": figures[row["numerator"]],
                    "denominator": figures[row["denominator"]] if row.get("denominator") else None,
                    "ratio_scale": row.get("ratio_scale", 100),
                    "comparator": row["comparator"],
                    "value": Decimal(str(row["value"])),
                    "unit_of_measure": row["unit_of_measure"],
                    "timing": row.get("timing", Target.Timing.QUARTERLY),
                },
            )
            for order, row in enumerate(rows, start=1)
        }

    def assignments(self, rows: list[dict], program: Program, bodies: dict[str, Organisation]) -> None:
        for order, row in enumerate(rows, start=1):
            self.upsert(
                Assignment,
                {"program": program, "order": order},
                {
                    "body": bodies[row["body"]],
                    "body_name_as_written": row["as_written"],
                    "role": row["role"],
                    "text": row["text"],
                    "task": program.tasks.get(number=row["task"]) if row.get("task") else None,
                },
            )

    def baselines(
        self, rows: list[dict], program: Program, figures: dict[str, Figure], targets: dict[str, Target]
    ) -> None:
        for order, row in enumerate(rows, start=1):
            self.upsert(
                Baseline,
                {"program": program, "order": order},
                {
                    "label": row["label"],
                    "value": Decimal(str(row["value"])),
                    "unit_of_measure": row["unit_of_measure"],
                    "as_of": row.get("as_of"),
                    "as_of_text": row.get("as_of_text", ""),
                    "figure": figures[row["figure"]] if row.get("figure") else None,
                    "target": targets[row["target"]] if row.get("target") else None,
                },
            )

    def units(self, rows: list[dict], province: Province, association: Organisation) -> dict[str, Organisation]:
        """The file's association units by code (parents first in the file), and the province's others it names."""
        units = {unit.code: unit for unit in Organisation.objects.associations().filter(province=province)}
        for row in rows:
            parent = units[row["parent"].upper()] if row.get("parent") else association
            units[row["code"].upper()] = self.upsert(
                Organisation,
                {"province": province, "code": row["code"].upper()},
                {"name": row["name"], "kind": row["kind"], "parent": parent},
            )
        return units

    def allocations(self, rows: list[dict], targets: dict[str, Target], units: dict[str, Organisation]) -> None:
        for row in rows:
            for year in row.get("years", [row.get("year")]):
                self.upsert(
                    Allocation,
                    {"target": targets[row["target"]], "unit": units[row["unit"].upper()], "year": year},
                    {"value": Decimal(str(row["value"]))},
                )

    def bodies(self, rows: list[dict], province: Province) -> dict[str, Organisation]:
        bodies: dict[str, Organisation] = {}
        # Successors first, so a merged body can point at the body it became.
        for row in sorted(rows, key=lambda r: "merged_into" in r):
            bodies[row["key"]] = self.upsert(
                Organisation,
                {"province": province, "name": row["name"]},
                {
                    "kind": row["kind"],
                    "retired_on": row.get("retired_on"),
                    "merged_into": bodies[row["merged_into"]] if row.get("merged_into") else None,
                },
            )
        return bodies


@transaction.atomic
def programs_load(*, overwrite: bool = False, files: list[Path] = ()) -> LoadReport:
    """Load the figure catalogue, the resolution and the seed programs, then the further program `files`."""
    loader = _Loader(overwrite=overwrite)
    figures = loader.figures()
    for name in RESOLUTION_FILES:
        loader.resolution(_read(DATA_DIR / name)["resolution"])
    for path in [*(DATA_DIR / name for name in PROGRAM_FILES), *files]:
        loader.program(_read(path), figures)
    return loader.report
