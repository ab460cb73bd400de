"""Moving a back-office test case to a given state: the shared driver (``tests/drive.py``) at
T1, with the back office's papers, and refusals raised by the architecture head at
registration."""

from datetime import datetime

from landplots.models import State
from tests.drive import ALMATY, T1, Papers
from tests.drive import drive as drive_case
from workflow.roles import Role

# Back-office cases move on T1, Tuesday 15 April 2025 (no day off until 1 May).
# Long after every 10 WD validity of an act sent on T1 has run out.
LATER = datetime(2025, 6, 16, 11, 0, tzinfo=ALMATY)

PAPERS = Papers(
    apz_summary="Қабат саны — 2, биіктігі 9 м дейін",
    cadastral_number="20-321-045-123",
    decision="Жер учаскесін уақытша өтеулі жер пайдалану құқығымен беру",
    payment_reference="PAY-{pk}",
    refusal_opened="Учаскенің нысаналы мақсаты бас жоспарға сәйкес келмейді",
    refusal_drafted="Жер кодексінің 43-бабы 3-тармағы",
)

REFUSAL_STATES = (State.REFUSAL_PREPARATION, State.REFUSAL_SIGNATURE, State.REFUSED)


def drive(world, app, target: str, *, invoiced: bool = False):
    """Move ``app`` to ``target`` along the granted path, or along the refusal path for the
    refusal states (§9 ground 2 raised at registration). ``invoiced`` with ACT_SIGNED stops
    once the invoice is issued."""
    return drive_case(
        world,
        app,
        until=target,
        at=T1,
        refuse_from=State.REGISTERED if target in REFUSAL_STATES else None,
        refused_by=Role.ARCH_HEAD,
        papers=PAPERS,
        invoiced=invoiced,
    )
