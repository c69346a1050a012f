"""Rules 8 and 8b: which recommendation reaches which organization, the
municipality and each body of monitoring.yml `bodies:`."""

from __future__ import annotations

import pandas as pd

from generator.columns import MUNICIPALITY, ORGANIZATION
from generator.compute.municipal import ALL
from generator.model import NodeKind

RECOMMENDATION_COLUMNS = ["year", "org_id", "direction_id", "level", "text", "body_id"]


def recommend(scores: pd.DataFrame, municipal: pd.DataFrame, recs: pd.DataFrame, bodies=()) -> pd.DataFrame:
    """One row per (recipient, recommendation): org_id for an organization, body_id
    for a body, both "" for the municipality; level is the recipient's level for
    the row's node (a direction, or the total). Each year: its organizations in
    display order, then the municipality, then the bodies in monitoring.yml's
    order; each recipient's rows as recommendations.csv lists them.

    Rule 8b: an organization gets a row addressed to organizations (audience
    "" or organization) whose kinds are empty or list its kind; the municipality
    a row addressed to it ("" or municipality), a body a row naming it; each
    when the recipient's level for the node (the municipal summary's, scope all,
    for the municipality and the bodies) is in the row's levels, or levels is
    empty. A node without a score (no level) gets nothing."""
    if recs.empty:
        return pd.DataFrame(columns=RECOMMENDATION_COLUMNS)
    nodes = (NodeKind.DIRECTION.value, NodeKind.TOTAL.value)
    # A node with a score reaches a row of any level even when the score is below every level's
    # min_score (level ""); "" is in no row's levels. A node without a score gets nothing.
    orgs = scores[scores["node_kind"].isin(nodes) & scores["score"].notna()]
    orgs = orgs[["year", "org_id", "kind", "node_id", "level"]].assign(body_id="", to=ORGANIZATION)
    town = municipal[(municipal["scope"] == ALL) & municipal["node_kind"].isin(nodes) & municipal["score"].notna()]
    town = town[["year", "node_id", "level"]].assign(org_id="", kind="", body_id="")
    who = pd.concat(
        [orgs, town.assign(to=MUNICIPALITY), *(town.assign(body_id=b, to=b) for b in bodies)], ignore_index=True
    )
    who = who.rename(columns={"node_id": "direction_id"})
    who["_year_who"] = who.groupby("year", sort=False).cumcount()  # the recipient's place within its year
    rules = recs[["year", "direction_id", "levels", "text", "order", "kinds", "audience"]]
    # The audience "" reaches organizations and the municipality, never a body.
    rules = rules.assign(to=rules["audience"].map(lambda a: (ORGANIZATION, MUNICIPALITY) if a == "" else (a,)))
    rules = rules.explode("to")
    any_level = rules["levels"].map(len) == 0
    listed = rules[~any_level].explode("levels").rename(columns={"levels": "level"})
    out = pd.concat(
        [
            who.merge(listed, on=["year", "direction_id", "level", "to"], how="inner"),
            who.merge(rules[any_level].drop(columns="levels"), on=["year", "direction_id", "to"], how="inner"),
        ],
        ignore_index=True,
    )
    # Kinds restrict organizations only (few distinct pairs: one answer each).
    pairs = list(zip(out["kinds"], out["kind"]))
    fits = {p: not p[0] or p[1] in p[0] for p in set(pairs)}
    out = out[pd.Series([fits[p] for p in pairs], index=out.index, dtype=bool) | (out["to"] != ORGANIZATION)]
    return out.sort_values(["year", "_year_who", "order"], kind="stable")[RECOMMENDATION_COLUMNS].reset_index(drop=True)
