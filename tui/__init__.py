"""newsreader's interface: the Textual reader over the engine in `index/`.

Importing this package is cheap: Textual loads only when the reader starts.
"""
