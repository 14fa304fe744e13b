"""What the demo label is made of: its artists, creators across timezones with their working
hours, rooms, clients and people, and the shape of its year (see :mod:`domain.sandbox.demo`)."""

from __future__ import annotations

from decimal import Decimal

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ARTISTS = [
    ("Nova Reyes", ["pop", "r&b"]),
    ("The Lantern Fields", ["indie", "folk"]),
    ("Kairo Blake", ["hip-hop"]),
    ("Saoirse Quinn", ["singer-songwriter"]),
    ("Midnight Arcade", ["synthwave", "electronic"]),
    ("Lucía Marín", ["latin", "pop"]),
    ("Obsidian Choir", ["metal"]),
    ("Tomi Adeyemi-Cole", ["afrobeats"]),
    ("Harbor Lights", ["rock"]),
    ("Yuna Sato", ["j-pop", "electronic"]),
]

# name, roles, skills, timezone, city, country, hourly rate (major units), working hours
CREATORS = [
    (
        "Ava Lindqvist",
        ["mixing", "mastering"],
        {"mixing": 5, "mastering": 4},
        "Europe/Stockholm",
        "Stockholm",
        "SE",
        95,
        ("10:00", "18:00"),
    ),
    (
        "Marcus Bell",
        ["producer"],
        {"production": 5, "keys": 4},
        "Europe/London",
        "London",
        "GB",
        120,
        ("11:00", "20:00"),
    ),
    (
        "Priya Raman",
        ["engineer"],
        {"tracking": 5, "editing": 4},
        "Europe/Berlin",
        "Berlin",
        "DE",
        70,
        ("09:00", "17:00"),
    ),
    (
        "Diego Fuentes",
        ["session musician"],
        {"guitar": 5, "bass": 4},
        "America/Mexico_City",
        "Mexico City",
        "MX",
        55,
        ("10:00", "18:00"),
    ),
    (
        "Janelle Brooks",
        ["vocal producer"],
        {"vocals": 5, "production": 4},
        "America/New_York",
        "New York",
        "US",
        110,
        ("12:00", "21:00"),
    ),
    (
        "Sam Okoro",
        ["producer", "engineer"],
        {"production": 4, "tracking": 4},
        "Africa/Lagos",
        "Lagos",
        "NG",
        60,
        ("09:00", "17:00"),
    ),
    (
        "Hana Kimura",
        ["mastering"],
        {"mastering": 5},
        "Asia/Tokyo",
        "Tokyo",
        "JP",
        100,
        ("10:00", "19:00"),
    ),
    (
        "Liam Walsh",
        ["drummer"],
        {"drums": 5, "percussion": 4},
        "Europe/Dublin",
        "Dublin",
        "IE",
        50,
        ("10:00", "18:00"),
    ),
    (
        "Chloe Martin",
        ["mixing"],
        {"mixing": 4, "editing": 4},
        "America/Los_Angeles",
        "Los Angeles",
        "US",
        105,
        ("10:00", "19:00"),
    ),
    (
        "Rafael Costa",
        ["arranger", "keys"],
        {"keys": 5, "strings": 4},
        "America/Sao_Paulo",
        "São Paulo",
        "BR",
        65,
        ("09:00", "17:00"),
    ),
    (
        "Isla Thompson",
        ["engineer"],
        {"tracking": 4, "mixing": 3},
        "Australia/Sydney",
        "Sydney",
        "AU",
        80,
        ("09:00", "17:00"),
    ),
    (
        "Noah Fischer",
        ["session musician"],
        {"bass": 5, "guitar": 3},
        "Europe/Berlin",
        "Berlin",
        "DE",
        55,
        ("10:00", "18:00"),
    ),
]
ROOMS = [
    ("Studio A (SSL)", "Europe/London", "London", "GB", 90, 8),
    ("Studio B (Neve)", "Europe/Berlin", "Berlin", "DE", 75, 6),
    ("Vocal Booth 1", "America/New_York", "New York", "US", 40, 2),
    ("Mix Room West", "America/Los_Angeles", "Los Angeles", "US", 60, 3),
]
CLIENTS = [
    ("Brightline Films", "music@brightline.example"),
    ("Pulse Games", "audio@pulsegames.example"),
    ("Harbour Radio", "production@harbourradio.example"),
    ("Solace Wellness App", "content@solace.example"),
    ("Northwind Ads", "sound@northwind.example"),
]
MEMBERS = [
    ("Maya Okafor", "maya.okafor@demo-label.example", "manager"),
    ("Theo Park", "theo.park@demo-label.example", "coordinator"),
]
SOURCES = [
    ("Spotify", 0.45),
    ("Apple Music", 0.2),
    ("YouTube", 0.15),
    ("Amazon Music", 0.1),
    ("Sync licensing", 0.1),
]
TERRITORIES = ("US", "GB", "DE", "JP", "BR", "FR")
TITLES = (
    "Tracking",
    "Overdubs",
    "Vocal session",
    "Mix",
    "Mix revisions",
    "Mastering",
    "Writing camp",
    "Pre-production",
)
APPROVAL_THRESHOLD = Decimal("1500")
PENDING_APPROVALS = 4
PAST_DAYS = 330
FUTURE_DAYS = 60
