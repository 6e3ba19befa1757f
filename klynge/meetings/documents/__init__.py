"""The documents people expect from the meetings app: the agenda and the minutes as tagged
PDF (:mod:`.pdf`, :mod:`.content`), private iCalendar feeds (:mod:`.feeds`, written by
:mod:`.actions`) and the decisions and action items as CSV and XLSX (:mod:`.exports`).

Every document shows only what its reader may see (:mod:`.access`, built on
``klynge.meetings.access``): a closed agenda item appears to those who may not see it only
by its number and general title.
"""
