"""Self-contained HTML pre-assessment reports of runaway results (docs/hazards.md)."""

from runaway.report.html import ReportError, build_context, render_report, write_report

__all__ = ["ReportError", "build_context", "render_report", "write_report"]
