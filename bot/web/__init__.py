"""The webhook's HTTP side: the Starlette app Telegram posts to, its health and metrics."""
