"""Messages through GOV.UK Notify behind an outbox: each cause (an escalation raised, a handover
sent or overdue, a consented referral, a team's day of work, an appointment tomorrow) gives
exactly one message, however often the flows run and however many workers run them."""
