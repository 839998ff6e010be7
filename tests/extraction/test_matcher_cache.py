"""The matcher cache: keyed by the registry's content, bounded, never stale."""
import dataclasses

from config.defaults import load_agency_entries
from engine.domain.agencies import AgencyRegistry
from engine.extraction import extract as extract_mod
from engine.extraction import extract_text

TEXT = "1. Giao Sở Du lịch khảo sát các điểm du lịch cộng đồng, hoàn thành trong tháng 11/2025.\n"


def test_a_registry_edited_in_place_gets_a_fresh_index():
    registry = AgencyRegistry.from_entries(load_agency_entries())
    assert extract_text(TEXT, registry)["tasks"][0]["lead"] == ["Sở Du lịch"]
    n = next(i for i, a in enumerate(registry.agencies) if a.name == "Sở Du lịch")
    registry.agencies[n] = dataclasses.replace(registry.agencies[n], name="Sở Du lịch và Lữ hành",
                                               aliases=("Sở Du lịch",))
    registry.__post_init__()
    assert extract_text(TEXT, registry)["tasks"][0]["lead"] == ["Sở Du lịch và Lữ hành"]


def test_equal_registries_share_one_index_and_the_cache_is_bounded():
    first = AgencyRegistry.from_entries(load_agency_entries())
    second = AgencyRegistry.from_entries(load_agency_entries())
    assert extract_mod.matcher_for(first).index is extract_mod.matcher_for(second).index
    for k in range(6):
        entries = load_agency_entries() + [{"name": f"Ban Thử nghiệm {k}", "kind": "unit"}]
        extract_mod.matcher_for(AgencyRegistry.from_entries(entries))
    assert len(extract_mod._INDEXES) <= extract_mod._CACHED_REGISTRIES
