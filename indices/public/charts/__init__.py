"""Every chart of the portal: plot specs (`specs`) built from shared layout pieces (`layout`), and chart cards
(`cards`) that set each beside its title, sentence (`sentences`) and table."""
