"""The JSON API (v1) and the web pages, served by one FastAPI app."""
