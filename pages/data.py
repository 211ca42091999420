"""Data en definities (jeugdhulpmonitor/views/data.py decides the content)."""

from jeugdhulpmonitor.engine import Selection
from jeugdhulpmonitor.pagemodel import PageView
from jeugdhulpmonitor.periods import Period
from ui import data, render, shell, signin

shell.through_navigation()
engine = data.engine()
# The page is about the whole loaded data: no selection, no period of its own.
# The data team also reads the audit log (its revision keys the cached model, so it is fresh).
log = signin.log(engine.runner.extract)
audit_log = {"auditlog": f"{log.path}#{log.revision()}"} if signin.current().may("audit_log") else {}
render.page(data.model("data", PageView.make(Selection(), Period(engine.last_date.year, "Y"), **audit_log)))
