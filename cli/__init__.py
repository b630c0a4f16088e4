"""The `blueprints` command line."""
