"""The output columns of a simulation run (MODEL.md, "Outputs, one row per week")."""

OUTPUT_COLUMNS = (
    "week",
    "followers",
    "new_followers",
    "unfollows",
    "aware",
    "customers",
    "new_customers",
    "sales_ad",
    "sales_relationship",
    "sales_referral",
    "mean_trust",
    "strong_ties",
    "allies",
    "hours_post",
    "hours_connect",
    "hours_engage",
    "exposures",
    "hours_per_customer",
)

#: Columns holding whole-number counts (int64); the others are float64.
COUNT_COLUMNS = tuple(
    c
    for c in OUTPUT_COLUMNS
    if c not in {"mean_trust", "hours_post", "hours_connect", "hours_engage", "hours_per_customer"}
)
