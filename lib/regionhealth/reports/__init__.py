"""The report set: the papermill runner and its config, the manifest and index, HTML pages, the
document reader, and what the notebooks call (store queries, charts, comparison marks, labels).

Owns: ``runner``, ``execute_run``, ``config``, ``manifest``, ``pages``, ``reader``, ``notebook``,
``compare``, ``marks``, ``target_chart``, ``charts``, ``labels``, ``outputs``. May import: ``store`` and
everything below it; only ``regionhealth.cli`` imports it.
"""
