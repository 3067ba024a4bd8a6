"""Resettlement Gateway: the NOMS Community Gateway path from reception to settled tenancy."""
