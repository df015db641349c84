"""The campaign engine (issue 7), Qt-free: settings per provider, preflight, dispatch with a journal and a circuit
breaker, reconciliation after a crash, adaptive polling, and export. The UI uses :class:`CampaignService` only.

Modules: ``model`` (states, per-provider settings), ``calling_window`` (NXCLOUD's weekday × half-hour grid),
``settings`` (engine settings with defaults), ``repository`` (campaigns, journal, calls), ``plan`` (batch sizes),
``preflight``, ``dispatcher``, ``reconcile``, ``poller``, ``export``, ``service`` and ``cli``.
"""
