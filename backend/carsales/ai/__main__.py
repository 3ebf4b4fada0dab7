from carsales.ai.cli import models_app

models_app(prog_name="python -m carsales.ai")
