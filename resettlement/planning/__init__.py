"""The jointly prepared release plan: sections, sign-off, versions; plans opened and sign-offs
chased by the daily sweep.
"""
