"""The pipes to and from other systems: what their inbox and outboxes share (claims with a
lease, backoff, waking the background runner after a commit) and what the pipes page and
/healthz show of them."""
