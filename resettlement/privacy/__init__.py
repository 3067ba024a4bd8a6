"""Privacy (UK GDPR): the subject-access export of everything held about a person, and
retention (anonymising people whose cases ended long ago, dropping raw event payloads)."""
