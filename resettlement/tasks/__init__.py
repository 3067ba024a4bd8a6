"""Tasks: work for a team, deduplicated by one key builder, raised and closed by the capabilities,
completed by people.
"""
