"""Fast inserts for the scale seed: COPY on PostgreSQL, batched ``executemany`` elsewhere.

Rows are tuples in the order of the given column names and carry their primary key, so that the seed can link
rows without reading them back. Ids continue from the table's sequence and ``BulkWriter.finish()`` moves the
sequences past the rows written, never back: in the test database the sequences start high on purpose
(``tests/conftest.py``) and ``setval`` is not undone when the test's transaction rolls back.
"""

import json

from django.db import connection, models

BATCH = 5000


class BulkWriter:
    """Write rows of models, counting them for the progress bar."""

    def __init__(self, progress=None):
        self.progress = progress
        self.counts = {}
        self._models = []
        self.is_postgres = connection.vendor == "postgresql"

    def next_id(self, model):
        """Return the first free primary key of ``model``'s table."""
        largest = model._base_manager.aggregate(largest=models.Max("pk"))["largest"]
        return max(largest or 0, self._last_issued_id(model)) + 1

    def _last_issued_id(self, model):
        """The last id the table's sequence gave out, 0 if none."""
        with connection.cursor() as cursor:
            if self.is_postgres:
                cursor.execute(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)",
                    [model._meta.db_table, model._meta.pk.column],
                )
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
            row = cursor.fetchone()
        return (row and row[0]) or 0

    def write(self, model, columns, rows):
        """Insert ``rows`` (tuples of values, in the order of ``columns``, attribute names) into ``model``'s table."""
        fields = [model._meta.get_field(column) for column in columns]
        db_columns = [field.column for field in fields]
        table = model._meta.db_table
        if model not in self._models:
            self._models.append(model)
        if self.is_postgres:
            written = self._copy(table, db_columns, fields, rows)
        else:
            written = self._insert(table, db_columns, fields, rows)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    def _copy(self, table, db_columns, fields, rows):
        json_positions = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
        sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(table), ", ".join(connection.ops.quote_name(c) for c in db_columns)
        )
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                written += 1
                if self.progress is not None and written % BATCH == 0:
                    self.progress.update(BATCH)
        if self.progress is not None:
            self.progress.update(written % BATCH)
        return written

    def _insert(self, table, db_columns, fields, rows):
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(table),
            ", ".join(connection.ops.quote_name(c) for c in db_columns),
            ", ".join(["%s"] * len(db_columns)),
        )
        written = 0
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True)]
                )
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    written += len(batch)
                    if self.progress is not None:
                        self.progress.update(len(batch))
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                written += len(batch)
                if self.progress is not None:
                    self.progress.update(len(batch))
        return written

    def finish(self):
        """Move the id sequences past the explicit ids written (PostgreSQL; SQLite follows by itself)."""
        if not self.is_postgres:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model in self._models:
                table, column = model._meta.db_table, model._meta.pk.column
                cursor.execute(
                    "SELECT setval(sequence, largest) FROM ("
                    " SELECT pg_get_serial_sequence(%s, %s)::regclass AS sequence,"
                    f" (SELECT MAX({quote(column)}) FROM {quote(table)}) AS largest"
                    ") AS written WHERE largest > COALESCE(pg_sequence_last_value(sequence), 0)",
                    [table, column],
                )
