"""Files the web UI hands out: the audit search as XLSX and CSV, one task's history as
DOCX and PDF. Each writer takes what a use case returned and gives bytes; labels are
in the request's language."""
