"""Allocation: the named worker of each team who holds a case, its history, where its tasks go,
and each worker's load."""
