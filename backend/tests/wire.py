"""Checks that a payload sent on the wire is exactly what its documented model writes."""

from typing import Any

from pydantic import BaseModel, TypeAdapter


def conforms(model: type[BaseModel] | TypeAdapter[Any], data: Any) -> None:
    """`data` validates against the model, and the model writes it back unchanged: no member
    renamed or added beside the schema, none missing that the schema requires."""
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    parsed = adapter.validate_python(data)
    assert adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True) == data
