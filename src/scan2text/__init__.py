"""scan2text: turn scanned newspaper pages into whole articles.

The library API is the same one the command line uses::

    from scan2text import Options, Pipeline
    pipeline = Pipeline(Options())
    document = pipeline.process_file("page.tif")
"""

from __future__ import annotations

__version__ = "0.1.0"

from scan2text.document import Article, Block, BlockRole, Document, Line, Page, Paragraph, Word
from scan2text.errors import ExitCode, Scan2TextError
from scan2text.options import Options

__all__ = [
    "Article",
    "Block",
    "BlockRole",
    "Document",
    "ExitCode",
    "Line",
    "Options",
    "Page",
    "Paragraph",
    "Pipeline",
    "Scan2TextError",
    "Word",
    "__version__",
]


def __getattr__(name: str) -> object:
    # The pipeline pulls in onnxruntime and OpenCV; import it lazily so that
    # `import scan2text` stays cheap for tools that only read the page tree.
    if name == "Pipeline":
        from scan2text.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
