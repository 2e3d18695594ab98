"""The figures of the social network analysis on small networks whose values are worked out by hand."""

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from ..network import Tie, analyse, compare, draw, to_gexf

# A path of five members 1-2-3-4-5 and a triangle 6-7-8 (7 and 6 name each other: one tie, reciprocated).
PATH_AND_TRIANGLE = [Tie(1, 2, 2), Tie(2, 3, 2), Tie(3, 4, 1), Tie(4, 5, 3), Tie(6, 7, 4), Tie(7, 8, 1), Tie(8, 6, 2),
                     Tie(7, 6, 1)]


def test_density_components_degree_and_betweenness_match_the_hand_computed_values():
    figures = analyse(range(1, 9), PATH_AND_TRIANGLE)
    # 8 members, 7 ties (4 on the path, 3 in the triangle) of 8·7/2 = 28 possible.
    assert figures["node_count"] == 8
    assert figures["tie_count"] == 7
    assert figures["density"] == pytest.approx(7 / 28)
    assert figures["components"] == [[1, 2, 3, 4, 5], [6, 7, 8]]
    assert figures["component_count"] == 2
    assert figures["largest_share"] == pytest.approx(5 / 8)
    # Degree: the path's ends have 1 tie, its inner members 2, each triangle member 2; divided by n-1 = 7.
    assert figures["degree"] == {1: 1, 2: 2, 3: 2, 4: 2, 5: 1, 6: 2, 7: 2, 8: 2}
    assert figures["degree_centrality"][1] == pytest.approx(1 / 7)
    assert figures["degree_centrality"][3] == pytest.approx(2 / 7)
    # Betweenness (normalised by (n-1)(n-2)/2 = 21): member 3 lies on the shortest paths 1-4, 1-5, 2-4, 2-5
    # (4 pairs); member 2 on 1-3, 1-4, 1-5 (3); member 4 on 5-3, 5-2, 5-1 (3); ends and triangle: none.
    assert figures["betweenness"][3] == pytest.approx(4 / 21)
    assert figures["betweenness"][2] == pytest.approx(3 / 21)
    assert figures["betweenness"][4] == pytest.approx(3 / 21)
    assert [figures["betweenness"][v] for v in (1, 5, 6, 7, 8)] == [0, 0, 0, 0, 0]
    # The strongest tie of a pair counts: 6-7 was named twice (4 and 1), its strength is 4.
    assert (6, 7, 4) in figures["edges"]
    assert figures["reciprocated_count"] == 1
    assert figures["named_count"] == 8
    # Central: most ties, then betweenness; peripheral: one tie or none.
    assert figures["central"][:3] == [3, 2, 4]
    assert figures["peripheral"] == [1, 5]


def test_a_member_who_named_no_one_is_an_isolate_in_the_network():
    figures = analyse([1, 2, 3], [Tie(1, 2, 1)])
    assert figures["node_count"] == 3
    assert figures["isolate_count"] == 1
    assert figures["component_count"] == 2
    assert figures["density"] == pytest.approx(1 / 3)
    assert figures["peripheral"] == [3, 1, 2]


def test_sub_groups_split_two_cliques_joined_by_one_tie():
    cliques = [Tie(a, b, 2) for group in ((1, 2, 3, 4), (5, 6, 7, 8)) for a in group for b in group if a < b]
    figures = analyse(range(1, 9), [*cliques, Tie(4, 5, 1)])
    assert figures["groups"] == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert figures["component_count"] == 1


def test_the_two_times_show_the_small_sub_networks_merging_into_one_denser_network():
    # Time 1: three small sub-networks (1-2-3, 4-5, 6-7) and an isolate (8).
    first = analyse(range(1, 9), [Tie(1, 2, 1), Tie(2, 3, 1), Tie(4, 5, 2), Tie(6, 7, 1)])
    # Time 2: one network of all eight, with more ties.
    second = analyse(range(1, 9), [Tie(1, 2, 2), Tie(2, 3, 2), Tie(3, 4, 2), Tie(4, 5, 3), Tie(5, 6, 2), Tie(6, 7, 2),
                                   Tie(7, 8, 1), Tie(1, 5, 3), Tie(2, 6, 2), Tie(3, 7, 1)])
    assert (first["component_count"], second["component_count"]) == (4, 1)
    assert first["density"] == pytest.approx(4 / 28)
    assert second["density"] == pytest.approx(10 / 28)
    result = compare(first, second)
    assert result["joined"] == 3
    assert result["merged"] is True
    assert result["denser"] is True
    assert result["fewer_components"] is True


def test_no_merge_when_the_sub_networks_stay_apart():
    first = analyse(range(1, 5), [Tie(1, 2, 1), Tie(3, 4, 1)])
    second = analyse(range(1, 5), [Tie(1, 2, 3), Tie(3, 4, 3), Tie(2, 1, 1)])
    result = compare(first, second)
    assert result["merged"] is False
    assert result["joined"] == 1


def test_the_diagram_is_an_accessible_deterministic_svg():
    figures = analyse(range(1, 9), PATH_AND_TRIANGLE)
    numbers = {v: v for v in figures["nodes"]}
    svg = draw(figures, numbers, title="רשת <זמן 1>", description="8 חברים")
    assert svg == draw(analyse(range(1, 9), PATH_AND_TRIANGLE), numbers, title="רשת <זמן 1>", description="8 חברים")
    root = ET.fromstring(svg)  # well-formed, the title escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "רשת <זמן 1>"
    assert root.find(f"{ns}desc").text == "8 חברים"
    assert len(root.findall(f".//{ns}circle")) == 8
    assert len(root.findall(f".//{ns}line")) == 7


def test_the_gexf_export_reads_back_with_networkx(tmp_path):
    figures = analyse(range(1, 9), PATH_AND_TRIANGLE)
    path = tmp_path / "network.gexf"
    path.write_bytes(to_gexf(figures, {v: f"חבר {v}" for v in figures["nodes"]}))
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 8
    assert graph.number_of_edges() == 7
    assert graph.nodes["3"]["label"] == "חבר 3"
    assert nx.density(graph) == pytest.approx(0.25)
