"""The dashboards (/dashboards/): reported figures measured against the programs' targets.

One module per page family, each reading first (selectors that return data, or None for what the
person may not see) and then building its page (tables, colours, charts, 404s):
- progress.py: every target of a program and how it stands, and the A4 print view;
- units.py: the same for each child unit; trend.py: one target quarter by quarter;
- completeness.py: who reported, and when; comparison.py: programs measured with the same figures.
Shared: scope.py (what a page looks at, and who may look), figures.py (reported figures added up),
base.py (the filter form, the views' common part), colours.py, exports.py (CSV and XLSX).
What a target's numbers mean is decided in targets.measuring.
"""
