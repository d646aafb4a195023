"""dd/mm/yyyy for every date typed and shown (forms, the admin and its calendar widget).

Input is day-first only: a year-first "2026-12-07" or a two-digit year is refused rather than
guessed. The admin's calendar widget writes DATE_INPUT_FORMATS[0] (via its JavaScript catalog).
What is not set here (numbers, month names) comes from Django's own `vi` formats."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y"]
