"""The trail in words: each event as one sentence naming people and things, for the audit page
and its CSV export. An action without its own sentence (a new one) still reads as words, from
its name and details, never as JSON."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from carsales.kit.text import plural
from carsales.models import AuditEvent


@dataclass(frozen=True)
class Names:
    """What the events' ids stand for, loaded in a few queries for a page of events."""

    people: Mapping[str, str] = field(default_factory=dict)  # user id -> name
    targets: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (type, id) -> name


def actor_name(event: AuditEvent, names: Names) -> str | None:
    if event.actor_id and event.actor_id in names.people:
        return names.people[event.actor_id]
    return event.actor_email


def target_name(event: AuditEvent, names: Names) -> str | None:
    """The target's current name; for one since deleted, what the event kept of it."""
    if event.target_type is None:
        return None
    if event.target_id is not None:
        if event.target_type == "user" and event.target_id in names.people:
            return names.people[event.target_id]
        found = names.targets.get((event.target_type, event.target_id))
        if found is not None:
            return found
    kept = event.details.get("title") or event.details.get("email")
    return str(kept) if kept else None


def _words(name: str) -> str:
    return name.replace("_", " ").replace(".", " ")


def _quoted(text: str | None, otherwise: str) -> str:
    return f"“{text}”" if text else otherwise


def _fields(details: Mapping[str, Any]) -> str:
    return ", ".join(_words(str(name)) for name in details.get("fields") or []) or "details"


@dataclass(frozen=True)
class _Parts:
    """What a sentence is made of: the event's people and things, named."""

    actor: str
    target: str
    details: Mapping[str, Any]
    person: Callable[[str | None], str]


_LOGIN_METHODS = {
    "password": "with their password",
    "totp": "with a two-factor code",
    "recovery_code": "with a recovery code",
}
_LOGIN_FAILURES = {
    "unknown_email": "no account has this e-mail address",
    "wrong_password": "wrong password",
    "inactive": "the account is deactivated",
    "wrong_code": "wrong two-factor code",
}


def _login(p: _Parts) -> str:
    how = _LOGIN_METHODS.get(str(p.details.get("method")), "")
    return f"{p.actor} signed in {how}".strip() + "."


def _login_failed(p: _Parts) -> str:
    reason = p.details.get("reason")
    why = _LOGIN_FAILURES.get(str(reason), _words(str(reason))) if reason else None
    return f"A sign-in as {p.actor} failed" + (f": {why}." if why else ".")


def _role_changed(p: _Parts) -> str:
    old, new = p.details.get("old_role"), p.details.get("new_role")
    return f"{p.actor} changed the role of {p.target} from {old} to {new}."


def _manager_changed(p: _Parts) -> str:
    old = p.person(p.details.get("old_manager_id"))
    new = p.person(p.details.get("new_manager_id"))
    return f"{p.actor} changed the manager of {p.target} from {old} to {new}."


def _counted(prefix: str, count: Any, noun: str) -> str:
    """E.g. " and ended 2 sessions"; nothing when there were none."""
    return f" {prefix} {plural(count, noun)}" if count else ""


def _deactivated(p: _Parts) -> str:
    ended = _counted("and ended", p.details.get("sessions_revoked"), "sign-in session")
    return f"{p.actor} deactivated the account of {p.target}{ended}."


def _password_changed(p: _Parts) -> str:
    ended = _counted("and ended", p.details.get("sessions_ended"), "other session")
    return f"{p.actor} changed their password{ended}."


def _throttled(p: _Parts) -> str:
    wait = _counted("for", p.details.get("retry_after"), "second")
    return f"Sign-ins as {p.actor} were paused{wait} after too many failed attempts."


def _imported(p: _Parts) -> str:
    d = p.details
    return (
        f"{p.actor} imported {_quoted(d.get('filename'), 'a file')} into the inventory: "
        f"{plural(d.get('rows', 0), 'row')}, {d.get('created', 0)} added, "
        f"{d.get('updated', 0)} updated, {d.get('errors', 0)} with errors."
    )


def _batch(p: _Parts) -> str:
    vehicles = plural(p.details.get("vehicles", 0), "vehicle")
    channel = p.details.get("channel")
    return f"{p.actor} asked for {channel + ' ' if channel else ''}drafts for {vehicles}."


