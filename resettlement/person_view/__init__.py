"""The person's own view of their plan: a one-time link staff make (printed on a slip at the
gate), the date-of-birth check, and the plan in plain words, in English or Welsh."""
