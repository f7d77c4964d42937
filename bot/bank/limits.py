"""Telegram's limits that content must respect, kept here so the core can check them.

The core knows nothing of Telegram's client library, but lessons end up in Telegram
messages and polls, so the checker holds every language of the bank to these numbers.
"""

MESSAGE_TEXT = 4096
POLL_QUESTION = 300
POLL_OPTIONS_MIN = 2
POLL_OPTIONS_MAX = 12
POLL_OPTION = 100
QUIZ_EXPLANATION = 200
QUIZ_EXPLANATION_LINE_BREAKS = 2
CALLBACK_DATA_BYTES = 64
# sendPhoto: the caption, the file, and the picture's shape
PHOTO_CAPTION = 1024
PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_SIDES_SUM = 10_000
PHOTO_RATIO = 20

# Ids end up inside callback data; at this length every payload the bot builds stays
# within CALLBACK_DATA_BYTES (the Telegram adapter's codec has a test that proves it).
MAX_ID_LENGTH = 32
# A button label longer than this is cut off on a phone screen.
BUTTON_LABEL = 40
