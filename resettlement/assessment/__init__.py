"""Custody assessments: the HACS reception assessment (housing, tenancy, duty to refer) and the
CARAT assessment (drug treatment).
"""
