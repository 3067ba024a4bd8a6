"""The release-night arrangement and the rule that says when housing is resolved (pure rule and its
SQL twin).
"""
