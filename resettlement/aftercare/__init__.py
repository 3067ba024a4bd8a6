"""After release: tenancy checks raised on their days, outcomes recorded, follow-up work for
tenancies at risk or lost.
"""
