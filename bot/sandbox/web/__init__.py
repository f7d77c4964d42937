"""The sandbox's web chat: a page that talks to the bot as the Telegram app would, through
the loopback server's simulated users (state, actions, and live updates by server-sent
events)."""
