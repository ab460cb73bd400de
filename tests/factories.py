"""factory_boy factories shared by the whole suite."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from landplots.models import Applicant, Application, Provider, Purpose, UseRight

# A minimal valid PDF: enough for content sniffing and for a PDF parser.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.kz")
    password = factory.django.Password("pass-12345")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Аудан әкімдігі {n}")
    name_ru = factory.Sequence(lambda n: f"Акимат района {n}")
    name_en = factory.Sequence(lambda n: f"District akimat {n}")
    level = Provider.Level.DISTRICT


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    user = factory.SubFactory(UserFactory)
    kind = Applicant.Kind.INDIVIDUAL
    iin = "871008401427"
    last_name = "Нұрланов"
    first_name = "Асқар"
    patronymic = "Серікұлы"
    id_document = "Удостоверение личности № 045612378"
    address = "Алматы, Медеуский район, ул. Абая, 10"
    phone = "+77011234567"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(ApplicantFactory)
    provider = factory.SubFactory(ProviderFactory)
    plot_address = "Алматы, Наурызбайский район, мкр. Шугыла, участок 15"
    area_ha = Decimal("0.1000")
    purpose = Purpose.INDIVIDUAL_HOUSING
    use_right = UseRight.TEMPORARY_PAID
    consent = True
    contact_phone = "+77011234567"
    location_scheme = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="scheme.pdf"))
