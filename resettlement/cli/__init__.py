"""The `resettle` command line."""
