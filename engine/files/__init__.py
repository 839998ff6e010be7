"""Checks on the files people hand to chidao, made on their content before anything
else reads them: which kinds are accepted as evidence (engine.files.evidence_kinds),
what a zip-based office file or an OLE file really is (engine.files.office), the
bounds of a directive document before it is parsed — DOCX unpacked sizes, PDF pages
and streams, reading time (engine.files.document_bounds) — and JSON payloads
(engine.files.json_input). Each refuses with a domain error that says why."""
