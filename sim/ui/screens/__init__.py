"""Full screens: home, briefing, desk, debrief, help, too small."""
