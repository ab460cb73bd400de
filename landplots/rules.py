"""Conditions of the state machine, as pure functions of a case (no side effects).

Each reads like the rule of the regulation it encodes; the transition that uses it names the
paragraph.
"""

from django.core.exceptions import ObjectDoesNotExist

from workflow import clock


def _related(application, name):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def is_applicant_of(application, user) -> bool:
    return bool(user and user.is_authenticated and application.applicant.user_id == user.pk)


def is_complete(application) -> bool:
    """Annex 1: every required field, the location scheme and the consent."""
    return bool(
        application.plot_address
        and application.area_ha
        and application.area_ha > 0
        and application.purpose
        and application.use_right
        and application.consent
        and application.location_scheme
    )


def has_architecture_executor(application) -> bool:
    return application.architecture_executor_id is not None


def has_land_executor(application) -> bool:
    return application.land_executor_id is not None


def draft_act_is_ready(application) -> bool:
    """§6 step 1.4: the act, the situational scheme and the APZ go out together."""
    act = _related(application, "selection_act")
    return bool(act and act.draft_file and act.situational_scheme and act.apz_file)


def final_act_is_ready(application) -> bool:
    act = _related(application, "selection_act")
    return bool(act and act.final_file)


def _answers(application):
    return list(application.approval_requests.values_list("answer", flat=True))


def every_conclusion_positive(application) -> bool:
    """§6 step 1.6: the final act only when every approval request is answered positively."""
    answers = _answers(application)
    return bool(answers) and all(a == "positive" for a in answers)


def some_conclusion_negative(application) -> bool:
    """§9 ground 3: one negative answer is enough."""
    return "negative" in _answers(application)


def has_refusal_ground(application) -> bool:
    refusal = _related(application, "refusal")
    return bool(refusal and refusal.ground in (1, 2, 3))


def refusal_is_drafted(application) -> bool:
    refusal = _related(application, "refusal")
    return bool(refusal and refusal.ground in (1, 2, 3) and refusal.reasoning.strip())


def invoice_is_issued(application) -> bool:
    return _related(application, "invoice") is not None


def invoice_is_settled(application) -> bool:
    """Stage 2 only when the invoice is paid, or the applicant is exempt (Annex 2 row 6)."""
    invoice = _related(application, "invoice")
    return bool(invoice and invoice.is_settled)


def act_is_agreed(application) -> bool:
    return application.act_agreed_at is not None


def act_not_agreed(application) -> bool:
    return application.act_agreed_at is None


def act_validity_passed(application) -> bool:
    """§6 step 1.11: the act is valid for 10 WD after it reached the applicant."""
    act = _related(application, "selection_act")
    return bool(act and act.valid_until and clock.now() >= act.valid_until)


def cadastral_plan_is_ready(application) -> bool:
    plan = _related(application, "cadastral_plan")
    return bool(plan and plan.file)


def decision_is_drafted(application) -> bool:
    decision = _related(application, "decision")
    return bool(decision and (decision.text.strip() or decision.file))
