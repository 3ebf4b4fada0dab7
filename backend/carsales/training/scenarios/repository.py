"""All SQL of a dealership's own scenarios."""

from collections.abc import Collection, Sequence

from carsales.kit.repository import TenantRepository
from carsales.models import SessionType, TrainingScenario


class ScenarioRepository(TenantRepository[TrainingScenario]):
    model = TrainingScenario

    async def list_current(self, session_type: SessionType | None) -> Sequence[TrainingScenario]:
        statement = (
            self._select()
            .where(TrainingScenario.archived.is_(False))
            .order_by(TrainingScenario.title, TrainingScenario.id)
        )
        if session_type is not None:
            statement = statement.where(TrainingScenario.session_type == session_type)
        return (await self.session.scalars(statement)).all()

    async def by_ids(self, scenario_ids: Collection[str]) -> dict[str, TrainingScenario]:
        """The dealership's scenarios among `scenario_ids` (archived ones included), by id."""
        if not scenario_ids:
            return {}
        statement = self._select().where(TrainingScenario.id.in_(scenario_ids))
        return {found.id: found for found in await self.session.scalars(statement)}
