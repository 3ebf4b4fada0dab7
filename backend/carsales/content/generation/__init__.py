"""Copy generation engines: the offline composer (default) and an OpenAI-compatible model.

Pure: imports nothing from the web or the database."""

from carsales.content.generation.compose import compose
from carsales.content.generation.schemas import GenerationSettings, Scene, Variant

__all__ = ["GenerationSettings", "Scene", "Variant", "compose"]
