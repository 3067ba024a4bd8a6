"""The housing horizon: tasks raised, escalated and closed as a release nears with housing
unresolved (rule, SQL twin, sweep).
"""
