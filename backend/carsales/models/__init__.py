"""SQLAlchemy tables, one file per table. Importing this package registers them all."""

from carsales.models.action_token import ActionPurpose, ActionToken
from carsales.models.audit_event import AuditEvent
from carsales.models.base import Base
from carsales.models.certification import Certification, CertificationAward
from carsales.models.content_project import ContentProject, ContentStatus
from carsales.models.content_revision import ContentRevision, RevisionAction
from carsales.models.dealership import Dealership
from carsales.models.job_item import ItemStatus, JobItem
from carsales.models.login_failure import LoginFailure
from carsales.models.notification import Notification, NotificationKind
from carsales.models.processing_job import JobStatus, JobType, ProcessingJob
from carsales.models.recovery_code import RecoveryCode
from carsales.models.refresh_token import RefreshToken
from carsales.models.scheduled_run import ScheduledRun
from carsales.models.session_comment import SessionComment
from carsales.models.training_assignment import PassOn, Recurrence, TrainingAssignment
from carsales.models.training_scenario import TrainingScenario
from carsales.models.training_session import (
    SessionMode,
    SessionSource,
    SessionStatus,
    SessionType,
    TrainingSession,
)
from carsales.models.usage_event import UsageEvent
from carsales.models.user import Role, Theme, User
from carsales.models.vehicle import Vehicle, VehicleCondition, VehicleStatus

__all__ = [
    "ActionPurpose",
    "ActionToken",
    "AuditEvent",
    "Base",
    "Certification",
    "CertificationAward",
    "ContentProject",
    "ContentRevision",
    "ContentStatus",
    "Dealership",
    "ItemStatus",
    "JobItem",
    "JobStatus",
    "JobType",
    "LoginFailure",
    "Notification",
    "NotificationKind",
    "PassOn",
    "ProcessingJob",
    "RecoveryCode",
    "Recurrence",
    "RefreshToken",
    "RevisionAction",
    "Role",
    "ScheduledRun",
    "SessionComment",
    "SessionMode",
    "SessionSource",
    "SessionStatus",
    "SessionType",
    "Theme",
    "TrainingAssignment",
    "TrainingScenario",
    "TrainingSession",
    "UsageEvent",
    "User",
    "Vehicle",
    "VehicleCondition",
    "VehicleStatus",
]
