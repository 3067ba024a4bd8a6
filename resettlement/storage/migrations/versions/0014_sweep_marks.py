"""the housing horizon sweep reads only what can have changed since its last run (issue #16)

`sweep_record` keeps, per sweep and scope, the last day run and the policy it ran under;
`horizon_pending` the cases whose housing tasks the next sweep must look at again, kept by
triggers on `case` (inserted; stage, release date, housing, episode, prison or destination
changed) and on `task` (a housing task inserted, deleted, or its status, level, anchor, key,
kind or case changed). The sweep's own writes mark nothing: on SQLite while `horizon_sweeping`
holds a row (only inside the sweep's own transaction), on PostgreSQL while the transaction's
setting `resettlement.horizon_quiet` is 'on'. See storage/sweep_tables.py and
horizon/changes.py.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 18:30:00
"""

import sqlalchemy as sa
from alembic import op

from resettlement.storage.types import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels = None
depends_on = None

# Spelled out: a migration does not change with the code.
KINDS = "('housing_unresolved', 'housing_unresolved_escalation')"
CASE_COLUMNS = [
    "stage",
    "release_date",
    "housing_ready_from",
    "episode",
    "prison",
    "destination_area",
    "prison_region",
    "destination_region",
]
TASK_COLUMNS = ["status", "escalation_level", "anchor_date", "dedupe_key", "kind", "case_id"]


def _changed(columns: list[str], distinct: str) -> str:
    return " OR ".join(f"OLD.{name} {distinct} NEW.{name}" for name in columns)


def _sqlite() -> list[str]:
    quiet = "NOT EXISTS (SELECT 1 FROM horizon_sweeping)"

    def mark(row: str) -> str:
        return f"INSERT OR IGNORE INTO horizon_pending (case_id, seq) VALUES ({row}, 0);"

    kind = f"(NEW.kind IN {KINDS} OR OLD.kind IN {KINDS})"
    return [
        f'CREATE TRIGGER horizon_case_insert AFTER INSERT ON "case" WHEN {quiet} '
        f"BEGIN {mark('NEW.id')} END",
        f'CREATE TRIGGER horizon_case_update AFTER UPDATE OF {", ".join(CASE_COLUMNS)} ON "case" '
        f"WHEN {quiet} AND ({_changed(CASE_COLUMNS, 'IS NOT')}) BEGIN {mark('NEW.id')} END",
        f"CREATE TRIGGER horizon_task_insert AFTER INSERT ON task "
        f"WHEN NEW.kind IN {KINDS} AND {quiet} BEGIN {mark('NEW.case_id')} END",
        f"CREATE TRIGGER horizon_task_update AFTER UPDATE OF {', '.join(TASK_COLUMNS)} ON task "
        f"WHEN {kind} AND {quiet} AND ({_changed(TASK_COLUMNS, 'IS NOT')}) "
        f"BEGIN {mark('NEW.case_id')} {mark('OLD.case_id')} END",
        f"CREATE TRIGGER horizon_task_delete AFTER DELETE ON task "
        f"WHEN OLD.kind IN {KINDS} AND {quiet} BEGIN {mark('OLD.case_id')} END",
    ]


# PostgreSQL: the mark takes a new sequence number when the row is written, after any wait for
# another writer of the same mark, so a mark written after a sweep read it is always newer. The
# sweep quiets the triggers by a setting of its own transaction (PG_QUIET), which their WHEN
# tests without calling a function: the sweep's 10,000 writes a day at 1M then cost no call.
PG_QUIET = "current_setting('resettlement.horizon_quiet', true) IS DISTINCT FROM 'on'"
PG_MARK = """
CREATE FUNCTION horizon_mark(marked varchar) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF marked IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO horizon_pending (case_id, seq) VALUES (marked, nextval('horizon_pending_seq'))
    ON CONFLICT (case_id) DO UPDATE SET seq = nextval('horizon_pending_seq');
END $$
"""
PG_CASE = """
CREATE FUNCTION horizon_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM horizon_mark(NEW.id);
    RETURN NULL;
END $$
"""
PG_TASK = """
CREATE FUNCTION horizon_mark_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM horizon_mark(NEW.case_id);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.case_id <> NEW.case_id) THEN
        PERFORM horizon_mark(OLD.case_id);
    END IF;
    RETURN NULL;
END $$
"""


def _postgresql() -> list[str]:
    kind = f"(NEW.kind IN {KINDS} OR OLD.kind IN {KINDS})"
    each = "FOR EACH ROW"
    return [
        "CREATE SEQUENCE horizon_pending_seq",
        PG_MARK,
        PG_CASE,
        PG_TASK,
        f'CREATE TRIGGER horizon_case_insert AFTER INSERT ON "case" {each} '
        f"WHEN ({PG_QUIET}) EXECUTE FUNCTION horizon_mark_case()",
        f'CREATE TRIGGER horizon_case_update AFTER UPDATE OF {", ".join(CASE_COLUMNS)} ON "case" '
        f"{each} WHEN ({PG_QUIET} AND ({_changed(CASE_COLUMNS, 'IS DISTINCT FROM')})) "
        "EXECUTE FUNCTION horizon_mark_case()",
        f"CREATE TRIGGER horizon_task_insert AFTER INSERT ON task {each} "
        f"WHEN (NEW.kind IN {KINDS} AND {PG_QUIET}) EXECUTE FUNCTION horizon_mark_task()",
        f"CREATE TRIGGER horizon_task_update AFTER UPDATE OF {', '.join(TASK_COLUMNS)} ON task "
        f"{each} WHEN ({kind} AND {PG_QUIET} AND ({_changed(TASK_COLUMNS, 'IS DISTINCT FROM')})) "
        "EXECUTE FUNCTION horizon_mark_task()",
        f"CREATE TRIGGER horizon_task_delete AFTER DELETE ON task {each} "
        f"WHEN (OLD.kind IN {KINDS} AND {PG_QUIET}) EXECUTE FUNCTION horizon_mark_task()",
    ]


TRIGGERS = [
    ("horizon_case_insert", "case"),
    ("horizon_case_update", "case"),
    ("horizon_task_insert", "task"),
    ("horizon_task_update", "task"),
    ("horizon_task_delete", "task"),
]


def upgrade() -> None:
    op.create_table(
        "sweep_record",
        sa.Column("sweep", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("policy", sa.String(length=200), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("swept_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sweep", "scope"),
    )
    op.create_table(
        "horizon_pending",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "horizon_sweeping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    postgresql = op.get_context().dialect.name == "postgresql"
    for statement in _postgresql() if postgresql else _sqlite():
        op.execute(statement)


def downgrade() -> None:
    for name, table in TRIGGERS:
        op.execute(
            f'DROP TRIGGER IF EXISTS {name} ON "{table}"' if _pg() else f"DROP TRIGGER {name}"
        )
    if _pg():
        for function in ("horizon_mark_task()", "horizon_mark_case()", "horizon_mark(varchar)"):
            op.execute(f"DROP FUNCTION {function}")
        op.execute("DROP SEQUENCE horizon_pending_seq")
    for table in ("horizon_sweeping", "horizon_pending", "sweep_record"):
        op.drop_table(table)


def _pg() -> bool:
    return op.get_context().dialect.name == "postgresql"
