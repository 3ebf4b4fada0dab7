"""Inviting many people from one CSV file (name, e-mail, role, manager's e-mail).

Every line is checked as a single invitation would be, and the lines that pass are previewed
first; creating them then invites those lines and skips the others, each with its reasons, so
that an admin fixes what is wrong without retyping what was right.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from pydantic import EmailStr, TypeAdapter, ValidationError

from carsales.auth import repository
from carsales.auth.context import AuthContext
from carsales.auth.service import normalize_email
from carsales.errors import AppError, BadRequest
from carsales.models import Role, User
from carsales.users import invitation_service
from carsales.users.invitation_service import IssuedInvitation

MAX_ROWS = 500
COLUMNS = ("name", "email", "role", "manager")
# Header cells, normalised (lower case, letters only) -> column.
_HEADERS = {
    "name": "name",
    "fullname": "name",
    "email": "email",
    "emailaddress": "email",
    "role": "role",
    "manager": "manager",
    "manageremail": "manager",
}
_EMAIL = TypeAdapter(EmailStr)


class UnreadableInvitationCsv(BadRequest):
    title = "The file cannot be read"
    code = "unreadable_csv"


@dataclass
class BulkLine:
    line: int
    name: str
    email: str
    role: Role | None
    manager_email: str | None
    errors: list[str] = field(default_factory=list)
    manager_id: str | None = None
    issued: IssuedInvitation | None = None


def _normalise_header(cell: str) -> str:
    return re.sub(r"[^a-z]", "", cell.lower())


def parse(text: str) -> list[BulkLine]:
    """The file's lines as invitations to check; a first line naming the columns sets their
    order, otherwise they are name, e-mail, role, manager's e-mail. Blank lines are skipped."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), dialect), start=1))
    rows = [(number, cells) for number, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise UnreadableInvitationCsv("The file has no lines to invite.")
    order = list(COLUMNS)
    header = [_HEADERS.get(_normalise_header(cell)) for cell in rows[0][1]]
    if "email" in header:
        order = [column or "" for column in header]
        rows = rows[1:]
    if len(rows) > MAX_ROWS:
        raise UnreadableInvitationCsv(f"The file has {len(rows)} lines; at most {MAX_ROWS} fit.")
    return [_line(number, dict(zip(order, cells, strict=False))) for number, cells in rows]


def _line(number: int, cells: dict[str, str]) -> BulkLine:
    errors: list[str] = []
    name = cells.get("name", "").strip()
    if len(name) > 100:
        errors.append("The name is longer than 100 characters.")
    email = normalize_email(cells.get("email", ""))
    if not email:
        errors.append("The e-mail address is missing.")
    else:
        try:
            _EMAIL.validate_python(email)
        except ValidationError:
            errors.append(f"“{email}” is not a valid e-mail address.")
    role_cell = cells.get("role", "").strip().lower()
    role = Role(role_cell) if role_cell in set(Role) else None
    if not role_cell:
        role = Role.salesperson
    elif role is None:
        choices = ", ".join(member.value for member in Role)
        errors.append(f"“{role_cell}” is not a role; use one of {choices}.")
    manager_email = normalize_email(cells.get("manager", "")) or None
    return BulkLine(number, name, email, role, manager_email, errors)


async def check(ctx: AuthContext, admin: User, lines: list[BulkLine]) -> None:
    """Adds to each line's errors what would refuse its invitation."""
    seen: dict[str, int] = {}
    for line in lines:
        if line.email and line.email in seen:
            line.errors.append(f"The same address is on line {seen[line.email]} already.")
        seen.setdefault(line.email, line.line)
        if line.errors or line.role is None:
            continue
        if line.manager_email is not None:
            line.manager_id = await _manager_id(ctx, admin, line.manager_email, line)
        if line.errors:
            continue
        try:
            await invitation_service.check_invitable(
                ctx, admin, line.email, line.role, line.manager_id
            )
        except AppError as exc:
            line.errors.append(exc.detail)


async def _manager_id(ctx: AuthContext, admin: User, email: str, line: BulkLine) -> str | None:
    manager = await repository.user_by_email(ctx.session, email)
    if manager is None or manager.dealership_id != admin.dealership_id:
        line.errors.append(f"No one at your dealership has the manager's address “{email}”.")
        return None
    return manager.id


async def invite_all(ctx: AuthContext, admin: User, text: str, *, create: bool) -> list[BulkLine]:
    """Checks every line of `text`; with `create`, invites the lines without errors."""
    lines = parse(text)
    if create:
        # Before any line: otherwise every line would fail the same way.
        invitation_service.refuse_without_mail(ctx.settings)
    await check(ctx, admin, lines)
    if create:
        for line in lines:
            if not line.errors and line.role is not None:
                line.issued = await invitation_service.invite(
                    ctx, admin, line.email, line.role, line.manager_id, line.name or None
                )
    return lines
