"""Prefect flows: thin orchestration over the services, one flow per daily step.

Importing this package prepares Prefect's environment (flows/environment.py) before
Prefect itself is imported. A step flow takes `as_of` (the day it runs for) and `region` (None:
every case; else one region's cases, cases/partition.py) and returns the SweepResult of each
sweep it ran; `flows.steps.DAILY_STEPS` lists the steps of the daily run.
"""

from flows.environment import prepare

prepare()
