"""The bundled default corpus: `newsreader` with no PATH opens these articles."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent
