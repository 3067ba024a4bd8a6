"""Reception of prison events: the event shape, intake (idempotent by event id), the JSON-lines
importer, and the gate work at release.
"""
