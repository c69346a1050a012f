"""The review subsystem: what a change to the data does.

Used by `monitoring-site diff` (a pull request's data against the base),
by the corrections log of the site (every change to a published year) and by
the CI comment. It sits above load -> validate -> compute (each version of
the data goes through generator.pipeline.run) and below the pages: render
reads the corrections log and the methodology changes from here; nothing
here imports render.

- model.py: the comparison as data (dataclasses);
- versions.py: the two sides, from a folder or a git revision, and `run_diff`;
- compare.py: the comparison itself;
- methodchange.py: how the methodology differs between two years;
- wording.py: the comparison in Russian sentences;
- markdown.py: the comparison as a pull-request comment, and as JSON;
- comment.py: the comment CI posts (`python -m generator.review.comment`);
- git.py: reading the data folder at a revision, blob by blob;
- corrections.py, store.py: the corrections log and what it keeps on disk.
"""
