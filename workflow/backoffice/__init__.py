"""The officials' back office: transition forms, the "My tasks" work queue, document
downloads and the §7 monitoring feed. Mounted under the Django admin (see the admin classes
of ``landplots``, ``approvals`` and ``workflow``)."""
