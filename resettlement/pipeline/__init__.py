"""The ROM's pipeline: stages, releases with housing unresolved, overdue work and outcome KPIs,
counted in SQL on request.
"""
