"""五化文书 (wuhua): official-format safety-production documents from YAML and Excel.

Pipeline: readers (files -> validated model) -> model (plain typed objects)
-> documents (one module per document kind) -> writers (docx/xlsx, atomic and
deterministic) -> cli.
"""

__version__ = "0.1.0"
