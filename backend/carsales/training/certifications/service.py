"""Rules of certifications: defining them, awarding them, and who holds which.

A person holds a certification once, for each of its scenarios, one of their analysed sessions
reached the item's pass mark on the judge's overall score. With `valid_days`, only passes of
the last `valid_days` count and the award expires `valid_days` after it was given; an expired
award is renewed in place when the passes hold again. Awards are checked when a session's
analysis completes (training/tasks.py `copy_report`) and when a certification is created or
its items change, so that passes made before count.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from carsales.errors import Conflict, NotFound
from carsales.kit.ids import new_id
from carsales.kit.inserts import insert_once
from carsales.kit.pagination import PageParams
from carsales.kit.time import as_utc, utcnow
from carsales.models import Certification, CertificationAward, TrainingSession, User
from carsales.storage import Storage
from carsales.training.certifications.repository import AwardRepository, CertificationRepository
from carsales.training.certifications.schemas import (
    AwardOut,
    CertificationCreate,
    CertificationItem,
    CertificationItemOut,
    CertificationOut,
    CertificationUpdate,
    HolderOut,
)
from carsales.training.scenarios.service import ScenarioService, UnknownScenario


class DuplicateCertification(Conflict):
    title = "A certification has this name"
    code = "duplicate_certification"

    def __init__(self, name: str) -> None:
        super().__init__(f"A certification named “{name}” already exists.")


@dataclass(frozen=True)
class HeldCertification:
    """A certification someone holds now."""

    id: str  # the certification's
    name: str
    awarded_at: datetime
    expires_at: datetime | None


async def held_by(
    db: AsyncSession, dealership_id: str, user_ids: Sequence[str]
) -> dict[str, list[HeldCertification]]:
    """The certifications each of `user_ids` holds now (expired awards left out), by name; every
    id given is a key, with an empty list for someone who holds none. One query for them all:
    the team dashboard asks for a page of people at once."""
    held: dict[str, list[HeldCertification]] = {user_id: [] for user_id in user_ids}
    if not held:
        return held
    for award, name in await AwardRepository(db, dealership_id).held(user_ids, utcnow()):
        held[award.user_id].append(
            HeldCertification(
                id=award.certification_id,
                name=name,
                awarded_at=as_utc(award.awarded_at),
                expires_at=_expiry(award),
            )
        )
    return held


def _expiry(award: CertificationAward) -> datetime | None:
    return as_utc(award.expires_at) if award.expires_at else None


def _expired(award: CertificationAward, now: datetime) -> bool:
    expires_at = _expiry(award)
    return expires_at is not None and expires_at <= now


def _counted_since(valid_days: int | None, now: datetime) -> datetime | None:
    """The oldest pass that still counts towards a certification valid for `valid_days`."""
    return now - timedelta(days=valid_days) if valid_days else None


def _valid_until(certification: Certification, awarded_at: datetime) -> datetime | None:
    if certification.valid_days is None:
        return None
    return awarded_at + timedelta(days=certification.valid_days)


def _items(certification: Certification) -> list[CertificationItem]:
    return [CertificationItem.model_validate(item) for item in certification.items]


async def award(
    db: AsyncSession,
    certification: Certification,
    now: datetime,
    user_ids: Collection[str] | None = None,
) -> int:
    """Gives `certification` to everyone (or those of `user_ids`) who now qualifies and does not
    hold it yet, or whose award expired; returns how many got it."""
    items = _items(certification)
    repository = CertificationRepository(db, certification.dealership_id)
    best = await repository.best_scores(
        [item.scenario_id for item in items],
        _counted_since(certification.valid_days, now),
        user_ids,
    )
    qualified = {
        user_id
        for user_id, _ in best
        if all(best.get((user_id, item.scenario_id), -1) >= item.pass_mark for item in items)
    }
    awards = AwardRepository(db, certification.dealership_id)
    existing = await awards.of_certification(certification.id, qualified)
    expires_at = _valid_until(certification, now)
    given = 0
    for user_id in sorted(qualified):
        held = existing.get(user_id)
        if held is None:
            # Two analyses finishing at once may both qualify the same person: one row wins.
            given += await insert_once(
                db,
                CertificationAward,
                _award_values(certification, user_id, now, expires_at),
                ["certification_id", "user_id"],
            )
        elif _expired(held, now):
            held.awarded_at, held.expires_at = now, expires_at
            given += 1
    return given


def _award_values(
    certification: Certification, user_id: str, now: datetime, expires_at: datetime | None
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "dealership_id": certification.dealership_id,
        "certification_id": certification.id,
        "user_id": user_id,
        "awarded_at": now,
        "expires_at": expires_at,
    }


async def award_for_session(db: AsyncSession, session: TrainingSession) -> None:
    """Once `session` is analysed: the certifications of its scenario its practiser now
    qualifies for."""
    if session.scenario_id is None or session.overall_score is None:
        return
    now = utcnow()
    repository = CertificationRepository(db, session.dealership_id)
    for certification in await repository.with_scenario(session.scenario_id):
        await award(db, certification, now, [session.user_id])


class CertificationService:
    """Certifications of the actor's dealership: everyone reads them, managers and admins
    write them (the routes check the role)."""

    def __init__(self, db: AsyncSession, storage: Storage, actor: User) -> None:
        self.db = db
        self.actor = actor
        self.certifications = CertificationRepository(db, actor.dealership_id)
        self.awards = AwardRepository(db, actor.dealership_id)
        self.scenarios = ScenarioService(db, storage, actor)

    async def get(self, certification_id: str) -> Certification:
        row = await self.certifications.get(certification_id)
        if row is None:
            raise NotFound("No such certification.")
        return row

    async def page(self, page: PageParams) -> tuple[Sequence[Certification], int]:
        return await self.certifications.page(page)

    async def create(self, body: CertificationCreate) -> Certification:
        await self._refuse_duplicate(body.name, None)
        row = Certification(
            dealership_id=self.actor.dealership_id,
            name=body.name,
            description=body.description or None,
            valid_days=body.valid_days,
            items=await self._items_json(body.items),
            created_by_id=self.actor.id,
        )
        self.db.add(row)
        await self._flush(row.name)
        await award(self.db, row, utcnow())
        return row

    async def update(self, certification_id: str, changes: CertificationUpdate) -> Certification:
        row = await self.get(certification_id)
        given = changes.model_dump(exclude_unset=True, exclude={"items"})
        if "name" in given:
            await self._refuse_duplicate(given["name"], row)
        if "description" in given:
            given["description"] = given["description"] or None
        for field, value in given.items():
            setattr(row, field, value)
        if changes.items is not None:
            # Awards already given stay; whoever qualifies under the new items is added.
            row.items = await self._items_json(changes.items)
        await self._flush(row.name)
        await award(self.db, row, utcnow())
        return row

    async def _refuse_duplicate(self, name: str, itself: Certification | None) -> None:
        other = await self.certifications.named(name)
        if other is not None and other is not itself:
            raise DuplicateCertification(other.name)

    async def _flush(self, name: str) -> None:
        try:
            await self.db.flush()
        except IntegrityError:  # another request took the name meanwhile
            raise DuplicateCertification(name) from None

    async def delete(self, certification_id: str) -> None:
        await self.db.delete(await self.get(certification_id))
        await self.db.flush()

    async def holders(self, certification_id: str, page: PageParams) -> tuple[list[HolderOut], int]:
        """Its holders among the people the actor sees (a salesperson: themself)."""
        await self.get(certification_id)
        rows, total = await self.awards.holders(certification_id, self.actor, page)
        now = utcnow()
        return [
            HolderOut(
                user_id=user.id, user_name=user.full_name, **_award_out(held, now).model_dump()
            )
            for held, user in rows
        ], total

    async def _items_json(self, items: Sequence[CertificationItem]) -> list[dict[str, Any]]:
        for item in items:
            if await self.scenarios.find(item.scenario_id) is None:
                raise UnknownScenario(f"No such scenario: {item.scenario_id}.")
        return [item.model_dump(mode="json") for item in items]

    async def to_out(self, rows: Sequence[Certification]) -> list[CertificationOut]:
        """With what the actor holds and has passed of each."""
        now = utcnow()
        scenario_ids = sorted({item["scenarioId"] for row in rows for item in row.items})
        scenarios = await self.scenarios.by_ids(scenario_ids)
        mine = await self.awards.of_user(self.actor.id, [row.id for row in rows])
        # The actor's best scores, once per validity the page's certifications have.
        best_within = {
            valid_days: await self.certifications.best_scores(
                scenario_ids, _counted_since(valid_days, now), [self.actor.id]
            )
            for valid_days in {row.valid_days for row in rows}
        }
        out = []
        for row in rows:
            best = best_within[row.valid_days]
            held = mine.get(row.id)
            out.append(
                CertificationOut(
                    id=row.id,
                    name=row.name,
                    description=row.description,
                    valid_days=row.valid_days,
                    items=[
                        CertificationItemOut(
                            scenario_id=item.scenario_id,
                            scenario_title=scenario.title
                            if (scenario := scenarios.get(item.scenario_id))
                            else None,
                            pass_mark=item.pass_mark,
                            passed=best.get((self.actor.id, item.scenario_id), -1)
                            >= item.pass_mark,
                        )
                        for item in _items(row)
                    ],
                    created_by_id=row.created_by_id,
                    created_at=as_utc(row.created_at),
                    award=_award_out(held, now) if held else None,
                )
            )
        return out


def _award_out(held: CertificationAward, now: datetime) -> AwardOut:
    return AwardOut(
        awarded_at=as_utc(held.awarded_at),
        expires_at=_expiry(held),
        expired=_expired(held, now),
    )
