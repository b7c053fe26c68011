"""English language data: triggers, casualty patterns, cues, months, number words."""
