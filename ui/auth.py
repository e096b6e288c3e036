"""Sign-in for a shared deployment (``core.auth_mode``): who the session acts as, the sign-in page, sign-out.

- ``signed_in(lang) -> bool``: decides who this browser session acts as and stores the principal that
  ``ui.store_widgets.get_store`` binds to every store call. On a laptop (mode ``none``) always True (the local
  owner). With ``accounts``: a live session token from the sign-in form; with ``oidc``: ``st.user`` mapped to an
  account by e-mail. A share link (``?share=<token>``) acts as that link, on its one scenario, without sign-in.
- ``sign_in_page()``: the only page shown until then.
- ``sidebar_account(lang)``: who is signed in, the workspace (a choice when there are several) and sign-out.
Signing out ends the session in the store and clears everything this browser session held.
"""

from __future__ import annotations

import os

import streamlit as st

from core.auth_mode import ConfigError, auth_mode, session_hours
from core.i18n import t
from core.store import NotFoundError, StoreError
from core.store.accounts import Accounts, SignInError, principal_for
from core.store.shares import principal as share_principal
from ui import state
from ui.store_widgets import K_PRINCIPAL, base_store, forget, open_saved

K_TOKEN = "auth_session_token"  # noqa: S105 - a session-state key, not a secret
K_USER = "auth_user"
K_WORKSPACE = "auth_workspace"
K_ERROR = "auth_error"
K_SHARE = "auth_share_seen"
K_SHARE_TOKEN = "auth_share_token"  # noqa: S105 - a session-state key, not a secret


def mode() -> str:
    """The sign-in mode; a clear error (and nothing else) for a value the program does not know."""
    try:
        session_hours()
        return auth_mode()
    except ConfigError as e:
        st.error(str(e))
        st.stop()


def _logged_in() -> bool:
    """Has the OIDC provider signed this browser in (``st.user``; absent outside a configured server)?"""
    return bool(st.user.get("is_logged_in", False))


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return False


def _accounts() -> Accounts:
    return Accounts(base_store().engine, session_hours())


def _user(kind: str) -> str | None:
    """The signed-in user, or None (the reason kept for the sign-in page)."""
    ss = st.session_state
    if kind == "oidc":
        if not _logged_in():
            return None
        user = _accounts().user_by_email(str(st.user.get("email") or ""))
        if user is None:
            ss[K_ERROR] = SignInError("no account", "no_account")
        return user
    token = ss.get(K_TOKEN)
    if not token:
        return None
    try:
        return _accounts().session_user(token)
    except SignInError as e:  # expired or ended elsewhere: nothing of it stays in this browser
        _forget_everything()
        ss[K_ERROR] = e
        return None


def _share(lang: str) -> bool:
    """``?share=<token>``: act as the link (its one scenario, its role) and open that scenario once."""
    token = st.query_params.get("share") or st.session_state.get(K_SHARE_TOKEN)  # kept while moving between pages
    if not token:
        return False
    st.session_state[K_SHARE_TOKEN] = token
    try:
        p = share_principal(base_store().engine, token)
    except NotFoundError:
        st.session_state.pop(K_PRINCIPAL, None)
        st.session_state.pop(K_SHARE_TOKEN, None)
        st.session_state[K_ERROR] = SignInError("share", "share")
        return False
    st.session_state[K_PRINCIPAL] = p
    if st.session_state.get(K_SHARE) != token:
        st.session_state[K_SHARE] = token
        try:
            open_saved(base_store().acting(p), p.scenario_id)
        except StoreError:
            pass
    return True


