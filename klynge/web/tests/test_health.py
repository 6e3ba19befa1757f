import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_health_answers_without_sign_in_or_database(client: Client,
                                                    django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        response = client.get(reverse("web:health"))
    assert response.status_code == 200 and response.content == b"ok"


def test_every_response_tells_its_server_time(client: Client) -> None:
    response = client.get(reverse("web:health"))
    name, duration = response["Server-Timing"].split(";dur=")
    assert name == "app" and float(duration) >= 0
