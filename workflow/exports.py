"""Exports of the studies list, in CSV and XLSX, streamed row by row.

Both formats take their rows from the queryset the studies list shows (``study_list_for_user``), so an export
holds exactly the rows the user may see under the same filters.
"""

import csv
import re
import tempfile
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from workflow.selectors import jury_decision_labels

EXPORT_CHUNK = 2000
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "0.00"
CENTS = Decimal("0.01")


# A trigger just after a separator or a line break: a spreadsheet that splits a CSV field there (opening the
# file with ";" as its separator, or lenient about quotes) would start a cell with it. An XLSX cell is not split.
TRIGGER_AFTER_SEPARATOR = re.compile(r"([,;\r\n])(?=[=+\-@\t\r])")


def neutralise_formula(value):
    """Return ``value`` with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_csv_field(value):
    """Return a CSV field with a quote before every trigger a spreadsheet could read as the start of a cell."""
    return neutralise_formula(TRIGGER_AFTER_SEPARATOR.sub(r"\1'", value))


def export_header():
    """The columns of both exports, in order."""
    return [
        _("Project"),
        _("Commune"),
        _("Region"),
        _("Trades"),
        _("Holder organisation"),
        _("State"),
        _("In state since"),
        _("Created"),
        _("Opened on"),
        _("Jury decision"),
        _("Jury mean (on 20)"),
        _("Normalised score (z)"),
        _("Normalised rank"),
        _("Funding granted (EUR)"),
        _("Funding instruments"),
    ]


def _local(moment):
    """A naive local datetime, as spreadsheets want them."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _instruments(study):
    """Every instrument granted to the study, at its funding and to the school it became."""
    return neutralise_formula(
        "; ".join(
            f"{line.get_kind_display()} {line.amount}{f' ({line.label})' if line.label else ''}"
            for funding in study.fundings.all()
            for line in funding.instruments.all()
        )
    )


def export_rows(studies, *, may_read_jury_figures):
    """Yield one list of values per study of ``workflow.selectors.study_export_for_user``, reading the queryset
    in chunks (trades and funding prefetched per chunk).

    ``may_read_jury_figures(session_id)`` says whether the reader gets the jury's figures from that session;
    the decision itself is on every reader's study page.
    """
    decisions = jury_decision_labels()
    for study in studies.iterator(chunk_size=EXPORT_CHUNK):
        project = study.project
        figures = may_read_jury_figures(study.jury_session_id)
        yield [
            neutralise_formula(project.name),
            neutralise_formula(project.commune),
            neutralise_formula(project.region.name),
            neutralise_formula(", ".join(str(trade) for trade in project.trades.all())),
            neutralise_formula(project.holder_organisation),
            str(study.get_state_display()),
            _local(study.state_changed_at),
            _local(study.created_at),
            study.opened_on,
            str(decisions.get(study.jury_decision, "")) if study.jury_decision else None,
            _cents(study.jury_mean) if figures else None,
            _cents(study.jury_normalised) if figures else None,
            study.jury_normalised_rank if figures else None,
            _cents(study.funded_total),
            _instruments(study) or None,
        ]


def _cents(value):
    """A published figure or a total in euros, with its two decimals as stored.

    They come from subqueries: PostgreSQL keeps their scale, SQLite gives them back as floats (``18``,
    ``9.20000000000000``), which Django turns into decimals without scaling them.
    """
    return None if value is None else value.quantize(CENTS)


class _Echo:
    """A file-like object whose ``write`` hands the line back, for ``csv.writer`` inside a generator."""

    def write(self, value):
        return value


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return neutralise_csv_field(value)


def csv_lines(studies, *, may_read_jury_figures):
    """Yield the CSV export of the studies line by line."""
    return csv_table(export_header(), export_rows(studies, may_read_jury_figures=may_read_jury_figures))


def csv_table(header, rows):
    """Yield a CSV export line by line: a byte order mark for spreadsheets, the header, then the rows."""
    # Every field quoted: a spreadsheet opening the file with ";" as its separator (the French default) split an
    # unquoted "x;=1+1;" into cells, the second a formula; quoted, it is one cell of text. ``neutralise_formula``
    # still puts a quote before each trigger, for readers that split a field anyway.
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def write_xlsx(studies, *, title, may_read_jury_figures):
    """Write the XLSX export of the studies to a temporary file; see ``xlsx_table``."""
    return xlsx_table(export_header(), export_rows(studies, may_read_jury_figures=may_read_jury_figures), title=title)


def xlsx_table(header, rows, *, title):
    """Write an XLSX export to a temporary file (deleted once closed) and return it, positioned at the start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    # The caller hands the file to the response, which closes (and so deletes) it once sent.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        workbook.save(target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target


def _xlsx_cell(sheet, value):
    if isinstance(value, int | Decimal):
        return WriteOnlyCell(sheet, value=value)
    if value is None or isinstance(value, str):
        # Strings are always text: openpyxl would otherwise read a leading "=" as a formula.
        cell = WriteOnlyCell(sheet, value=value)
        if value is not None:
            cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = AMOUNT_FORMAT
    elif not isinstance(value, int):
        cell.number_format = DATETIME_FORMAT if hasattr(value, "hour") else DATE_FORMAT
    return cell
