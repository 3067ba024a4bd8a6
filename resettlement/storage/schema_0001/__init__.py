"""Revision 0001's tables, as that revision created them (migrations/versions/0001_*).

Frozen like the revision itself: a migration does not change with the code. Split by what
the tables hold, each module's `create()` in the revision's order (foreign keys first).
"""
