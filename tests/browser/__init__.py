"""Browser tests of the built site (headless Debian Chromium, Playwright)."""
