"""Stage 4: results -> Markdown pages (Jinja2 templates in generator/resources/site_templates/)."""
