"""ASGI entry point for uvicorn workers: settings from the environment."""

from classroom.core.startup import quiet_start

with quiet_start():
    from classroom.app import create_app

    app = create_app()
