"""Consents the person gives (share with the CJIT, duty to refer): recorded with who, when and
scope; withdrawn at any time.
"""
