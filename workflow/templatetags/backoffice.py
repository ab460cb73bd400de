"""Template helpers of the back office (the admin index's task counts)."""

from django import template

from workflow.backoffice.selectors import task_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def my_task_counts(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"cases": 0, "requests": 0}
    return task_counts(request.user)
