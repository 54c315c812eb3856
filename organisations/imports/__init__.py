"""A province's units and people from its workbook: check everything, then apply all or nothing.

`import_plan` reads the rows against the province as it is now and returns a Plan: every problem
(sheet, row, column, value, why, in Vietnamese) and every change the file would make. Nothing is
written. `import_apply` writes a plan without problems in one transaction, with bulk statements
(1.000 units and 2.000 people in a few seconds), after checking that the plan still describes the
database (its digest).

Rules, also written in the workbook's guide sheet:
- units are matched by code within the province, people by email (any case); a unit missing
  from the file is left as it is, and units are never deleted, only retired or merged;
- a listed person's rows are all their roles in the province: roles not in the file are removed;
- a unit placed below a unit that merged into another goes below that one (as a merge on the
  pages moves the active units below); so the same file imported twice changes nothing.
"""

from organisations.imports.apply import PlanChanged, import_apply, import_confirm, import_plan, import_store
from organisations.imports.plan import Plan

__all__ = ["Plan", "PlanChanged", "import_apply", "import_confirm", "import_plan", "import_store"]
