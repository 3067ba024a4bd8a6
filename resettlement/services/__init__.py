"""Use cases: each function is one thing a user or a flow does to the case records."""
