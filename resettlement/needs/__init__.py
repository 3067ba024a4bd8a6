"""Needs on the seven resettlement pathways: the catalogue, who owns each need, its status and
dated updates, the daily chase of needs not started before release."""
