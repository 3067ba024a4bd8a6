"""A join whose order SQLite must keep: `a CROSS JOIN b ON ...` (an inner join on every backend).

SQLite's planner reorders an ordinary join by its estimates; a temporary table has none, so it
may walk a large index range of `b` and probe `a` where a few thousand rows of `a` should
drive lookups in `b`. SQLite never reorders the tables of a CROSS JOIN
(https://sqlite.org/optoverview.html#manual_control_of_query_plans_using_cross_join); every
other backend gets the ordinary JOIN and plans it itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join
from sqlalchemy.sql.visitors import InternalTraversal


class CrossJoin(Join):
    """`left` drives `right` (SQLite); ON `onclause` all the same. `indexed_by` names the index
    of `right` SQLite must look rows up in (without statistics it may prefer a covering index
    whose leading columns the join does not bind)."""

    inherit_cache = True
    _traverse_internals = [*Join._traverse_internals, ("indexed_by", InternalTraversal.dp_string)]

    def __init__(self, left: Any, right: Any, onclause: Any, indexed_by: str | None = None):
        super().__init__(left, right, onclause)
        self.indexed_by = indexed_by


@compiles(CrossJoin, "sqlite")
def _sqlite(join: CrossJoin, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left = compiler.process(join.left, **kw)
    right = compiler.process(join.right, **kw)
    if join.indexed_by:
        right += f" INDEXED BY {join.indexed_by}"
    return f"{left} CROSS JOIN {right} ON {compiler.process(join.onclause, **kw)}"
