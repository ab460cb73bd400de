from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Workflow and deadlines")

    def ready(self):
        from workflow.permissions import sync_role_groups

        # Set-up, not domain flow: every database (the test one too) gets the role groups.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="sync_role_groups")
