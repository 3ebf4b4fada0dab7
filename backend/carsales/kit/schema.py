from typing import ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    """Base for every request and response body: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        from_attributes=True,
        serialize_by_alias=True,
        # A response always carries every field, defaults included: say so in the schema, so
        # the generated client does not treat them as optional.
        json_schema_serialization_defaults_required=True,
    )


class PatchModel(ApiModel):
    """A partial update: a field left out stays as it is.

    Null is refused unless the field is listed in `nullable_fields`, because for most fields it
    could mean either "leave it" or "clear it"; an unknown field is refused rather than silently
    ignored, so that a client sending `role` to its own profile learns that it had no effect.
    """

    model_config = ConfigDict(extra="forbid")
    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _refuse_null(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name not in cls.nullable_fields:
            raise ValueError("may be left out, but not null")
        return value
