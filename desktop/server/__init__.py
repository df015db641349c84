"""``autocall serve``: the headless service a team runs on a server beside its PostgreSQL database.

``scheduler`` keeps every campaign that should move moving (dispatch, polling, scheduled starts, redial rules);
``health`` answers ``/healthz`` and ``/readyz``; ``jsonlog`` writes one JSON object per log line on stdout;
``cli`` wires them with the notification receiver and stops them cleanly on SIGTERM.
"""
