"""A fake pipeline for testing batch behaviour without OCR models.

:func:`fake_pipeline` reads every page with the real input reader
(:func:`scan2text.inputs.read_pages`, so corrupt, empty, oversized and
unreadable files fail exactly as they do in production) and returns a tiny
:class:`~scan2text.document.Document` whose text describes each page. It lives
in the package, not under ``tests/``, so that worker processes and Dask
workers can import it by name.

Behaviour is steered without touching the batch code:

* ``SCAN2TEXT_FAKE_LOG``: a file to which every pipeline built (``init``), every
  file begun (``start``) and every file finished (``done``) is appended as one
  JSON line (with the pid),
  to count how often each file was processed and in which process;
* ``SCAN2TEXT_FAKE_DELAY``: seconds to sleep per page;
* markers in the file name: ``__crash__`` (the worker dies by SIGSEGV),
  ``__oom__`` (it is SIGKILLed, like the OOM killer does), ``__hang__``
  (sleeps for a minute), ``__boom__`` (a stage raises ``RuntimeError``).
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from scan2text.document import Block, BlockRole, Document, Line, Page
from scan2text.errors import ModelError
from scan2text.inputs import read_pages
from scan2text.options import Options

LOG_ENV = "SCAN2TEXT_FAKE_LOG"
DELAY_ENV = "SCAN2TEXT_FAKE_DELAY"


def _log_event(event: str, **fields: object) -> None:
    target = os.environ.get(LOG_ENV)
    if not target:
        return
    line = json.dumps({"event": event, "pid": os.getpid(), **fields}, ensure_ascii=True) + "\n"
    # One O_APPEND write per event: lines from several processes never interleave.
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("ascii"))
    finally:
        os.close(fd)


def page_text(name: str, index: int, width: int, height: int, mean: float) -> str:
    """The text the fake puts on a page (tests compute the same from the image)."""
    return f"{name} page {index + 1} {width}x{height} mean {mean:.1f}"


class FakePipeline:
    """Reads pages for real, recognises nothing; see the module docstring."""

    def __init__(self, options: Options) -> None:
        self.options = options
        _log_event("init")

    def process_file(self, path: Path) -> Document:
        """One page per image page, with a single line describing it."""
        path = Path(path)
        name = path.name
        _log_event("start", path=str(path))
        if "__crash__" in name:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "__oom__" in name:
            os.kill(os.getpid(), signal.SIGKILL)
        if "__hang__" in name:
            time.sleep(60)  # long enough for any test timeout; bounded, so a broken timeout fails, not hangs
        if "__boom__" in name:
            raise RuntimeError("fake layout stage failed on this page")
        delay = float(os.environ.get(DELAY_ENV) or 0)
        doc = Document(source=name)
        for pimg in read_pages(path, self.options.pdf_dpi, self.options.max_pixels):
            if delay:
                time.sleep(delay)
            h, w = pimg.image.shape[:2]
            text = page_text(name, pimg.index, w, h, float(pimg.image.mean()))
            line = Line(id=f"p{pimg.index}_l1", text=text, polygon=[(0, 0), (w, 0), (w, h), (0, h)])
            block = Block(id=f"p{pimg.index}_b1", lines=[line], role=BlockRole.body)
            doc.pages.append(Page(id=pimg.page_id, width=w, height=h, page_index=pimg.index, blocks=[block]))
        _log_event("done", path=str(path), pages=len(doc.pages))
        return doc


def fake_pipeline(options: Options) -> FakePipeline:
    """Pipeline factory for tests (module-level, so it pickles by name)."""
    return FakePipeline(options)


def broken_pipeline(options: Options) -> FakePipeline:
    """A factory that fails like a missing model does."""
    raise ModelError("model file is missing (fake); run `scan2text models install`")