def signed_in(lang: str) -> bool:
    kind = mode()
    ss = st.session_state
    if kind == "none":
        ss.pop(K_PRINCIPAL, None)
        return True
    if _share(lang):
        return True
    user = _user(kind)
    if user is None:
        ss.pop(K_PRINCIPAL, None)
        return False
    ss[K_USER] = user
    spaces = _accounts().memberships(user)
    if not spaces:
        ss[K_ERROR] = SignInError("no workspace", "no_workspace")
        ss.pop(K_PRINCIPAL, None)
        return False
    slugs = [m.workspace for m in spaces]
    if ss.get(K_WORKSPACE) not in slugs:
        ss[K_WORKSPACE] = slugs[0]
    try:
        p = principal_for(base_store().engine, user, ss[K_WORKSPACE])  # the role as it is now, every run
    except NotFoundError:
        return False
    before = ss.get(K_PRINCIPAL)
    if before is not None and before.workspace_id != p.workspace_id:  # nothing of the other workspace stays open
        forget()
        for key in (state.K_SCENARIO, state.K_SCENARIO_HASH, state.K_SCENARIO_LABEL, state.K_PLAN, state.K_PLAN_KEY):
            ss.pop(key, None)
    ss[K_PRINCIPAL] = p
    return True


def sign_in_page() -> None:
    lang = state.current_lang()
    kind = mode()
    st.title(t("auth.sign_in_title", lang))
    err = st.session_state.pop(K_ERROR, None)
    if err is not None:
        until = f"{err.until:%H:%M} UTC" if getattr(err, "until", None) else ""
        st.error(t(f"auth.error_{err.kind}", lang, until=until))
    if kind == "oidc":
        if not _oidc_configured():
            st.error(t("auth.error_oidc_config", lang))
            return
        st.caption(t("auth.oidc_intro", lang))
        if st.button(t("auth.oidc_button", lang), key="auth_oidc", type="primary", icon=":material/login:"):
            provider = os.environ.get("ZONE_PLANNER_OIDC_PROVIDER")
            st.login(provider) if provider else st.login()
        if _logged_in() and st.button(t("auth.sign_out", lang), key="auth_oidc_out"):
            st.logout()
        return
    st.caption(t("auth.accounts_intro", lang))
    with st.form("auth_sign_in", clear_on_submit=True):  # the password is not kept in the session
        user = st.text_input(t("auth.user", lang), max_chars=200, key="auth_user_input")
        password = st.text_input(t("auth.password", lang), type="password", max_chars=200, key="auth_password_input")
        if st.form_submit_button(
            t("auth.sign_in", lang), type="primary", icon=":material/login:", key="auth_sign_in_button"
        ):
            try:
                token = _accounts().sign_in(user, password)
                _forget_everything()  # a fresh start for whoever signs in
                st.session_state[K_TOKEN] = token
                st.rerun()
            except SignInError as e:
                st.session_state[K_ERROR] = e
                st.rerun()


def _forget_everything() -> None:
    """Drop every value of this browser session (scenario, plan, undo history, ...): the next user of the same
    browser sees nothing of the last one."""
    for key in list(st.session_state):
        if key not in (K_ERROR, state.K_LANG):
            del st.session_state[key]


def sign_out() -> None:
    """End the session in the store and forget everything this browser session held (scenario, plan, ...)."""
    token = st.session_state.get(K_TOKEN)
    if token:
        _accounts().sign_out(token)
    lang = state.current_lang()
    _forget_everything()
    st.query_params.clear()
    st.query_params["lang"] = lang
    if mode() == "oidc" and _logged_in():
        st.logout()
    st.rerun()


def sidebar_account(lang: str) -> None:
    if mode() == "none":
        return
    ss = st.session_state
    p = ss.get(K_PRINCIPAL)
    if p is None:
        return
    if p.scenario_id is not None:
        st.caption(t("auth.shared_view", lang, role=t(f"auth.role_{p.role.label}", lang)))
        return
    spaces = _accounts().memberships(ss.get(K_USER, ""))
    st.caption(t("auth.signed_in_as", lang, user=ss.get(K_USER, "")))
    if len(spaces) > 1:
        names = {m.workspace: m.workspace_name for m in spaces}
        st.selectbox(t("auth.workspace", lang), list(names), format_func=names.get, key=K_WORKSPACE)
    st.caption(t("auth.role_in", lang, workspace=p.workspace, role=t(f"auth.role_{p.role.label}", lang)))
    if st.button(t("auth.sign_out", lang), key="auth_sign_out", icon=":material/logout:"):
        sign_out()
