"""Short articles written for the tests (never real news): two reports of one attack near Farkhor."""

ATTACK_A = (
    "By Test Desk December 1, 2025\n\nOn November 28, militants from Afghanistan's Takhar province attacked a border post "
    "in Farkhor, killing three Tajik border guards and wounding two."
)
ATTACK_B = (
    "By Test Desk December 1, 2025\n\nOn November 29, gunmen from Afghanistan opened fire on a border post near Farkhor, "
    "killing four guards and wounding one."
)
