"""Where documents come from: local files, the WordPress REST API, article pages."""
