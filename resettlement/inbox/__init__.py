"""The inbox of HMPPS domain events: each message stored first, completed from the Prisoner
Search API, mapped to our prison events and applied through the intake, in order per person;
and the daily re-read of people releasing soon (release-date changes come only as thin events).
"""
