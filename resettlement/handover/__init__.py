"""The CJIT handover: the consented packet built at release, its delivery outbox, acceptance and
its SLA.
"""
