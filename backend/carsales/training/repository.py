"""SQL the training repositories share: who sees whose sessions and assignments."""

from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute

from carsales.models import Role, User


def owned_by_visible(owner: InstrumentedAttribute[Any], viewer: User) -> ColumnElement[bool]:
    """An admin sees the whole dealership's training, a manager their own and their team's,
    anyone else only their own."""
    if viewer.role is Role.admin:
        return true()
    if viewer.role is Role.manager:
        team = select(User.id).where(User.manager_id == viewer.id)
        return or_(owner == viewer.id, owner.in_(team))
    return owner == viewer.id
