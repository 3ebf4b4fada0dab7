"""Content studio: marketing copy about the dealership's vehicles, checked against advertising
rules and platform limits, with a draft -> review -> published workflow."""