_SENTENCES: dict[str, Callable[[_Parts], str]] = {
    "auth.login_succeeded": _login,
    "auth.login_failed": _login_failed,
    "auth.login_throttled": _throttled,
    "auth.logout": lambda p: f"{p.actor} signed out.",
    "auth.refresh_token_reused": lambda p: (
        f"A sign-in session of {p.target} was ended because it was used from two places."
    ),
    "auth.password_changed": _password_changed,
    "auth.password_reset_requested": lambda p: f"A password reset was requested for {p.target}.",
    "auth.password_reset_completed": lambda p: f"{p.actor} chose a new password with a reset link.",
    "auth.two_factor_enabled": lambda p: f"{p.actor} turned on two-factor sign-in.",
    "auth.two_factor_disabled": lambda p: f"{p.actor} turned off two-factor sign-in.",
    "auth.recovery_code_used": lambda p: f"{p.actor} signed in with a recovery code.",
    "user.invitation_sent": lambda p: (
        f"{p.actor} invited {p.details.get('email', p.target)} as a {p.details.get('role')}."
    ),
    "user.invitation_accepted": lambda p: f"{p.actor} accepted their invitation and joined.",
    "user.invitation_revoked": lambda p: (
        f"{p.actor} withdrew the invitation of {p.details.get('email', p.target)}."
    ),
    "user.role_changed": _role_changed,
    "user.manager_changed": _manager_changed,
    "user.profile_updated": lambda p: f"{p.actor} updated the {_fields(p.details)} of {p.target}.",
    "user.deactivated": _deactivated,
    "user.reactivated": lambda p: f"{p.actor} reactivated the account of {p.target}.",
    "user.unlocked": lambda p: f"{p.actor} unlocked the sign-in of {p.target}.",
    "dealership.renamed": lambda p: (
        f"{p.actor} renamed the dealership from {_quoted(p.details.get('old_name'), '?')} "
        f"to {_quoted(p.details.get('new_name'), '?')}."
    ),
    "dealership.profile_updated": lambda p: (
        f"{p.actor} updated the dealership's {', '.join(_words(k) for k in p.details)}."
    ),
    "content.submitted": lambda p: f"{p.actor} sent {p.target} for review.",
    "content.published": lambda p: f"{p.actor} published {p.target}.",
    "content.rejected": lambda p: (
        f"{p.actor} sent {p.target} back to its author: {_quoted(p.details.get('comment'), '')}."
    ),
    "content.reopened": lambda p: (
        f"{p.actor} edited the published {p.target}, which is a draft again."
    ),
    "content.deleted": lambda p: f"{p.actor} deleted the draft {p.target}.",
    "content.email_sent": lambda p: (
        f"{p.actor} e-mailed {p.target} to {plural(p.details.get('recipients', 0), 'recipient')}."
    ),
    "content.batch_requested": _batch,
    "vehicle.created": lambda p: f"{p.actor} added {p.target} to the inventory.",
    "vehicle.updated": lambda p: f"{p.actor} changed the {_fields(p.details)} of {p.target}.",
    "vehicle.deleted": lambda p: f"{p.actor} removed {p.target} from the inventory.",
    "vehicle.imported": _imported,
}


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value(each) for each in value)
    if isinstance(value, dict):
        return ", ".join(f"{_words(str(k))} {_value(v)}" for k, v in value.items())
    return str(value)


def _fallback(event: AuditEvent, p: _Parts) -> str:
    """A new action, not yet given its sentence: its name and details in words."""
    what = _words(event.action.split(".", 1)[-1])
    on = f" {p.target}" if event.target_type else ""
    facts = "; ".join(
        f"{_words(str(name))}: {_value(value)}"
        for name, value in p.details.items()
        if value not in (None, "", [], {})
    )
    return f"{p.actor}: {what}{on}" + (f" ({facts})." if facts else ".")


def summarise(event: AuditEvent, names: Names) -> str:
    def person(user_id: str | None) -> str:
        if user_id is None:
            return "nobody"
        return names.people.get(user_id, "a former user")

    parts = _Parts(
        actor=actor_name(event, names) or "The system",
        target=_quoted_target(event, names),
        details=event.details or {},
        person=person,
    )
    sentence = _SENTENCES.get(event.action)
    return sentence(parts) if sentence else _fallback(event, parts)


def _quoted_target(event: AuditEvent, names: Names) -> str:
    name = target_name(event, names)
    if event.target_type == "content":
        return _quoted(name, "a content item")
    if name:
        return name
    return f"a {_words(event.target_type)} no longer here" if event.target_type else "—"
