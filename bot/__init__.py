"""MIL CLICKS: media and information literacy lessons in a chat."""
