"""Quarterly figures in and out of Excel: entry templates to download, uploads checked by a dry run.

- `layout`: where everything sits in a template, shared by the writer and the reader;
- `workbooks`: the templates (one unit: a row per figure; the units below someone: a row per unit);
- `reading`: an uploaded file back into cells, refused whole when it is not one of ours;
- `selectors`: the dry run, with exactly the entry form's rules; `services`: keeping the upload, saving it;
- `views`, `forms`, `bench` (the 1.000-unit import timed by `make bench`).
"""
