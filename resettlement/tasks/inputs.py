"""Request body of marking a task done by hand (POST /tasks/{id}/complete): an optional note."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from resettlement.inputs import Body
from resettlement.tasks.commands import MAX_NOTE

TaskNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE)]


class CompleteIn(Body):
    """What was done, for the team's timeline (the same note the web form takes)."""

    note: TaskNote | None = None
