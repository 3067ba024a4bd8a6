"""Clients of other systems, each behind a small interface and tested against loopback HTTP."""
