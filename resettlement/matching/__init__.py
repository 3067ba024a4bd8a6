"""Matching a person to the services of the catalogue, with every reason (map and match, #11)."""
