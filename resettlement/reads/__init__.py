"""Read models: a case as each audience may see it (scope and consent applied once, here), the
caseload list and the case summary.
"""
