"""The campaign engine, Qt-free: preflight, dispatch through a journal and a circuit breaker, reconciliation,
polling and export; its entry point is :class:`~desktop.campaigns.service.CampaignService`."""
