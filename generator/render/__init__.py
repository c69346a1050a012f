"""Stage 4: results -> Markdown pages (Jinja2 templates in site_templates/)."""
