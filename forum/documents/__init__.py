"""The documents a forum produces, one module per document (data first, then layout): the attendance list,
the agencies' input, the minutes of agreement, the audit log, name badges, dashboard charts and calendar
files. `exports` is the catalogue of the downloadable ones; `base` and `pdf` hold what they share."""
