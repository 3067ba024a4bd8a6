"""Gaps: where need outstrips provision, for whom, and the weeks ahead (map and match, #11)."""
