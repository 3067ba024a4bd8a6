"""The case record: the stage machine, the timeline of domain events, finding a case in scope for a
write, and which region sweeps a case.
"""
