"""The campaign engine, Qt-free: preflight, dispatch with a journal and a circuit breaker, reconciliation after a
crash, adaptive polling and export, behind :class:`CampaignService`. It reaches providers only through the registry
(:mod:`desktop.providers`) and :mod:`desktop.providers.base`.
"""
