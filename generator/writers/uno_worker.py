"""One PDF worker's client side: drives one headless LibreOffice over UNO.

This file runs as a script under a Python that has LibreOffice's `uno` module
(Debian's /usr/bin/python3 with python3-uno, or the python bundled with LibreOffice on
Windows/macOS), which is often not the Python running wuhua. It therefore imports
nothing from the generator package.

Protocol (JSON lines): it prints {"ready": true} once connected; then for each
{"src": path, "dst": path} on stdin it converts, refreshes indexes and fields so that a
table of contents and page numbers are current, exports a PDF with bookmarks, and
prints {"ok": true, "pages": n} or {"ok": false, "error": "..."}. {"quit": true} or
end of input closes LibreOffice. The parent owns timeouts: it kills this process and
the office when an answer does not come.
"""
import json
import sys
import time


def _emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _props(uno, **values):
    from com.sun.star.beans import PropertyValue  # noqa: E402 - import only works after `import uno`

    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def _connect(uno, pipe, deadline):
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def _fit_row_heights(doc):
    """Rows without a height of their own grow to fit wrapped text, as Excel shows them;
    LibreOffice's xlsx import leaves them one line high, so text overprints."""
    sheets = doc.getSheets()
    for i in range(sheets.getCount()):
        sheet = sheets.getByIndex(i)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last = cursor.getRangeAddress().EndRow
        rows = sheet.getRows()
        heights = [rows.getByIndex(r).Height for r in range(last + 1)]
        # The most common height is the default one: rows at it were given none.
        default = max(set(heights), key=heights.count) if heights else 0
        for r, height in enumerate(heights):
            if height == default:
                rows.getByIndex(r).OptimalHeight = True


def _convert(uno, desktop, src, dst):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       _props(uno, Hidden=True, MacroExecutionMode=0))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        # Indexes first (a TOC lists page numbers), then fields (PAGE, NUMPAGES).
        if hasattr(doc, "getDocumentIndexes"):
            indexes = doc.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        if hasattr(doc, "getTextFields"):
            doc.getTextFields().refresh()
        if hasattr(doc, "refresh"):
            doc.refresh()
        if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            _fit_row_heights(doc)
        pages = None
        try:
            pages = int(doc.getCurrentController().getPropertyValue("PageCount"))
        except Exception:  # noqa: BLE001 - page count is a nicety; pypdf counts again
            pages = None
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              _props(uno, ExportBookmarks=True, UseTaggedPDF=False,
                                     ExportNotes=False, EmbedStandardFonts=True))
        export = ("calc_pdf_Export" if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument")
                  else "writer_pdf_Export")
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(uno, FilterName=export, FilterData=filter_data))
        return pages
    finally:
        try:
            doc.close(True)
        except Exception:  # noqa: BLE001
            doc.dispose()


def main():
    pipe = sys.argv[1]
    startup = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    try:
        import uno
        desktop = _connect(uno, pipe, time.monotonic() + startup)
    except Exception as exc:  # noqa: BLE001
        _emit({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 3
    _emit({"ready": True})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        if request.get("quit"):
            break
        try:
            pages = _convert(uno, desktop, request["src"], request["dst"])
            _emit({"ok": True, "pages": pages})
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
            _emit({"ok": False, "error": f"{type(exc).__name__}: {getattr(exc, 'Message', '') or exc}"})
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - the office goes away with the bridge
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
