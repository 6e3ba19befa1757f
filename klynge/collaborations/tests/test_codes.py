from klynge.collaborations.codes import cluster_code, council_code, slugify


def test_slug_transliterates_and_collapses() -> None:
    assert slugify("Sundhedsklynge Nykøbing F.") == "sundhedsklynge-nykoebing-f"
    assert slugify("Sundhedsklynge Midt (Hovedstaden)") == "sundhedsklynge-midt-hovedstaden"
    assert slugify("Østsjælland og Øerne") == "oestsjaelland-og-oeerne"
    assert slugify("  Lillebælt  ") == "lillebaelt"


def test_code_scheme() -> None:
    assert cluster_code("Aarhusklyngen") == "dk-klynge-aarhusklyngen"
    assert council_code("Københavns Omegn Nord") == "dk-raad-koebenhavns-omegn-nord"
