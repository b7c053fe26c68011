from warmonitor.cli import app

app()
