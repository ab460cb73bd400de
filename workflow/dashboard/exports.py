"""CSV and XLSX of any dashboard table."""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from workflow.dashboard.tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
CSV_CHUNK_ROWS = 500
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    # Numbers, dates and yes/no stay typed for the spreadsheet (a yes/no cell is a boolean the
    # spreadsheet program shows in its own language); labels may be lazy translations.
    if isinstance(value, int | float | date):
        return value
    return str(value)


def _cells(table: Table, row: dict) -> list:
    return [_cell(row.get(key)) for key, _heading in table.columns]


def _headings(table: Table) -> list[str]:
    return [str(heading) for _key, heading in table.columns]


def _text(value, yes: str, no: str):
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def sheet_title(table: Table) -> str:
    """The table's title in the request's language, as a sheet name allows: at most 31
    characters, none of []:*?/\\."""
    title = re.split(r" \(|:", str(table.title))[0]
    title = re.sub(r"[\[\]*?/\\]", " ", title).strip()
    # Cut mid-word, marked as cut: cut at a word, two titles could end up the same.
    if len(title) > 31:
        title = title[:30].rstrip(" ,") + "…"
    return title


def csv_response(table: Table, rows: Iterable[dict], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    # Words of the request's language, taken now: the rows are written after the view returns.
    header = _headings(table)
    yes, no = _("yes"), _("no")

    def cells(row: dict) -> list:
        # A text file has no booleans: yes/no in the request's language, as the page says it.
        return [_text(c, yes, no) for c in _cells(table, row)]

    def lines():
        # A BOM so that spreadsheet programs read the Kazakh and Russian names as UTF-8.
        yield "\ufeff" + writer.writerow(header)
        # Streamed in chunks of rows: one chunk per row costs more than writing the row.
        chunk = []
        for row in rows:
            chunk.append(writer.writerow(cells(row)))
            if len(chunk) == CSV_CHUNK_ROWS:
                yield "".join(chunk)
                chunk.clear()
        if chunk:
            yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(table: Table, rows: Iterable[dict], filename: str) -> HttpResponse:
    # Write-only mode keeps memory flat however long a drill-down list is.
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(table))
    sheet.append(_headings(table))
    for row in rows:
        sheet.append(_cells(table, row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
