"""Workbooks for data entry (issue 14): `template` writes the XLSX workbook
staff fill in (template.py, its text in instructions.py), `import` reads
filled workbooks, XLSX or ODS, back into the year's CSV files
(reader.py -> cells.py -> importer.py). layout.py is the shape both share;
commands.py is what the command line calls."""
