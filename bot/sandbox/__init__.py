"""The sandbox: the real bot against a Telegram-compatible server on loopback, for tests,
for trying the bot with no token, and for previewing lessons."""
