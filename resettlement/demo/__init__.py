"""`resettle demo`: a synthetic region simulated day by day through the real services and flows."""
