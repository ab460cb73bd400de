"""Each role of SPEC.md §1 is a Django group holding the permissions of the steps it owns.
The groups are kept in step with this table after every migrate."""

from workflow.roles import Role

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CLERK: (
        "landplots.register_application",
        "landplots.register_decision",
        "landplots.view_application",
    ),
    Role.LEADERSHIP: (
        "landplots.forward_application",
        "landplots.open_refusal",
        "landplots.sign_decision",
        "landplots.answer_provider_complaint",
        "landplots.view_application",
        "landplots.view_complaint",
        "workflow.sign_failure_protocol",
        # §8: leadership reads the ICT officer's protocols before signing them.
        "workflow.view_isfailureprotocol",
    ),
    Role.ARCH_HEAD: (
        "landplots.assign_architecture_executor",
        "landplots.open_refusal",
        "landplots.sign_selection_act",
        "landplots.sign_refusal",
        "landplots.view_application",
    ),
    Role.ARCH_EXECUTOR: (
        "landplots.dispatch_selection_act",
        "landplots.prepare_final_act",
        "landplots.open_refusal",
        "landplots.draft_refusal",
        "landplots.send_act_to_applicant",
        "landplots.view_application",
    ),
    Role.BODY_OFFICER: ("approvals.answer_conclusion", "approvals.view_approvalrequest"),
    Role.MONOPOLY_OFFICER: (
        "approvals.give_technical_conditions",
        "approvals.view_approvalrequest",
    ),
    Role.STATE_CORP: (
        "approvals.answer_conclusion",
        "approvals.view_approvalrequest",
        "landplots.issue_invoice",
        "landplots.return_expired_act",
        "landplots.prepare_cadastral_plan",
        "landplots.view_application",
        "landplots.view_tariff",
        "landplots.change_tariff",
        "landplots.add_tariff",
    ),
    Role.LAND_HEAD: ("landplots.approve_cadastral_plan", "landplots.view_application"),
    Role.LAND_EXECUTOR: ("landplots.draft_decision", "landplots.view_application"),
    Role.ICT_OFFICER: (
        "workflow.record_failure",
        "workflow.view_isfailureprotocol",
        "workflow.add_isfailureprotocol",
    ),
    Role.QUALITY_REVIEWER: (
        "landplots.answer_quality_complaint",
        "landplots.view_complaint",
        "landplots.view_application",
    ),
    Role.SUPERVISOR: (
        "landplots.view_application",
        "workflow.view_deadline",
        "workflow.view_stageevent",
        "workflow.view_dashboard",
        "landplots.view_complaint",
    ),
}


def sync_role_groups(**kwargs) -> None:
    """Create one group per role with exactly the permissions of the table (post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def role_group_join(user, role: str) -> None:
    """Make the user a member of their role's group and of no other role's: the group carries
    the role's permissions, so an official set up in the admin can work at once."""
    from django.contrib.auth.models import Group

    others = Group.objects.filter(name__in=Role.values).exclude(name=role)
    user.groups.remove(*others)
    group = Group.objects.filter(name=role).first()
    if group is not None:
        user.groups.add(group)


def role_groups_leave(user) -> None:
    """The user is no longer an official: out of every role's group, and out of the admin
    unless they administer the site."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
