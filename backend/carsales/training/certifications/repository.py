"""All SQL of certifications and their awards, scoped to one dealership."""

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select

from carsales.kit.pagination import PageParams
from carsales.kit.repository import TenantRepository
from carsales.models import Certification, CertificationAward, TrainingSession, User
from carsales.training.repository import owned_by_visible


class CertificationRepository(TenantRepository[Certification]):
    model = Certification

    async def page(self, page: PageParams) -> tuple[Sequence[Certification], int]:
        return await self._page(self._select().order_by(Certification.name, Certification.id), page)

    async def named(self, name: str) -> Certification | None:
        """The certification called `name`, whatever the case of its letters (lowered by the
        database, as its unique index lowers them)."""
        query = self._select().where(func.lower(Certification.name) == func.lower(name)).limit(1)
        return (await self.session.scalars(query)).first()

    async def with_scenario(self, scenario_id: str) -> list[Certification]:
        """Those that ask for `scenario_id` (few per dealership: filtered here, not in JSON
        SQL, which differs between the databases)."""
        rows = await self.session.scalars(self._select())
        return [row for row in rows if any(item["scenarioId"] == scenario_id for item in row.items)]

    async def best_scores(
        self,
        scenario_ids: Collection[str],
        since: datetime | None,
        user_ids: Collection[str] | None = None,
    ) -> dict[tuple[str, str], int]:
        """The best overall score of each active person (or of `user_ids`) in each of
        `scenario_ids`, over their sessions since `since` (all, when None)."""
        statement = (
            select(
                TrainingSession.user_id,
                TrainingSession.scenario_id,
                func.max(TrainingSession.overall_score),
            )
            .join(User, User.id == TrainingSession.user_id)
            .where(
                TrainingSession.dealership_id == self.dealership_id,
                TrainingSession.scenario_id.in_(list(scenario_ids)),
                TrainingSession.overall_score.is_not(None),
                User.is_active,
            )
            .group_by(TrainingSession.user_id, TrainingSession.scenario_id)
        )
        if since is not None:
            statement = statement.where(TrainingSession.started_at >= since)
        if user_ids is not None:
            statement = statement.where(TrainingSession.user_id.in_(list(user_ids)))
        # The filters above rule out a null scenario and score.
        return {
            (user_id, scenario_id): best
            for user_id, scenario_id, best in await self.session.execute(statement)
            if scenario_id is not None and best is not None
        }


class AwardRepository(TenantRepository[CertificationAward]):
    model = CertificationAward

    async def held(
        self, user_ids: Sequence[str], now: datetime
    ) -> Sequence[tuple[CertificationAward, str]]:
        """The unexpired awards of `user_ids`, each with its certification's name."""
        statement = (
            select(CertificationAward, Certification.name)
            .join(Certification, Certification.id == CertificationAward.certification_id)
            .where(
                CertificationAward.dealership_id == self.dealership_id,
                CertificationAward.user_id.in_(list(user_ids)),
                or_(CertificationAward.expires_at.is_(None), CertificationAward.expires_at > now),
            )
            .order_by(Certification.name, CertificationAward.id)
        )
        return [(award, name) for award, name in (await self.session.execute(statement)).all()]

    async def of_certification(
        self, certification_id: str, user_ids: Collection[str] | None = None
    ) -> dict[str, CertificationAward]:
        """Its awards (of `user_ids` only, when given), by person."""
        statement = self._select().where(CertificationAward.certification_id == certification_id)
        if user_ids is not None:
            statement = statement.where(CertificationAward.user_id.in_(list(user_ids)))
        return {row.user_id: row for row in await self.session.scalars(statement)}

    async def of_user(
        self, user_id: str, certification_ids: Collection[str]
    ) -> dict[str, CertificationAward]:
        """`user_id`'s awards among `certification_ids`, by certification."""
        rows = await self.session.scalars(
            self._select().where(
                CertificationAward.user_id == user_id,
                CertificationAward.certification_id.in_(list(certification_ids)),
            )
        )
        return {row.certification_id: row for row in rows}

    async def holders(
        self, certification_id: str, viewer: User, page: PageParams
    ) -> tuple[Sequence[tuple[CertificationAward, User]], int]:
        """Its awards of the people `viewer` sees, newest first, with who holds each."""
        statement = (
            select(CertificationAward, User)
            .join(User, User.id == CertificationAward.user_id)
            .where(
                CertificationAward.dealership_id == self.dealership_id,
                CertificationAward.certification_id == certification_id,
                owned_by_visible(CertificationAward.user_id, viewer),
            )
            .order_by(CertificationAward.awarded_at.desc(), CertificationAward.id)
        )
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        total = await self.session.scalar(counted) or 0
        rows = await self.session.execute(statement.offset(page.offset).limit(page.limit))
        return [(award, user) for award, user in rows.all()], total
