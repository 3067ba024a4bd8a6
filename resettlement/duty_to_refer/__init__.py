"""Duty to refer: the referral to the local housing authority, its outcome, and the chase of
referrals left unanswered.
"""
