"""newsreader's engine: article formats, extraction, the Whoosh index and search.

Never imports Textual: the command line and benchmarks use it headless.
"""

__version__ = "0.1.0"
