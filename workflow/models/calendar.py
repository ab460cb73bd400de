from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day that a decree or a law makes different from the shipped calendar (SPEC.md §5).
    A row here wins over the shipped data for its date."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    source_document = models.CharField(
        _("source document"), max_length=255, help_text=_("The decree or law, with its date.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._invalidate_calendar()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._invalidate_calendar()
        return result

    @staticmethod
    def _invalidate_calendar():
        from workflow import working_time

        invalidate = getattr(working_time, "invalidate", None)
        if invalidate is not None:
            invalidate()
