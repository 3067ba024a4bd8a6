"""The catalogue of accommodation and support services per CJIT area (map and match, #11)."""
