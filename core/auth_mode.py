"""How the app signs people in, from ``ZONE_PLANNER_AUTH``: ``none`` (unset; a laptop: one user, the local
workspace, no sign-in), ``accounts`` (accounts in the store) or ``oidc`` (Streamlit's ``st.login`` with an OpenID
Connect provider configured in ``.streamlit/secrets.toml``; identities mapped to accounts by e-mail)."""

from __future__ import annotations

import os
from collections.abc import Mapping

MODES = ("none", "accounts", "oidc")
ENV = "ZONE_PLANNER_AUTH"
SESSION_ENV = "ZONE_PLANNER_SESSION_HOURS"


class ConfigError(Exception):
    """A deployment setting with a value the program does not know."""


def auth_mode(environ: Mapping[str, str] | None = None) -> str:
    value = (environ if environ is not None else os.environ).get(ENV, "").strip().lower() or "none"
    if value not in MODES:
        raise ConfigError(f"{ENV}={value!r} is not one of none, accounts, oidc; fix the setting and start again")
    return value


def session_hours(environ: Mapping[str, str] | None = None) -> float:
    raw = (environ if environ is not None else os.environ).get(SESSION_ENV, "").strip() or "8"
    try:
        hours = float(raw)
    except ValueError:
        raise ConfigError(f"{SESSION_ENV}={raw!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 30:
        raise ConfigError(f"{SESSION_ENV}={raw!r} must be more than 0 and at most 720 hours")
    return hours
