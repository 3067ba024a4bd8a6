"""Placements: a request for a place at a service, the provider's answer, and the place held."""
