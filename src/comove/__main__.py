from comove.cli.main import run

run()
