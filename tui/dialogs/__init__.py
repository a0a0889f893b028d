"""Modal dialogs: each collects or confirms one thing for a screen (widgets/ holds widgets only)."""
