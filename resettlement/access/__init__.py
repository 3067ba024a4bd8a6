"""Access: who is calling (users, tokens, sign-in sessions), which cases they may see (scope), what
of a case they may see (visibility), and the audit of every read.
"""
