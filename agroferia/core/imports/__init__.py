"""The importer's parts: the report, reading a file's rows, the lookups rows are resolved
against, and the plan for each kind of file.  ``agroferia.core.importing`` is the entry
point the command line and the window use."""
