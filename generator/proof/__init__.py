"""`wuhua proof`: a print preflight measured on the PDF, the way a clerk judges a page.

measure.py reads the PDF text layer (pdfplumber) into pages of lines with their sizes,
fonts and positions; checks.py finds what spoils any printout (text too small, near-empty
pages, clipped cells, "…" truncation); official.py adds the GB/T 9704 checks for
documents in the official format; contact_sheet.py draws every page as a thumbnail;
run.py converts .docx/.xlsx through the LibreOffice pool and ties it together.
"""
