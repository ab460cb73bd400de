"""Generated PDF documents of a case (SPEC.md §2) in Kazakh and Russian: the land-selection
act, the motivated refusal and the decision granting the land-use right.

The fonts ship in ``fonts/`` (DejaVu Sans, which carries ә ғ қ ң ө ұ ү һ і) so that a fresh
machine renders Kazakh without system fonts.
"""

from .pdf import DOCUMENTS, DocumentNotReady, render_document

__all__ = ["DOCUMENTS", "DocumentNotReady", "render_document"]
